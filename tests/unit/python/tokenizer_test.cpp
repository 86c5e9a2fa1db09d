#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/python/string_literal.hpp"
#include "core/python/tokenizer.hpp"

namespace crochet::py {
namespace {

// "KIND text" per token, without the final ENDMARKER; NEWLINE/INDENT/DEDENT without text.
std::vector<std::string> tokens(std::string_view source) {
  TokenizeResult result = tokenize(source, "t.py");
  EXPECT_TRUE(result.diagnostics.empty())
      << (result.diagnostics.empty() ? "" : result.diagnostics[0].format());
  std::vector<std::string> out;
  for (const Token& token : result.tokens) {
    if (token.kind == TokenKind::EndMarker)
      break;
    std::string text(token_kind_name(token.kind));
    if (token.kind <= TokenKind::Op)
      text += " " + std::string(token.text);
    out.push_back(text);
  }
  return out;
}

using Strings = std::vector<std::string>;

Token single(std::string_view source, TokenKind kind) {
  TokenizeResult result = tokenize(source, "t.py");
  EXPECT_TRUE(result.diagnostics.empty());
  EXPECT_GE(result.tokens.size(), 1u);
  EXPECT_EQ(result.tokens[0].kind, kind) << source;
  return result.tokens[0];
}

std::string value(std::string_view literal) {
  std::string out;
  append_string_value(out, single(literal, TokenKind::String));
  return out;
}

Diagnostic error_of(std::string_view source) {
  TokenizeResult result = tokenize(source, "bad.py");
  EXPECT_EQ(result.diagnostics.size(), 1u) << source;
  EXPECT_EQ(result.tokens.back().kind, TokenKind::Error);
  return result.diagnostics.empty() ? Diagnostic{} : result.diagnostics[0];
}

TEST(Tokenizer, SimpleStatement) {
  EXPECT_EQ(tokens("x = foo(1, 'a')\n"), (Strings{"NAME x", "OP =", "NAME foo", "OP (", "NUMBER 1",
                                                  "OP ,", "STRING 'a'", "OP )", "NEWLINE"}));
}

TEST(Tokenizer, EmptyAndBlankSources) {
  EXPECT_EQ(tokens(""), Strings{});
  EXPECT_EQ(tokens("\n\n   \n# only a comment\n\t\n"), Strings{});
}

TEST(Tokenizer, LastLineWithoutNewlineStillEndsWithNewline) {
  EXPECT_EQ(tokens("pass"), (Strings{"NAME pass", "NEWLINE"}));
}

TEST(Tokenizer, KeywordsAndSoftKeywords) {
  TokenizeResult result = tokenize("class match None async await lambda", "t.py");
  EXPECT_EQ(result.tokens[0].keyword, KeywordId::class_);
  EXPECT_EQ(result.tokens[1].keyword, KeywordId::none); // soft keyword: a plain name
  EXPECT_TRUE(result.tokens[1].is_soft_keyword("match"));
  EXPECT_EQ(result.tokens[2].keyword, KeywordId::None_);
  EXPECT_EQ(result.tokens[3].keyword, KeywordId::async_);
  EXPECT_EQ(result.tokens[4].keyword, KeywordId::await_);
  EXPECT_EQ(result.tokens[5].keyword, KeywordId::lambda_);
}

TEST(Tokenizer, UnicodeIdentifiers) {
  EXPECT_EQ(tokens("café = naïve_名前 + Ωmega\n"),
            (Strings{"NAME café", "OP =", "NAME naïve_名前", "OP +", "NAME Ωmega", "NEWLINE"}));
}

TEST(Tokenizer, ColumnsCountCodePoints) {
  TokenizeResult result = tokenize("é = 'ü' + x\n", "t.py");
  ASSERT_GE(result.tokens.size(), 5u);
  EXPECT_EQ(result.tokens[1].column, 3u); // '=' after one two-byte character and a space
  EXPECT_EQ(result.tokens[2].column, 5u);
  EXPECT_EQ(result.tokens[3].column, 9u);
  EXPECT_EQ(result.tokens[4].column, 11u);
}

TEST(Tokenizer, Numbers) {
  EXPECT_EQ(
      tokens("1_000 0x_FF 0o17 0B101 1.5 .5 5. 1e10 1E-3 1_0.2_5e+1_0 3j 2.5J 0 00 0_0\n"),
      (Strings{"NUMBER 1_000", "NUMBER 0x_FF", "NUMBER 0o17", "NUMBER 0B101", "NUMBER 1.5",
               "NUMBER .5", "NUMBER 5.", "NUMBER 1e10", "NUMBER 1E-3", "NUMBER 1_0.2_5e+1_0",
               "NUMBER 3j", "NUMBER 2.5J", "NUMBER 0", "NUMBER 00", "NUMBER 0_0", "NEWLINE"}));
  EXPECT_EQ(single("42", TokenKind::Number).number_kind(), NumberKind::Integer);
  EXPECT_EQ(single("4.2", TokenKind::Number).number_kind(), NumberKind::Float);
  EXPECT_EQ(single("1e3", TokenKind::Number).number_kind(), NumberKind::Float);
  EXPECT_EQ(single("4j", TokenKind::Number).number_kind(), NumberKind::Imaginary);
}

TEST(Tokenizer, NumberFollowedByKeywordIsAccepted) {
  EXPECT_EQ(tokens("x = 1if y else 2\n"), (Strings{"NAME x", "OP =", "NUMBER 1", "NAME if",
                                                   "NAME y", "NAME else", "NUMBER 2", "NEWLINE"}));
}

TEST(Tokenizer, InvalidNumbers) {
  EXPECT_EQ(error_of("x = 1__0\n").message, "invalid decimal literal");
  EXPECT_EQ(error_of("x = 1_\n").message, "invalid decimal literal");
  EXPECT_EQ(error_of("x = 12abc\n").message, "invalid decimal literal");
  EXPECT_EQ(error_of("x = 0x\n").message, "invalid hexadecimal literal");
  EXPECT_EQ(error_of("x = 0b102\n").message, "invalid digit '2' in binary literal");
  EXPECT_EQ(error_of("x = 0o8\n").message, "invalid octal literal");
  Diagnostic d = error_of("x = 0777\n");
  EXPECT_EQ(d.line, 1u);
  EXPECT_EQ(d.column, 5u);
  EXPECT_NE(d.message.find("leading zeros"), std::string::npos);
}

TEST(Tokenizer, AllOperators) {
  EXPECT_EQ(tokens("-> := **= //= >>= <<= ... != == <= >= ** // << >> += -= *= /= %= &= |= ^= "
                   "@= @ + - * / % & | ^ ~ < > = . , : ;\n"),
            (Strings{"OP ->", "OP :=", "OP **=", "OP //=", "OP >>=", "OP <<=", "OP ...",
                     "OP !=", "OP ==", "OP <=",  "OP >=",  "OP **",  "OP //",  "OP <<",
                     "OP >>", "OP +=", "OP -=",  "OP *=",  "OP /=",  "OP %=",  "OP &=",
                     "OP |=", "OP ^=", "OP @=",  "OP @",   "OP +",   "OP -",   "OP *",
                     "OP /",  "OP %",  "OP &",   "OP |",   "OP ^",   "OP ~",   "OP <",
                     "OP >",  "OP =",  "OP .",   "OP ,",   "OP :",   "OP ;",   "NEWLINE"}));
  EXPECT_EQ(single("**=", TokenKind::Op).op, Op::DoubleStarEqual);
  EXPECT_EQ(single("->", TokenKind::Op).op, Op::Arrow);
  EXPECT_EQ(single(":=", TokenKind::Op).op, Op::ColonEqual);
  EXPECT_EQ(single("...", TokenKind::Op).op, Op::Ellipsis);
}

TEST(Tokenizer, EveryStringPrefix) {
  for (const char* prefix :
       {"",   "r",  "u",  "R",  "U",  "b",  "B",  "f",  "F",  "br", "Br", "bR", "BR",
        "rb", "rB", "Rb", "RB", "fr", "Fr", "fR", "FR", "rf", "rF", "Rf", "RF"}) {
    const std::string literal = std::string(prefix) + "'x'";
    Token token = single(literal, TokenKind::String);
    EXPECT_EQ(token.text, literal);
    const std::string lower = [&] {
      std::string s = prefix;
      for (char& c : s)
        c = static_cast<char>(c | 0x20);
      return s;
    }();
    EXPECT_EQ((token.flags & string_flag::raw) != 0, lower.find('r') != std::string::npos);
    EXPECT_EQ((token.flags & string_flag::bytes) != 0, lower.find('b') != std::string::npos);
    EXPECT_EQ((token.flags & string_flag::fstring) != 0, lower.find('f') != std::string::npos);
  }
}

TEST(Tokenizer, InvalidPrefixIsANameFollowedByAString) {
  EXPECT_EQ(tokens("ur'x' bf'y'\n"),
            (Strings{"NAME ur", "STRING 'x'", "NAME bf", "STRING 'y'", "NEWLINE"}));
}

TEST(Tokenizer, TripleQuotedStringsSpanLines) {
  TokenizeResult result = tokenize("x = '''a\nb''' + \"\"\"c\"\"\"\ny = 1\n", "t.py");
  ASSERT_TRUE(result.diagnostics.empty());
  const Token& first = result.tokens[2];
  EXPECT_EQ(first.text, "'''a\nb'''");
  EXPECT_EQ(first.line, 1u);
  EXPECT_EQ(first.end_line, 2u);
  EXPECT_TRUE(first.flags & string_flag::triple);
  EXPECT_EQ(result.tokens[4].text, "\"\"\"c\"\"\"");
  EXPECT_EQ(result.tokens[6].line, 3u); // y
  EXPECT_EQ(value("'''a\nb'''"), "a\nb");
  EXPECT_EQ(value("\"\"\"q\"q\"\"q\"\"\""), "q\"q\"\"q");
}

TEST(Tokenizer, EscapesAreDecodedInPlainStrings) {
  EXPECT_EQ(value(R"('a\nb\tc\\d\'e\"f')"), "a\nb\tc\\d'e\"f");
  EXPECT_EQ(value(R"("\x41\101\u00e9\U0001F600")"), "AAé\xF0\x9F\x98\x80");
  EXPECT_EQ(value(R"('\a\b\f\v\r\0')"), std::string("\a\b\f\v\r\0", 6));
  EXPECT_EQ(value(R"('\d\w')"), "\\d\\w");                  // unknown escapes stay
  EXPECT_EQ(value(R"('\N{BULLET}')"), "\\N{BULLET}");       // no name table: stays literal
  EXPECT_EQ(value("'line\\\ncontinued'"), "linecontinued"); // backslash-newline disappears
}

TEST(Tokenizer, RawStringsKeepBackslashes) {
  EXPECT_EQ(value(R"(r'a\nb\'')"), "a\\nb\\'");
  EXPECT_EQ(value(R"(rb"\d+")"), "\\d+");
}

TEST(Tokenizer, BytesDecodeAsLatin1) {
  EXPECT_EQ(value(R"(b'\xff\x41')"), "\xC3\xBF"
                                     "A");
}

TEST(Tokenizer, FStringsAreOpaqueAndHandleNesting) {
  const char* cases[] = {
      R"(f"{x}")",
      R"(f'{x!r:>{width}} {{literal}}')",
      R"(f"{'a' + "b"}")", // PEP 701: the same quote inside a field
      R"(f"{x["key"]}")",
      R"(f"{f'{y}'}")",
      R"(rf"\d{x}")",
      R"(f"\N{BULLET} {x}")",
      R"(f'''{x:{'}'}}''')",
      "f\"{x # comment\n}\"",
      "f\"\"\"{\n  x\n}\"\"\"",
  };
  for (const char* literal : cases) {
    Token token = single(literal, TokenKind::String);
    EXPECT_EQ(token.text, literal);
    EXPECT_TRUE(token.flags & string_flag::fstring);
  }
  EXPECT_EQ(value(R"(f"a{b}c")"), "a{b}c"); // the template, unevaluated
}

TEST(Tokenizer, FStringErrors) {
  Diagnostic single_brace = error_of("x = f'a}b'\n");
  EXPECT_EQ(single_brace.message, "f-string: single '}' is not allowed");
  EXPECT_EQ(single_brace.column, 8u);
  EXPECT_EQ(error_of("x = f'{}'\n").message, "f-string: valid expression required before '}'");
  Diagnostic open = error_of("x = f'{a\n");
  EXPECT_EQ(open.line, 1u);
  EXPECT_EQ(open.column, 5u);
  EXPECT_NE(open.message.find("unterminated f-string literal"), std::string::npos);
}

TEST(Tokenizer, IndentAndDedent) {
  EXPECT_EQ(tokens("if a:\n    b\n    if c:\n        d\ne\n"),
            (Strings{"NAME if", "NAME a", "OP :", "NEWLINE", "INDENT", "NAME b", "NEWLINE",
                     "NAME if", "NAME c", "OP :", "NEWLINE", "INDENT", "NAME d", "NEWLINE",
                     "DEDENT", "DEDENT", "NAME e", "NEWLINE"}));
}

TEST(Tokenizer, DedentsAtEndOfFile) {
  EXPECT_EQ(tokens("if a:\n  if b:\n    c"),
            (Strings{"NAME if", "NAME a", "OP :", "NEWLINE", "INDENT", "NAME if", "NAME b",
                     "OP :", "NEWLINE", "INDENT", "NAME c", "NEWLINE", "DEDENT", "DEDENT"}));
}

TEST(Tokenizer, IndentTokenLocation) {
  TokenizeResult result = tokenize("if a:\n\tb\n", "t.py");
  const Token& indent = result.tokens[4];
  ASSERT_EQ(indent.kind, TokenKind::Indent);
  EXPECT_EQ(indent.line, 2u);
  EXPECT_EQ(indent.column, 2u);
}

TEST(Tokenizer, BlankAndCommentLinesDoNotAffectIndentation) {
  EXPECT_EQ(tokens("if a:\n    b\n\n# comment at column 0\n  # odd comment\n    c\n"),
            (Strings{"NAME if", "NAME a", "OP :", "NEWLINE", "INDENT", "NAME b", "NEWLINE",
                     "NAME c", "NEWLINE", "DEDENT"}));
}

TEST(Tokenizer, TabsUseTabStopsOfEight) {
  // A tab and eight spaces are the same indentation when used consistently line by line.
  EXPECT_EQ(tokens("if a:\n\tb\n\tc\n"),
            (Strings{"NAME if", "NAME a", "OP :", "NEWLINE", "INDENT", "NAME b", "NEWLINE",
                     "NAME c", "NEWLINE", "DEDENT"}));
  EXPECT_EQ(tokens("if a:\n\tif b:\n\t\tc\n"),
            (Strings{"NAME if", "NAME a", "OP :", "NEWLINE", "INDENT", "NAME if", "NAME b",
                     "OP :", "NEWLINE", "INDENT", "NAME c", "NEWLINE", "DEDENT", "DEDENT"}));
}

TEST(Tokenizer, InconsistentTabsAndSpaces) {
  // Line 3 is 8 columns either way with tab stops of 8, but not with tab stops of 1.
  Diagnostic d = error_of("if a:\n        b\n\tc\n");
  EXPECT_EQ(d.message, "inconsistent use of tabs and spaces in indentation");
  EXPECT_EQ(d.line, 3u);
  EXPECT_EQ(d.column, 2u);
  EXPECT_EQ(d.source_line, "\tc");
  EXPECT_EQ(error_of("if a:\n    \tb\n\t    c\n").message,
            "inconsistent use of tabs and spaces in indentation");
}

TEST(Tokenizer, BackslashContinuation) {
  EXPECT_EQ(tokens("x = 1 + \\\n    2\n"),
            (Strings{"NAME x", "OP =", "NUMBER 1", "OP +", "NUMBER 2", "NEWLINE"}));
  EXPECT_EQ(tokens("x = 1 + \\\r\n    2\n"),
            (Strings{"NAME x", "OP =", "NUMBER 1", "OP +", "NUMBER 2", "NEWLINE"}));
}

TEST(Tokenizer, BracketsJoinLines) {
  EXPECT_EQ(tokens("x = [1,\n  2,  # comment\n\n      3]\ny\n"),
            (Strings{"NAME x", "OP =", "OP [", "NUMBER 1", "OP ,", "NUMBER 2", "OP ,", "NUMBER 3",
                     "OP ]", "NEWLINE", "NAME y", "NEWLINE"}));
}

TEST(Tokenizer, CrLfAndCrLineEndings) {
  const Strings expected{"NAME if", "NAME a",  "OP :",   "NEWLINE", "INDENT",
                         "NAME b",  "NEWLINE", "DEDENT", "NAME c",  "NEWLINE"};
  const std::string lf = "if a:\n  b\nc\n";
  std::string crlf, cr;
  for (char ch : lf) {
    crlf += ch == '\n' ? std::string("\r\n") : std::string(1, ch);
    cr += ch == '\n' ? '\r' : ch;
  }
  EXPECT_EQ(tokens(crlf), expected);
  EXPECT_EQ(tokens(cr), expected);
  TokenizeResult result = tokenize(cr, "t.py");
  EXPECT_EQ(result.tokens[8].line, 3u); // c
  EXPECT_EQ(value("'''a\r\nb\rc'''"), "a\nb\nc");
}

TEST(Tokenizer, ByteOrderMarkIsSkipped) {
  TokenizeResult result = tokenize("\xEF\xBB\xBFx = 1\n", "t.py");
  ASSERT_TRUE(result.diagnostics.empty());
  EXPECT_EQ(result.tokens[0].text, "x");
  EXPECT_EQ(result.tokens[0].column, 1u);
}

TEST(Tokenizer, UnterminatedSingleQuotedString) {
  Diagnostic d = error_of("x = 1\ny = 'abc\nz = 2\n");
  EXPECT_EQ(d.file, "bad.py");
  EXPECT_EQ(d.line, 2u);
  EXPECT_EQ(d.column, 5u);
  EXPECT_EQ(d.message, "unterminated string literal (detected at line 2)");
  EXPECT_EQ(d.source_line, "y = 'abc");
}

TEST(Tokenizer, UnterminatedTripleQuotedString) {
  Diagnostic d = error_of("x = 1\ndoc = \"\"\"abc\n\ndef\n");
  EXPECT_EQ(d.line, 2u);
  EXPECT_EQ(d.column, 7u);
  EXPECT_EQ(d.message, "unterminated triple-quoted string literal (detected at line 5)");
}

TEST(Tokenizer, UnindentDoesNotMatch) {
  Diagnostic d = error_of("if a:\n    b\n  c\n");
  EXPECT_EQ(d.message, "unindent does not match any outer indentation level");
  EXPECT_EQ(d.line, 3u);
  EXPECT_EQ(d.column, 3u);
}

TEST(Tokenizer, UnmatchedClosingBracket) {
  Diagnostic d = error_of("x = (1, 2))\n");
  EXPECT_EQ(d.message, "unmatched ')'");
  EXPECT_EQ(d.line, 1u);
  EXPECT_EQ(d.column, 11u);
}

TEST(Tokenizer, MismatchedBrackets) {
  Diagnostic same_line = error_of("x = [1, 2)\n");
  EXPECT_EQ(same_line.message, "closing parenthesis ')' does not match opening parenthesis '['");
  EXPECT_EQ(same_line.column, 10u);
  Diagnostic other_line = error_of("x = {\n  1: 2]\n");
  EXPECT_EQ(other_line.message,
            "closing parenthesis ']' does not match opening parenthesis '{' on line 1");
  EXPECT_EQ(other_line.line, 2u);
  EXPECT_EQ(other_line.column, 7u);
}

TEST(Tokenizer, UnclosedBracketPointsAtTheOpening) {
  Diagnostic d = error_of("x = 1\ny = foo(1,\n   [2, 3]\n");
  EXPECT_EQ(d.message, "'(' was never closed");
  EXPECT_EQ(d.line, 2u);
  EXPECT_EQ(d.column, 8u);
  EXPECT_EQ(d.source_line, "y = foo(1,");
}

TEST(Tokenizer, EndOfFileAfterContinuation) {
  Diagnostic d = error_of("x = 1 + \\\n");
  EXPECT_EQ(d.message, "unexpected EOF in multi-line statement");
  EXPECT_EQ(d.line, 1u);
  EXPECT_EQ(d.column, 9u);
  EXPECT_EQ(error_of("x = 1 \\ 2\n").message,
            "unexpected character after line continuation character");
}

TEST(Tokenizer, InvalidUtf8StopsWithItsPosition) {
  Diagnostic d = error_of("x = 1\ny = 'ab\xFF'\n");
  EXPECT_EQ(d.line, 2u);
  EXPECT_EQ(d.column, 8u);
  EXPECT_NE(d.message.find("invalid UTF-8 byte 0xFF"), std::string::npos);
  EXPECT_EQ(d.source_line, "y = 'ab\xEF\xBF\xBD'"); // printable: the byte became U+FFFD
  EXPECT_NE(error_of("\xC0\x80").message.find("0xC0"), std::string::npos);       // overlong
  EXPECT_NE(error_of("'\xED\xA0\x80'").message.find("0xED"), std::string::npos); // surrogate
  EXPECT_NE(error_of("'\xE2\x82'").message.find("0xE2"), std::string::npos);     // truncated
}

TEST(Tokenizer, InvalidCharacters) {
  Diagnostic euro = error_of("x = 1 € 2\n");
  EXPECT_EQ(euro.message, "invalid character '€' (U+20AC)");
  EXPECT_EQ(euro.column, 7u);
  EXPECT_EQ(error_of("x = \x01\n").message, "invalid non-printable character U+0001");
  EXPECT_EQ(error_of(std::string_view("x = '\0'\n", 8)).message,
            "source code cannot contain null bytes");
  // ASCII characters Python does not use are tokens the parser rejects where they stand.
  EXPECT_EQ(single("$", TokenKind::Op).op, Op::Invalid);
}

TEST(Tokenizer, InvalidEscapesAreFlaggedForTheParser) {
  EXPECT_TRUE(single(R"('\x4')", TokenKind::String).flags & string_flag::invalid);
  EXPECT_TRUE(single(R"('\N')", TokenKind::String).flags & string_flag::invalid);
  EXPECT_TRUE(single("b'\xC3\xA9'", TokenKind::String).flags & string_flag::invalid);
  EXPECT_FALSE(single(R"(r'\x4')", TokenKind::String).flags & string_flag::invalid);
  EXPECT_FALSE(single(R"(b'\u1234')", TokenKind::String).flags & string_flag::invalid);
  EscapeError error = string_error(single(R"('ab\x4')", TokenKind::String));
  EXPECT_EQ(error.message, "truncated \\xXX escape");
  EXPECT_EQ(error.offset, 3u);
}

TEST(Tokenizer, ErrorTokenRepeats) {
  Tokenizer tokenizer("'open", "t.py");
  EXPECT_EQ(tokenizer.next().kind, TokenKind::Error);
  EXPECT_EQ(tokenizer.next().kind, TokenKind::Error);
  ASSERT_TRUE(tokenizer.error());
  EXPECT_EQ(tokenizer.error()->line, 1u);
}

} // namespace
} // namespace crochet::py
