#include "core/python/unicode.hpp"

#include <algorithm>
#include <cstring>
#include <iterator>

namespace crochet::py {
namespace {

struct Range {
  char32_t first;
  char32_t last;
};

// Code points that never appear in identifiers: controls, spaces, punctuation, symbols, private
// use and emoji blocks. Sorted, non-overlapping.
constexpr Range kNotIdentifier[] = {
    {0x80, 0xA9},     {0xAB, 0xB4},       {0xB6, 0xB6},       {0xB8, 0xB9},        {0xBB, 0xBF},
    {0xD7, 0xD7},     {0xF7, 0xF7},       {0x2000, 0x200B},   {0x200E, 0x203E},    {0x2041, 0x2053},
    {0x2055, 0x206F}, {0x20A0, 0x20CF},   {0x2190, 0x2BFF},   {0x2E00, 0x2E7F},    {0x3000, 0x3004},
    {0x3008, 0x3020}, {0x3030, 0x3030},   {0x303D, 0x303F},   {0xD800, 0xF8FF},    {0xFD3E, 0xFD3F},
    {0xFE10, 0xFE19}, {0xFE30, 0xFE32},   {0xFE35, 0xFE4C},   {0xFE50, 0xFE6B},    {0xFEFF, 0xFEFF},
    {0xFF01, 0xFF0F}, {0xFF1A, 0xFF20},   {0xFF3B, 0xFF3E},   {0xFF40, 0xFF40},    {0xFF5B, 0xFF65},
    {0xFFF0, 0xFFFF}, {0x1F000, 0x1FBFF}, {0xE0000, 0xE007F}, {0xF0000, 0x10FFFF},
};

// Combining marks, joiners and connector punctuation: allowed inside a name, not at its start.
constexpr Range kContinueOnly[] = {
    {0xB7, 0xB7},     {0x300, 0x36F},   {0x200C, 0x200D}, {0x203F, 0x2040},
    {0x2054, 0x2054}, {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F},
    {0xFE33, 0xFE34}, {0xFE4D, 0xFE4F}, {0xFF3F, 0xFF3F},
};

template <std::size_t N> bool in_ranges(const Range (&ranges)[N], char32_t cp) {
  const Range* it =
      std::upper_bound(std::begin(ranges), std::end(ranges), cp,
                       [](char32_t value, const Range& r) { return value < r.first; });
  return it != std::begin(ranges) && cp <= std::prev(it)->last;
}

bool is_ascii_identifier(char32_t cp, bool start) {
  return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_' ||
         (!start && cp >= '0' && cp <= '9');
}

} // namespace

char32_t decode_utf8(const char*& p) {
  const auto c = static_cast<unsigned char>(*p);
  if (c < 0x80) {
    ++p;
    return c;
  }
  int length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
  char32_t cp = c & (0x3F >> (length - 1));
  for (int k = 1; k < length; ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(p[k]) & 0x3F);
  p += length;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
    cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::uint32_t count_code_points(const char* begin, const char* end) {
  // Code points = bytes - continuation bytes (10xxxxxx), counted eight bytes at a time.
  std::uint32_t continuation = 0;
  const char* p = begin;
  for (; p + 8 <= end; p += 8) {
    std::uint64_t chunk;
    std::memcpy(&chunk, p, 8);
    const std::uint64_t high = chunk & 0x8080808080808080ULL;
    if (high)
      continuation += static_cast<std::uint32_t>(
          __builtin_popcountll(high & ~(chunk << 1) & 0x8080808080808080ULL));
  }
  for (; p < end; ++p)
    continuation += (static_cast<unsigned char>(*p) & 0xC0) == 0x80;
  return static_cast<std::uint32_t>(end - begin) - continuation;
}

bool is_identifier_start(char32_t cp) {
  if (cp < 0x80)
    return is_ascii_identifier(cp, true);
  return !in_ranges(kNotIdentifier, cp) && !in_ranges(kContinueOnly, cp);
}

bool is_identifier_continue(char32_t cp) {
  if (cp < 0x80)
    return is_ascii_identifier(cp, false);
  return !in_ranges(kNotIdentifier, cp);
}

} // namespace crochet::py
