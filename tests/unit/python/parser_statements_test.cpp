#include <gtest/gtest.h>

#include "parser_test_support.hpp"

namespace crochet::py {
namespace {

using testing::parse_ok;

TEST(ParserStatements, EmptyFileIsAnEmptyModule) {
  ParseResult result = parse_module("", "empty.py");
  EXPECT_TRUE(result.ok());
  EXPECT_TRUE(result.diagnostics.empty());
  EXPECT_TRUE(result.module.body.empty());
  EXPECT_EQ(result.module.path, "empty.py");
  EXPECT_TRUE(parse_ok("\n\n# nothing but comments\n   \n").body.empty());
}

TEST(ParserStatements, Imports) {
  Module m = parse_ok("import os\nimport neomodel as nm, a.b.c\nimport x.y as z\n");
  ASSERT_EQ(m.body.size(), 3u);
  EXPECT_EQ(m.body[0].kind, StmtKind::Import);
  ASSERT_EQ(m.body[0].names().size(), 1u);
  EXPECT_EQ(m.body[0].names()[0].name, "os");
  EXPECT_EQ(m.body[0].names()[0].alias, "");
  const Stmt& second = m.body[1];
  ASSERT_EQ(second.names().size(), 2u);
  EXPECT_EQ(second.names()[0].name, "neomodel");
  EXPECT_EQ(second.names()[0].alias, "nm");
  EXPECT_EQ(second.names()[0].location.line, 2u);
  EXPECT_EQ(second.names()[0].location.column, 8u);
  EXPECT_EQ(second.names()[1].name, "a.b.c");
  EXPECT_EQ(second.names()[1].location.column, 24u);
  EXPECT_EQ(m.body[2].names()[0].name, "x.y");
  EXPECT_EQ(m.body[2].names()[0].alias, "z");
}

TEST(ParserStatements, FromImports) {
  Module m = parse_ok("from neomodel import StructuredNode, StringProperty as SP\n"
                      "from . import sibling\n"
                      "from ..models.base import (\n    Base,\n    Mixin as M,\n)\n"
                      "from ... import far\n"
                      "from .mod import *\n");
  ASSERT_EQ(m.body.size(), 5u);
  const Stmt& first = m.body[0];
  EXPECT_EQ(first.kind, StmtKind::ImportFrom);
  EXPECT_EQ(first.module(), "neomodel");
  EXPECT_EQ(first.level(), 0);
  ASSERT_EQ(first.names().size(), 2u);
  EXPECT_EQ(first.names()[1].name, "StringProperty");
  EXPECT_EQ(first.names()[1].alias, "SP");
  EXPECT_EQ(first.names()[1].location.column, 38u);
  EXPECT_EQ(m.body[1].module(), "");
  EXPECT_EQ(m.body[1].level(), 1);
  EXPECT_EQ(m.body[1].names()[0].name, "sibling");
  const Stmt& parenthesised = m.body[2];
  EXPECT_EQ(parenthesised.module(), "models.base");
  EXPECT_EQ(parenthesised.level(), 2);
  ASSERT_EQ(parenthesised.names().size(), 2u);
  EXPECT_EQ(parenthesised.names()[1].name, "Mixin");
  EXPECT_EQ(parenthesised.names()[1].alias, "M");
  EXPECT_EQ(parenthesised.names()[1].location.line, 5u);
  EXPECT_EQ(parenthesised.end_line, 6u);
  EXPECT_EQ(m.body[3].level(), 3);
  EXPECT_EQ(m.body[4].names()[0].name, "*");
  EXPECT_EQ(m.body[4].names()[0].location.column, 18u);
}

TEST(ParserStatements, SimpleAndChainedAssignments) {
  Module m = parse_ok("REL = 'KNOWS'\na = b = 1\n");
  ASSERT_EQ(m.body.size(), 2u);
  EXPECT_EQ(m.body[0].kind, StmtKind::Assign);
  EXPECT_EQ(m.body[0].targets, Targets{"REL"});
  ASSERT_TRUE(m.body[0].value);
  EXPECT_EQ(m.body[0].value->kind, ExprKind::String);
  EXPECT_EQ(m.body[0].value->text(), "KNOWS");
  EXPECT_FALSE(m.body[0].annotation);
  EXPECT_EQ(m.body[1].targets, (Targets{"a", "b"}));
  EXPECT_EQ(m.body[1].value->kind, ExprKind::Integer);

  Module longer = parse_ok("a = b = c = 'v'\nd = e.f = 2\n");
  ASSERT_EQ(longer.body.size(), 2u);
  EXPECT_EQ(longer.body[0].targets, (Targets{"a", "b", "c"}));
  EXPECT_EQ(longer.body[0].value->text(), "v");
  EXPECT_EQ(longer.body[1].kind, StmtKind::Other); // one target is not a plain name
  EXPECT_TRUE(longer.body[1].targets.empty());
}

TEST(ParserStatements, AnnotatedAssignments) {
  Module m = parse_ok("name: str = StringProperty()\ncount: int\n");
  ASSERT_EQ(m.body.size(), 2u);
  EXPECT_EQ(m.body[0].kind, StmtKind::Assign);
  EXPECT_EQ(m.body[0].targets, Targets{"name"});
  ASSERT_TRUE(m.body[0].annotation);
  EXPECT_EQ(m.body[0].annotation->kind, ExprKind::Name);
  EXPECT_EQ(m.body[0].annotation->text(), "str");
  EXPECT_EQ(m.body[0].value->kind, ExprKind::Call);
  EXPECT_EQ(m.body[1].kind, StmtKind::Assign);
  EXPECT_EQ(m.body[1].annotation->text(), "int");
  EXPECT_FALSE(m.body[1].value);
}

TEST(ParserStatements, PartsOfOtherKindsReadAsEmpty) {
  // Assignments and other simple statements keep no import or compound parts at all.
  Module m = parse_ok("x: int = 1\nclass A:\n    y = 2\n");
  ASSERT_EQ(m.body.size(), 2u);
  const Stmt& assign = m.body[0];
  EXPECT_EQ(assign.kind, StmtKind::Assign);
  EXPECT_TRUE(assign.name().empty());
  EXPECT_TRUE(assign.names().empty());
  EXPECT_TRUE(assign.blocks().empty());
  EXPECT_EQ(assign.level(), 0);
  EXPECT_EQ(assign.value->kind, ExprKind::Integer);
  EXPECT_TRUE(assign.value->keywords.empty());
  EXPECT_EQ(assign.value->keywords.begin(), assign.value->keywords.end());
  const Stmt& cls = m.body[1];
  EXPECT_EQ(cls.name(), "A");
  ASSERT_EQ(cls.blocks().size(), 1u);
  EXPECT_TRUE(cls.blocks()[0][0].blocks().empty());
}

TEST(ParserStatements, IntegerValuesFitOrAreAbsent) {
  Module m = parse_ok("a = 0\nb = 9223372036854775807\nc = 9223372036854775808\nd = 1.0\n");
  ASSERT_EQ(m.body.size(), 4u);
  EXPECT_EQ(m.body[0].value->value(), 0);
  EXPECT_EQ(m.body[1].value->value(), 9223372036854775807LL);
  EXPECT_FALSE(m.body[2].value->value()); // too large for a long long
  EXPECT_FALSE(m.body[3].value->value()); // not an integer
}

TEST(ParserStatements, NonSimpleTargetsAreOther) {
  Module m = parse_ok("a.b = 1\na, b = 1, 2\nx[0] = 1\nself.x: int = 1\nn += 1\n[c, *d] = e\n");
  ASSERT_EQ(m.body.size(), 6u);
  for (const Stmt& s : m.body) {
    EXPECT_EQ(s.kind, StmtKind::Other);
    EXPECT_TRUE(s.targets.empty());
    EXPECT_FALSE(s.value);
  }
  EXPECT_EQ(m.body[3].location.line, 4u);
}

TEST(ParserStatements, ClassDefinition) {
  Module m = parse_ok("@decorator\n"
                      "@register(kind='node')\n"
                      "class Person(neomodel.StructuredNode, Mixin, metaclass=Meta, **extra):\n"
                      "    \"\"\"Docstring.\"\"\"\n"
                      "    name = StringProperty(unique_index=True)\n"
                      "\n"
                      "    def greet(self):\n"
                      "        return 'hi'\n"
                      "\n"
                      "after = 1\n");
  ASSERT_EQ(m.body.size(), 2u);
  const Stmt& c = m.body[0];
  EXPECT_EQ(c.kind, StmtKind::ClassDef);
  EXPECT_EQ(c.name(), "Person");
  EXPECT_EQ(c.location.line, 3u);
  EXPECT_EQ(c.location.column, 1u);
  EXPECT_EQ(c.end_line, 8u);
  ASSERT_EQ(c.decorators().size(), 2u);
  EXPECT_EQ(c.decorators()[0]->kind, ExprKind::Name);
  EXPECT_EQ(c.decorators()[1]->kind, ExprKind::Call);
  ASSERT_EQ(c.bases().size(), 2u);
  EXPECT_EQ(c.bases()[0]->kind, ExprKind::Attribute);
  EXPECT_EQ(c.bases()[0]->text(), "StructuredNode");
  EXPECT_EQ(c.bases()[0]->object->text(), "neomodel");
  EXPECT_EQ(c.bases()[1]->text(), "Mixin");
  ASSERT_EQ(c.keywords().size(), 2u);
  EXPECT_EQ(c.keywords()[0].name, "metaclass");
  EXPECT_EQ(c.keywords()[0].value->text(), "Meta");
  EXPECT_EQ(c.keywords()[0].location.column, 46u);
  EXPECT_EQ(c.keywords()[1].name, "");
  EXPECT_EQ(c.keywords()[1].value->text(), "extra");
  ASSERT_EQ(c.blocks().size(), 1u);
  const Block& body = c.blocks()[0];
  ASSERT_EQ(body.size(), 3u);
  EXPECT_EQ(body[0].kind, StmtKind::Other); // docstring
  EXPECT_EQ(body[1].kind, StmtKind::Assign);
  EXPECT_EQ(body[1].location.line, 5u);
  EXPECT_EQ(body[1].location.column, 5u);
  EXPECT_EQ(body[2].kind, StmtKind::FunctionDef);
  EXPECT_EQ(body[2].name(), "greet");
  EXPECT_EQ(body[2].end_line, 8u);
}

TEST(ParserStatements, OneLineCompoundStatements) {
  Module m = parse_ok("class A(B): pass\nif x: y = 1\nclass C: x = 1; y = 2\n");
  ASSERT_EQ(m.body.size(), 3u);
  EXPECT_EQ(m.body[0].kind, StmtKind::ClassDef);
  ASSERT_EQ(m.body[0].blocks().size(), 1u);
  EXPECT_EQ(m.body[0].blocks()[0].size(), 1u);
  EXPECT_EQ(m.body[0].end_line, 1u);
  EXPECT_EQ(m.body[1].kind, StmtKind::If);
  EXPECT_EQ(m.body[1].blocks()[0][0].kind, StmtKind::Assign);
  EXPECT_EQ(m.body[2].blocks()[0].size(), 2u);
  EXPECT_EQ(m.body[2].blocks()[0][1].targets, Targets{"y"});
}

TEST(ParserStatements, NestedClasses) {
  Module m = parse_ok("class Outer:\n    class Meta:\n        label = 'x'\n    y = 2\n");
  const Block& body = m.body[0].blocks()[0];
  ASSERT_EQ(body.size(), 2u);
  EXPECT_EQ(body[0].kind, StmtKind::ClassDef);
  EXPECT_EQ(body[0].name(), "Meta");
  EXPECT_EQ(body[0].end_line, 3u);
  EXPECT_EQ(body[0].blocks()[0][0].targets, Targets{"label"});
}

TEST(ParserStatements, FunctionDefinitions) {
  Module m = parse_ok("@property\n"
                      "def name(self, a, /, b: int = 1, *args, c, d=lambda: 0, **kw) -> str:\n"
                      "    x = 1\n"
                      "    return x\n"
                      "async def fetch[T](url):\n"
                      "    await get(url)\n");
  ASSERT_EQ(m.body.size(), 2u);
  const Stmt& f = m.body[0];
  EXPECT_EQ(f.kind, StmtKind::FunctionDef);
  EXPECT_EQ(f.name(), "name");
  EXPECT_EQ(f.location.line, 2u);
  EXPECT_EQ(f.end_line, 4u);
  ASSERT_EQ(f.decorators().size(), 1u);
  EXPECT_EQ(f.decorators()[0]->text(), "property");
  ASSERT_EQ(f.blocks().size(), 1u);
  ASSERT_EQ(f.blocks()[0].size(), 2u);
  EXPECT_EQ(f.blocks()[0][0].kind, StmtKind::Assign); // bodies are parsed
  EXPECT_EQ(m.body[1].kind, StmtKind::FunctionDef);
  EXPECT_EQ(m.body[1].name(), "fetch");
  EXPECT_EQ(m.body[1].location.column, 1u); // at `async`
}

TEST(ParserStatements, IfElifElse) {
  Module m = parse_ok("if a:\n    x = 1\nelif b:\n    x = 2\nelif c:\n    pass\nelse:\n"
                      "    x = 3\n    y = 4\nz = 5\n");
  ASSERT_EQ(m.body.size(), 2u);
  const Stmt& s = m.body[0];
  EXPECT_EQ(s.kind, StmtKind::If);
  EXPECT_EQ(s.end_line, 9u);
  ASSERT_EQ(s.blocks().size(), 4u);
  EXPECT_EQ(s.blocks()[0][0].targets, Targets{"x"});
  EXPECT_EQ(s.blocks()[3].size(), 2u);
}

TEST(ParserStatements, TryExceptElseFinally) {
  Module m = parse_ok("try:\n    from a import X\nexcept ImportError as e:\n    from b import X\n"
                      "except (KeyError, ValueError):\n    pass\nexcept:\n    pass\nelse:\n"
                      "    ok = 1\nfinally:\n    done = 1\n"
                      "try:\n    pass\nfinally:\n    pass\n"
                      "try:\n    pass\nexcept* ValueError:\n    pass\n");
  ASSERT_EQ(m.body.size(), 3u);
  const Stmt& t = m.body[0];
  EXPECT_EQ(t.kind, StmtKind::Try);
  ASSERT_EQ(t.blocks().size(), 6u);
  EXPECT_EQ(t.blocks()[0][0].kind, StmtKind::ImportFrom);
  EXPECT_EQ(t.blocks()[1][0].module(), "b");
  EXPECT_EQ(t.blocks()[4][0].targets, Targets{"ok"});
  EXPECT_EQ(t.blocks()[5][0].targets, Targets{"done"});
  EXPECT_EQ(t.end_line, 12u);
  EXPECT_EQ(m.body[1].blocks().size(), 2u);
  EXPECT_EQ(m.body[2].blocks().size(), 2u);
}

TEST(ParserStatements, EverythingElseIsOtherWithLocationAndEndLine) {
  Module m = parse_ok("for i in range(3):\n    pass\nelse:\n    pass\n"
                      "while x:\n    break\n"
                      "with open(p) as f, g:\n    data = f.read()\n"
                      "async def f():\n    async for a in b:\n        pass\n"
                      "    async with c:\n        pass\n"
                      "return_value = 1\n"
                      "del a[0], b\n"
                      "global g\n"
                      "assert x, 'msg'\n"
                      "raise E from None\n"
                      "print(x)\n"
                      "x += 1\n"
                      "type Alias[T] = list[T]\n"
                      "match command:\n    case [a, *rest] if a:\n        pass\n"
                      "    case {'k': v, **kw}:\n        pass\n    case Point(x=0) | None:\n"
                      "        pass\n    case _:\n        pass\n");
  ASSERT_EQ(m.body.size(), 13u);
  const StmtKind expected[] = {
      StmtKind::Other, StmtKind::Other, StmtKind::Other, StmtKind::FunctionDef, StmtKind::Assign,
      StmtKind::Other, StmtKind::Other, StmtKind::Other, StmtKind::Other,       StmtKind::Other,
      StmtKind::Other, StmtKind::Other, StmtKind::Other};
  for (std::size_t i = 0; i < m.body.size(); ++i)
    EXPECT_EQ(m.body[i].kind, expected[i]) << i;
  EXPECT_EQ(m.body[0].location.line, 1u);
  EXPECT_EQ(m.body[0].end_line, 4u);
  EXPECT_EQ(m.body[2].end_line, 8u);
  EXPECT_EQ(m.body[12].location.line, 22u);
  EXPECT_EQ(m.body[12].end_line, 30u);
  EXPECT_TRUE(m.body[12].blocks().empty()); // Other keeps no blocks
}

TEST(ParserStatements, SemicolonSeparatedStatements) {
  Module m = parse_ok("a = 1; b = 2; print(a);\n");
  ASSERT_EQ(m.body.size(), 3u);
  EXPECT_EQ(m.body[1].targets, Targets{"b"});
  EXPECT_EQ(m.body[1].location.column, 8u);
  EXPECT_EQ(m.body[2].kind, StmtKind::Other);
}

TEST(ParserStatements, SoftKeywordsAsNames) {
  Module m = parse_ok("match = 1\ncase = 2\ntype = 3\n_ = 4\nmatch(x)\nmatch.group(1)\n"
                      "type(x)\nprint(match, case)\n");
  ASSERT_EQ(m.body.size(), 8u);
  EXPECT_EQ(m.body[0].targets, Targets{"match"});
  EXPECT_EQ(m.body[2].targets, Targets{"type"});
}

TEST(ParserStatements, EndLineCoversMultiLineStatements) {
  Module m = parse_ok("x = [\n    1,\n    2,\n]\ndoc = '''a\nb\nc'''\ny = 1 + \\\n    2\n");
  ASSERT_EQ(m.body.size(), 3u);
  EXPECT_EQ(m.body[0].end_line, 4u);
  EXPECT_EQ(m.body[1].location.line, 5u);
  EXPECT_EQ(m.body[1].end_line, 7u);
  EXPECT_EQ(m.body[2].end_line, 9u);
}

TEST(ParserStatements, EndLineOfBlockIgnoresTrailingCommentsAndBlankLines) {
  Module m = parse_ok("class A:\n    x = 1\n\n    # trailing comment\n\nclass B:\n    pass\n");
  ASSERT_EQ(m.body.size(), 2u);
  EXPECT_EQ(m.body[0].end_line, 2u);
  EXPECT_EQ(m.body[1].location.line, 6u);
}

TEST(ParserStatements, TabIndentedBlocks) {
  Module m = parse_ok("class A:\n\tx = 1\n\tdef f(self):\n\t\treturn 1\n");
  ASSERT_EQ(m.body[0].blocks()[0].size(), 2u);
  EXPECT_EQ(m.body[0].blocks()[0][0].location.column, 2u);
}

TEST(ParserStatements, CrLfAndCrSourcesParseLikeLf) {
  for (const char* source : {"class A(B):\r\n    x = 'a'\r\n", "class A(B):\r    x = 'a'\r"}) {
    Module m = parse_ok(source);
    ASSERT_EQ(m.body.size(), 1u);
    EXPECT_EQ(m.body[0].end_line, 2u);
    EXPECT_EQ(m.body[0].blocks()[0][0].location.line, 2u);
    EXPECT_EQ(m.body[0].blocks()[0][0].value->text(), "a");
  }
}

TEST(ParserStatements, ByteOrderMark) {
  Module m = parse_ok("\xEF\xBB\xBFimport os\n");
  ASSERT_EQ(m.body.size(), 1u);
  EXPECT_EQ(m.body[0].location.column, 1u);
}

} // namespace
} // namespace crochet::py
