// The tokenizer's f-strings (PEP 701): the literal text with its {{ }} escapes, and each
// replacement field up to its closing brace, through nested strings, brackets, comments, line
// breaks, !conversions and :format specs. Scanned only: the parser splits an f-string into its
// pieces (parse_fstring.cpp).
#include <string>

#include "core/python/char_class.hpp"
#include "core/python/tokenizer.hpp"

namespace crochet::py {
namespace {

constexpr int kMaxFstringNesting = 64;

} // namespace

using namespace detail;

// The literal part of an f-string: text, {{ and }} escapes, and {replacement fields}.
const char* Tokenizer::scan_fstring_body(const char* p, char quote, bool triple, bool raw,
                                         int depth) {
  auto unterminated = [&] {
    fail(string_start_, std::string("unterminated ") + (triple ? "triple-quoted " : "") +
                            "f-string literal (detected at line " + std::to_string(line_) + ")");
    return nullptr;
  };
  if (depth > kMaxFstringNesting) {
    fail(string_start_, "f-string: expressions nested too deeply");
    return nullptr;
  }
  while (p < end_) {
    const char c = *p;
    if (c == quote) {
      if (!triple)
        return p + 1;
      if (p + 2 < end_ && p[1] == quote && p[2] == quote)
        return p + 3;
      ++p;
    } else if (c == '\\') {
      if (p + 1 >= end_)
        return unterminated();
      if (is_newline(p[1])) {
        p = skip_newline(p + 1);
      } else if (p[1] == '{' || p[1] == '}') {
        ++p; // a backslash does not escape a brace
      } else if (!raw && p[1] == 'N' && p + 2 < end_ && p[2] == '{') {
        p += 3; // \N{NAME}: the braces are not a replacement field
        while (p < end_ && *p != '}' && *p != quote && !is_newline(*p))
          ++p;
        if (p < end_ && *p == '}')
          ++p;
      } else {
        p += 2;
      }
    } else if (is_newline(c)) {
      if (!triple)
        return unterminated();
      p = skip_newline(p);
    } else if (c == '{') {
      if (p + 1 < end_ && p[1] == '{') {
        p += 2;
      } else {
        p = scan_fstring_field(p + 1, quote, triple, raw, depth);
        if (!p)
          return nullptr;
      }
    } else if (c == '}') {
      if (p + 1 >= end_ || p[1] != '}') {
        fail(p, "f-string: single '}' is not allowed");
        return nullptr;
      }
      p += 2;
    } else {
      ++p;
    }
  }
  return unterminated();
}

// A replacement field after its '{': an expression (which may hold nested strings, brackets,
// comments and line breaks), an optional !conversion and :format spec, up to the closing '}'.
const char* Tokenizer::scan_fstring_field(const char* p, char quote, bool triple, bool raw,
                                          int depth) {
  int brackets = 0;
  const char* field_start = p;
  const char* first = p;
  while (first < end_ && (*first == ' ' || *first == '\t' || is_newline(*first)))
    ++first;
  if (first < end_ && (*first == '}' || *first == '!' || *first == ':' || *first == '=')) {
    fail(first, std::string("f-string: valid expression required before '") + *first + "'");
    return nullptr;
  }
  while (p < end_) {
    const char c = *p;
    switch (c) {
    case '(':
    case '[':
    case '{':
      ++brackets;
      ++p;
      break;
    case ')':
    case ']':
      if (brackets > 0)
        --brackets;
      ++p;
      break;
    case '}':
      if (brackets == 0)
        return p + 1;
      --brackets;
      ++p;
      break;
    case ':':
      if (brackets == 0) {
        // The format spec: literal text with nested fields, up to the field's '}'.
        ++p;
        while (p < end_ && *p != '}') {
          if (*p == '{') {
            p = scan_fstring_field(p + 1, quote, triple, raw, depth + 1);
            if (!p)
              return nullptr;
          } else if (*p == quote || (is_newline(*p) && !triple)) {
            fail(string_start_, "f-string: expecting '}'");
            return nullptr;
          } else if (is_newline(*p)) {
            p = skip_newline(p);
          } else {
            ++p;
          }
        }
        if (p >= end_)
          break;
        return p + 1;
      }
      ++p;
      break;
    case '\'':
    case '"':
      p = scan_nested_string(p, field_start, depth);
      if (!p)
        return nullptr;
      break;
    case '#':
      while (p < end_ && !is_newline(*p))
        ++p;
      break;
    case '\\':
      ++p;
      if (p < end_ && is_newline(*p))
        p = skip_newline(p);
      break;
    case '\n':
    case '\r':
      p = skip_newline(p);
      break;
    default:
      ++p;
      break;
    }
  }
  fail(string_start_, std::string("unterminated ") + (triple ? "triple-quoted " : "") +
                          "f-string literal (detected at line " + std::to_string(line_) + ")");
  return nullptr;
}

// A string literal inside a replacement field (PEP 701 lets it reuse the enclosing quote).
const char* Tokenizer::scan_nested_string(const char* p, const char* field_start, int depth) {
  const char* prefix = p;
  while (prefix > field_start && kNameContinue[byte(prefix - 1)])
    --prefix;
  int flags = string_prefix_flags(std::string_view(prefix, static_cast<std::size_t>(p - prefix)));
  if (flags < 0)
    flags = 0;
  const char q = *p;
  const bool triple = p + 2 < end_ && p[1] == q && p[2] == q;
  const char* body = p + (triple ? 3 : 1);
  if (flags & string_flag::fstring)
    return scan_fstring_body(body, q, triple, flags & string_flag::raw, depth + 1);
  bool has_escape = false, non_ascii = false;
  return scan_plain_body(body, q, triple, has_escape, non_ascii);
}

} // namespace crochet::py
