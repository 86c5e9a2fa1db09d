#pragma once
// The recursive-descent parser behind parse_module() (internal to core/python). It pulls tokens
// from the Tokenizer with a small lookahead queue, builds ast.hpp nodes for the forms the model
// reader understands and parses every other Python 3.12 form only far enough to know its extent
// (kept as Unresolved expressions or Other statements). The first error stops the parse.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/python/ast.hpp"
#include "core/python/parser.hpp"
#include "core/python/token.hpp"
#include "core/python/tokenizer.hpp"

namespace crochet::py::detail {

// Thrown by Parser::fail to unwind to parse_module, which turns it into a diagnostic.
struct ParseFailure {};

class Parser {
public:
  Parser(std::string_view source, std::string_view path);
  // A parser of `field`, an f-string's replacement field in `source` on line `line` (see
  // parse_fstring_field).
  Parser(std::string_view source, std::string_view field, std::uint32_t line,
         std::string_view path);
  ParseResult parse();
  // The field's expression, located in the whole source; null when it is not one expression.
  ExprPtr parse_fstring_field();
  // The texts the nodes built so far view outside the source, for their owner to keep.
  TextStore take_texts() { return std::move(texts_); }

private:
  friend class DepthGuard;

  // Token stream. peek() and accept() are inline: they run several times per token.
  const Token& peek() const {
    if (current_.kind == TokenKind::Error)
      throw ParseFailure{}; // parse() reports the tokenizer's error
    return current_;
  }
  const Token& peek(std::size_t ahead);
  // Consumes the current token and returns it.
  Token advance() {
    Token token = current_;
    if (token.kind == TokenKind::Error)
      throw ParseFailure{};
    if (token.kind <= TokenKind::Op) { // Name, Number, String, Op: real source text
      previous_end_ = token.text.data() + token.text.size();
      previous_end_line_ = token.end_line;
    }
    if (ahead_count_ == 0) {
      if (token.kind != TokenKind::EndMarker)
        tokenizer_.next(current_);
    } else {
      current_ = ahead_[ahead_head_];
      ahead_head_ = (ahead_head_ + 1) & (ahead_.size() - 1);
      --ahead_count_;
    }
    return token;
  }
  bool accept(Op op) {
    if (!peek().is(op))
      return false;
    advance();
    return true;
  }
  bool accept(KeywordId keyword) {
    if (!peek().is(keyword))
      return false;
    advance();
    return true;
  }
  Token expect(Op op, const char* what);
  Token expect_name(const char* what);
  [[noreturn]] void fail(const Token& at, std::string message);
  [[noreturn]] void fail(Location at, std::string message);
  [[noreturn]] void unexpected(const Token& at);
  [[noreturn]] void fail_in_string(const Token& literal); // a string_flag::invalid literal
  static Location location(const Token& token) { return {token.line, token.column}; }
  // Where `at`, a position inside the literal token `literal` (which may span lines), is.
  static Location location_in(const Token& literal, const char* at);
  // Source text from `start` to the end of the last consumed token, line endings normalised.
  std::string_view text_since(const char* start);
  std::string describe(const Token& token) const;

  // Statements (parse_statement.cpp).
  // Each parse_* of a statement fills `stmt`, constructed in place in its block.
  void parse_statement(Block& out);
  void parse_simple_statements(Block& out);
  void parse_simple_statement(Stmt& stmt);
  void parse_expression_statement(Stmt& stmt);
  void parse_import(Stmt& stmt);
  void parse_from_import(Stmt& stmt);
  std::string parse_dotted_name(const char* what);
  void parse_block(Block& block, const char* what, std::uint32_t header_line);
  void skip_block(const char* what, std::uint32_t header_line); // the body of an Other
  Block borrow_block(); // an empty statement buffer, reusing a returned one's capacity
  void return_block(Block block);
  void parse_if(Stmt& stmt);
  void parse_try(Stmt& stmt);
  void parse_loop(Stmt& stmt);
  void parse_with(Stmt& stmt, const Token& start);
  void parse_function(Stmt& stmt, std::vector<ExprPtr> decorators);
  void parse_class(Stmt& stmt, std::vector<ExprPtr> decorators);
  void parse_decorated(Stmt& stmt);
  void parse_match(Stmt& stmt);
  bool at_match_statement();
  void parse_condition(); // an expression whose value no statement keeps
  void parse_parameters(Op close, bool annotations);
  void skip_brackets(); // a balanced [...] group, e.g. type parameters
  void check_assignment_target(const Expr& target, bool augmented);

