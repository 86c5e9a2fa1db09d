// Expressions: the supported subset becomes structured nodes, every other form is parsed for its
// extent (so the statement around it is understood) and kept as Unresolved source text.
#include <climits>

#include "core/python/parser_impl.hpp"
#include "core/python/string_literal.hpp"

namespace crochet::py::detail {
namespace {

// Binding strength of a binary operator token (0 when it is none). `not` counts only as the
// start of `not in`, which the caller checks.
int binary_precedence(const Token& token) {
  if (token.kind == TokenKind::Name) {
    switch (token.keyword) {
    case KeywordId::or_:
      return 1;
    case KeywordId::and_:
      return 2;
    case KeywordId::in_:
    case KeywordId::is_:
    case KeywordId::not_:
      return 4;
    default:
      return 0;
    }
  }
  if (token.kind != TokenKind::Op)
    return 0;
  switch (token.op) {
  case Op::Less:
  case Op::Greater:
  case Op::EqEqual:
  case Op::NotEqual:
  case Op::LessEqual:
  case Op::GreaterEqual:
    return 4;
  case Op::VBar:
    return 5;
  case Op::Circumflex:
    return 6;
  case Op::Amper:
    return 7;
  case Op::LeftShift:
  case Op::RightShift:
    return 8;
  case Op::Plus:
  case Op::Minus:
    return 9;
  case Op::Star:
  case Op::Slash:
  case Op::DoubleSlash:
  case Op::Percent:
  case Op::At:
    return 10;
  default:
    return 0;
  }
}
constexpr int kNotPrecedence = 3;

// Whether parse_binary() would reach parse_atom() at `token` without consuming anything first:
// not at a unary operator, `not` or `await` (a lambda is taken before).
bool starts_with_atom(const Token& token) {
  if (token.kind == TokenKind::Op)
    return token.op != Op::Minus && token.op != Op::Plus && token.op != Op::Tilde;
  return !token.is(KeywordId::not_) && !token.is(KeywordId::await_);
}

// A token that no part of an expression takes after an operand: it ends the expression as the
// precedence levels would, each finding nothing to continue with.
bool ends_expression(const Token& token) {
  switch (token.kind) {
  case TokenKind::Newline:
  case TokenKind::EndMarker:
    return true;
  case TokenKind::Op:
    switch (token.op) {
    case Op::Comma:
    case Op::RPar:
    case Op::RSqb:
    case Op::RBrace:
    case Op::Colon:
    case Op::Equal:
    case Op::Semi:
      return true;
    default:
      return false;
    }
  default:
    return false;
  }
}

// `a + b + c ...` and `a.b(c).d ...` nest one node per operator without nesting in the source.
// Past this many links a chain is kept as Unresolved text, so no tree gets deep enough to
// overflow the stack of whoever walks or destroys it.
constexpr int kMaxChain = 256;
constexpr int kBitwiseOrPrecedence = 5; // star targets and starred operands

std::optional<long long> integer_value(std::string_view text) {
  int base = 10;
  if (text.size() > 2 && text[0] == '0') {
    switch (text[1] | 0x20) {
    case 'x':
      base = 16;
      break;
    case 'o':
      base = 8;
      break;
    case 'b':
      base = 2;
      break;
    default:
      break;
    }
    if (base != 10)
      text.remove_prefix(2);
  }
  unsigned long long value = 0;
  for (char c : text) {
    const int digit = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    if (value > (static_cast<unsigned long long>(LLONG_MAX) - static_cast<unsigned>(digit)) /
                    static_cast<unsigned>(base))
      return std::nullopt;
    value = value * static_cast<unsigned>(base) + static_cast<unsigned>(digit);
  }
  return static_cast<long long>(value);
}

} // namespace

bool Parser::can_start_expression(const Token& token) const {
  switch (token.kind) {
  case TokenKind::Name:
    switch (token.keyword) {
    case KeywordId::none:
    case KeywordId::True_:
    case KeywordId::False_:
    case KeywordId::None_:
    case KeywordId::not_:
    case KeywordId::lambda_:
    case KeywordId::await_:
      return true;
    default:
      return false;
    }
  case TokenKind::Number:
  case TokenKind::String:
    return true;
  case TokenKind::Op:
    switch (token.op) {
    case Op::LPar:
    case Op::LSqb:
    case Op::LBrace:
    case Op::Minus:
    case Op::Plus:
    case Op::Tilde:
    case Op::Star:
    case Op::Ellipsis:
      return true;
    default:
      return false;
    }
  default:
    return false;
  }
}

ExprPtr Parser::parse_expression(bool named) {
  if (peek().is(KeywordId::lambda_))
    return parse_lambda();
  const char* start = peek().text.data();
  const Location at = location(peek());
  const char* name_end = peek().is_identifier() ? start + peek().text.size() : nullptr;
  ExprPtr expr;
  if (starts_with_atom(peek())) {
    // Most expressions are one atom (a name, a number, a string) followed by what ends them:
    // it is returned without descending through every precedence level to reach it.
    ExprPtr atom = parse_atom();
    if (ends_expression(peek()))
      return atom;
    expr = continue_binary(
        1, continue_power(continue_primary(std::move(atom), start, at), start, at), start, at);
  } else {
    expr = parse_binary(1);
  }
  if (peek().is(KeywordId::if_)) {
    {
      Discard discard(discarding_);
      advance();
      parse_binary(1);
      if (!accept(KeywordId::else_))
        fail(peek(), "expected 'else' after 'if' expression, found " + describe(peek()));
      DepthGuard guard(*this, peek());
      parse_expression();
    }
    return unresolved(start, at);
  }
  // `name := value`, where the grammar takes a named expression.
  if (named && peek().is(Op::ColonEqual) && name_end && previous_end_ == name_end) {
    {
      Discard discard(discarding_);
      DepthGuard guard(*this, peek());
      advance();
      parse_expression();
    }
    return unresolved(start, at);
  }
  return expr;
}

ExprPtr Parser::parse_star_expression(bool named) {
  if (!peek().is(Op::Star))
    return parse_expression(named);
  ExprPtr starred = node(ExprKind::Starred, location(peek()));
  advance();
  if (starred)
    starred->set_text("*");
  add_item(starred, parse_binary(kBitwiseOrPrecedence));
  return starred;
}

ExprPtr Parser::parse_star_expressions() {
  const Location at = location(peek());
  ExprPtr first = parse_star_expression();
  if (!peek().is(Op::Comma))
    return first;
  ExprPtr tuple = node(ExprKind::Tuple, at);
  add_item(tuple, std::move(first));
  while (accept(Op::Comma) && can_start_expression(peek()))
    add_item(tuple, parse_star_expression());
  return tuple;
}

ExprPtr Parser::parse_assignment_value() {
  if (peek().is(KeywordId::yield_))
    return parse_yield();
  return parse_star_expressions();
}

ExprPtr Parser::parse_yield() {
  const char* start = peek().text.data();
  const Location at = location(peek());
  advance();
  {
    Discard discard(discarding_);
    if (accept(KeywordId::from_))
      parse_expression();
    else if (can_start_expression(peek()))
      parse_star_expressions();
  }
  return unresolved(start, at);
}

ExprPtr Parser::parse_lambda() {
  const char* start = peek().text.data();
  const Location at = location(peek());
  {
    DepthGuard guard(*this, peek());
    Discard discard(discarding_);
    advance();
    parse_parameters(Op::Colon, false);
    expect(Op::Colon, "':' after lambda parameters");
    parse_expression();
  }
  return unresolved(start, at);
}

ExprPtr Parser::parse_binary(int min_precedence) {
  const char* start = peek().text.data();
  const Location at = location(peek());
  ExprPtr left;
  if (min_precedence <= kNotPrecedence && peek().is(KeywordId::not_)) {
    {
      DepthGuard guard(*this, peek());
      Discard discard(discarding_);
      advance();
      parse_binary(kNotPrecedence);
    }
    left = unresolved(start, at);
  } else {
    left = parse_unary();
  }
  return continue_binary(min_precedence, std::move(left), start, at);
}

ExprPtr Parser::continue_binary(int min_precedence, ExprPtr left, const char* start, Location at) {
  int links = 0;
  for (;;) {
    const Token& op = peek();
    const int precedence = binary_precedence(op);
    if (precedence == 0 || precedence < min_precedence)
      break;
    if (op.is(KeywordId::not_) && !peek(1).is(KeywordId::in_))
      break;
    const bool plus = op.is(Op::Plus) && ++links <= kMaxChain;
    const Token taken = advance();
    if (taken.is(KeywordId::not_))
      advance(); // in
    else if (taken.is(KeywordId::is_))
      accept(KeywordId::not_);
    if (plus) {
      ExprPtr right = parse_binary(precedence + 1);
      ExprPtr add = node(ExprKind::Add, at);
      if (add)
        add->items.reserve(2);
      add_item(add, std::move(left));
      add_item(add, std::move(right));
      left = std::move(add);
    } else {
      {
        Discard discard(discarding_);
        parse_binary(precedence + 1);
      }
      left = unresolved(start, at);
    }
  }
  return left;
}

ExprPtr Parser::parse_unary() {
  const Token& token = peek();
  if (!token.is(Op::Minus) && !token.is(Op::Plus) && !token.is(Op::Tilde))
    return parse_power();
  DepthGuard guard(*this, token);
  const char* start = token.text.data();
  const Location at = location(token);
  if (token.is(Op::Minus)) {
    advance();
    ExprPtr operand = parse_unary();
    ExprPtr negate = node(ExprKind::Negate, at);
    add_item(negate, std::move(operand));
    return negate;
  }
  advance();
  {
    Discard discard(discarding_);
    parse_unary();
  }
  return unresolved(start, at);
}

ExprPtr Parser::parse_power() {
  const char* start = peek().text.data();
  const Location at = location(peek());
  ExprPtr base;
  if (peek().is(KeywordId::await_)) {
    {
      Discard discard(discarding_);
      advance();
      parse_primary();
    }
    base = unresolved(start, at);
  } else {
    base = parse_primary();
  }
  return continue_power(std::move(base), start, at);
}

ExprPtr Parser::continue_power(ExprPtr base, const char* start, Location at) {
  if (!peek().is(Op::DoubleStar))
    return base;
  {
    DepthGuard guard(*this, peek());
    Discard discard(discarding_);
    advance();
    parse_unary();
  }
  return unresolved(start, at);
}

ExprPtr Parser::parse_primary() {
  const char* start = peek().text.data();
  const Location at = location(peek());
  return continue_primary(parse_atom(), start, at);
}

ExprPtr Parser::continue_primary(ExprPtr expr, const char* start, Location at) {
  for (int links = 0;; ++links) {
    const Token& token = peek();
    if (links == kMaxChain && (token.is(Op::Dot) || token.is(Op::LPar) || token.is(Op::LSqb))) {
      {
        Discard discard(discarding_);
        expr.reset();
        parse_trailers();
      }
      return unresolved(start, at);
    }
    if (token.is(Op::Dot)) {
      advance();
      const Token name = expect_name("an attribute name after '.'");
      ExprPtr attribute = node(ExprKind::Attribute, at);
      if (attribute) {
        attribute->object = std::move(expr);
        attribute->set_text(name.text);
      }
      expr = std::move(attribute);
    } else if (token.is(Op::LPar)) {
      ExprPtr call = node(ExprKind::Call, at);
      if (call)
        call->object = std::move(expr);
      parse_call_arguments(call.get());
      expr = std::move(call);
    } else if (token.is(Op::LSqb)) {
      {
        Discard discard(discarding_);
        parse_subscript();
      }
      expr = unresolved(start, at);
      if (expr)
        subscripts_.push_back(expr.get());
    } else {
      return expr;
    }
  }
}

void Parser::parse_trailers() {
  for (;;) {
    if (accept(Op::Dot)) {
      expect_name("an attribute name after '.'");
    } else if (peek().is(Op::LPar)) {
      parse_call_arguments(nullptr);
    } else if (peek().is(Op::LSqb)) {
      parse_subscript();
    } else {
      return;
    }
  }
}

ExprPtr Parser::parse_atom() {
  const Token& token = peek();
  switch (token.kind) {
  case TokenKind::Name:
    switch (token.keyword) {
    case KeywordId::none: {
      ExprPtr name = node(ExprKind::Name, location(token));
      if (name)
        name->set_text(token.text);
      advance();
      return name;
    }
    case KeywordId::True_:
      return node(ExprKind::True, location(advance()));
    case KeywordId::False_:
      return node(ExprKind::False, location(advance()));
    case KeywordId::None_:
      return node(ExprKind::None, location(advance()));
    default:
      break;
    }
    break;
  case TokenKind::Number:
    return parse_number(advance());
  case TokenKind::String:
    return parse_strings();
  case TokenKind::Op:
    switch (token.op) {
    case Op::LPar:
      return parse_parenthesized();
    case Op::LSqb:
      return parse_list();
    case Op::LBrace:
      return parse_braces();
    case Op::Ellipsis: {
      const Token dots = advance();
      return unresolved(dots.text.data(), location(dots));
    }
    default:
      break;
    }
    break;
  default:
    break;
  }
  if (token.kind == TokenKind::Indent)
    unexpected(token);
  fail(token, "expected an expression, found " + describe(token));
}

ExprPtr Parser::parse_number(const Token& token) {
  if (token.number_kind() == NumberKind::Imaginary)
    return unresolved(token.text.data(), location(token));
  ExprPtr number =
      node(token.number_kind() == NumberKind::Integer ? ExprKind::Integer : ExprKind::Float,
           location(token));
  if (!number)
    return number;
  if (token.text.find('_') == std::string_view::npos) {
    number->set_text(token.text);
    return number;
  }
  std::string digits;
  digits.reserve(token.text.size());
  for (char c : token.text)
    if (c != '_')
      digits += c;
  number->set_text(texts_.keep(digits));
  return number;
}

ExprPtr Parser::parse_strings() {
  const Location at = location(peek());
  const bool bytes = (peek().flags & string_flag::bytes) != 0;
  ExprPtr string = node(ExprKind::String, at);
  // The value is a view of the first literal's body when that is the value as written; joined
  // with later literals or decoded, it is built here and kept in the module's texts.
  std::string value;
  bool built = false;
  bool foldable = true; // an f-string so far made of pieces (see add_fstring_pieces)
  for (bool first = true; peek().kind == TokenKind::String; first = false) {
    const Token part = advance();
    if (part.flags & string_flag::invalid)
      fail_in_string(part);
    if (((part.flags & string_flag::bytes) != 0) != bytes)
      fail(part, "cannot mix bytes and nonbytes literals");
    if (!string)
      continue;
    const bool named_escape = has_named_escape(part);
    if ((part.flags & string_flag::fstring) || named_escape) {
      if (!string->fstring && !first) // the literals before it are one piece
        add_text_piece(*string, built ? texts_.keep(value) : string->text());
      string->fstring = true; // the value is not known without the pieces
      foldable = foldable && !named_escape && add_fstring_pieces(*string, part);
    } else if (string->fstring && foldable) {
      add_text_piece(*string, kept_value(part));
    }
    if (first && value_as_written(part)) {
      string->set_text(string_body(part));
      continue;
    }
    if (!built)
      value.assign(string->text());
    built = true;
    append_string_value(value, part);
  }
  if (built)
    string->set_text(texts_.keep(value));
  if (string && string->fstring && !foldable)
    string->items.clear();
  else if (string && string->fstring && string->items.empty())
    add_text_piece(*string, {}); // f"": the empty string
  return string;
}

bool Parser::at_comprehension() {
  return peek().is(KeywordId::for_) ||
         (peek().is(KeywordId::async_) && peek(1).is(KeywordId::for_));
}

void Parser::parse_comprehension() {
  Discard discard(discarding_);
  while (at_comprehension()) {
    accept(KeywordId::async_);
    advance(); // for
    parse_target_list();
    if (!accept(KeywordId::in_))
      fail(peek(), "expected 'in', found " + describe(peek()));
    parse_binary(1);
    while (accept(KeywordId::if_))
      parse_binary(1);
  }
}

void Parser::parse_target_list() {
  Discard discard(discarding_);
  bool first = true;
  do {
    if (!first && peek().is(KeywordId::in_))
      break; // trailing comma: `for x, in y`
    first = false;
    accept(Op::Star);
    parse_binary(kBitwiseOrPrecedence);
  } while (accept(Op::Comma));
}

ExprPtr Parser::parse_parenthesized() {
  DepthGuard guard(*this, peek());
  const Token open = advance();
  const Location at = location(open);
  if (accept(Op::RPar))
    return node(ExprKind::Tuple, at);
  if (peek().is(KeywordId::yield_)) {
    ExprPtr yield = parse_yield();
    expect(Op::RPar, "')'");
    return yield;
  }
  ExprPtr first = parse_star_expression(true);
  if (at_comprehension()) {
    parse_comprehension();
    expect(Op::RPar, "')'");
    return unresolved(open.text.data(), at);
  }
  if (!peek().is(Op::Comma)) {
    expect(Op::RPar, "')'");
    return first;
  }
  ExprPtr tuple = node(ExprKind::Tuple, at);
  add_item(tuple, std::move(first));
  while (accept(Op::Comma) && !peek().is(Op::RPar))
    add_item(tuple, parse_star_expression(true));
  expect(Op::RPar, "')'");
  return tuple;
}

ExprPtr Parser::parse_list() {
  DepthGuard guard(*this, peek());
  const Token open = advance();
  ExprPtr list = node(ExprKind::List, location(open));
  if (accept(Op::RSqb))
    return list;
  add_item(list, parse_star_expression(true));
  if (at_comprehension()) {
    parse_comprehension();
    expect(Op::RSqb, "']'");
    return unresolved(open.text.data(), location(open));
  }
  while (accept(Op::Comma) && !peek().is(Op::RSqb))
    add_item(list, parse_star_expression(true));
  expect(Op::RSqb, "']'");
  return list;
}

ExprPtr Parser::parse_braces() {
  DepthGuard guard(*this, peek());
  const Token open = advance();
  const Location at = location(open);
  if (accept(Op::RBrace))
    return node(ExprKind::Dict, at);
  ExprPtr display;
  bool dict = true;
  if (accept(Op::DoubleStar)) {
    display = node(ExprKind::Dict, at);
    add_item(display, nullptr);
    add_item(display, parse_binary(kBitwiseOrPrecedence));
  } else {
    ExprPtr first = parse_star_expression(true);
    if (accept(Op::Colon)) {
      display = node(ExprKind::Dict, at);
      add_item(display, std::move(first));
      add_item(display, parse_expression());
    } else {
      dict = false;
      display = node(ExprKind::Set, at);
      add_item(display, std::move(first));
    }
    if (at_comprehension()) {
      parse_comprehension();
      expect(Op::RBrace, "'}'");
      return unresolved(open.text.data(), at);
    }
  }
  while (accept(Op::Comma) && !peek().is(Op::RBrace)) {
    if (!dict) {
      add_item(display, parse_star_expression(true));
    } else if (accept(Op::DoubleStar)) {
      add_item(display, nullptr);
      add_item(display, parse_binary(kBitwiseOrPrecedence));
    } else {
      add_item(display, parse_expression());
      expect(Op::Colon, "':' in dictionary display");
      add_item(display, parse_expression());
    }
  }
  expect(Op::RBrace, "'}'");
  return display;
}

void Parser::parse_call_arguments(Expr* call) {
  DepthGuard guard(*this, peek());
  const Token open = advance();
  bool keywords = false, double_star = false; // seen `name=` / `**x`
  const std::size_t keywords_from = pending_keywords_.size();
  const std::size_t items_from = pending_items_.size();
  for (bool first = true; !peek().is(Op::RPar); first = false) {
    const Token& token = peek();
    const Location at = location(token);
    if (token.is(Op::Star)) {
      if (double_star)
        fail(token, "iterable argument unpacking follows keyword argument unpacking");
      advance();
      ExprPtr starred = node(ExprKind::Starred, at);
      if (starred)
        starred->set_text("*");
      add_item(starred, parse_expression());
      if (call)
        pending_items_.push_back(std::move(starred));
    } else if (token.is(Op::DoubleStar)) {
      double_star = true;
      advance();
      Keyword keyword{{}, parse_expression(), at};
      if (call)
        pending_keywords_.push_back(std::move(keyword));
    } else if (token.is_identifier() && peek(1).is(Op::Equal)) {
      keywords = true;
      Keyword keyword{call ? token.text : std::string_view(), nullptr, at};
      advance();
      advance();
      keyword.value = parse_expression();
      if (call)
        pending_keywords_.push_back(std::move(keyword));
    } else {
      if (keywords || double_star)
        fail(token, double_star ? "positional argument follows keyword argument unpacking"
                                : "positional argument follows keyword argument");
      const char* start = token.text.data();
      ExprPtr argument = parse_expression(true);
      if (at_comprehension()) { // f(x for x in y)
        parse_comprehension();
        if (first && peek().is(Op::RPar)) {
          // The sole argument: like CPython, the generator owns the call's parentheses.
          advance();
          argument = unresolved(open.text.data(), location(open));
          if (call)
            push(call->items, std::move(argument));
          return;
        }
        argument = unresolved(start, at);
      }
      if (call)
        pending_items_.push_back(std::move(argument));
    }
    if (!accept(Op::Comma))
      break;
  }
  expect(Op::RPar, "')' or ',' in call arguments");
  if (call) { // calls are most of a model file's nodes: keep only what they hold
    call->items.reserve(pending_items_.size() - items_from);
    for (auto it = std::next(pending_items_.begin(), items_from); it != pending_items_.end(); ++it)
      call->items.push_back(std::move(*it));
    call->keywords =
        KeywordList(std::next(pending_keywords_.begin(), keywords_from), pending_keywords_.end());
  }
  pending_items_.resize(items_from);
  pending_keywords_.resize(keywords_from);
}

void Parser::parse_subscript() {
  DepthGuard guard(*this, peek());
  advance(); // [
  for (bool first = true;; first = false) {
    if (!first && peek().is(Op::RSqb))
      break; // trailing comma
    if (peek().is(Op::Star)) {
      parse_star_expression(true);
    } else {
      if (!peek().is(Op::Colon))
        parse_expression(true);
      if (accept(Op::Colon)) { // a slice: lower:upper:step, each part optional
        if (!peek().is(Op::Colon) && !peek().is(Op::Comma) && !peek().is(Op::RSqb))
          parse_expression();
        if (accept(Op::Colon) && !peek().is(Op::Comma) && !peek().is(Op::RSqb))
          parse_expression();
      }
    }
    if (!accept(Op::Comma))
      break;
  }
  expect(Op::RSqb, "']'");
}

} // namespace crochet::py::detail

namespace crochet::py {

std::optional<long long> Expr::value() const {
  if (kind != ExprKind::Integer)
    return std::nullopt;
  return detail::integer_value(text());
}

} // namespace crochet::py
