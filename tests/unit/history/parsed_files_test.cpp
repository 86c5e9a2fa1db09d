// The parsed-file cache behind history walks: a cached parse is the parse, and reading a
// revision through it gives exactly what a fresh read gives.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/history/parsed_files.hpp"
#include "core/schema/canonical.hpp"

namespace crochet::history {
namespace {

model::SourceFile file(std::string path, std::string content, std::string blob) {
  return {std::move(path), std::move(content), std::move(blob)};
}

std::string node_class(int i, int properties) {
  std::string text = "from neomodel import StructuredNode, StringProperty\n"
                     "from .base import Base\n\n"
                     "class M" +
                     std::to_string(i) + "(Base):\n    __kgid__ = \"k" + std::to_string(i) + "\"\n";
  for (int p = 0; p < properties; ++p)
    text += "    p" + std::to_string(p) + " = StringProperty(index=True)\n";
  return text;
}

std::vector<std::string> formatted(const Diagnostics& diagnostics) {
  std::vector<std::string> out;
  for (const Diagnostic& d : diagnostics)
    out.push_back(d.format());
  return out;
}

model::ReadOptions options() {
  model::ReadOptions options;
  options.display_prefix = "models/";
  return options;
}

TEST(ParsedFilesTest, ParsesEachPathAndBlobOnce) {
  ParsedFiles parsed(options());
  const auto a = parsed.load(file("a.py", node_class(1, 2), "b1"));
  EXPECT_EQ(parsed.load(file("a.py", node_class(1, 2), "b1")), a);
  // The same content elsewhere is another module.
  const auto moved = parsed.load(file("sub/a.py", node_class(1, 2), "b1"));
  EXPECT_NE(moved, a);
  EXPECT_EQ(moved->module_name, "models.sub.a");
  EXPECT_EQ(moved->display_path, "models/sub/a.py");
  // Work-tree files have no blob id: never cached.
  const auto worktree = parsed.load(file("a.py", node_class(1, 2), ""));
  EXPECT_NE(worktree, parsed.load(file("a.py", node_class(1, 2), "")));
  EXPECT_EQ(parsed.size(), 2u);
}

TEST(ParsedFilesTest, TrimKeepsOnlyWhatWasUsedSinceTheLastTrim) {
  ParsedFiles parsed(options());
  const auto a = parsed.load(file("a.py", node_class(1, 1), "b1"));
  parsed.load(file("b.py", node_class(2, 1), "b2"));
  parsed.trim(); // both were used
  EXPECT_EQ(parsed.size(), 2u);
  EXPECT_EQ(parsed.load(file("a.py", node_class(1, 1), "b1")), a);
  parsed.trim(); // b.py was not
  EXPECT_EQ(parsed.size(), 1u);
  EXPECT_EQ(parsed.load(file("a.py", node_class(1, 1), "b1")), a);
  parsed.trim();
  parsed.trim();
  EXPECT_EQ(parsed.size(), 0u);
}

// A walk of revisions that share files, some unreadable: reading through the cache gives the
// same schema, hash and diagnostics as reading every file afresh.
TEST(ParsedFilesTest, ReadsThroughTheCacheEqualFreshReads) {
  ParsedFiles parsed(options());
  const model::FileLoader loader = [&](model::SourceFile f) { return parsed.load(std::move(f)); };
  model::SourceSet revision = {
      file("__init__.py", "", "init"),
      file("base.py",
           "from neomodel import StructuredNode\n\nclass Base(StructuredNode):\n"
           "    __abstract_node__ = True\n",
           "base"),
  };
  for (int step = 0; step < 40; ++step) {
    const int cls = step % 5;
    const std::string path = "m" + std::to_string(cls) + ".py";
    const std::string blob = "blob-" + std::to_string(step);
    std::string content = node_class(cls, step / 5 + 1);
    if (step % 13 == 12)
      content += "class Broken(\n"; // a syntax error now and then
    if (step % 11 == 10)
      content += "class Dup(Base):\n    __kgid__ = \"k0\"\n"; // a duplicate kgid
    std::erase_if(revision, [&](const model::SourceFile& f) { return f.path == path; });
    revision.push_back(file(path, content, blob));
    const model::ReadResult fresh = model::read_models(revision, options());
    const model::ReadResult cached = model::read_models(revision, options(), loader);
    EXPECT_EQ(cached.schema, fresh.schema) << step;
    EXPECT_EQ(schema::schema_hash(cached.schema), schema::schema_hash(fresh.schema)) << step;
    EXPECT_EQ(formatted(cached.diagnostics), formatted(fresh.diagnostics)) << step;
    EXPECT_EQ(cached.ok(), fresh.ok()) << step;
    if (step % 3 == 2)
      parsed.trim();
  }
}

} // namespace
} // namespace crochet::history
