#include "core/python/tokenizer.hpp"

#include <array>
#include <cstdio>
#include <cstring>

#include "core/python/char_class.hpp"
#include "core/python/string_literal.hpp"
#include "core/python/unicode.hpp"

namespace crochet::py {

using namespace detail;

namespace {

constexpr std::size_t kMaxIndentLevels = 100;

KeywordId keyword_of(std::string_view s) {
  switch (s.size()) {
  case 2:
    if (s == "if")
      return KeywordId::if_;
    if (s == "in")
      return KeywordId::in_;
    if (s == "is")
      return KeywordId::is_;
    if (s == "as")
      return KeywordId::as_;
    if (s == "or")
      return KeywordId::or_;
    break;
  case 3:
    if (s == "def")
      return KeywordId::def_;
    if (s == "for")
      return KeywordId::for_;
    if (s == "and")
      return KeywordId::and_;
    if (s == "not")
      return KeywordId::not_;
    if (s == "del")
      return KeywordId::del_;
    if (s == "try")
      return KeywordId::try_;
    break;
  case 4:
    if (s == "None")
      return KeywordId::None_;
    if (s == "True")
      return KeywordId::True_;
    if (s == "else")
      return KeywordId::else_;
    if (s == "elif")
      return KeywordId::elif_;
    if (s == "from")
      return KeywordId::from_;
    if (s == "pass")
      return KeywordId::pass_;
    if (s == "with")
      return KeywordId::with_;
    break;
  case 5:
    if (s == "class")
      return KeywordId::class_;
    if (s == "False")
      return KeywordId::False_;
    if (s == "async")
      return KeywordId::async_;
    if (s == "await")
      return KeywordId::await_;
    if (s == "break")
      return KeywordId::break_;
    if (s == "raise")
      return KeywordId::raise_;
    if (s == "while")
      return KeywordId::while_;
    if (s == "yield")
      return KeywordId::yield_;
    break;
  case 6:
    if (s == "return")
      return KeywordId::return_;
    if (s == "import")
      return KeywordId::import_;
    if (s == "lambda")
      return KeywordId::lambda_;
    if (s == "assert")
      return KeywordId::assert_;
    if (s == "except")
      return KeywordId::except_;
    if (s == "global")
      return KeywordId::global_;
    break;
  case 7:
    if (s == "finally")
      return KeywordId::finally_;
    break;
  case 8:
    if (s == "continue")
      return KeywordId::continue_;
    if (s == "nonlocal")
      return KeywordId::nonlocal_;
    break;
  default:
    break;
  }
  return KeywordId::none;
}

// Keywords CPython accepts right after a number (`1if x else y`).
bool keyword_may_follow_number(std::string_view word) {
  return word == "and" || word == "else" || word == "for" || word == "if" || word == "in" ||
         word == "is" || word == "not" || word == "or";
}

const char* closing_for(char open) {
  return open == '(' ? ")" : open == '[' ? "]" : "}";
}

std::string describe_character(char32_t cp) {
  char buffer[32];
  if (cp < 0x20 || cp == 0x7F) {
    std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(cp));
    return std::string("invalid non-printable character ") + buffer;
  }
  std::string out = "invalid character '";
  append_utf8(out, cp);
  std::snprintf(buffer, sizeof buffer, "' (U+%04X)", static_cast<unsigned>(cp));
  return out + buffer;
}

// Line start and 1-based line number of `position`, scanning from `begin`.
struct LineInfo {
  std::uint32_t line;
  const char* start;
};
LineInfo line_info(const char* begin, const char* position) {
  LineInfo info{1, begin};
  for (const char* p = begin; p < position; ++p) {
    if (*p == '\n' || (*p == '\r' && (p + 1 >= position || p[1] != '\n'))) {
      ++info.line;
      info.start = p + 1;
    }
  }
  return info;
}

std::string_view strip_bom(std::string_view source) {
  if (source.size() >= 3 && source.compare(0, 3, "\xEF\xBB\xBF") == 0)
    source.remove_prefix(3);
  return source;
}

} // namespace

