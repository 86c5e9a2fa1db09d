#pragma once
// Values of string literal tokens, decoded on demand.
#include <cstddef>
#include <string>
#include <string_view>

#include "core/python/token.hpp"

namespace crochet::py {

// The text between the quotes of a String token.
std::string_view string_body(const Token& token);

// Appends `text` with line endings as Python reads them: '\r\n' and '\r' become '\n'.
void append_normalised(std::string& out, std::string_view text);

// Appends `body`, the text of a non-raw literal, with its escapes decoded and line endings
// normalised (bytes: escapes give bytes, kept as Latin-1 characters).
void append_decoded(std::string& out, std::string_view body, bool bytes);

// True when the value of a String token is its body as written: no escape to decode (or a raw
// or f-string literal) and no line ending to normalise.
bool value_as_written(const Token& token);

// Appends the value of a String token as UTF-8: escapes decoded (unless raw), line endings
// normalised to '\n' as Python reads source, bytes literals decoded as Latin-1. `\N{...}` stays
// literal (no Unicode name table). For an f-string, appends its body unevaluated.
void append_string_value(std::string& out, const Token& token);

// True when a non-raw str literal holds a \N{NAME} escape, whose character is not known here
// (there is no Unicode name table), so the value is not known statically.
bool has_named_escape(const Token& token);

struct EscapeError {
  std::size_t offset = 0; // of the problem: in the body (check_escapes), in the token's text
                          // (string_error)
  std::string message;
};

// The error of a String token flagged string_flag::invalid: offset within the token's text.
EscapeError string_error(const Token& token);

// Checks the escapes of a non-raw string body the way CPython rejects them (truncated \x, \u,
// \U, malformed \N{...}, out-of-range \U). Returns true when they are all valid.
bool check_escapes(std::string_view body, bool bytes, EscapeError& error);

} // namespace crochet::py
