#include <gtest/gtest.h>

#include <string>

#include "parser_test_support.hpp"

namespace crochet::py {
namespace {

using testing::parse_error;

// Asserts the first error's position and message.
void expect_error(std::string_view source, std::uint32_t line, std::uint32_t column,
                  std::string_view message) {
  Diagnostic d = parse_error(source);
  EXPECT_EQ(d.line, line) << source << "\n" << d.format();
  EXPECT_EQ(d.column, column) << source << "\n" << d.format();
  EXPECT_EQ(d.message, message) << source;
}

TEST(ParserErrors, UnterminatedSingleQuotedString) {
  expect_error("class A:\n    name = 'abc\n", 2, 12,
               "unterminated string literal (detected at line 2)");
}

TEST(ParserErrors, UnterminatedTripleQuotedString) {
  expect_error("class A:\n    \"\"\"Doc\n    x = 1\n", 2, 5,
               "unterminated triple-quoted string literal (detected at line 4)");
}

TEST(ParserErrors, AMergeConflictLeftInTheFileIsNamed) {
  const std::string conflict = "class A(StructuredNode):\n"
                               "<<<<<<< HEAD\n"
                               "    name = StringProperty()\n"
                               "=======\n"
                               "    title = StringProperty()\n"
                               ">>>>>>> topic\n";
  const char* message = "unresolved merge conflict: resolve it, then run again (`git status` "
                        "lists the conflicted files)";
  expect_error(conflict, 2, 1, message);
  // diff3 style, Windows line ends, markers at the very top.
  expect_error("<<<<<<< ours\r\nx = 1\r\n||||||| base\r\nx = 0\r\n=======\r\nx = 2\r\n"
               ">>>>>>> theirs\r\n",
               1, 1, message);
  // Marker-like lines that make no whole conflict leave the real error.
  expect_error("x = (\n'''\n=======\n'''\n", 1, 5, "'(' was never closed");
  expect_error("<<<<<<<<< x\n", 1, 1, "expected an expression, found '<<'");
}

TEST(ParserErrors, UnexpectedIndent) {
  expect_error("x = 1\n    y = 2\n", 2, 5, "unexpected indent");
  expect_error("    x = 1\n", 1, 5, "unexpected indent");
}

TEST(ParserErrors, UnindentDoesNotMatch) {
  expect_error("class A:\n    x = 1\n  y = 2\n", 3, 3,
               "unindent does not match any outer indentation level");
}

TEST(ParserErrors, ExpectedAnIndentedBlock) {
  expect_error("def f():\nreturn 1\n", 2, 1,
               "expected an indented block after function definition on line 1");
  expect_error("class A:\n", 1, 9, "expected an indented block after class definition on line 1");
  expect_error("if x:\n    pass\nelse:\npass\n", 4, 1,
               "expected an indented block after 'else' statement on line 3");
}

TEST(ParserErrors, ExtraClosingBracket) {
  expect_error("x = f(1))\n", 1, 9, "unmatched ')'");
}

TEST(ParserErrors, UnclosedOpeningBracket) {
  expect_error("x = 1\nNAME = StringProperty(required=True\n\nclass A:\n    pass\n", 2, 22,
               "'(' was never closed");
}

TEST(ParserErrors, MismatchedBrackets) {
  expect_error("x = [1, 2}\n", 1, 10,
               "closing parenthesis '}' does not match opening parenthesis '['");
}

TEST(ParserErrors, TabsMixedWithSpaces) {
  expect_error("class A:\n        x = 1\n\ty = 2\n", 3, 2,
               "inconsistent use of tabs and spaces in indentation");
}

TEST(ParserErrors, NonUtf8Bytes) {
  Diagnostic d = parse_error("x = 1\nname = 'caf\xE9'\n");
  EXPECT_EQ(d.line, 2u);
  EXPECT_EQ(d.column, 12u);
  EXPECT_EQ(d.message, "invalid UTF-8 byte 0xE9: Python source must be UTF-8 encoded");
}

TEST(ParserErrors, ClassWithoutName) {
  expect_error("class (Base):\n    pass\n", 1, 7, "expected a class name after 'class', found '('");
  expect_error("class\n", 1, 6, "expected a class name after 'class', found end of line");
}

TEST(ParserErrors, MissingColon) {
  expect_error("class A(B)\n    x = 1\n", 1, 11, "expected ':'");
  expect_error("if x\n    pass\n", 1, 5, "expected ':'");
  expect_error("def f()\n    pass\n", 1, 8, "expected ':'");
}

TEST(ParserErrors, ImportWithNothing) {
  expect_error("import\n", 1, 7, "expected a module name after 'import', found end of line");
  expect_error("from import x\n", 1, 6,
               "expected a module name after 'from', found keyword 'import'");
  expect_error("from a b\n", 1, 8, "expected 'import', found name 'b'");
  expect_error("from a import\n", 1, 14, "expected a name to import, found end of line");
  expect_error("from a import b,\n", 1, 17,
               "trailing comma not allowed without surrounding parentheses");
}

TEST(ParserErrors, UnexpectedTokens) {
  expect_error("x = 1 2\n", 1, 7, "invalid syntax: unexpected number 2");
  expect_error("x = \n", 1, 5, "expected an expression, found end of line");
  expect_error("x = )\n", 1, 5, "unmatched ')'");
  expect_error("print 'hello'\n", 1, 7, "invalid syntax: unexpected string literal");
  expect_error("x = a +\n", 1, 8, "expected an expression, found end of line");
  expect_error("x = y = \n", 1, 9, "expected an expression, found end of line");
  expect_error("for x in y\n    pass\n", 1, 11, "expected ':'");
  expect_error("x = $y\n", 1, 5, "invalid character '$' (U+0024)");
  expect_error("x = a ! b\n", 1, 7, "invalid syntax: unexpected '!'");
  expect_error("lambda x x\n", 1, 10, "expected ':' after lambda parameters");
  expect_error("x = 1 if y\n", 1, 11, "expected 'else' after 'if' expression, found end of line");
  expect_error("@decorator\nx = 1\n", 2, 1,
               "expected a function or class definition after decorators, found name 'x'");
  expect_error("async x\n", 1, 7, "expected 'def', 'for' or 'with' after 'async', found name 'x'");
  expect_error("try:\n    pass\nx = 1\n", 3, 1, "expected 'except' or 'finally' block");
  expect_error("match x:\n    y = 1\n", 2, 5, "expected 'case' block, found name 'y'");
  expect_error("def f(a=1, b):\n    pass\n", 1, 12,
               "parameter without a default follows parameter with a default");
}

TEST(ParserErrors, InvalidAssignmentTargets) {
  expect_error("1 = x\n", 1, 1, "cannot assign to literal");
  expect_error("a = b = 1 = c\n", 1, 9, "cannot assign to literal"); // a later chained target
  expect_error("f() = x\n", 1, 1, "cannot assign to function call");
  expect_error("x, None = 1, 2\n", 1, 4, "cannot assign to None");
  expect_error("a + b = 1\n", 1, 1, "cannot assign to expression");
  expect_error("a < b = 1\n", 1, 1, "cannot assign to expression");
  expect_error("x, y += 1\n", 1, 1, "'tuple' is an illegal expression for augmented assignment");
  expect_error("a, b: int\n", 1, 1, "only single target (not tuple) can be annotated");
}

TEST(ParserErrors, CallArgumentOrder) {
  expect_error("f(a=1, b)\n", 1, 8, "positional argument follows keyword argument");
  expect_error("f(**a, *b)\n", 1, 8,
               "iterable argument unpacking follows keyword argument unpacking");
}

TEST(ParserErrors, StringLiteralErrors) {
  expect_error("x = 1\ny = 'ab\\x4'\n", 2, 8, "truncated \\xXX escape");
  expect_error("y = '''a\nb\\u12'''\n", 2, 2, "truncated \\uXXXX escape");
  expect_error("y = b'caf\xC3\xA9'\n", 1, 5, "bytes can only contain ASCII literal characters");
  expect_error("y = 'a' b'b'\n", 1, 9, "cannot mix bytes and nonbytes literals");
  expect_error("y = f'{x'\n", 1, 5, "unterminated string literal (detected at line 1)");
  expect_error("y = f'{x}\n", 1, 5, "unterminated f-string literal (detected at line 1)");
}

TEST(ParserErrors, EndOfFileInMultiLineStatement) {
  expect_error("x = 1 + \\\n", 1, 9, "unexpected EOF in multi-line statement");
}

TEST(ParserErrors, TokenizerErrorsRankLikeCPython) {
  // A lexical error later in the file wins over an earlier syntax error...
  expect_error("x = = 1\ny = 'open\n", 2, 5, "unterminated string literal (detected at line 2)");
  // ...an unclosed bracket opened before the syntax error explains it...
  expect_error("x = f(1,\ny = 2\n", 1, 6, "'(' was never closed");
  // ...but an indentation error later on does not.
  expect_error("x = = 1\nif a:\n    b\n  c\n", 1, 5, "expected an expression, found '='");
  // And "unexpected indent" is reported first whatever follows.
  expect_error("x = 1\n  y = 2\nz = 'open\n", 2, 3, "unexpected indent");
}

TEST(ParserErrors, DiagnosticShowsTheLineAndACaret) {
  Diagnostic d = parse_error("x = 1\nclass A(B)\n    pass\n");
  EXPECT_EQ(d.source_line, "class A(B)");
  EXPECT_EQ(d.format(), "bad.py:2:11: error: expected ':'\n 2 | class A(B)\n   |           ^");
}

TEST(ParserErrors, SourceLineOfCrOnlyFiles) {
  Diagnostic d = parse_error("x = 1\ry = = 2\r");
  EXPECT_EQ(d.line, 2u);
  EXPECT_EQ(d.column, 5u);
  EXPECT_EQ(d.source_line, "y = = 2");
}

TEST(ParserErrors, DeepNestingIsAnErrorNotACrash) {
  const std::string parens = "x = " + std::string(200, '(') + "1" + std::string(200, ')') + "\n";
  Diagnostic d = parse_error(parens);
  EXPECT_EQ(d.message, "too deeply nested");
  EXPECT_EQ(d.line, 1u);
  for (const std::string& source : {
           "x = " + std::string(200, '[') + std::string(200, ']') + "\n",
           "x = " + std::string(5000, '-') + "1\n",
           "x = " + std::string(5000, '~') + "1\n",
           "x = " + std::string(3000, '{') + "\n",
           "x = 1" +
               [] {
                 std::string s;
                 for (int i = 0; i < 500; ++i)
                   s += " if a else 1";
                 return s;
               }() +
               "\n",
           "x = 2" +
               [] {
                 std::string s;
                 for (int i = 0; i < 500; ++i)
                   s += " ** 2";
                 return s;
               }() +
               "\n",
           [] {
             std::string s = "x = ";
             for (int i = 0; i < 500; ++i)
               s += "lambda: ";
             return s + "0\n";
           }(),
           [] {
             std::string s = "x = ";
             for (int i = 0; i < 500; ++i)
               s += "f(";
             return s + std::string(500, ')') + "\n";
           }(),
           [] {
             std::string s;
             for (int i = 0; i < 150; ++i)
               s += std::string(static_cast<std::size_t>(i), ' ') + "if x:\n";
             return s + std::string(150, ' ') + "pass\n";
           }(),
       }) {
    ParseResult result = parse_module(source, "deep.py");
    EXPECT_FALSE(result.ok()) << source.substr(0, 40);
  }
  // Reasonable nesting is fine.
  testing::parse_ok("x = " + std::string(50, '(') + "1" + std::string(50, ')') + "\n");
}

} // namespace
} // namespace crochet::py