// The string_flag bits of a name directly followed by a quote, or -1 when it is no prefix.
int detail::string_prefix_flags(std::string_view name) {
  if (name.size() > 2)
    return -1;
  int flags = 0;
  for (char c : name) {
    int bit;
    switch (c) {
    case 'r':
    case 'R':
      bit = string_flag::raw;
      break;
    case 'b':
    case 'B':
      bit = string_flag::bytes;
      break;
    case 'f':
    case 'F':
      bit = string_flag::fstring;
      break;
    case 'u':
    case 'U':
      if (name.size() != 1)
        return -1;
      bit = 0;
      break;
    default:
      return -1;
    }
    if (flags & bit)
      return -1;
    flags |= bit;
  }
  if ((flags & string_flag::bytes) && (flags & string_flag::fstring))
    return -1;
  return flags;
}

std::string_view token_kind_name(TokenKind kind) {
  switch (kind) {
  case TokenKind::Name:
    return "NAME";
  case TokenKind::Number:
    return "NUMBER";
  case TokenKind::String:
    return "STRING";
  case TokenKind::Op:
    return "OP";
  case TokenKind::Newline:
    return "NEWLINE";
  case TokenKind::Indent:
    return "INDENT";
  case TokenKind::Dedent:
    return "DEDENT";
  case TokenKind::EndMarker:
    return "ENDMARKER";
  case TokenKind::Error:
    return "ERRORTOKEN";
  }
  return "?";
}

std::string source_line(std::string_view source, std::uint32_t line) {
  source = strip_bom(source);
  std::size_t start = 0;
  for (std::uint32_t current = 1; current < line; ++current) {
    const std::size_t next = source.find_first_of("\r\n", start);
    if (next == std::string_view::npos)
      return {};
    start = next + 1;
    if (source[next] == '\r' && start < source.size() && source[start] == '\n')
      ++start;
  }
  std::size_t end = source.find_first_of("\r\n", start);
  if (end == std::string_view::npos)
    end = source.size();
  std::string_view text = source.substr(start, end - start);
  std::string out;
  for (;;) {
    const std::size_t bad = find_invalid_utf8(text);
    if (bad == std::string_view::npos)
      break;
    out.append(text, 0, bad);
    out += "\xEF\xBF\xBD";
    text.remove_prefix(bad + 1);
  }
  out.append(text);
  return out;
}

Diagnostic make_error(std::string_view source, std::string_view path, std::uint32_t line,
                      std::uint32_t column, std::string message) {
  Diagnostic d;
  d.severity = Severity::error;
  d.file = std::string(path);
  d.line = line;
  d.column = column;
  d.message = std::move(message);
  d.source_line = source_line(source, line);
  return d;
}

Tokenizer::Tokenizer(std::string_view source, std::string_view path) : path_(path) {
  source = strip_bom(source);
  begin_ = source.data();
  end_ = begin_ + source.size();
  p_ = begin_;
  line_start_ = begin_;
  column_anchor_ = begin_;
  if (const void* nul = std::memchr(begin_, 0, source.size())) {
    fail(static_cast<const char*>(nul), "source code cannot contain null bytes");
    return;
  }
  const std::size_t bad = find_invalid_utf8(source);
  if (bad != std::string_view::npos) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "invalid UTF-8 byte 0x%02X: ", byte(begin_ + bad));
    fail(begin_ + bad, std::string(buffer) + "Python source must be UTF-8 encoded");
  }
}

Tokenizer::Tokenizer(std::string_view source, std::string_view part, std::uint32_t line,
                     std::string_view path)
    : Tokenizer(part, path) {
  line_ = line;
  line_start_ = part.data(); // columns count from the start of the line in `source`
  while (line_start_ > source.data() && !is_newline(line_start_[-1]))
    --line_start_;
  column_anchor_ = line_start_;
  for (const char* p = line_start_; p < part.data(); ++p)
    line_non_ascii_ |= (static_cast<unsigned char>(*p) & 0x80) != 0;
}

