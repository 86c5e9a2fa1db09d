#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <string>

#include "parser_test_support.hpp"

// Timing is only asserted in optimised, uninstrumented builds.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PARSER_TEST_HAS_ASAN 1
#endif
#endif
#ifndef PARSER_TEST_HAS_ASAN
#define PARSER_TEST_HAS_ASAN 0
#endif

namespace crochet::py {
namespace {

using testing::parse_ok;

std::string read_fixture(const std::string& name) {
  std::ifstream in(std::string(CROCHET_FIXTURES) + "/python/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const Stmt* find_class(const Block& block, std::string_view name) {
  for (const Stmt& s : block)
    if (s.kind == StmtKind::ClassDef && s.name() == name)
      return &s;
  return nullptr;
}

const Stmt* find_assign(const Block& block, std::string_view target) {
  for (const Stmt& s : block)
    if (s.kind == StmtKind::Assign && !s.targets.empty() && s.targets[0] == target)
      return &s;
  return nullptr;
}

TEST(ParserCorpus, RealisticNeomodelModelFile) {
  const std::string source = read_fixture("neomodel_models.py");
  Module m = parse_ok(source);

  int classes = 0;
  for (const Stmt& s : m.body)
    classes += s.kind == StmtKind::ClassDef;
  EXPECT_EQ(classes, 6);

  const Stmt* rel = find_assign(m.body, "WORKS_AT");
  ASSERT_TRUE(rel);
  EXPECT_EQ(rel->value->kind, ExprKind::Add);

  const Stmt* person = find_class(m.body, "Person");
  ASSERT_TRUE(person);
  ASSERT_EQ(person->decorators().size(), 1u);
  EXPECT_EQ(person->decorators()[0]->kind, ExprKind::Attribute);
  ASSERT_EQ(person->bases().size(), 2u);
  EXPECT_EQ(person->bases()[0]->text(), "Timestamped");
  EXPECT_EQ(person->bases()[1]->text(), "StructuredNode");
  const Block& body = person->blocks()[0];

  const Stmt* kgid = find_assign(body, "__kgid__");
  ASSERT_TRUE(kgid);
  EXPECT_EQ(kgid->value->text(), "b3f1c2d4-0000-4000-8000-000000000002");
  const Stmt* labels = find_assign(body, "__optional_labels__");
  ASSERT_TRUE(labels);
  EXPECT_EQ(labels->value->kind, ExprKind::List);

  const Stmt* name = find_assign(body, "name");
  ASSERT_TRUE(name);
  ASSERT_EQ(name->value->kind, ExprKind::Call);
  EXPECT_EQ(name->value->object->text(), "StringProperty");
  ASSERT_EQ(name->value->keywords.size(), 3u);
  EXPECT_EQ(name->value->keywords[1].name, "max_length");
  EXPECT_EQ(name->value->keywords[1].value->text(), "MAX_NAME");

  const Stmt* tags = find_assign(body, "tags");
  ASSERT_TRUE(tags);
  EXPECT_EQ(tags->value->items[0]->kind, ExprKind::Call); // ArrayProperty(StringProperty())
  EXPECT_EQ(tags->value->keywords[0].value->kind, ExprKind::Unresolved);
  EXPECT_EQ(tags->value->keywords[0].value->text(), "lambda: list(DEFAULT_TAGS)");

  const Stmt* nickname = find_assign(body, "nickname");
  ASSERT_TRUE(nickname);
  EXPECT_EQ(nickname->annotation->text(), "Optional[str]");
  EXPECT_EQ(nickname->value->kind, ExprKind::None);

  const Stmt* employer = find_assign(body, "employer");
  ASSERT_TRUE(employer);
  EXPECT_EQ(employer->location.line, employer->end_line - 4);
  EXPECT_EQ(employer->value->items[0]->text(), "Company");
  EXPECT_EQ(employer->value->keywords[0].name, "cardinality");

  int methods = 0;
  for (const Stmt& s : body)
    methods += s.kind == StmtKind::FunctionDef;
  EXPECT_EQ(methods, 4);

  const Stmt* document = find_class(m.body, "Document");
  ASSERT_TRUE(document);
  const Stmt* score = find_assign(document->blocks()[0], "score");
  ASSERT_TRUE(score);
  EXPECT_EQ(score->value->keywords[0].value->kind, ExprKind::Negate);
  bool saw_if = false, saw_try = false;
  for (const Stmt& s : document->blocks()[0]) {
    if (s.kind == StmtKind::If) {
      saw_if = true;
      EXPECT_EQ(s.blocks()[0][0].targets, Targets{"reviewed"});
    }
    if (s.kind == StmtKind::Try) {
      saw_try = true;
      EXPECT_EQ(s.blocks().size(), 2u);
    }
  }
  EXPECT_TRUE(saw_if);
  EXPECT_TRUE(saw_try);
  EXPECT_EQ(document->end_line, document->blocks()[0].back().end_line);
}

TEST(ParserCorpus, EveryPython312Form) {
  const std::string source = read_fixture("syntax_3_12.py");
  Module m = parse_ok(source);
  EXPECT_GT(m.body.size(), 50u);
}

// A model-like module of about `bytes` bytes: many classes with properties, relationships and
// methods holding arbitrary code.
std::string generate_models(std::size_t bytes) {
  std::string out = "from neomodel import StructuredNode, StringProperty, RelationshipTo\n"
                    "import neomodel as nm\n\nREL = 'RELATED_TO'\n\n";
  for (int i = 0; out.size() < bytes; ++i) {
    const std::string n = std::to_string(i);
    out += "class Node" + n +
           "(StructuredNode):\n"
           "    \"\"\"Node number " +
           n +
           ".\"\"\"\n"
           "    __kgid__ = \"00000000-0000-4000-8000-" +
           std::string(12 - n.size(), '0') + n +
           "\"\n"
           "    name = StringProperty(required=True, unique_index=True, max_length=120)\n"
           "    count = nm.IntegerProperty(default=0, index=True)\n"
           "    ratio: float = nm.FloatProperty(default=-0.5)\n"
           "    tags = nm.ArrayProperty(StringProperty(), default=lambda: ['a', 'b'])\n"
           "    kind = StringProperty(choices={'a': 'A', 'b': 'B'}, default='a')\n"
           "    related = RelationshipTo('Node" +
           n + "', REL + '_" + n +
           "', cardinality=nm.ZeroOrMore)\n\n"
           "    def describe(self, verbose=False):\n"
           "        parts = [f'{self.name}:{self.count}' for _ in range(3) if verbose]\n"
           "        if self.count > 10 and not verbose:\n"
           "            return ', '.join(parts) or None\n"
           "        return {'name': self.name, 'tags': self.tags[1:]}\n\n";
  }
  return out;
}

TEST(ParserCorpus, LargeGeneratedFileParsesQuickly) {
  const std::string source = generate_models(10 * 1024 * 1024);
  const auto start = std::chrono::steady_clock::now();
  ParseResult result = parse_module(source, "big.py");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(result.ok()) << result.diagnostics[0].format();
  EXPECT_GT(result.module.body.size(), 10000u);
  const Stmt& last = result.module.body.back();
  EXPECT_EQ(last.kind, StmtKind::ClassDef);
  EXPECT_EQ(last.blocks()[0].size(), 9u);
  RecordProperty("megabytes_per_second", std::to_string(source.size() / seconds / 1e6));
#if defined(NDEBUG) && !defined(__SANITIZE_ADDRESS__) && !defined(CROCHET_INSTRUMENTED) &&         \
    !PARSER_TEST_HAS_ASAN
  EXPECT_LT(seconds, 2.0) << source.size() / seconds / 1e6 << " MB/s";
#endif
}

} // namespace
} // namespace crochet::py
