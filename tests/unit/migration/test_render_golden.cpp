// Every sample step rendered for every dialect, compared with tests/fixtures/cypher/*.golden.
// Run with CROCHET_UPDATE_GOLDEN=1 to rewrite the files after an intended change, then review
// the diff.
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "core/migration/render.hpp"
#include "core/util/error.hpp"
#include "tests/cypher/sample_operations.hpp"

namespace crochet::migration {
namespace {

const std::string kFixtures = CROCHET_FIXTURES;

const char* class_name(StepClass step_class) {
  switch (step_class) {
  case StepClass::schema:
    return "schema";
  case StepClass::data:
    return "data";
  case StepClass::batched_data:
    return "batched_data";
  }
  return "?";
}

using samples::Variant;

std::string rendered(const Variant& variant) {
  std::ostringstream out;
  for (const auto& sample : samples::all_samples()) {
    out << sample.id << "\n";
    try {
      const auto statements = variant.render(sample.step);
      if (statements.empty())
        out << "  (no statement)\n";
      for (const auto& statement : statements) {
        out << "  [" << class_name(statement.step_class) << "] " << statement.text << "\n";
        if (!statement.params.empty())
          out << "  params " << statement.params.dump() << "\n";
      }
    } catch (const Error& error) {
      out << "  refused: " << error.what() << "\n";
    }
  }
  return out.str();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class RenderGolden : public ::testing::TestWithParam<Variant> {};

TEST_P(RenderGolden, MatchesGoldenFile) {
  const Variant& variant = GetParam();
  const std::string path = kFixtures + "/cypher/" + variant.file + ".golden";
  const std::string actual = rendered(variant);
  if (std::getenv("CROCHET_UPDATE_GOLDEN")) {
    std::ofstream(path, std::ios::binary) << actual;
    GTEST_SKIP() << "golden file rewritten: " << path;
  }
  std::ifstream probe(path);
  ASSERT_TRUE(probe.good()) << "run with CROCHET_UPDATE_GOLDEN=1 to create " << path;
  EXPECT_EQ(actual, read_file(path));
}

INSTANTIATE_TEST_SUITE_P(AllDialects, RenderGolden, ::testing::ValuesIn(samples::variants()),
                         [](const auto& param_info) { return std::string(param_info.param.file); });

TEST(RenderSamples, CoverEveryOperationInBothFormsWhereThereAreTwo) {
  std::set<std::string> seen;
  for (const auto& sample : samples::all_samples())
    seen.insert(sample.id);
  for (const OpSpec& spec : operation_table()) {
    const std::string name = spec.name;
    if (spec.label_or_rel_type) {
      EXPECT_TRUE(seen.count(name + "/node")) << name;
      EXPECT_TRUE(seen.count(name + "/relationship")) << name;
      EXPECT_TRUE(seen.count(name + "/hostile")) << name;
    } else {
      EXPECT_TRUE(seen.count(name)) << name;
    }
  }
}

// The 5.x and 2025 dialects can express every sample step: none may be refused there.
TEST(RenderSamples, ModernDialectsRenderEverySample) {
  for (const auto& sample : samples::all_samples())
    for (Dialect dialect : {Dialect::v5, Dialect::v2025})
      EXPECT_NO_THROW(render(sample.step, dialect)) << sample.id << " on " << to_string(dialect);
}

} // namespace
} // namespace crochet::migration