std::uint32_t Tokenizer::column_at(const char* position) {
  if (!line_non_ascii_) // bytes are columns
    return static_cast<std::uint32_t>(position - line_start_) + 1;
  if (column_anchor_ < line_start_ || position < column_anchor_) {
    column_anchor_ = line_start_;
    column_anchor_value_ = 1;
  }
  column_anchor_value_ += count_code_points(column_anchor_, position);
  column_anchor_ = position;
  return column_anchor_value_;
}

void Tokenizer::make(Token& out, TokenKind kind, const char* start, const char* end,
                     std::uint32_t line, std::uint32_t column) {
  // Fields are written one by one into the caller's token: no temporary to copy.
  out.text = std::string_view(start, static_cast<std::size_t>(end - start));
  out.line = line;
  out.column = column;
  out.end_line = line_;
  out.kind = kind;
  out.keyword = KeywordId::none;
  out.op = Op::none;
  out.flags = 0;
}

void Tokenizer::fail(const char* position, std::string message, TokenErrorKind kind) {
  if (!failed_) {
    error_kind_ = kind;
    const LineInfo info = line_info(begin_, position);
    const std::uint32_t column = count_code_points(info.start, position) + 1;
    error_ = make_error(source(), path_, info.line, column, std::move(message));
    error_token_ = Token{};
    error_token_.kind = TokenKind::Error;
    error_token_.text = std::string_view(position, 0);
    error_token_.line = error_token_.end_line = info.line;
    error_token_.column = column;
    failed_ = true;
  }
}

std::optional<Diagnostic> Tokenizer::unclosed_bracket() const {
  if (brackets_.empty())
    return std::nullopt;
  const Bracket& open = brackets_.back();
  const LineInfo info = line_info(begin_, open.position);
  return make_error(source(), path_, info.line, count_code_points(info.start, open.position) + 1,
                    std::string("'") + open.c + "' was never closed");
}

const char* Tokenizer::skip_newline(const char* p) {
  if (*p == '\r' && p + 1 < end_ && p[1] == '\n')
    ++p;
  ++p;
  ++line_;
  line_start_ = p;
  line_non_ascii_ = false;
  return p;
}

void Tokenizer::next(Token& out) {
  produce(out);
  if (failed_)
    out = error_token_;
}

void Tokenizer::produce(Token& out) {
  if (failed_)
    return;
  if (pending_dedents_ > 0) {
    --pending_dedents_;
    out = dedent_;
    return;
  }
  for (;;) {
    if (at_line_start_) {
      if (start_logical_line(out) || failed_)
        return;
      if (at_line_start_)
        continue; // a blank line was skipped
    }
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\f'))
      ++p_;
    if (p_ >= end_)
      return end_of_input(out);
    const char c = *p_;
    if (c != '\\' && c != '#' && !is_newline(c))
      continuation_ = nullptr; // the continued line has a token
    if (kNameStart[byte(p_)] || byte(p_) >= 0x80)
      return scan_name(p_, out);
    if (is_digit(c) || (c == '.' && p_ + 1 < end_ && is_digit(p_[1])))
      return scan_number(p_, out);
    if (c == '"' || c == '\'')
      return scan_string(p_, p_, 0, out);
    if (c == '#') {
      while (p_ < end_ && !is_newline(*p_))
        line_non_ascii_ |= byte(p_++) >= 0x80;
      continue;
    }
    if (is_newline(c)) {
      const char* newline = p_;
      const std::uint32_t line = line_;
      const std::uint32_t column = column_at(newline);
      p_ = skip_newline(p_);
      if (!brackets_.empty())
        continue;
      continuation_ = nullptr;
      at_line_start_ = true;
      if (!line_has_tokens_)
        continue;
      line_has_tokens_ = false;
      make(out, TokenKind::Newline, newline, p_, line, column);
      out.end_line = line;
      return;
    }
    if (c == '\\') {
      if (p_ + 1 < end_ && is_newline(p_[1])) {
        continuation_ = p_;
        p_ = skip_newline(p_ + 1);
        continue;
      }
      if (p_ + 1 >= end_)
        return fail(p_, "unexpected EOF in multi-line statement", TokenErrorKind::Weak);
      return fail(p_ + 1, "unexpected character after line continuation character",
                  TokenErrorKind::Weak);
    }
    return scan_operator(p_, out);
  }
}

