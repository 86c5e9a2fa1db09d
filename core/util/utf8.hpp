#pragma once
// UTF-8 validation shared by the Python tokenizer and the data file readers.
#include <cstddef>
#include <string_view>

namespace crochet {

// Offset of the first byte that is not part of well-formed UTF-8 (overlong forms, surrogates and
// code points above U+10FFFF are ill-formed), or npos when the whole text is valid.
std::size_t find_invalid_utf8(std::string_view text);

} // namespace crochet
