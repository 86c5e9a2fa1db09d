#include "core/data/validate.hpp"

#include <fstream>

#include <gtest/gtest.h>

#include "core/util/error.hpp"

namespace crochet::data {
namespace {

class ValidateData : public ::testing::Test {
protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() /
        ("crochet-validate-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return dir_ / name;
  }
  std::filesystem::path dir_;
};

TEST_F(ValidateData, SpecParsing) {
  DataSpec spec = parse_data_spec("format = \"jsonl\"\nrequired = [\"id\"]\nunique = [\"id\"]\n"
                                  "min_rows = 1\nmax_rows = 10\n[columns]\nid = \"integer\"\n",
                                  "spec.toml");
  EXPECT_EQ(spec.format, Format::jsonl);
  EXPECT_EQ(format_for(DataSpec{}, "rows.ndjson"), Format::jsonl);
  EXPECT_EQ(format_for(DataSpec{}, "rows.csv"), Format::csv);
  EXPECT_EQ(spec.required, std::vector<std::string>{"id"});
  EXPECT_EQ(spec.max_rows, 10u);
  EXPECT_EQ(spec.columns.types.at("id").scalar, ScalarType::integer);
  try {
    parse_data_spec("format = \"csv\"\nuniq = [\"id\"]\n", "spec.toml");
    FAIL();
  } catch (const Error& error) {
    EXPECT_STREQ(error.what(), "spec.toml:2: unknown key 'uniq'");
  }
  EXPECT_THROW(parse_data_spec("min_rows = -1\n", "spec.toml"), Error);
  EXPECT_THROW(parse_data_spec("[columns]\nid = \"int\"\n", "spec.toml"), Error);
  EXPECT_THROW(parse_data_spec("format = \n", "spec.toml"), Error);
}

TEST_F(ValidateData, GoodFilePassesWithItsChecksum) {
  auto file = write("ok.csv", "id,name\n1,a\n2,b\n");
  DataSpec spec = parse_data_spec("required=[\"id\",\"name\"]\nunique=[\"id\"]\n[columns]\n"
                                  "id=\"integer\"\n",
                                  "spec.toml");
  ValidationReport report = validate_data(file, spec);
  EXPECT_TRUE(report.ok());
  EXPECT_EQ(report.rows, 2u);
  EXPECT_EQ(report.sha256, file_sha256(file));
  EXPECT_EQ(report.sha256.substr(0, 7), "sha256:");
}

TEST_F(ValidateData, CollectsMissingValuesDuplicatesAndBounds) {
  auto file = write("bad.csv", "id,name\n1,a\n2,\n1,c\n");
  DataSpec spec = parse_data_spec("required=[\"name\"]\nunique=[\"id\"]\nmax_rows=2\n[columns]\n"
                                  "id=\"integer\"\n",
                                  "spec.toml");
  ValidationReport report = validate_data(file, spec);
  const std::string name = file.string();
  ASSERT_EQ(report.problems.size(), 3u);
  EXPECT_EQ(report.problems[0], name + ":3: required column 'name' has no value");
  EXPECT_EQ(report.problems[1], name + ":4: duplicate key [1] (first on line 2)");
  EXPECT_EQ(report.problems[2], name + ": 3 rows, more than max_rows = 2");
  EXPECT_TRUE(report.complete);
  EXPECT_EQ(summary(report, "bad.csv"), "bad.csv: 3 rows, INVALID");
}

TEST_F(ValidateData, SummaryCountsRowsInTheSingular) {
  auto file = write("one.csv", "id\n1\n");
  DataSpec spec = parse_data_spec("min_rows = 2\n", "spec.toml");
  ValidationReport report = validate_data(file, spec);
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_EQ(report.problems[0], file.string() + ": 1 row, fewer than min_rows = 2");
  EXPECT_EQ(summary(report, "one.csv"), "one.csv: 1 row, INVALID");
  EXPECT_EQ(summary(validate_data(file, DataSpec{}), "one.csv"), "one.csv: 1 row, valid");
}

TEST_F(ValidateData, TypeErrorStopsTheScan) {
  auto file = write("typed.csv", "id\n1\nx\n3\n");
  DataSpec spec = parse_data_spec("[columns]\nid=\"integer\"\n", "spec.toml");
  ValidationReport report = validate_data(file, spec);
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_EQ(report.problems[0], file.string() + ":3: column 'id': 'x' is not an integer");
  // The count is of the rows before the stop, so the summary does not offer it as the file's.
  EXPECT_FALSE(report.complete);
  EXPECT_EQ(report.rows, 1u);
  EXPECT_EQ(summary(report, "typed.csv"), "typed.csv: INVALID (the scan stopped after 1 row)");
}

TEST_F(ValidateData, RowsFromAnySourceAreCheckedTheSameWay) {
  DataSpec spec = parse_data_spec("required=[\"id\"]\n[columns]\nid=\"integer\"\n", "spec.toml");
  ValidationReport report =
      validate_rows(std::make_unique<StringByteSource>("{\"id\": 1}\n{\"name\": \"x\"}\n"),
                    Format::jsonl, spec, kProblemsKept, "inline rows");
  EXPECT_EQ(report.rows, 2u);
  EXPECT_EQ(report.problems,
            std::vector<std::string>{"inline rows:2: required column 'id' has no value"});
  EXPECT_TRUE(report.sha256.empty());
  EXPECT_EQ(problem_lines(report), report.problems);
  report.truncated = true;
  EXPECT_EQ(problem_lines(report).back(), "(more problems not shown)");
  const Json json = to_json(report, "inline rows");
  EXPECT_EQ(json["file"], "inline rows");
  EXPECT_EQ(json["ok"], false);
  EXPECT_EQ(json["truncated"], true);
  EXPECT_EQ(json["rows"], 2);
}

TEST_F(ValidateData, MissingFileIsAClearError) {
  EXPECT_THROW(validate_data(dir_ / "absent.csv", DataSpec{}), Error);
}

} // namespace
} // namespace crochet::data