bool Tokenizer::start_logical_line(Token& token) {
  std::uint32_t column = 0, alt_column = 0;
  const char* s = p_;
  for (; s < end_; ++s) {
    if (*s == ' ') {
      ++column;
      ++alt_column;
    } else if (*s == '\t') {
      column = (column / 8 + 1) * 8;
      ++alt_column;
    } else if (*s == '\f') {
      column = alt_column = 0;
    } else {
      break;
    }
  }
  if (s >= end_) {
    p_ = s;
    at_line_start_ = false;
    return false;
  }
  if (*s == '#' || is_newline(*s)) { // blank or comment-only: no effect on indentation
    while (s < end_ && !is_newline(*s))
      ++s;
    p_ = s < end_ ? skip_newline(s) : s;
    if (s >= end_)
      at_line_start_ = false;
    return false;
  }
  p_ = s;
  at_line_start_ = false;
  const char* tabs_message = "inconsistent use of tabs and spaces in indentation";
  if (column == indents_.back()) {
    if (alt_column != alt_indents_.back())
      fail(s, tabs_message, TokenErrorKind::Weak);
    return false;
  }
  if (column > indents_.back()) {
    if (alt_column <= alt_indents_.back()) {
      fail(s, tabs_message, TokenErrorKind::Weak);
      return false;
    }
    if (indents_.size() > kMaxIndentLevels) {
      fail(s, "too many levels of indentation", TokenErrorKind::Weak);
      return false;
    }
    indents_.push_back(column);
    alt_indents_.push_back(alt_column);
    make(token, TokenKind::Indent, s, s, line_, column_at(s));
    return true;
  }
  int dedents = 0;
  while (indents_.size() > 1 && column < indents_.back()) {
    indents_.pop_back();
    alt_indents_.pop_back();
    ++dedents;
  }
  if (column != indents_.back()) {
    fail(s, "unindent does not match any outer indentation level", TokenErrorKind::Weak);
    return false;
  }
  if (alt_column != alt_indents_.back()) {
    fail(s, tabs_message, TokenErrorKind::Weak);
    return false;
  }
  make(dedent_, TokenKind::Dedent, s, s, line_, column_at(s));
  pending_dedents_ = dedents - 1;
  token = dedent_;
  return true;
}

void Tokenizer::end_of_input(Token& out) {
  if (continuation_)
    return fail(continuation_, "unexpected EOF in multi-line statement", TokenErrorKind::Weak);
  if (!brackets_.empty())
    return fail(brackets_.back().position, unclosed_bracket()->message,
                TokenErrorKind::UnclosedBracket);
  if (line_has_tokens_) {
    line_has_tokens_ = false;
    return make(out, TokenKind::Newline, end_, end_, line_, column_at(end_));
  }
  if (indents_.size() > 1) {
    indents_.pop_back();
    alt_indents_.pop_back();
    return make(out, TokenKind::Dedent, end_, end_, line_, column_at(end_));
  }
  return make(out, TokenKind::EndMarker, end_, end_, line_, column_at(end_));
}

