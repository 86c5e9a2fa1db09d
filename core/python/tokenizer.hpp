#pragma once
// A Python 3 tokenizer over a UTF-8 source buffer, producing tokens on demand. It follows
// CPython's tokenizer: INDENT/DEDENT from an indentation stack (tab stops of 8, and the
// tabs-versus-spaces consistency check), implicit line joining inside brackets, backslash
// continuation, blank and comment-only lines ignored, \n, \r\n and \r line endings, a UTF-8 BOM
// skipped. It stops at the first error, which is kept as a located Diagnostic.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/python/token.hpp"
#include "core/util/diagnostic.hpp"

namespace crochet::py {

// How a tokenizer error ranks against a syntax error the parser found before reaching it.
// Like CPython: lexical errors (strings, characters, numbers, brackets that do not match) are
// reported even when a syntax error came first; weak ones (indentation, line continuation) are
// not; an unclosed bracket is when it was opened before the syntax error's line.
enum class TokenErrorKind { Lexical, Weak, UnclosedBracket };

class Tokenizer {
public:
  // `source` must outlive the tokenizer and its tokens. `path` is only used in diagnostics.
  Tokenizer(std::string_view source, std::string_view path);
  // A tokenizer over `part`, a piece of `source` that begins on line `line` (an f-string's
  // replacement field): its tokens carry their line and column in `source`.
  Tokenizer(std::string_view source, std::string_view part, std::uint32_t line,
            std::string_view path);

  // The next token. After EndMarker or Error, the same kind is returned forever.
  void next(Token& token);
  Token next() {
    Token token;
    next(token);
    return token;
  }

  // The error that stopped tokenizing, once next() has returned an Error token.
  const std::optional<Diagnostic>& error() const { return error_; }
  TokenErrorKind error_kind() const { return error_kind_; }
  // "'(' was never closed" for the innermost bracket still open, if any.
  std::optional<Diagnostic> unclosed_bracket() const;

  // The source without its BOM: token texts point into it.
  std::string_view source() const { return {begin_, static_cast<std::size_t>(end_ - begin_)}; }

private:
  struct Bracket {
    char c;
    const char* position;
  };

  // Scanners write the token they find into `out`; on an error, failed_ is set instead.
  void produce(Token& out);
  bool start_logical_line(Token& token);
  void scan_name(const char* start, Token& out);
  void scan_number(const char* start, Token& out);
  void scan_string(const char* start, const char* quote, std::uint8_t flags, Token& out);
  void scan_operator(const char* start, Token& out);
  void end_of_input(Token& out);

  // String scanning helpers: each returns the position after what it scanned, or nullptr after
  // recording an error.
  const char* scan_plain_body(const char* p, char quote, bool triple, bool& has_escape,
                              bool& non_ascii);
  const char* scan_fstring_body(const char* p, char quote, bool triple, bool raw, int depth);
  const char* scan_fstring_field(const char* p, char quote, bool triple, bool raw, int depth);
  const char* scan_nested_string(const char* p, const char* field_start, int depth);
  const char* skip_newline(const char* p);

  void make(Token& out, TokenKind kind, const char* start, const char* end, std::uint32_t line,
            std::uint32_t column);
  std::uint32_t column_at(const char* position);
  void fail(const char* position, std::string message,
            TokenErrorKind kind = TokenErrorKind::Lexical);

  const char* begin_;
  const char* end_;
  const char* p_;
  std::string path_;

  std::uint32_t line_ = 1;
  const char* line_start_;
  const char* column_anchor_; // a position on the current line whose column is known
  std::uint32_t column_anchor_value_ = 1;
  bool line_non_ascii_ = false; // the current line may hold multi-byte characters so far

  bool at_line_start_ = true;          // the next character starts a logical line
  bool line_has_tokens_ = false;       // the current logical line produced a token
  const char* continuation_ = nullptr; // backslash that continued the current line, if any
  std::vector<Bracket> brackets_;
  std::vector<std::uint32_t> indents_{0};     // columns with tab stops of 8
  std::vector<std::uint32_t> alt_indents_{0}; // columns with tab stops of 1
  int pending_dedents_ = 0;
  Token dedent_;
  const char* string_start_ = nullptr; // the literal being scanned, for its errors
  bool failed_ = false;
  Token error_token_;
  std::optional<Diagnostic> error_;
  TokenErrorKind error_kind_ = TokenErrorKind::Lexical;
};

struct TokenizeResult {
  std::vector<Token> tokens; // ends with EndMarker, or with Error when diagnostics has the error
  Diagnostics diagnostics;
};

// Tokenizes a whole source (for tests and tools; the parser pulls tokens one by one).
TokenizeResult tokenize(std::string_view source, std::string_view path);

// The text of line `line` (1-based) of `source`, without its terminator (\n, \r\n or \r). Bytes
// that are not valid UTF-8 are replaced by U+FFFD so the line can be printed.
std::string source_line(std::string_view source, std::uint32_t line);

// A located error diagnostic about `source` (line and column 1-based, column in code points).
Diagnostic make_error(std::string_view source, std::string_view path, std::uint32_t line,
                      std::uint32_t column, std::string message);

} // namespace crochet::py
