#pragma once
// Tokens of Python 3 source. A token is a view into the source buffer plus its location, so
// tokenizing allocates nothing per token; string values are decoded only on request
// (see string_literal.hpp).
#include <cstdint>
#include <string_view>

namespace crochet::py {

enum class TokenKind : std::uint8_t {
  Name,      // identifier or keyword (see Token::keyword)
  Number,    // see NumberKind in Token::flags
  String,    // one literal with its prefix and quotes; see StringFlag in Token::flags
  Op,        // operator or delimiter (see Token::op)
  Newline,   // end of a logical line
  Indent,    // the indentation grew (placed at the first character of the line)
  Dedent,    // one indentation level closed (placed at the first character of the line)
  EndMarker, // end of input
  Error,     // the tokenizer stopped on an error (see Tokenizer::diagnostic())
};

// Hard keywords. Soft keywords (match, case, type, _) are plain names.
enum class KeywordId : std::uint8_t {
  none,
  False_,
  None_,
  True_,
  and_,
  as_,
  assert_,
  async_,
  await_,
  break_,
  class_,
  continue_,
  def_,
  del_,
  elif_,
  else_,
  except_,
  finally_,
  for_,
  from_,
  global_,
  if_,
  import_,
  in_,
  is_,
  lambda_,
  nonlocal_,
  not_,
  or_,
  pass_,
  raise_,
  return_,
  try_,
  while_,
  with_,
  yield_,
};

enum class Op : std::uint8_t {
  none,
  LPar,             // (
  RPar,             // )
  LSqb,             // [
  RSqb,             // ]
  LBrace,           // {
  RBrace,           // }
  Colon,            // :
  Comma,            // ,
  Semi,             // ;
  Plus,             // +
  Minus,            // -
  Star,             // *
  Slash,            // /
  VBar,             // |
  Amper,            // &
  Less,             // <
  Greater,          // >
  Equal,            // =
  Dot,              // .
  Percent,          // %
  Tilde,            // ~
  Circumflex,       // ^
  At,               // @
  Exclamation,      // ! (only meaningful inside f-strings; rejected by the parser)
  EqEqual,          // ==
  NotEqual,         // !=
  LessEqual,        // <=
  GreaterEqual,     // >=
  LeftShift,        // <<
  RightShift,       // >>
  DoubleStar,       // **
  DoubleSlash,      // //
  Arrow,            // ->
  ColonEqual,       // :=
  PlusEqual,        // +=
  MinusEqual,       // -=
  StarEqual,        // *=
  SlashEqual,       // /=
  PercentEqual,     // %=
  AmperEqual,       // &=
  VBarEqual,        // |=
  CircumflexEqual,  // ^=
  AtEqual,          // @=
  LeftShiftEqual,   // <<=
  RightShiftEqual,  // >>=
  DoubleStarEqual,  // **=
  DoubleSlashEqual, // //=
  Ellipsis,         // ...
  Invalid,          // $ ? ` : not Python; the parser reports them where they stand
};

// Token::flags of a String token.
namespace string_flag {
inline constexpr std::uint8_t raw = 1;     // r prefix: backslashes are literal
inline constexpr std::uint8_t bytes = 2;   // b prefix
inline constexpr std::uint8_t fstring = 4; // f prefix: value not known statically
inline constexpr std::uint8_t triple = 8;  // ''' or """
// A bad escape (\x1, \N{...}) or a non-ASCII character in a bytes literal, which the parser
// reports when it reaches the literal (CPython finds these while parsing, not tokenizing).
inline constexpr std::uint8_t invalid = 16;
} // namespace string_flag

// Token::flags of a Number token.
enum class NumberKind : std::uint8_t { Integer, Float, Imaginary };

struct Token {
  std::string_view text;      // exact source text
  std::uint32_t line = 0;     // 1-based line of the first character
  std::uint32_t column = 0;   // 1-based column of the first character, in code points
  std::uint32_t end_line = 0; // line of the last character (differs for triple-quoted strings)
  TokenKind kind = TokenKind::EndMarker;
  KeywordId keyword = KeywordId::none; // Name only
  Op op = Op::none;                    // Op only
  std::uint8_t flags = 0;              // String: string_flag bits; Number: NumberKind

  bool is(Op o) const { return kind == TokenKind::Op && op == o; }
  bool is(KeywordId k) const { return kind == TokenKind::Name && keyword == k; }
  // A name that is not a hard keyword (soft keywords included).
  bool is_identifier() const { return kind == TokenKind::Name && keyword == KeywordId::none; }
  bool is_soft_keyword(std::string_view word) const { return is_identifier() && text == word; }
  NumberKind number_kind() const { return static_cast<NumberKind>(flags); }
};

// "NAME", "OP", ... for messages and tests.
std::string_view token_kind_name(TokenKind kind);

} // namespace crochet::py
