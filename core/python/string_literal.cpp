#include "core/python/string_literal.hpp"

#include "core/python/unicode.hpp"

namespace crochet::py {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

bool is_octal(char c) {
  return c >= '0' && c <= '7';
}

// Reads `digits` hex digits at body[i...]; -1 when fewer are there.
long long read_hex(std::string_view body, std::size_t i, int digits) {
  long long value = 0;
  for (int k = 0; k < digits; ++k) {
    if (i + k >= body.size())
      return -1;
    const int h = hex_value(body[i + k]);
    if (h < 0)
      return -1;
    value = value * 16 + h;
  }
  return value;
}

} // namespace

void append_decoded(std::string& out, std::string_view body, bool bytes) {
  std::size_t i = 0;
  while (i < body.size()) {
    const std::size_t backslash = body.find('\\', i);
    if (backslash == std::string_view::npos) {
      append_normalised(out, body.substr(i));
      return;
    }
    append_normalised(out, body.substr(i, backslash - i));
    i = backslash + 1;
    if (i >= body.size()) { // cannot happen in a terminated literal; keep it literal
      out += '\\';
      return;
    }
    const char c = body[i++];
    switch (c) {
    case '\n':
      break;
    case '\r':
      if (i < body.size() && body[i] == '\n')
        ++i;
      break;
    case '\\':
    case '\'':
    case '"':
      out += c;
      break;
    case 'a':
      out += '\a';
      break;
    case 'b':
      out += '\b';
      break;
    case 'f':
      out += '\f';
      break;
    case 'n':
      out += '\n';
      break;
    case 'r':
      out += '\r';
      break;
    case 't':
      out += '\t';
      break;
    case 'v':
      out += '\v';
      break;
    case 'x': {
      const long long v = read_hex(body, i, 2);
      if (v < 0) {
        out += "\\x";
        break;
      }
      append_utf8(out, static_cast<char32_t>(v));
      i += 2;
      break;
    }
    case 'u':
    case 'U': {
      const int digits = c == 'u' ? 4 : 8;
      const long long v = bytes ? -1 : read_hex(body, i, digits);
      if (v < 0) {
        out += '\\';
        out += c;
        break;
      }
      append_utf8(out, static_cast<char32_t>(v));
      i += digits;
      break;
    }
    default:
      if (is_octal(c)) {
        unsigned value = static_cast<unsigned>(c - '0');
        for (int k = 0; k < 2 && i < body.size() && is_octal(body[i]); ++k)
          value = value * 8 + static_cast<unsigned>(body[i++] - '0');
        append_utf8(out, bytes ? (value & 0xFF) : value);
      } else {
        // Unknown escapes (and \N{...}) keep their backslash, as Python does.
        out += '\\';
        i -= 1;
      }
      break;
    }
  }
}

void append_normalised(std::string& out, std::string_view text) {
  if (text.find('\r') == std::string_view::npos) {
    out.append(text);
    return;
  }
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\r')
      continue;
    out.append(text, start, i - start);
    out += '\n';
    if (i + 1 < text.size() && text[i + 1] == '\n')
      ++i;
    start = i + 1;
  }
  out.append(text, start, std::string_view::npos);
}

std::string_view string_body(const Token& token) {
  std::string_view text = token.text;
  std::size_t prefix = 0;
  while (prefix < text.size() && text[prefix] != '\'' && text[prefix] != '"')
    ++prefix;
  const std::size_t quotes = (token.flags & string_flag::triple) ? 3 : 1;
  if (text.size() < prefix + 2 * quotes)
    return {};
  return text.substr(prefix + quotes, text.size() - prefix - 2 * quotes);
}

bool value_as_written(const Token& token) {
  const std::string_view body = string_body(token);
  if (token.flags & (string_flag::raw | string_flag::fstring))
    return body.find('\r') == std::string_view::npos;
  return body.find_first_of("\\\r") == std::string_view::npos;
}

void append_string_value(std::string& out, const Token& token) {
  const std::string_view body = string_body(token);
  if (token.flags & (string_flag::raw | string_flag::fstring)) {
    // Bytes literals are ASCII (the tokenizer rejects anything else): Latin-1 is the identity.
    append_normalised(out, body);
    return;
  }
  append_decoded(out, body, (token.flags & string_flag::bytes) != 0);
}

bool has_named_escape(const Token& token) {
  if (token.flags & (string_flag::raw | string_flag::bytes | string_flag::fstring))
    return false;
  const std::string_view body = string_body(token);
  for (std::size_t i = body.find('\\'); i != std::string_view::npos; i = body.find('\\', i)) {
    if (i + 1 < body.size() && body[i + 1] == 'N')
      return true;
    i += 2; // an escaped character, possibly a backslash
  }
  return false;
}

bool check_escapes(std::string_view body, bool bytes, EscapeError& error) {
  for (std::size_t i = body.find('\\'); i != std::string_view::npos; i = body.find('\\', i)) {
    if (i + 1 >= body.size())
      return true;
    const char c = body[i + 1];
    if (c == 'x' && read_hex(body, i + 2, 2) < 0) {
      error = {i, "truncated \\xXX escape"};
      return false;
    }
    if (!bytes && c == 'u' && read_hex(body, i + 2, 4) < 0) {
      error = {i, "truncated \\uXXXX escape"};
      return false;
    }
    if (!bytes && c == 'U') {
      const long long v = read_hex(body, i + 2, 8);
      if (v < 0) {
        error = {i, "truncated \\UXXXXXXXX escape"};
        return false;
      }
      if (v > 0x10FFFF) {
        error = {i, "illegal Unicode character in \\U escape"};
        return false;
      }
    }
    if (!bytes && c == 'N') {
      const std::size_t close = body.find('}', i + 2);
      if (i + 2 >= body.size() || body[i + 2] != '{' || close == std::string_view::npos ||
          close == i + 3 ||
          body.substr(i + 3, close - i - 3).find_first_of("\\\n\r") != std::string_view::npos) {
        error = {i, "malformed \\N character escape"};
        return false;
      }
    }
    i += 2; // skip the escaped character, so "\\\\x" is not read as "\\x"
  }
  return true;
}

EscapeError string_error(const Token& token) {
  const std::string_view body = string_body(token);
  const std::size_t body_offset = static_cast<std::size_t>(body.data() - token.text.data());
  if (token.flags & string_flag::bytes)
    for (char c : body)
      if (static_cast<unsigned char>(c) >= 0x80)
        return {0, "bytes can only contain ASCII literal characters"};
  EscapeError error;
  if (!(token.flags & string_flag::raw) &&
      !check_escapes(body, (token.flags & string_flag::bytes) != 0, error)) {
    error.offset += body_offset;
    return error;
  }
  return {0, "invalid string literal"};
}

} // namespace crochet::py
