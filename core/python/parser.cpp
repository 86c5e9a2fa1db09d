#include "core/python/parser.hpp"

#include <cstdio>
#include <iterator>
#include <new>

#include "core/python/parser_impl.hpp"
#include "core/python/string_literal.hpp"
#include "core/python/unicode.hpp"

namespace crochet::py {
namespace detail {
namespace {

// Nesting levels (brackets, unary operators, nested blocks, ...) before "too deeply nested".
// Real code stays far below; the limit bounds stack use on hostile input.
constexpr int kMaxDepth = 100;

} // namespace

DepthGuard::DepthGuard(Parser& parser, const Token& at) : parser_(parser) {
  if (++parser_.depth_ > kMaxDepth) {
    --parser_.depth_;
    parser_.fail(at, "too deeply nested");
  }
}

Parser::Parser(std::string_view source, std::string_view path)
    : source_(source), path_(path), tokenizer_(source, path) {
  source_ = tokenizer_.source();
  previous_end_ = source_.data();
  tokenizer_.next(current_);
}

Parser::Parser(std::string_view source, std::string_view field, std::uint32_t line,
               std::string_view path)
    : source_(field), path_(path), tokenizer_(source, field, line, path) {
  previous_end_ = source_.data();
  tokenizer_.next(current_);
}

const Token& Parser::peek(std::size_t ahead) {
  if (ahead == 0)
    return peek();
  while (ahead_count_ < ahead) { // past the end, the tokenizer repeats EndMarker or Error
    if (ahead_count_ == ahead_.size()) {
      std::vector<Token> bigger(ahead_.size() * 2);
      for (std::size_t i = 0; i < ahead_count_; ++i)
        bigger[i] = ahead_[(ahead_head_ + i) & (ahead_.size() - 1)];
      ahead_ = std::move(bigger);
      ahead_head_ = 0;
    }
    tokenizer_.next(ahead_[(ahead_head_ + ahead_count_) & (ahead_.size() - 1)]);
    ++ahead_count_;
  }
  const Token& token = ahead_[(ahead_head_ + ahead - 1) & (ahead_.size() - 1)];
  if (token.kind == TokenKind::Error)
    throw ParseFailure{};
  return token;
}

Token Parser::expect(Op op, const char* what) {
  if (!peek().is(op))
    fail(peek(), std::string("expected ") + what);
  return advance();
}

Token Parser::expect_name(const char* what) {
  if (!peek().is_identifier())
    fail(peek(), std::string("expected ") + what + ", found " + describe(peek()));
  return advance();
}

void Parser::fail(const Token& at, std::string message) {
  if (at.is(Op::Invalid)) { // whatever was expected, this character is the problem
    char code[16];
    std::snprintf(code, sizeof code, " (U+%04X)", static_cast<unsigned>(at.text[0]));
    fail(location(at), "invalid character '" + std::string(at.text) + "'" + code);
  }
  const char* source_end = source_.data() + source_.size();
  if (at.text.data() != source_end || at.kind <= TokenKind::Op)
    fail(location(at), std::move(message));
  // At the end of the file, point after the last line's last character, as CPython does.
  const char* end = source_end;
  while (end > source_.data() && (end[-1] == '\n' || end[-1] == '\r'))
    --end;
  const char* line_start = end;
  while (line_start > source_.data() && line_start[-1] != '\n' && line_start[-1] != '\r')
    --line_start;
  std::uint32_t line = 1;
  for (const char* p = source_.data(); p < line_start; ++p)
    line += *p == '\n' || (*p == '\r' && (p + 1 >= line_start || p[1] != '\n'));
  fail(Location{line, count_code_points(line_start, end) + 1}, std::move(message));
}

void Parser::fail(Location at, std::string message) {
  diagnostics_.push_back(make_error(source_, path_, at.line, at.column, std::move(message)));
  throw ParseFailure{};
}

Location Parser::location_in(const Token& literal, const char* at) {
  Location where = location(literal);
  for (const char* p = literal.text.data(); p < at; ++p) { // the literal may span lines
    if (*p == '\n' || *p == '\r') {
      if (*p == '\r' && p + 1 < at && p[1] == '\n')
        ++p;
      ++where.line;
      where.column = 1;
    } else if ((static_cast<unsigned char>(*p) & 0xC0) != 0x80) {
      ++where.column;
    }
  }
  return where;
}

void Parser::fail_in_string(const Token& literal) {
  const EscapeError error = string_error(literal);
  fail(location_in(literal, literal.text.data() + error.offset), error.message);
}

void Parser::unexpected(const Token& at) {
  if (at.kind == TokenKind::Indent) {
    indentation_error_ = true;
    fail(at, "unexpected indent");
  }
  if (at.kind == TokenKind::Dedent)
    fail(at, "unindent does not match the block structure");
  fail(at, "invalid syntax: unexpected " + describe(at));
}

std::string Parser::describe(const Token& token) const {
  switch (token.kind) {
  case TokenKind::Newline:
    return "end of line";
  case TokenKind::EndMarker:
    return "end of file";
  case TokenKind::Indent:
    return "indent";
  case TokenKind::Dedent:
    return "dedent";
  case TokenKind::String:
    return "string literal";
  case TokenKind::Number:
    return "number " + std::string(token.text);
  case TokenKind::Name:
    return (token.keyword == KeywordId::none ? "name '" : "keyword '") + std::string(token.text) +
           "'";
  default:
    return "'" + std::string(token.text) + "'";
  }
}

std::string_view Parser::text_since(const char* start) {
  if (previous_end_ <= start)
    return {};
  const std::string_view text(start, static_cast<std::size_t>(previous_end_ - start));
  if (text.find('\r') == std::string_view::npos)
    return text;
  std::string normalised;
  append_normalised(normalised, text);
  return texts_.keep(normalised);
}

ExprPtr Parser::node(ExprKind kind, Location at) {
  if (discarding_)
    return nullptr;
  auto expr = std::make_unique<Expr>();
  expr->kind = kind;
  expr->location = at;
  return expr;
}

ExprPtr Parser::unresolved(const char* start, Location at) {
  ExprPtr expr = node(ExprKind::Unresolved, at);
  if (expr)
    expr->set_text(text_since(start));
  return expr;
}

ParseResult Parser::parse() {
  ParseResult result;
  result.module.path = path_;
  try {
    Block statements = borrow_block();
    while (peek().kind != TokenKind::EndMarker)
      parse_statement(statements);
    result.module.body.reserve(statements.size());
    std::move(statements.begin(), statements.end(), std::back_inserter(result.module.body));
  } catch (const ParseFailure&) {
    // Read on to the end: a tokenizer error may explain the syntax error (an unclosed bracket
    // or string), and CPython reports it instead; see TokenErrorKind.
    if (!tokenizer_.error()) {
      Token token = current_;
      while (token.kind != TokenKind::EndMarker && token.kind != TokenKind::Error)
        token = tokenizer_.next();
    }
    if (const auto& token_error = tokenizer_.error()) {
      std::optional<Diagnostic> report = *token_error;
      if (indentation_error_) {
        report.reset();
      } else if (!diagnostics_.empty() && tokenizer_.error_kind() != TokenErrorKind::Lexical) {
        // A weak error or the end of the file inside brackets: the bracket explains the syntax
        // error when it was opened on an earlier line.
        report = tokenizer_.unclosed_bracket();
        if (report && report->line >= diagnostics_.front().line)
          report.reset();
      }
      if (report) {
        diagnostics_.clear();
        diagnostics_.push_back(std::move(*report));
      }
    }
    if (const std::uint32_t line = conflict_marker_line(source_)) {
      diagnostics_.clear();
      diagnostics_.push_back(
          make_error(source_, path_, line, 1,
                     "unresolved merge conflict: resolve it, then run again (`git status` "
                     "lists the conflicted files)"));
    }
    result.module.body.clear();
  } catch (const std::bad_alloc&) {
    diagnostics_.clear();
    diagnostics_.push_back(make_error(source_, path_, 0, 0, "out of memory while parsing"));
    result.module.body.clear();
  }
  result.module.texts = std::move(texts_);
  result.diagnostics = std::move(diagnostics_);
  return result;
}

} // namespace detail

ParseResult parse_module(std::string_view source, std::string_view path) {
  try {
    detail::Parser parser(source, path);
    return parser.parse();
  } catch (const std::bad_alloc&) {
    ParseResult result;
    result.module.path = std::string(path);
    result.diagnostics.push_back(make_error(source, path, 0, 0, "out of memory while parsing"));
    return result;
  }
}

} // namespace crochet::py
