#pragma once
// UTF-8 helpers for the tokenizer (validation is core/util/utf8.hpp): decoding, encoding, column
// counting and an approximation of Python's identifier character classes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/util/utf8.hpp"

namespace crochet::py {

// Decodes the code point at `p` and advances `p` past it. The text must be valid UTF-8.
char32_t decode_utf8(const char*& p);

// Appends the UTF-8 form of `cp`; surrogates and values above U+10FFFF become U+FFFD.
void append_utf8(std::string& out, char32_t cp);

// Number of code points in [begin, end) of valid UTF-8.
std::uint32_t count_code_points(const char* begin, const char* end);

// Python identifiers are XID_Start XID_Continue*. Without the Unicode tables this accepts every
// non-ASCII letter-like code point and rejects the punctuation, symbol, space and emoji blocks,
// which is what real source needs: non-ASCII names are accepted, stray symbols are reported.
bool is_identifier_start(char32_t cp);
bool is_identifier_continue(char32_t cp);

} // namespace crochet::py