  // Expressions (parse_expression.cpp).
  // An expression: lambda, conditional, ..., and `name := value` where `named` allows it.
  ExprPtr parse_expression(bool named = false);
  ExprPtr parse_star_expression(bool named = false);
  ExprPtr parse_star_expressions(); // a, *b, c  -> Tuple when a comma appears
  ExprPtr parse_assignment_value(); // yield expression or star expressions
  ExprPtr parse_yield();
  ExprPtr parse_lambda();
  ExprPtr parse_binary(int min_precedence);
  ExprPtr parse_unary();
  ExprPtr parse_power();
  ExprPtr parse_primary();
  // The rest of a binary operation, power or primary after its first operand, which began at
  // `start` (`at`) and has been parsed into `left`, `base` or `expr`.
  ExprPtr continue_binary(int min_precedence, ExprPtr left, const char* start, Location at);
  ExprPtr continue_power(ExprPtr base, const char* start, Location at);
  ExprPtr continue_primary(ExprPtr expr, const char* start, Location at);
  void parse_trailers(); // .name, (args), [subscript] after a primary, discarding them
  ExprPtr parse_atom();
  ExprPtr parse_strings();
  // F-strings (parse_fstring.cpp). An f-string's String node keeps, as its items, the pieces
  // its value is made of: its literal text as String nodes and each replacement field's
  // expression, so that the model reader can fold it; it has none when a piece cannot be kept
  // (a format spec, a conversion other than !s, a `=` field, a quote or comment inside a field).
  // Appends the pieces of one f-string literal; false when one cannot be kept.
  bool add_fstring_pieces(Expr& string, const Token& part);
  // Appends a String piece whose value is `text`, which must outlive the module.
  static void add_text_piece(Expr& string, std::string_view text);
  // The value of the plain (not f-) literal `part` as a view that outlives the parse.
  std::string_view kept_value(const Token& part);
  ExprPtr parse_number(const Token& token);
  ExprPtr parse_parenthesized();
  ExprPtr parse_list();
  ExprPtr parse_braces();
  void parse_call_arguments(Expr* call); // call may be null when discarding
  void parse_subscript();
  void parse_comprehension(); // one or more `for ... in ... if ...` clauses
  void parse_target_list();   // for-loop and comprehension targets, up to `in`
  bool at_comprehension();
  bool can_start_expression(const Token& token) const;

  // Nodes are built only outside discarding scopes; inside them (the parts of an Unresolved
  // expression, the expressions of an Other statement) these return null and nothing is kept.
  ExprPtr node(ExprKind kind, Location at);
  ExprPtr unresolved(const char* start, Location at);
  static void add_item(const ExprPtr& parent, ExprPtr item) {
    if (parent)
      push(parent->items, std::move(item));
  }
  // push_back that starts a vector at a few elements rather than growing it 1, 2, 4.
  template <typename List, typename T> static void push(List& vector, T value) {
    if (vector.empty())
      vector.reserve(4);
    vector.push_back(std::move(value));
  }

  std::string_view source_;
  std::string path_;
  Tokenizer tokenizer_;
  Token current_;
  // Tokens after current_ that peek(n) already read: a ring buffer, its size a power of two.
  std::vector<Token> ahead_ = std::vector<Token>(16);
  std::size_t ahead_head_ = 0;
  std::size_t ahead_count_ = 0;
  const char* previous_end_;            // end of the last consumed Name/Number/String/Op
  std::uint32_t previous_end_line_ = 0; // its last line
  int depth_ = 0;
  int discarding_ = 0;             // > 0 while parsing what no node will keep
  bool indentation_error_ = false; // "unexpected indent": CPython reports it before all else
  // Subscript expressions (Unresolved, but assignable) built since the statement began.
  std::vector<const Expr*> subscripts_;
  std::vector<Block> spare_blocks_; // buffers of finished blocks, one per nesting level in use
  // Positional arguments and keywords of the calls being parsed, innermost last: each call
  // takes its own off the top into storage of their exact size.
  std::vector<ExprPtr> pending_items_;
  std::vector<Keyword> pending_keywords_;
  Diagnostics diagnostics_;
  TextStore texts_; // becomes the module's: the texts its nodes do not view in the source
};

// Marks a scope whose expressions are parsed for their extent and errors only. The parse and its
// errors are the same either way; only the nodes are not built.
class Discard {
public:
  explicit Discard(int& counter) : counter_(counter) { ++counter_; }
  ~Discard() { --counter_; }
  Discard(const Discard&) = delete;
  Discard& operator=(const Discard&) = delete;

private:
  int& counter_;
};

// Counts one level of syntactic nesting for the lifetime of a recursive step; fails with
// "too deeply nested" past the limit so hostile input cannot exhaust the stack.
class DepthGuard {
public:
  DepthGuard(Parser& parser, const Token& at);
  ~DepthGuard() { --parser_.depth_; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;

private:
  Parser& parser_;
};

} // namespace crochet::py::detail