void Tokenizer::scan_name(const char* start, Token& out) {
  const char* p = start;
  for (;;) {
    while (p < end_ && kNameContinue[byte(p)])
      ++p;
    if (p >= end_ || byte(p) < 0x80)
      break;
    const char* q = p;
    line_non_ascii_ = true;
    const char32_t cp = decode_utf8(q);
    if (!(p == start ? is_identifier_start(cp) : is_identifier_continue(cp)))
      break;
    p = q;
  }
  if (p == start) { // a non-ASCII character that cannot start a name
    const char* q = p;
    return fail(start, describe_character(decode_utf8(q)));
  }
  const std::string_view name(start, static_cast<std::size_t>(p - start));
  if (p < end_ && (*p == '"' || *p == '\'')) {
    const int flags = string_prefix_flags(name);
    if (flags >= 0)
      return scan_string(start, p, static_cast<std::uint8_t>(flags), out);
  }
  make(out, TokenKind::Name, start, p, line_, column_at(start));
  out.keyword = keyword_of(name);
  p_ = p;
  line_has_tokens_ = true;
}

void Tokenizer::scan_number(const char* start, Token& out) {
  const char* p = start;
  // Digits with single underscores between them; false on a misplaced underscore.
  auto digits = [&](bool (*is_valid)(char)) {
    if (p >= end_ || !is_valid(*p))
      return false;
    while (p < end_) {
      if (is_valid(*p)) {
        ++p;
      } else if (*p == '_' && p + 1 < end_ && is_valid(p[1])) {
        p += 2;
      } else {
        break;
      }
    }
    return !(p < end_ && *p == '_');
  };
  NumberKind kind = NumberKind::Integer;
  const char* kind_name = "decimal";
  if (*p == '0' && p + 1 < end_ && std::strchr("xXoObB", p[1]) && p[1] != '\0') {
    const char base = static_cast<char>(p[1] | 0x20);
    p += 2;
    if (p < end_ && *p == '_')
      ++p;
    bool ok;
    if (base == 'x') {
      kind_name = "hexadecimal";
      ok = digits(is_hex_digit);
    } else if (base == 'o') {
      kind_name = "octal";
      ok = digits([](char c) { return c >= '0' && c <= '7'; });
      if (ok && p < end_ && is_digit(*p))
        return fail(p, std::string("invalid digit '") + *p + "' in octal literal");
    } else {
      kind_name = "binary";
      ok = digits([](char c) { return c == '0' || c == '1'; });
      if (ok && p < end_ && is_digit(*p))
        return fail(p, std::string("invalid digit '") + *p + "' in binary literal");
    }
    if (!ok)
      return fail(start, std::string("invalid ") + kind_name + " literal");
  } else {
    bool ok = true;
    if (*p != '.')
      ok = digits(is_digit);
    if (ok && p < end_ && *p == '.') {
      kind = NumberKind::Float;
      ++p;
      if (p < end_ && is_digit(*p))
        ok = digits(is_digit);
    }
    if (ok && p < end_ && (*p == 'e' || *p == 'E')) {
      const char* e = p + 1;
      if (e < end_ && (*e == '+' || *e == '-'))
        ++e;
      if (e < end_ && is_digit(*e)) { // otherwise `1else` or the glued-name error below
        kind = NumberKind::Float;
        p = e;
        ok = digits(is_digit);
      }
    }
    if (!ok)
      return fail(start, "invalid decimal literal");
    if (p < end_ && (*p == 'j' || *p == 'J')) {
      kind = NumberKind::Imaginary;
      ++p;
    } else if (kind == NumberKind::Integer && *start == '0') {
      for (const char* z = start; z < p; ++z)
        if (*z != '0' && *z != '_')
          return fail(start, "leading zeros in decimal integer literals are not permitted; use "
                             "an 0o prefix for octal integers");
    }
  }
  // A number glued to a name is an error, except for the keywords CPython tolerates there.
  if (p < end_ && (kNameContinue[byte(p)] || byte(p) >= 0x80)) {
    const char* w = p;
    while (w < end_ && kNameContinue[byte(w)])
      ++w;
    if (!keyword_may_follow_number(std::string_view(p, static_cast<std::size_t>(w - p))) ||
        (w < end_ && byte(w) >= 0x80))
      return fail(start, std::string("invalid ") + kind_name + " literal");
  }
  make(out, TokenKind::Number, start, p, line_, column_at(start));
  out.flags = static_cast<std::uint8_t>(kind);
  p_ = p;
  line_has_tokens_ = true;
}

