// A models folder large enough to be parsed on several threads reads to the same schema and
// the same diagnostics, in the same order, whatever the order of the input files.
#include <algorithm>

#include "core/util/trace.hpp"
#include "tests/unit/model/model_test_support.hpp"

namespace crochet::model::testing {
namespace {

using ::testing::ElementsAre;

// ~600 KiB over 300 files (by default), 1,200 classes: several parsing and building threads.
// Every 7th class has a warning (an unresolved relationship target), every 50th file a second
// class without a __kgid__ when `broken`.
SourceSet large_folder(bool broken, int files = 300) {
  SourceSet set;
  set.push_back({"common.py", "REL = 'LINKS'\n", ""});
  // A base class every other model extends: its members are read once, its warning given once.
  set.push_back({"base.py",
                 "from neomodel import StructuredNode, StringProperty\n"
                 "class Base(StructuredNode):\n    __abstract_node__ = True\n"
                 "    created = StringProperty(bogus=1)\n",
                 ""});
  for (int f = 0; f < files; ++f) {
    std::string text = "from neomodel import StructuredNode, StringProperty, RelationshipTo\n"
                       "from .common import REL\nfrom .base import Base\n\n";
    for (int c = 0; c < 4; ++c) {
      const std::string name = "M" + std::to_string(f) + "x" + std::to_string(c);
      const int n = f * 4 + c;
      const std::string target =
          n % 7 == 0 ? "Nowhere" : "M" + std::to_string((f + 1) % files) + "x0";
      text += "class " + name + (n % 2 ? "(Base)" : "(StructuredNode)") + ":\n    \"\"\"" +
              std::string(300, 'd') + "\"\"\"\n    __kgid__ = \"" + name + "\"\n" +
              "    name = StringProperty(unique_index=True)\n" + "    other = RelationshipTo(\"" +
              target + "\", REL)\n\n";
    }
    if (broken && f % 50 == 0)
      text += "class Orphan" + std::to_string(f) + "(StructuredNode):\n    pass\n";
    set.push_back({"m" + std::to_string(f) + ".py", text, ""});
  }
  return set;
}

std::vector<std::string> formatted(const ReadResult& r) {
  std::vector<std::string> out;
  for (const auto& d : r.diagnostics)
    out.push_back(d.format());
  return out;
}

TEST(ModelLargeFolder, ParallelReadIsDeterministic) {
  for (bool broken : {false, true}) {
    SourceSet files = large_folder(broken);
    std::size_t bytes = 0;
    for (const auto& f : files)
      bytes += f.content.size();
    ASSERT_GT(bytes, 512u * 1024);
    const ReadResult first = read_models(files);
    std::reverse(files.begin(), files.end());
    const ReadResult second = read_models(files);
    EXPECT_EQ(formatted(first), formatted(second));
    EXPECT_EQ(first.schema, second.schema);
    EXPECT_EQ(first.ok(), !broken);
    const auto unresolved =
        std::count_if(first.diagnostics.begin(), first.diagnostics.end(), [](const Diagnostic& d) {
          return d.message.find("'Nowhere'") != std::string::npos;
        });
    EXPECT_EQ(unresolved, (1200 + 6) / 7);
    const auto bogus =
        std::count_if(first.diagnostics.begin(), first.diagnostics.end(), [](const Diagnostic& d) {
          return d.message.find("'bogus'") != std::string::npos;
        });
    EXPECT_EQ(bogus, 1);
    if (broken) {
      EXPECT_EQ(first.missing_kgids.size(), 6u);
      EXPECT_TRUE(first.schema.nodes.empty());
    } else {
      EXPECT_EQ(first.schema.nodes.size(), 1200u);
      EXPECT_EQ(first.schema.nodes[1].properties.size(), 2u); // created (inherited) and name
      EXPECT_EQ(schema::schema_hash(first.schema), schema::schema_hash(second.schema));
    }
    EXPECT_TRUE(std::is_sorted(first.diagnostics.begin(), first.diagnostics.end(),
                               [](const Diagnostic& a, const Diagnostic& b) {
                                 return std::tie(a.file, a.line, a.column) <
                                        std::tie(b.file, b.line, b.column);
                               }));
  }
}

TEST(ModelLargeFolder, ASyntaxErrorInOneOfManyFilesFailsTheRead) {
  SourceSet files = large_folder(false);
  files[137].content += "\nclass Broken(:\n";
  const ReadResult r = read_models(files);
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(r.schema.nodes.empty());
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_EQ(r.diagnostics.front().file, files[137].path) << all_messages(r);
}

TEST(ModelLargeFolder, WorkingStateIsHandedOverOnlyWhenAsked) {
  const SourceSet files = large_folder(false);
  const ReadResult freed = read_models(files);
  EXPECT_EQ(freed.working_state, nullptr);
  ReadOptions options;
  options.hand_over_state = true;
  const ReadResult kept = read_models(files, options);
  EXPECT_NE(kept.working_state, nullptr);
  EXPECT_EQ(kept.schema, freed.schema);
  EXPECT_EQ(formatted(kept), formatted(freed));
}

TEST(ModelLargeFolder, HashIsTakenWithTheReadOnlyWhenAsked) {
  ReadOptions hashing;
  hashing.hash = true;
  // Hashed whole after the read, and with the nodes hashed while the objects are derived.
  for (int files : {300, 600}) {
    const SourceSet set = large_folder(false, files);
    const ReadResult plain = read_models(set);
    EXPECT_EQ(plain.hash, "");
    const ReadResult hashed = read_models(set, hashing);
    ASSERT_TRUE(hashed.ok()) << all_messages(hashed);
    EXPECT_EQ(hashed.schema.nodes.size(), static_cast<std::size_t>(files) * 4);
    EXPECT_EQ(hashed.schema, plain.schema);
    EXPECT_EQ(hashed.hash, schema::normalized_schema_hash(plain.schema));
  }
  const ReadResult broken = read_models(large_folder(true, 600), hashing);
  EXPECT_FALSE(broken.ok());
  EXPECT_EQ(broken.hash, "");
}

TEST(ModelLargeFolder, PerformanceTraceNamesEveryStageInOrder) {
  std::vector<std::string> stages;
  struct SinkReset { // the sink is process-wide: gone with the test, even if the read throws
    ~SinkReset() { trace::set_performance_sink({}); }
  } reset;
  trace::set_performance_sink([&](std::string_view line) {
    const std::string_view operation = "ms: read models: ";
    const auto at = line.find(operation);
    ASSERT_NE(at, std::string_view::npos) << line;
    stages.emplace_back(line.substr(at + operation.size()));
  });
  ReadOptions hashing;
  hashing.hash = true;
  const ReadResult r = read_models(large_folder(false, 600), hashing);
  ASSERT_TRUE(r.ok()) << all_messages(r);
  EXPECT_THAT(stages,
              ElementsAre("parse 602 files", "index names", "classify 2401 classes", "read members",
                          "identity", "link relationships", "normalize", "derive objects",
                          "hash (the rest of it)", "sort diagnostics, free"));
}

} // namespace
} // namespace crochet::model::testing
