// Statements: imports, classes, functions, assignments, if and try are kept with their parts;
// every other statement is parsed completely (so any valid file is accepted and its errors are
// found) but kept only as Other with its location.
#include <algorithm>
#include <iterator>

#include "core/python/parser_impl.hpp"

namespace crochet::py::detail {
namespace {

constexpr int kBitwiseOrPrecedence = 5;

bool is_augmented_assignment(const Token& token) {
  if (token.kind != TokenKind::Op)
    return false;
  switch (token.op) {
  case Op::PlusEqual:
  case Op::MinusEqual:
  case Op::StarEqual:
  case Op::SlashEqual:
  case Op::PercentEqual:
  case Op::AmperEqual:
  case Op::VBarEqual:
  case Op::CircumflexEqual:
  case Op::AtEqual:
  case Op::LeftShiftEqual:
  case Op::RightShiftEqual:
  case Op::DoubleStarEqual:
  case Op::DoubleSlashEqual:
    return true;
  default:
    return false;
  }
}

bool is_open_bracket(const Token& token) {
  return token.is(Op::LPar) || token.is(Op::LSqb) || token.is(Op::LBrace);
}

bool is_close_bracket(const Token& token) {
  return token.is(Op::RPar) || token.is(Op::RSqb) || token.is(Op::RBrace);
}

} // namespace

void Parser::parse_statement(Block& out) {
  const Token& token = peek();
  if (token.kind == TokenKind::Indent)
    unexpected(token);
  if (token.kind == TokenKind::Name) {
    switch (token.keyword) {
    case KeywordId::if_:
      parse_if(out.emplace_back());
      return;
    case KeywordId::while_:
    case KeywordId::for_:
      parse_loop(out.emplace_back());
      return;
    case KeywordId::try_:
      parse_try(out.emplace_back());
      return;
    case KeywordId::with_:
      parse_with(out.emplace_back(), token);
      return;
    case KeywordId::def_:
      parse_function(out.emplace_back(), {});
      return;
    case KeywordId::class_:
      parse_class(out.emplace_back(), {});
      return;
    case KeywordId::async_: {
      const Token& next = peek(1);
      if (next.is(KeywordId::def_))
        parse_function(out.emplace_back(), {});
      else if (next.is(KeywordId::for_))
        parse_loop(out.emplace_back());
      else if (next.is(KeywordId::with_))
        parse_with(out.emplace_back(), token);
      else
        fail(next, "expected 'def', 'for' or 'with' after 'async', found " + describe(next));
      return;
    }
    case KeywordId::none:
      if (token.text == "match" && at_match_statement()) {
        parse_match(out.emplace_back());
        return;
      }
      break;
    default:
      break;
    }
  } else if (token.is(Op::At)) {
    parse_decorated(out.emplace_back());
    return;
  }
  parse_simple_statements(out);
}

void Parser::parse_simple_statements(Block& out) {
  for (;;) {
    parse_simple_statement(out.emplace_back());
    if (!accept(Op::Semi) || peek().kind == TokenKind::Newline)
      break;
  }
  if (peek().kind != TokenKind::Newline)
    unexpected(peek());
  advance();
}

void Parser::parse_simple_statement(Stmt& stmt) {
  stmt.location = location(peek());
  const Token& token = peek();
  switch (token.kind == TokenKind::Name ? token.keyword : KeywordId::none) {
  case KeywordId::pass_:
  case KeywordId::break_:
  case KeywordId::continue_:
    advance();
    break;
  case KeywordId::return_: {
    Discard discard(discarding_);
    advance();
    if (can_start_expression(peek()))
      parse_star_expressions();
    break;
  }
  case KeywordId::raise_: {
    Discard discard(discarding_);
    advance();
    if (can_start_expression(peek())) {
      parse_expression();
      if (accept(KeywordId::from_))
        parse_expression();
    }
    break;
  }
  case KeywordId::global_:
  case KeywordId::nonlocal_:
    advance();
    do
      expect_name("a name");
    while (accept(Op::Comma));
    break;
  case KeywordId::del_: {
    Discard discard(discarding_);
    advance();
    do
      parse_binary(kBitwiseOrPrecedence);
    while (accept(Op::Comma) && can_start_expression(peek()));
    break;
  }
  case KeywordId::assert_: {
    Discard discard(discarding_);
    advance();
    parse_expression();
    if (accept(Op::Comma))
      parse_expression();
    break;
  }
  case KeywordId::import_:
    parse_import(stmt);
    break;
  case KeywordId::from_:
    parse_from_import(stmt);
    break;
  case KeywordId::yield_: {
    Discard discard(discarding_);
    parse_yield();
    break;
  }
  case KeywordId::none:
    if (token.text == "type" && peek(1).is_identifier()) { // type X[T] = ...
      Discard discard(discarding_);
      advance();
      advance();
      if (peek().is(Op::LSqb))
        skip_brackets();
      expect(Op::Equal, "'=' in type alias");
      parse_expression();
      break;
    }
    parse_expression_statement(stmt);
    break;
  default:
    parse_expression_statement(stmt);
    break;
  }
  stmt.end_line = previous_end_line_;
}

void Parser::parse_expression_statement(Stmt& stmt) {
  subscripts_.clear();
  ExprPtr first = parse_star_expressions();
  const Token& token = peek();
  if (token.is(Op::Colon)) { // annotated assignment
    if (first->kind == ExprKind::Tuple || first->kind == ExprKind::List)
      fail(first->location, std::string("only single target (not ") +
                                (first->kind == ExprKind::Tuple ? "tuple" : "list") +
                                ") can be annotated");
    check_assignment_target(*first, false);
    advance();
    stmt.annotation = parse_expression();
    if (accept(Op::Equal))
      stmt.value = parse_assignment_value();
    if (first->kind == ExprKind::Name) {
      stmt.kind = StmtKind::Assign;
      stmt.targets.push_back(first->text());
    } else {
      stmt.annotation.reset();
      stmt.value.reset();
    }
    return;
  }
  if (token.is(Op::Equal)) {
    // `a = b = value`: the first target, the targets after it, the value. Chained targets are
    // rare, and an empty vector allocates nothing (a class body is mostly assignments).
    advance();
    ExprPtr value = parse_assignment_value();
    std::vector<ExprPtr> more;
    while (accept(Op::Equal)) {
      more.push_back(std::move(value));
      value = parse_assignment_value();
    }
    bool simple = true;
    auto check = [&](const Expr& target) {
      check_assignment_target(target, false);
      simple = simple && target.kind == ExprKind::Name;
    };
    check(*first);
    for (const ExprPtr& target : more)
      check(*target);
    if (simple) {
      stmt.kind = StmtKind::Assign;
      stmt.targets.reserve(1 + more.size());
      stmt.targets.push_back(first->text());
      for (const ExprPtr& target : more)
        stmt.targets.push_back(target->text());
      stmt.value = std::move(value);
    }
    return;
  }
  if (is_augmented_assignment(token)) {
    check_assignment_target(*first, true);
    Discard discard(discarding_);
    advance();
    parse_assignment_value();
  }
}

void Parser::check_assignment_target(const Expr& target, bool augmented) {
  const char* what = nullptr;
  switch (target.kind) {
  case ExprKind::Name:
  case ExprKind::Attribute:
    return;
  case ExprKind::Unresolved:
    if (std::find(subscripts_.begin(), subscripts_.end(), &target) != subscripts_.end())
      return;
    what = "expression";
    break;
  case ExprKind::Tuple:
  case ExprKind::List:
  case ExprKind::Starred:
    if (augmented)
      fail(target.location, std::string("'") +
                                (target.kind == ExprKind::Starred ? "starred"
                                 : target.kind == ExprKind::Tuple ? "tuple"
                                                                  : "list") +
                                "' is an illegal expression for augmented assignment");
    for (const ExprPtr& item : target.items)
      check_assignment_target(*item, false);
    return;
  case ExprKind::Call:
    what = "function call";
    break;
  case ExprKind::String:
  case ExprKind::Integer:
  case ExprKind::Float:
    what = "literal";
    break;
  case ExprKind::True:
    what = "True";
    break;
  case ExprKind::False:
    what = "False";
    break;
  case ExprKind::None:
    what = "None";
    break;
  case ExprKind::Dict:
    what = "dict literal";
    break;
  case ExprKind::Set:
    what = "set display";
    break;
  case ExprKind::Add:
  case ExprKind::Negate:
    what = "expression";
    break;
  }
  fail(target.location, std::string("cannot assign to ") + what);
}

std::string Parser::parse_dotted_name(const char* what) {
  std::string name(expect_name(what).text);
  while (accept(Op::Dot)) {
    name += '.';
    name += expect_name("a name after '.'").text;
  }
  return name;
}

void Parser::parse_import(Stmt& stmt) {
  StmtParts& parts = stmt.edit_parts();
  stmt.kind = StmtKind::Import;
  advance();
  do {
    ImportAlias alias;
    alias.location = location(peek());
    alias.name = parse_dotted_name("a module name after 'import'");
    if (accept(KeywordId::as_))
      alias.alias = expect_name("a name after 'as'").text;
    parts.names.push_back(std::move(alias));
  } while (accept(Op::Comma));
}

void Parser::parse_from_import(Stmt& stmt) {
  StmtParts& parts = stmt.edit_parts();
  stmt.kind = StmtKind::ImportFrom;
  advance();
  for (;;) {
    if (accept(Op::Dot))
      parts.level += 1;
    else if (accept(Op::Ellipsis))
      parts.level += 3;
    else
      break;
  }
  if (peek().is_identifier())
    parts.module = parse_dotted_name("a module name");
  else if (parts.level == 0)
    fail(peek(), "expected a module name after 'from', found " + describe(peek()));
  if (!accept(KeywordId::import_))
    fail(peek(), "expected 'import', found " + describe(peek()));
  if (peek().is(Op::Star)) {
    parts.names.push_back({"*", {}, location(peek())});
    advance();
    return;
  }
  const bool parenthesized = accept(Op::LPar);
  for (;;) {
    ImportAlias alias;
    alias.location = location(peek());
    alias.name = expect_name("a name to import").text;
    if (accept(KeywordId::as_))
      alias.alias = expect_name("a name after 'as'").text;
    parts.names.push_back(std::move(alias));
    if (!accept(Op::Comma))
      break;
    if (parenthesized && peek().is(Op::RPar))
      break;
    if (!parenthesized && !peek().is_identifier())
      fail(peek(), "trailing comma not allowed without surrounding parentheses");
  }
  if (parenthesized)
    expect(Op::RPar, "')' after the imported names");
}

void Parser::parse_block(Block& block, const char* what, std::uint32_t header_line) {
  expect(Op::Colon, "':'");
  if (peek().kind != TokenKind::Newline) { // `if x: y = 1`
    parse_simple_statements(block);
    return;
  }
  advance();
  if (peek().kind != TokenKind::Indent)
    fail(peek(), std::string("expected an indented block after ") + what + " on line " +
                     std::to_string(header_line));
  DepthGuard guard(*this, peek());
  advance();
  // Statements grow a reused buffer, then move into a block of exactly their number: growing
  // the block itself would allocate (and fault in) about twice the memory a class body needs.
  Block statements = borrow_block();
  while (peek().kind != TokenKind::Dedent)
    parse_statement(statements);
  advance();
  block.reserve(block.size() + statements.size());
  std::move(statements.begin(), statements.end(), std::back_inserter(block));
  return_block(std::move(statements));
}

Block Parser::borrow_block() {
  if (spare_blocks_.empty())
    return {};
  Block block = std::move(spare_blocks_.back());
  spare_blocks_.pop_back();
  return block;
}

void Parser::return_block(Block block) {
  block.clear();
  spare_blocks_.push_back(std::move(block));
}

void Parser::skip_block(const char* what, std::uint32_t header_line) {
  Block block = borrow_block();
  parse_block(block, what, header_line);
  return_block(std::move(block));
}

void Parser::parse_if(Stmt& stmt) {
  StmtParts& parts = stmt.edit_parts();
  stmt.kind = StmtKind::If;
  stmt.location = location(peek());
  advance();
  parse_condition();
  parse_block(parts.blocks.emplace_back(), "'if' statement", stmt.location.line);
  while (peek().is(KeywordId::elif_)) {
    const std::uint32_t line = advance().line;
    parse_condition();
    parse_block(parts.blocks.emplace_back(), "'elif' statement", line);
  }
  if (peek().is(KeywordId::else_)) {
    const std::uint32_t line = advance().line;
    parse_block(parts.blocks.emplace_back(), "'else' statement", line);
  }
  stmt.end_line = previous_end_line_;
}

void Parser::parse_try(Stmt& stmt) {
  StmtParts& parts = stmt.edit_parts();
  stmt.kind = StmtKind::Try;
  stmt.location = location(peek());
  advance();
  parse_block(parts.blocks.emplace_back(), "'try' statement", stmt.location.line);
  bool handlers = false;
  while (peek().is(KeywordId::except_)) {
    const std::uint32_t line = advance().line;
    accept(Op::Star); // except* (exception groups)
    if (!peek().is(Op::Colon)) {
      parse_condition();
      if (accept(KeywordId::as_))
        expect_name("a name after 'as'");
    }
    parse_block(parts.blocks.emplace_back(), "'except' statement", line);
    handlers = true;
  }
  if (handlers && peek().is(KeywordId::else_)) {
    const std::uint32_t line = advance().line;
    parse_block(parts.blocks.emplace_back(), "'else' statement", line);
  }
  if (peek().is(KeywordId::finally_)) {
    const std::uint32_t line = advance().line;
    parse_block(parts.blocks.emplace_back(), "'finally' statement", line);
  } else if (!handlers) {
    fail(peek(), "expected 'except' or 'finally' block");
  }
  stmt.end_line = previous_end_line_;
}

void Parser::parse_loop(Stmt& stmt) {
  stmt.location = location(peek());
  accept(KeywordId::async_);
  if (accept(KeywordId::while_)) {
    parse_condition();
    skip_block("'while' statement", stmt.location.line);
  } else {
    advance(); // for
    parse_target_list();
    if (!accept(KeywordId::in_))
      fail(peek(), "expected 'in', found " + describe(peek()));
    {
      Discard discard(discarding_);
      parse_star_expressions();
    }
    skip_block("'for' statement", stmt.location.line);
  }
  if (peek().is(KeywordId::else_)) {
    const std::uint32_t line = advance().line;
    skip_block("'else' statement", line);
  }
  stmt.end_line = previous_end_line_;
}

void Parser::parse_with(Stmt& stmt, const Token& start) {
  stmt.location = location(start);
  accept(KeywordId::async_);
  advance(); // with
  // `with (a as b, c as d):` groups its items in parentheses; `with (a, b) as c:` and
  // `with (a).b:` do not. The group is the items when its `)` is directly followed by `:`.
  bool grouped = false;
  if (peek().is(Op::LPar) && !peek(1).is(KeywordId::yield_)) { // `with (yield x):`
    std::size_t k = 1;
    for (int depth = 1; depth > 0; ++k) {
      const Token& token = peek(k);
      if (token.kind == TokenKind::EndMarker)
        break;
      depth += is_open_bracket(token) ? 1 : is_close_bracket(token) ? -1 : 0;
    }
    grouped = peek(k).is(Op::Colon);
  }
  {
    Discard discard(discarding_);
    if (grouped)
      advance();
    do {
      if (grouped && peek().is(Op::RPar))
        break;                   // trailing comma
      parse_expression(grouped); // `with (x := f()):` is a parenthesized named expression
      if (accept(KeywordId::as_))
        parse_binary(kBitwiseOrPrecedence);
    } while (accept(Op::Comma));
    if (grouped)
      expect(Op::RPar, "')'");
  }
  skip_block("'with' statement", stmt.location.line);
  stmt.end_line = previous_end_line_;
}

void Parser::parse_parameters(Op close, bool annotations) {
  Discard discard(discarding_);
  bool defaults = false; // a positional parameter had a default
  bool keyword_only = false;
  while (!peek().is(close)) {
    if (accept(Op::Slash)) {
      // positional-only marker
    } else if (peek().is(Op::Star) || peek().is(Op::DoubleStar)) {
      keyword_only = true;
      advance();
      if (peek().is_identifier()) { // a bare `*` has no name
        advance();
        if (annotations && accept(Op::Colon))
          parse_star_expression(); // *args: *Ts
      }
    } else {
      const Token name = expect_name("a parameter name");
      if (annotations && accept(Op::Colon))
        parse_expression();
      if (accept(Op::Equal)) {
        parse_expression();
        defaults = true;
      } else if (defaults && !keyword_only) {
        fail(name, "parameter without a default follows parameter with a default");
      }
    }
    if (!accept(Op::Comma))
      break;
  }
}

void Parser::skip_brackets() {
  int depth = 0;
  do {
    const Token token = advance();
    if (token.kind == TokenKind::EndMarker)
      fail(token, "unexpected end of file");
    depth += is_open_bracket(token) ? 1 : is_close_bracket(token) ? -1 : 0;
  } while (depth > 0);
}

void Parser::parse_function(Stmt& stmt, std::vector<ExprPtr> decorators) {
  StmtParts& parts = stmt.edit_parts();
  stmt.kind = StmtKind::FunctionDef;
  stmt.location = location(peek());
  parts.decorators = std::move(decorators);
  accept(KeywordId::async_);
  advance(); // def
  parts.name = expect_name("a function name after 'def'").text;
  if (peek().is(Op::LSqb))
    skip_brackets(); // type parameters
  expect(Op::LPar, "'(' after the function name");
  parse_parameters(Op::RPar, true);
  expect(Op::RPar, "')' after the parameters");
  if (accept(Op::Arrow)) {
    Discard discard(discarding_);
    parse_expression();
  }
  parse_block(parts.blocks.emplace_back(), "function definition", stmt.location.line);
  stmt.end_line = previous_end_line_;
}

void Parser::parse_class(Stmt& stmt, std::vector<ExprPtr> decorators) {
  StmtParts& parts = stmt.edit_parts();
  stmt.kind = StmtKind::ClassDef;
  stmt.location = location(peek());
  parts.decorators = std::move(decorators);
  advance(); // class
  parts.name = expect_name("a class name after 'class'").text;
  if (peek().is(Op::LSqb))
    skip_brackets(); // type parameters
  if (peek().is(Op::LPar)) {
    Expr arguments;
    parse_call_arguments(&arguments);
    parts.bases = arguments.items.take();
    parts.keywords = arguments.keywords.take();
  }
  parse_block(parts.blocks.emplace_back(), "class definition", stmt.location.line);
  stmt.end_line = previous_end_line_;
}

void Parser::parse_decorated(Stmt& stmt) {
  std::vector<ExprPtr> decorators;
  while (accept(Op::At)) {
    decorators.push_back(parse_expression(true));
    if (peek().kind != TokenKind::Newline)
      fail(peek(), "expected end of line after the decorator, found " + describe(peek()));
    advance();
  }
  const Token& token = peek();
  if (token.is(KeywordId::def_) || (token.is(KeywordId::async_) && peek(1).is(KeywordId::def_)))
    return parse_function(stmt, std::move(decorators));
  if (token.is(KeywordId::class_))
    return parse_class(stmt, std::move(decorators));
  if (token.kind == TokenKind::Indent)
    unexpected(token);
  fail(token, "expected a function or class definition after decorators, found " + describe(token));
}

void Parser::parse_condition() {
  Discard discard(discarding_);
  parse_expression(true);
}

// `match` is a soft keyword: `match x:` opens a match statement, while `match(x)`,
// `match = 1` or `match.group()` use a name. Only a match statement's logical line ends in ':'.
bool Parser::at_match_statement() {
  if (!can_start_expression(peek(1)))
    return false;
  std::size_t k = 1;
  while (peek(k).kind != TokenKind::Newline && peek(k).kind != TokenKind::EndMarker)
    ++k;
  return peek(k - 1).is(Op::Colon);
}

void Parser::parse_match(Stmt& stmt) {
  stmt.location = location(peek());
  advance(); // match
  {
    Discard discard(discarding_);
    parse_star_expression(true);
    while (accept(Op::Comma) && !peek().is(Op::Colon))
      parse_star_expression(true);
  }
  expect(Op::Colon, "':'");
  if (peek().kind != TokenKind::Newline)
    unexpected(peek());
  advance();
  if (peek().kind != TokenKind::Indent)
    fail(peek(), "expected an indented block after 'match' statement on line " +
                     std::to_string(stmt.location.line));
  DepthGuard guard(*this, peek());
  advance();
  while (peek().kind != TokenKind::Dedent) {
    if (!peek().is_soft_keyword("case"))
      fail(peek(), "expected 'case' block, found " + describe(peek()));
    const std::uint32_t line = advance().line;
    // Patterns are not needed: skip them up to the guard or the ':' outside brackets.
    int depth = 0;
    for (bool first = true;; first = false) {
      const Token& token = peek();
      if (depth == 0 && (token.is(Op::Colon) || token.is(KeywordId::if_))) {
        if (first)
          fail(token, "expected a pattern after 'case'");
        break;
      }
      if (token.kind == TokenKind::Newline || token.kind == TokenKind::EndMarker)
        fail(token, "expected ':'");
      depth += is_open_bracket(token) ? 1 : is_close_bracket(token) ? -1 : 0;
      advance();
    }
    if (accept(KeywordId::if_))
      parse_condition();
    skip_block("'case' statement", line);
  }
  advance();
  stmt.end_line = previous_end_line_;
}

} // namespace crochet::py::detail