void Tokenizer::scan_string(const char* start, const char* quote, std::uint8_t flags, Token& out) {
  const std::uint32_t line = line_;
  const std::uint32_t column = column_at(start);
  const char q = *quote;
  const bool triple = quote + 2 < end_ && quote[1] == q && quote[2] == q;
  if (triple)
    flags |= string_flag::triple;
  string_start_ = start;
  const char* body = quote + (triple ? 3 : 1);
  const char* after;
  bool has_escape = false, non_ascii = false;
  if (flags & string_flag::fstring)
    after = scan_fstring_body(body, q, triple, flags & string_flag::raw, 0);
  else
    after = scan_plain_body(body, q, triple, has_escape, non_ascii);
  if (!after)
    return;
  // Conservative: f-string bodies are not scanned for multi-byte characters.
  line_non_ascii_ |= non_ascii || (flags & string_flag::fstring);
  make(out, TokenKind::String, start, after, line, column);
  out.flags = flags;
  EscapeError escape;
  if (((flags & string_flag::bytes) && non_ascii) ||
      (has_escape && !(flags & string_flag::raw) &&
       !check_escapes(string_body(out), flags & string_flag::bytes, escape)))
    out.flags |= string_flag::invalid;
  p_ = after;
  line_has_tokens_ = true;
}

const char* Tokenizer::scan_plain_body(const char* p, char quote, bool triple, bool& has_escape,
                                       bool& non_ascii) {
  for (;;) {
    // Fast path over ordinary characters.
    while (p < end_ && *p != quote && *p != '\\' && !is_newline(*p)) {
      non_ascii |= byte(p) >= 0x80;
      ++p;
    }
    if (p >= end_)
      break;
    const char c = *p;
    if (c == quote) {
      if (!triple)
        return p + 1;
      if (p + 2 < end_ && p[1] == quote && p[2] == quote)
        return p + 3;
      ++p;
    } else if (c == '\\') {
      has_escape = true;
      if (p + 1 >= end_)
        break;
      if (is_newline(p[1])) {
        p = skip_newline(p + 1);
      } else {
        non_ascii |= byte(p + 1) >= 0x80;
        p += 2;
      }
    } else { // newline
      if (!triple) {
        fail(string_start_,
             "unterminated string literal (detected at line " + std::to_string(line_) + ")");
        return nullptr;
      }
      p = skip_newline(p);
    }
  }
  fail(string_start_, std::string("unterminated ") + (triple ? "triple-quoted " : "") +
                          "string literal (detected at line " + std::to_string(line_) + ")");
  return nullptr;
}

