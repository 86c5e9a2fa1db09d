#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "parser_test_support.hpp"

namespace crochet::py {
namespace {

using testing::parse_ok;
using testing::ParsedValue;
using testing::value_of;

TEST(ParserExpressions, NamesAndAttributeChains) {
  ParsedValue e = value_of("neomodel.properties.StringProperty");
  ASSERT_EQ(e->kind, ExprKind::Attribute);
  EXPECT_EQ(e->text(), "StringProperty");
  EXPECT_EQ(e->location.column, 5u);
  ASSERT_EQ(e->object->kind, ExprKind::Attribute);
  EXPECT_EQ(e->object->text(), "properties");
  EXPECT_EQ(e->object->object->kind, ExprKind::Name);
  EXPECT_EQ(e->object->object->text(), "neomodel");
}

TEST(ParserExpressions, CallsWithAllArgumentForms) {
  ParsedValue e = value_of("Rel('Person', *extra, 'x', relation_type=REL, model=Knows, **opts)");
  ASSERT_EQ(e->kind, ExprKind::Call);
  EXPECT_EQ(e->object->text(), "Rel");
  ASSERT_EQ(e->items.size(), 3u);
  EXPECT_EQ(e->items[0]->kind, ExprKind::String);
  EXPECT_EQ(e->items[1]->kind, ExprKind::Starred);
  EXPECT_EQ(e->items[1]->text(), "*");
  EXPECT_EQ(e->items[1]->items[0]->text(), "extra");
  ASSERT_EQ(e->keywords.size(), 3u);
  EXPECT_EQ(e->keywords[0].name, "relation_type");
  EXPECT_EQ(e->keywords[0].value->text(), "REL");
  EXPECT_EQ(e->keywords[0].location.column, 32u);
  EXPECT_EQ(e->keywords[1].name, "model");
  EXPECT_EQ(e->keywords[2].name, ""); // **opts
  EXPECT_EQ(e->keywords[2].value->text(), "opts");
  ParsedValue trailing = value_of("f(a,\n  b,\n)");
  EXPECT_EQ(trailing->items.size(), 2u);
  ParsedValue chained = value_of("a.b(1).c()");
  ASSERT_EQ(chained->kind, ExprKind::Call);
  EXPECT_EQ(chained->object->kind, ExprKind::Attribute);
  EXPECT_EQ(chained->object->object->kind, ExprKind::Call);
  // Each call keeps its own arguments, however they nest and interleave.
  ParsedValue nested = value_of("f(1, g(2, h(), k=3), 4, *i(5, 6), m=j(7))");
  ASSERT_EQ(nested->items.size(), 4u);
  EXPECT_EQ(nested->items[0]->text(), "1");
  const Expr& g = *nested->items[1];
  ASSERT_EQ(g.items.size(), 2u);
  EXPECT_EQ(g.items[0]->text(), "2");
  EXPECT_EQ(g.items[1]->kind, ExprKind::Call);
  EXPECT_TRUE(g.items[1]->items.empty());
  ASSERT_EQ(g.keywords.size(), 1u);
  EXPECT_EQ(g.keywords[0].name, "k");
  EXPECT_EQ(nested->items[2]->text(), "4");
  ASSERT_EQ(nested->items[3]->kind, ExprKind::Starred);
  EXPECT_EQ(nested->items[3]->items[0]->items.size(), 2u);
  ASSERT_EQ(nested->keywords.size(), 1u);
  EXPECT_EQ(nested->keywords[0].value->items[0]->text(), "7");
}

TEST(ParserExpressions, StringsAndConcatenation) {
  ParsedValue e = value_of("'a' \"b\"\n");
  ASSERT_EQ(e->kind, ExprKind::String);
  EXPECT_EQ(e->text(), "ab");
  EXPECT_FALSE(e->fstring);
  ParsedValue joined = value_of("('first '\n     'second')");
  EXPECT_EQ(joined->text(), "first second");
  EXPECT_EQ(joined->location.column, 6u);
  ParsedValue f = value_of("'a' f'{b}' 'c'");
  EXPECT_EQ(f->kind, ExprKind::String);
  EXPECT_TRUE(f->fstring);
  EXPECT_EQ(f->text(), "a{b}c");
  ParsedValue escaped = value_of(R"('tab\there')");
  EXPECT_EQ(escaped->text(), "tab\there");
  ParsedValue bytes = value_of(R"(b'\xe9' b'!')");
  EXPECT_EQ(bytes->text(), "\xC3\xA9!");
  ParsedValue named = value_of(R"('caf\N{LATIN SMALL LETTER E WITH ACUTE}')");
  EXPECT_TRUE(named->fstring); // not known statically without a Unicode name table
}

// An f-string keeps the pieces of its value: literal text (escapes and {{ }} decoded, the
// literals joined to it included) and each replacement field's expression, located where it is
// in the source.
TEST(ParserExpressions, FstringsKeepTheirPieces) {
  ParsedValue f = value_of(R"('a{' f"\t{{{PREFIX}}}_{n + 1!s}" rf'\d{x.y}')");
  ASSERT_TRUE(f->fstring);
  ASSERT_EQ(f->items.size(), 7u);
  const char* texts[] = {"a{", "\t{", "PREFIX", "}_", "", "\\d", "y"};
  for (std::size_t i : {0u, 1u, 3u, 5u}) {
    EXPECT_EQ(f->items[i]->kind, ExprKind::String) << i;
    EXPECT_EQ(f->items[i]->text(), texts[i]) << i;
  }
  EXPECT_EQ(f->items[2]->kind, ExprKind::Name);
  EXPECT_EQ(f->items[2]->text(), "PREFIX");
  EXPECT_EQ(f->items[2]->location.line, 1u);
  EXPECT_EQ(f->items[2]->location.column, 17u);
  EXPECT_EQ(f->items[4]->kind, ExprKind::Add);
  EXPECT_EQ(f->items[6]->kind, ExprKind::Attribute);
  ParsedValue lines = value_of("f'''\xC3\xA9\n  {NAME}'''");
  ASSERT_EQ(lines->items.size(), 2u);
  EXPECT_EQ(lines->items[1]->location.line, 2u);
  EXPECT_EQ(lines->items[1]->location.column, 4u);
  ParsedValue empty = value_of("f''");
  ASSERT_EQ(empty->items.size(), 1u);
  EXPECT_EQ(empty->items[0]->text(), "");
  // What cannot be folded exactly keeps the f-string opaque (no pieces), as before.
  for (const char* opaque :
       {"f'{x:>3}'", "f'{x!r}'", "f'{x=}'", "f'{d[\"k\"]}'", "f'{x!s:3}'", R"(f'\N{BULLET}{x}')",
        R"('\N{BULLET}' f'{x}')", R"(f'{x}' '\N{BULLET}')", R"(f'\{x}')", "f'{lambda: 1}'",
        "f'''{x # c\n}'''"})
    EXPECT_TRUE(value_of(opaque)->items.empty()) << opaque;
  for (const char* foldable : {"f'{a != b}'", "f'{a <= b}'", "f'{a == b}'", "f'{f(k=1)}'"})
    EXPECT_EQ(value_of(foldable)->items.size(), 1u) << foldable;
}

TEST(ParserExpressions, TextsViewTheSourceUnlessTheirValueDiffersFromIt) {
  const std::string source = "A = Name.attr('plain', 'esc\\n', 'x' 'y', 1_0, 2, r'raw\\d')\n"
                             "B = [1 for i in (a,\r\n b)]\n";
  ParseResult parsed = parse_module(source, "m.py");
  ASSERT_TRUE(parsed.ok());
  const Module module = std::move(parsed.module); // the texts move with the module
  const auto in_source = [&](std::string_view text) {
    return text.data() >= source.data() &&
           text.data() + text.size() <= source.data() + source.size();
  };
  const Expr& call = *module.body[0].value;
  ASSERT_EQ(call.items.size(), 6u);
  EXPECT_TRUE(in_source(call.object->text())) << "attribute name";
  EXPECT_TRUE(in_source(call.object->object->text())) << "name";
  EXPECT_EQ(call.items[0]->text(), "plain");
  EXPECT_TRUE(in_source(call.items[0]->text()));
  EXPECT_EQ(call.items[1]->text(), "esc\n");
  EXPECT_FALSE(in_source(call.items[1]->text())) << "decoded";
  EXPECT_EQ(call.items[2]->text(), "xy");
  EXPECT_FALSE(in_source(call.items[2]->text())) << "joined";
  EXPECT_EQ(call.items[3]->text(), "10");
  EXPECT_FALSE(in_source(call.items[3]->text())) << "underscores dropped";
  EXPECT_EQ(call.items[4]->text(), "2");
  EXPECT_TRUE(in_source(call.items[4]->text()));
  EXPECT_EQ(call.items[5]->text(), "raw\\d");
  EXPECT_TRUE(in_source(call.items[5]->text()));
  const Expr& list = *module.body[1].value;
  EXPECT_EQ(list.kind, ExprKind::Unresolved);
  EXPECT_EQ(list.text(), "[1 for i in (a,\n b)]") << "line ending normalised";
  EXPECT_FALSE(in_source(list.text()));
}

TEST(ParserExpressions, NestedCallsKeepTheirOwnKeywords) {
  ParsedValue e = value_of("f(1, a=g(b=h(c=3), d=[k(e=5)]), **rest, z=0)");
  ASSERT_EQ(e->keywords.size(), 3u);
  EXPECT_EQ(e->keywords[0].name, "a");
  EXPECT_EQ(e->keywords[1].name, "");
  EXPECT_EQ(e->keywords[1].value->text(), "rest");
  EXPECT_EQ(e->keywords[2].name, "z");
  const Expr& g = *e->keywords[0].value;
  ASSERT_EQ(g.keywords.size(), 2u);
  EXPECT_EQ(g.keywords[0].name, "b");
  EXPECT_EQ(g.keywords[1].name, "d");
  ASSERT_EQ(g.keywords[0].value->keywords.size(), 1u);
  EXPECT_EQ(g.keywords[0].value->keywords[0].name, "c");
  const Expr& k = *g.keywords[1].value->items[0];
  ASSERT_EQ(k.keywords.size(), 1u);
  EXPECT_EQ(k.keywords[0].name, "e");
  EXPECT_TRUE(value_of("f(1, 2)")->keywords.empty());
  // Calls inside what is not kept (a lambda body) leave nothing behind for the calls around it.
  ParsedValue around = value_of("f(a=lambda: g(b=1), c=2)");
  ASSERT_EQ(around->keywords.size(), 2u);
  EXPECT_EQ(around->keywords[1].name, "c");
}

TEST(ParserExpressions, NodesStaySmall) {
  // A large folder has about a million expressions: each byte here is about a megabyte there.
  EXPECT_LE(sizeof(Expr), 56u);
  EXPECT_LE(sizeof(Keyword), 32u);
  EXPECT_LE(sizeof(Stmt), 64u);
  // Pooled nodes of every size keep their alignment, and their values, side by side.
  std::vector<ParsedValue> values;
  for (int i = 0; i < 2000; ++i)
    values.push_back(value_of("f(" + std::to_string(i) + ", k='v" + std::to_string(i) + "')"));
  for (int i = 0; i < 2000; ++i) {
    ASSERT_EQ(reinterpret_cast<std::uintptr_t>(values[i].get()) % alignof(Expr), 0u);
    ASSERT_EQ(values[i]->items[0]->text(), std::to_string(i));
    ASSERT_EQ(values[i]->keywords[0].value->text(), "v" + std::to_string(i));
  }
}

TEST(ParserExpressions, Numbers) {
  ParsedValue i = value_of("1_000");
  ASSERT_EQ(i->kind, ExprKind::Integer);
  EXPECT_EQ(i->text(), "1000");
  EXPECT_EQ(i->value(), 1000);
  EXPECT_EQ(value_of("0x_ff")->value(), 255);
  EXPECT_EQ(value_of("0x_ff")->text(), "0xff");
  EXPECT_EQ(value_of("0o17")->value(), 15);
  EXPECT_EQ(value_of("0B101")->value(), 5);
  EXPECT_EQ(value_of("9223372036854775807")->value(), 9223372036854775807LL);
  ParsedValue big = value_of("9223372036854775808");
  EXPECT_EQ(big->kind, ExprKind::Integer);
  EXPECT_FALSE(big->value());
  ParsedValue f = value_of("1_0.5e-3");
  EXPECT_EQ(f->kind, ExprKind::Float);
  EXPECT_EQ(f->text(), "10.5e-3");
  ParsedValue complex = value_of("2j");
  EXPECT_EQ(complex->kind, ExprKind::Unresolved);
  EXPECT_EQ(complex->text(), "2j");
}

TEST(ParserExpressions, Constants) {
  EXPECT_EQ(value_of("True")->kind, ExprKind::True);
  EXPECT_EQ(value_of("False")->kind, ExprKind::False);
  EXPECT_EQ(value_of("None")->kind, ExprKind::None);
  ParsedValue dots = value_of("...");
  EXPECT_EQ(dots->kind, ExprKind::Unresolved);
  EXPECT_EQ(dots->text(), "...");
}

TEST(ParserExpressions, Displays) {
  ParsedValue list = value_of("[1, 'a', *rest,]");
  ASSERT_EQ(list->kind, ExprKind::List);
  ASSERT_EQ(list->items.size(), 3u);
  EXPECT_EQ(list->items[2]->kind, ExprKind::Starred);
  ParsedValue tuple = value_of("(1, 2)");
  ASSERT_EQ(tuple->kind, ExprKind::Tuple);
  EXPECT_EQ(tuple->items.size(), 2u);
  EXPECT_EQ(tuple->location.column, 5u);
  EXPECT_EQ(value_of("(1,)")->items.size(), 1u);
  EXPECT_EQ(value_of("()")->kind, ExprKind::Tuple);
  ParsedValue bare = value_of("1, 2, 3");
  ASSERT_EQ(bare->kind, ExprKind::Tuple);
  EXPECT_EQ(bare->items.size(), 3u);
  ParsedValue parenthesised = value_of("(x)");
  EXPECT_EQ(parenthesised->kind, ExprKind::Name);
  ParsedValue set = value_of("{1, 2}");
  ASSERT_EQ(set->kind, ExprKind::Set);
  EXPECT_EQ(set->items.size(), 2u);
  ParsedValue dict = value_of("{'a': 1, **more, 'b': [2]}");
  ASSERT_EQ(dict->kind, ExprKind::Dict);
  ASSERT_EQ(dict->items.size(), 6u);
  EXPECT_EQ(dict->items[0]->text(), "a");
  EXPECT_EQ(dict->items[1]->text(), "1");
  EXPECT_EQ(dict->items[2], nullptr);
  EXPECT_EQ(dict->items[3]->text(), "more");
  EXPECT_EQ(dict->items[5]->kind, ExprKind::List);
  EXPECT_EQ(value_of("{}")->kind, ExprKind::Dict);
  EXPECT_EQ(value_of("[]")->items.size(), 0u);
}

TEST(ParserExpressions, AddAndNegate) {
  ParsedValue add = value_of("PREFIX + 'name' + SUFFIX");
  ASSERT_EQ(add->kind, ExprKind::Add);
  ASSERT_EQ(add->items.size(), 2u);
  EXPECT_EQ(add->items[0]->kind, ExprKind::Add); // left-associative
  EXPECT_EQ(add->items[1]->text(), "SUFFIX");
  ParsedValue negate = value_of("-1.5");
  ASSERT_EQ(negate->kind, ExprKind::Negate);
  EXPECT_EQ(negate->items[0]->kind, ExprKind::Float);
  ParsedValue mixed = value_of("a + b * c");
  ASSERT_EQ(mixed->kind, ExprKind::Add);
  EXPECT_EQ(mixed->items[1]->kind, ExprKind::Unresolved);
  EXPECT_EQ(mixed->items[1]->text(), "b * c");
  ParsedValue power = value_of("-2 ** 2");
  ASSERT_EQ(power->kind, ExprKind::Negate);
  EXPECT_EQ(power->items[0]->text(), "2 ** 2");
}

// An expression that is one atom is returned as soon as the token after it ends the expression;
// any other token must carry on through the operators, for every kind of atom.
TEST(ParserExpressions, AnAtomIsTheWholeExpressionOnlyWhenNothingContinuesIt) {
  struct Atom {
    const char* source;
    ExprKind kind;
  };
  const Atom atoms[] = {
      {"name", ExprKind::Name},   {"42", ExprKind::Integer},     {"1.5", ExprKind::Float},
      {"'s'", ExprKind::String},  {"'a' 'b'", ExprKind::String}, {"True", ExprKind::True},
      {"None", ExprKind::None},   {"[1]", ExprKind::List},       {"(1, 2)", ExprKind::Tuple},
      {"{1: 2}", ExprKind::Dict}, {"(name)", ExprKind::Name},
  };
  for (const Atom& atom : atoms) {
    const std::string a = atom.source;
    // Ended by a newline, `;`, `,`, `)`, `]`, `}`, `:` and `=`.
    Module m = parse_ok("x = " + a + "; y = " + a + "\nf(" + a + ", k=" + a + ")\n[" + a + "]\n{" +
                        a + ": " + a + "}\nz: int = " + a + "\n");
    ASSERT_EQ(m.body.size(), 6u) << a;
    EXPECT_EQ(m.body[0].value->kind, atom.kind) << a;
    EXPECT_EQ(m.body[0].targets[0], "x");
    EXPECT_EQ(m.body[1].value->kind, atom.kind) << a;
    EXPECT_EQ(m.body[1].value->location.column, m.body[0].value->location.column + 6 + a.size())
        << a; // both where their atom starts: the name in `(name)`, as CPython places it
    EXPECT_EQ(m.body[5].value->kind, atom.kind) << a;
    for (const auto& [source, kind, text] :
         std::vector<std::tuple<std::string, ExprKind, std::string>>{
             {a + " .real", ExprKind::Attribute, "real"},
             {a + "(1)", ExprKind::Call, ""},
             {a + " + t", ExprKind::Add, ""},
             {a + "[0]", ExprKind::Unresolved, a + "[0]"},
             {a + " ** 2", ExprKind::Unresolved, a + " ** 2"},
             {a + " * 2", ExprKind::Unresolved, a + " * 2"},
             {a + " < 2", ExprKind::Unresolved, a + " < 2"},
             {a + " and b", ExprKind::Unresolved, a + " and b"},
             {a + " not in b", ExprKind::Unresolved, a + " not in b"},
             {a + " if c else d", ExprKind::Unresolved, a + " if c else d"},
         }) {
      ParsedValue e = value_of(source);
      ASSERT_TRUE(e) << source;
      EXPECT_EQ(e->kind, kind) << source;
      EXPECT_EQ(e->location.column, 5u) << source; // an operation starts at its first token
      if (!text.empty()) {
        EXPECT_EQ(e->text(), text) << source;
      }
      if (kind == ExprKind::Add) {
        ASSERT_EQ(e->items.size(), 2u) << source;
        EXPECT_EQ(e->items[0]->kind, atom.kind) << source;
        EXPECT_EQ(e->items[1]->text(), "t") << source;
      } else if (kind != ExprKind::Unresolved) {
        EXPECT_EQ(e->object->kind, atom.kind) << source;
      }
    }
  }
  ParsedValue walrus = value_of("(n := 1)");
  EXPECT_EQ(walrus->kind, ExprKind::Unresolved);
  EXPECT_EQ(walrus->text(), "n := 1");
}

TEST(ParserExpressions, UnresolvedKeepsTheExactSourceText) {
  const char* cases[] = {
      "a[1:2, ::3]",
      "x if y else z",
      "lambda a, *b, c=1, **d: (a, b)",
      "[i * 2 for i in range(10) if i]",
      "{k: v for k, v in items}",
      "{x for x in y}",
      "a < b <= c",
      "a is not b",
      "a not in b",
      "not a",
      "a and b or c",
      "a - b",
      "~a",
      "+a",
      "a | b & c ^ d",
      "a << 2 >> 1",
      "a @ b",
      "a // b % c / d",
      "await coroutine()",
      "sorted(\n    x)[0]",
  };
  for (const char* source : cases) {
    Module m = parse_ok(std::string("async def f():\n    x = ") + source + "\n");
    const Stmt& assign = m.body[0].blocks()[0][0];
    ASSERT_TRUE(assign.value) << source;
    EXPECT_EQ(assign.value->kind, ExprKind::Unresolved) << source;
    EXPECT_EQ(assign.value->text(), source);
    EXPECT_EQ(assign.value->location.line, 2u);
    EXPECT_EQ(assign.value->location.column, 9u);
  }
}

TEST(ParserExpressions, UnresolvedPartsInsideSupportedForms) {
  ParsedValue call = value_of("StringProperty(default=lambda: 'x', choices=CHOICES[0])");
  ASSERT_EQ(call->kind, ExprKind::Call);
  ASSERT_EQ(call->keywords.size(), 2u);
  EXPECT_EQ(call->keywords[0].value->kind, ExprKind::Unresolved);
  EXPECT_EQ(call->keywords[0].value->text(), "lambda: 'x'");
  EXPECT_EQ(call->keywords[1].value->text(), "CHOICES[0]");
  ParsedValue generator = value_of("sum(x for x in y)");
  ASSERT_EQ(generator->items.size(), 1u);
  EXPECT_EQ(generator->items[0]->text(), "(x for x in y)");
  ParsedValue subscript_base = value_of("registry['a'].Node");
  ASSERT_EQ(subscript_base->kind, ExprKind::Attribute);
  EXPECT_EQ(subscript_base->object->kind, ExprKind::Unresolved);
  EXPECT_EQ(subscript_base->object->text(), "registry['a']");
}

TEST(ParserExpressions, YieldAwaitAndWalrus) {
  Module m = parse_ok("def g():\n    x = yield\n    y = yield from z\n    w = (yield 1)\n"
                      "    if (n := len(a)) > 1:\n        pass\n    [v := 1, v]\n");
  const Block& body = m.body[0].blocks()[0];
  EXPECT_EQ(body[0].value->text(), "yield");
  EXPECT_EQ(body[1].value->text(), "yield from z");
  EXPECT_EQ(body[2].value->text(), "yield 1");
  EXPECT_EQ(body[3].kind, StmtKind::If);
}

TEST(ParserExpressions, ExpressionsSpanningLinesInBrackets) {
  Module m = parse_ok("name = StringProperty(\n    required=True,  # a comment\n\n"
                      "    unique_index=True,\n)\n");
  const Stmt& s = m.body[0];
  EXPECT_EQ(s.end_line, 5u);
  ASSERT_EQ(s.value->keywords.size(), 2u);
  EXPECT_EQ(s.value->keywords[1].location.line, 4u);
  EXPECT_EQ(s.value->keywords[1].location.column, 5u);
}

TEST(ParserExpressions, VeryLongChainsBecomeUnresolvedInsteadOfDeepTrees) {
  std::string sum = "'a'";
  for (int i = 0; i < 20000; ++i)
    sum += " + 'a'";
  ParsedValue long_sum = value_of(sum);
  EXPECT_EQ(long_sum->kind, ExprKind::Unresolved);
  EXPECT_EQ(long_sum->text(), sum);
  std::string chain = "a";
  for (int i = 0; i < 20000; ++i)
    chain += i % 2 ? ".b" : "()";
  ParsedValue long_chain = value_of(chain);
  EXPECT_EQ(long_chain->kind, ExprKind::Unresolved);
  EXPECT_EQ(long_chain->text(), chain);
  // Ordinary lengths keep their structure.
  std::string short_sum = "'a'";
  for (int i = 0; i < 100; ++i)
    short_sum += " + 'a'";
  EXPECT_EQ(value_of(short_sum)->kind, ExprKind::Add);
}

TEST(ParserExpressions, LocationsCountCodePoints) {
  ParsedValue e = value_of("f('é', x)");
  ASSERT_EQ(e->items.size(), 2u);
  EXPECT_EQ(e->items[1]->location.column, 12u);
}

} // namespace
} // namespace crochet::py
