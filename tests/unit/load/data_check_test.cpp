// A load step's data checked without a database (check_data): what `upgrade --dry-run` reports
// and what stops `upgrade` before its first write. Missing and changed files, bad rows and rows
// without the values the step needs are problems named by file and line; good data passes.
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/data/byte_source.hpp"
#include "core/load/data_check.hpp"

namespace crochet::load {
namespace {

using migration::Json;
using migration::Operation;
using migration::OpKind;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class DataCheckTest : public ::testing::Test {
protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("crochet-data-check-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(root_ / "data");
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  // Writes data/NAME and returns its sha256.
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(root_ / "data" / name, std::ios::binary) << text;
    return data::file_sha256(root_ / "data" / name);
  }

  static Operation people(const std::string& sha256, const std::string& file = "people.csv") {
    return {OpKind::create_nodes,
            {{"batch", "people"},
             {"labels", {"Person"}},
             {"source", {{"path", "data/" + file}, {"sha256", sha256}}},
             {"columns", {{"id", "integer"}, {"born", "date"}}}}};
  }

  std::filesystem::path root_;
};

TEST_F(DataCheckTest, GoodFilePasses) {
  const std::string sha256 = write("people.csv", "id,name,born\n1,Ada,1815-12-10\n2,Alan,\n");
  const DataCheck check = check_data(people(sha256), root_);
  EXPECT_TRUE(check.ok()) << check.report.problems.front();
  EXPECT_TRUE(check.scanned);
  EXPECT_EQ(check.report.rows, 2u);
  EXPECT_EQ(check.file, "data/people.csv");
  EXPECT_EQ(check.report.sha256, sha256);
  EXPECT_EQ(summary(check), "data/people.csv: 2 rows, valid");
  const Json json = to_json(check);
  EXPECT_EQ(json["ok"], true);
  EXPECT_EQ(json["pinned_sha256"], sha256);
  EXPECT_EQ(json["file"], "data/people.csv");
}

TEST_F(DataCheckTest, BadRowIsNamedByFileAndLine) {
  const std::string sha256 = write("people.csv", "id,name,born\n1,Ada,1815-12-10\nx,Alan,\n");
  const DataCheck check = check_data(people(sha256), root_);
  EXPECT_FALSE(check.ok());
  EXPECT_THAT(check.report.problems,
              ElementsAre("data/people.csv:3: column 'id': 'x' is not an integer"));
  EXPECT_EQ(summary(check), "data/people.csv: INVALID (the scan stopped after 1 row)");
}

TEST_F(DataCheckTest, MissingFileIsAProblemNotAnError) {
  const DataCheck check = check_data(people("sha256:" + std::string(64, '0')), root_);
  EXPECT_FALSE(check.ok());
  EXPECT_FALSE(check.scanned);
  ASSERT_EQ(check.report.problems.size(), 1u);
  EXPECT_THAT(check.report.problems[0], HasSubstr("cannot read data/people.csv"));
  EXPECT_EQ(summary(check), "data/people.csv: INVALID (not read)");
}

TEST_F(DataCheckTest, ChangedFileIsNamedAndItsRowsStillChecked) {
  const std::string pinned = write("people.csv", "id,name,born\n1,Ada,1815-12-10\n");
  const std::string now =
      write("people.csv", "id,name,born\n1,Ada,1815-12-10\n2,Alan,1912-02-30\n");
  const DataCheck check = check_data(people(pinned), root_);
  EXPECT_FALSE(check.ok());
  EXPECT_THAT(check.report.problems,
              ElementsAre("data/people.csv has changed: its sha256 is " + now +
                              ", the migration pins " + pinned,
                          "data/people.csv:3: column 'born': '1912-02-30' is not a date "
                          "(YYYY-MM-DD)"));
}

TEST_F(DataCheckTest, ProblemsAreCappedAsDataValidateCapsThem) {
  std::string text = "id,key\n";
  for (int i = 0; i < 60; ++i)
    text += std::to_string(i) + ",\n";
  const std::string sha256 = write("keys.csv", text);
  const Operation upsert{OpKind::upsert_nodes,
                         {{"batch", "keys"},
                          {"labels", {"Key"}},
                          {"keys", {"key"}},
                          {"source", {{"path", "data/keys.csv"}, {"sha256", sha256}}}}};
  const DataCheck check = check_data(upsert, root_);
  EXPECT_EQ(check.report.problems.size(), data::kProblemsKept);
  EXPECT_TRUE(check.report.truncated);
  EXPECT_EQ(check.report.problems[0], "data/keys.csv:2: required column 'key' has no value");
  EXPECT_EQ(data::problem_lines(check.report).back(), "(more problems not shown)");
}

TEST_F(DataCheckTest, RequiredColumnsAreTheOnesTheStepMatchesOn) {
  const Operation upsert{OpKind::upsert_nodes,
                         {{"batch", "b"}, {"labels", {"Person"}}, {"keys", {"id", "tenant"}}}};
  EXPECT_THAT(required_columns(upsert), ElementsAre("id", "tenant"));
  Operation knows{OpKind::create_relationships,
                  {{"batch", "b"},
                   {"rel_type", "KNOWS"},
                   {"from", {{"label", "Person"}, {"key", {{"id", "from_id"}}}}},
                   {"to", {{"label", "Person"}, {"key", {{"id", "to_id"}}}}}}};
  EXPECT_THAT(required_columns(knows), ElementsAre("from_id", "to_id"));
  knows.args["on_missing"] = "skip"; // a row without an end is left out, not an error
  EXPECT_TRUE(required_columns(knows).empty());
  EXPECT_TRUE(required_columns(people("")).empty());
}

TEST_F(DataCheckTest, InlineRowsAreCheckedToo) {
  const Operation inline_rows{
      OpKind::create_relationships,
      {{"batch", "b"},
       {"rel_type", "KNOWS"},
       {"from", {{"label", "Person"}, {"key", {{"id", "from_id"}}}}},
       {"to", {{"label", "Person"}, {"key", {{"id", "to_id"}}}}},
       {"columns", {{"since", "date"}}},
       {"rows", Json::array({Json{{"from_id", 1}, {"to_id", 2}}, Json{{"from_id", 1}}})}}};
  const DataCheck check = check_data(inline_rows, root_);
  EXPECT_THAT(check.report.problems,
              ElementsAre("create_relationships step (batch b):2: required column 'to_id' has "
                          "no value"));
  EXPECT_TRUE(check.pinned_sha256.empty());
}

TEST_F(DataCheckTest, BadColumnTypesAndSourceTablesAreProblems) {
  Operation bad_type = people(write("people.csv", "id\n1\n"));
  bad_type.args["columns"] = {{"id", "int"}};
  EXPECT_FALSE(check_data(bad_type, root_).ok());
  Operation bad_source = people("sha256:nothex");
  EXPECT_THAT(check_data(bad_source, root_).report.problems.at(0),
              HasSubstr("sha256 must be \"sha256:\" and 64 lowercase hex digits"));
}

} // namespace
} // namespace crochet::load