void Tokenizer::scan_operator(const char* start, Token& out) {
  const char c = *start;
  const char c1 = start + 1 < end_ ? start[1] : '\0';
  const char c2 = start + 2 < end_ ? start[2] : '\0';
  Op op = Op::none;
  int length = 1;
  auto with_equal = [&](Op plain, Op equal) {
    if (c1 == '=') {
      length = 2;
      return equal;
    }
    return plain;
  };
  switch (c) {
  case '(':
  case '[':
  case '{': {
    brackets_.push_back({c, start});
    op = c == '(' ? Op::LPar : c == '[' ? Op::LSqb : Op::LBrace;
    break;
  }
  case ')':
  case ']':
  case '}': {
    if (brackets_.empty())
      return fail(start, std::string("unmatched '") + c + "'");
    const Bracket open = brackets_.back();
    if (*closing_for(open.c) != c) {
      std::string message = std::string("closing parenthesis '") + c +
                            "' does not match opening parenthesis '" + open.c + "'";
      const LineInfo open_info = line_info(begin_, open.position);
      if (open_info.line != line_)
        message += " on line " + std::to_string(open_info.line);
      return fail(start, std::move(message));
    }
    brackets_.pop_back();
    op = c == ')' ? Op::RPar : c == ']' ? Op::RSqb : Op::RBrace;
    break;
  }
  case ':':
    op = with_equal(Op::Colon, Op::ColonEqual);
    break;
  case ',':
    op = Op::Comma;
    break;
  case ';':
    op = Op::Semi;
    break;
  case '+':
    op = with_equal(Op::Plus, Op::PlusEqual);
    break;
  case '-':
    if (c1 == '>') {
      op = Op::Arrow;
      length = 2;
    } else {
      op = with_equal(Op::Minus, Op::MinusEqual);
    }
    break;
  case '*':
    if (c1 == '*') {
      op = c2 == '=' ? Op::DoubleStarEqual : Op::DoubleStar;
      length = c2 == '=' ? 3 : 2;
    } else {
      op = with_equal(Op::Star, Op::StarEqual);
    }
    break;
  case '/':
    if (c1 == '/') {
      op = c2 == '=' ? Op::DoubleSlashEqual : Op::DoubleSlash;
      length = c2 == '=' ? 3 : 2;
    } else {
      op = with_equal(Op::Slash, Op::SlashEqual);
    }
    break;
  case '|':
    op = with_equal(Op::VBar, Op::VBarEqual);
    break;
  case '&':
    op = with_equal(Op::Amper, Op::AmperEqual);
    break;
  case '<':
    if (c1 == '<') {
      op = c2 == '=' ? Op::LeftShiftEqual : Op::LeftShift;
      length = c2 == '=' ? 3 : 2;
    } else {
      op = with_equal(Op::Less, Op::LessEqual);
    }
    break;
  case '>':
    if (c1 == '>') {
      op = c2 == '=' ? Op::RightShiftEqual : Op::RightShift;
      length = c2 == '=' ? 3 : 2;
    } else {
      op = with_equal(Op::Greater, Op::GreaterEqual);
    }
    break;
  case '=':
    op = with_equal(Op::Equal, Op::EqEqual);
    break;
  case '.':
    if (c1 == '.' && c2 == '.') {
      op = Op::Ellipsis;
      length = 3;
    } else {
      op = Op::Dot;
    }
    break;
  case '%':
    op = with_equal(Op::Percent, Op::PercentEqual);
    break;
  case '~':
    op = Op::Tilde;
    break;
  case '^':
    op = with_equal(Op::Circumflex, Op::CircumflexEqual);
    break;
  case '@':
    op = with_equal(Op::At, Op::AtEqual);
    break;
  case '!':
    op = with_equal(Op::Exclamation, Op::NotEqual);
    break;
  case '$':
  case '?':
  case '`':
    op = Op::Invalid;
    break;
  default: {
    const char* q = start;
    return fail(start, describe_character(decode_utf8(q)));
  }
  }
  make(out, TokenKind::Op, start, start + length, line_, column_at(start));
  out.op = op;
  p_ = start + length;
  line_has_tokens_ = true;
}

TokenizeResult tokenize(std::string_view source, std::string_view path) {
  TokenizeResult result;
  Tokenizer tokenizer(source, path);
  for (;;) {
    result.tokens.push_back(tokenizer.next());
    const TokenKind kind = result.tokens.back().kind;
    if (kind == TokenKind::EndMarker)
      break;
    if (kind == TokenKind::Error) {
      result.diagnostics.push_back(*tokenizer.error());
      break;
    }
  }
  return result;
}

} // namespace crochet::py
