// The pieces of f-strings (see Parser::add_fstring_pieces): literal text and replacement fields,
// each field parsed by a parser of its own over the field's text, located in the whole source.
// Only what can be folded exactly like Python is kept; anything else leaves the f-string opaque.
#include "core/python/char_class.hpp"
#include "core/python/parser_impl.hpp"
#include "core/python/string_literal.hpp"

namespace crochet::py::detail {
namespace {

// Where one replacement field's expression ends, after its opening brace; npos when the field is
// more than `{expression}` or `{expression!s}`, or holds what the scan does not follow.
struct FieldEnd {
  std::size_t expression = std::string_view::npos; // end of the expression's text
  std::size_t after = 0;                           // just after the field's closing brace
};

FieldEnd scan_field(std::string_view body, std::size_t start) {
  int brackets = 0;
  for (std::size_t i = start; i < body.size(); ++i) {
    const char c = body[i];
    const char next = i + 1 < body.size() ? body[i + 1] : '\0';
    switch (c) {
    case '(':
    case '[':
    case '{':
      ++brackets;
      break;
    case ')':
    case ']':
      --brackets;
      break;
    case '}':
      if (brackets == 0)
        return {i, i + 1};
      --brackets;
      break;
    case '\'':
    case '"':
    case '#':
    case '\\':
    case '\n':
    case '\r':
      return {}; // nested strings, comments, continued lines: not followed
    case '!':
      if (next == '=') {
        ++i; // the operator !=
      } else if (brackets == 0) {
        // Only !s is str(), which every folded value prints as the plain field does.
        if (next == 's' && i + 2 < body.size() && body[i + 2] == '}')
          return {i, i + 3};
        return {};
      }
      break;
    case ':': // a format spec (or a slice or lambda, inside brackets)
      if (brackets == 0)
        return {};
      break;
    case '=':
      if (next == '=') {
        ++i; // the operator ==
      } else if (brackets == 0 && (i == start || (body[i - 1] != '<' && body[i - 1] != '>'))) {
        return {}; // {name=}: the expression's text and repr
      }
      break;
    default:
      break;
    }
  }
  return {};
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

} // namespace

void Parser::add_text_piece(Expr& string, std::string_view text) {
  auto piece = std::make_unique<Expr>();
  piece->kind = ExprKind::String;
  piece->location = string.location;
  piece->set_text(text);
  push(string.items, std::move(piece));
}

std::string_view Parser::kept_value(const Token& part) {
  if (value_as_written(part))
    return string_body(part);
  std::string value;
  append_string_value(value, part);
  return texts_.keep(value);
}

bool Parser::add_fstring_pieces(Expr& string, const Token& part) {
  const std::string_view body = string_body(part);
  const bool raw = (part.flags & string_flag::raw) != 0;
  std::string text;                      // the literal text since the last field, decoded
  std::size_t from = 0;                  // the first byte of `body` not yet in `text`
  auto take_text = [&](std::size_t to) { // appends body[from, to) to `text`
    const std::string_view chunk = body.substr(from, to - from);
    if (raw)
      append_normalised(text, chunk);
    else
      append_decoded(text, chunk, false);
    from = to;
  };
  auto end_text = [&] {
    if (!text.empty())
      add_text_piece(string, texts_.keep(text));
    text.clear();
  };
  std::size_t i = 0;
  while (i < body.size()) {
    const char c = body[i];
    const char next = i + 1 < body.size() ? body[i + 1] : '\0';
    if (c == '\\' && !raw) {
      if (next == '{' || next == '}' || next == 'N')
        return false; // a backslash before a field, or \N{NAME}: no name table here
      i += 2;         // an escape: its second character is never a brace
    } else if ((c == '{' || c == '}') && next == c) {
      take_text(i + 1); // one brace of the two
      i += 2;
      from = i;
    } else if (c == '{') {
      take_text(i);
      const FieldEnd end = scan_field(body, i + 1);
      if (end.expression == std::string_view::npos)
        return false;
      const std::string_view field = trim(body.substr(i + 1, end.expression - i - 1));
      if (field.empty())
        return false;
      Parser parser(source_, field, location_in(part, field.data()).line, path_);
      ExprPtr expression = parser.parse_fstring_field();
      if (!expression)
        return false;
      texts_.adopt(parser.take_texts());
      end_text();
      push(string.items, std::move(expression));
      i = from = end.after;
    } else {
      ++i;
    }
  }
  take_text(body.size());
  end_text();
  return true;
}

ExprPtr Parser::parse_fstring_field() {
  try {
    ExprPtr expression = parse_star_expressions();
    if (peek().kind == TokenKind::Newline)
      advance();
    return peek().kind == TokenKind::EndMarker ? std::move(expression) : nullptr;
  } catch (const ParseFailure&) {
    return nullptr; // not an expression: the f-string stays opaque, as before
  }
}

} // namespace crochet::py::detail
