#pragma once
// Byte classes the tokenizer's scanners share (tokenizer.cpp, tokenizer_fstrings.cpp).
#include <array>
#include <string_view>

namespace crochet::py::detail {

constexpr std::array<bool, 256> make_name_table(bool digits) {
  std::array<bool, 256> table{};
  for (int c = 'a'; c <= 'z'; ++c)
    table[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c)
    table[c] = true;
  table['_'] = true;
  if (digits)
    for (int c = '0'; c <= '9'; ++c)
      table[c] = true;
  return table;
}
inline constexpr std::array<bool, 256> kNameStart = make_name_table(false);
inline constexpr std::array<bool, 256> kNameContinue = make_name_table(true);

inline unsigned char byte(const char* p) {
  return static_cast<unsigned char>(*p);
}
inline bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
inline bool is_hex_digit(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
inline bool is_newline(char c) {
  return c == '\n' || c == '\r';
}

// The string_flag bits of a name directly followed by a quote, or -1 when it is no prefix.
int string_prefix_flags(std::string_view name);

} // namespace crochet::py::detail
