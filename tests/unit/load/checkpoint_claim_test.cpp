// Each chunk's transaction first claims the batch's checkpoint (a compare-and-set under the batch
// node's lock), against the loopback protocol fake of each endpoint family: the claim comes first
// with the rows this load expects, a refused claim writes nothing and names where the checkpoint
// moved, and a chunk that fails for its own reasons keeps its own error.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/neo4j/errors.hpp"
#include "core/util/error.hpp"
#include "tests/unit/load/fake_load.hpp"

namespace crochet::load {
namespace {

using migration::Json;
using migration::OpKind;
using ::testing::HasSubstr;
using testing::position_of;

constexpr const char* kClaim = "RETURN 1 / CASE WHEN coalesce(b.rows, 0) = $rows";
constexpr const char* kReadCheckpoint = "RETURN b.rows AS rows, b.complete AS complete";
constexpr const char* kChunk = "UNWIND $rows AS row";

class CheckpointClaim : public testing::FakeLoadTest {
protected:
  // The first read of the checkpoint finds no batch; later reads find it at `rows`, written by
  // another load.
  Json checkpoint_found_later_at(int rows) {
    return Json::array({{{"match", kReadCheckpoint}, {"times", 1}},
                        {{"match", kReadCheckpoint},
                         {"columns", {"rows", "complete", "written_by", "file_sha256"}},
                         {"rows", {{rows, false, "another load's run", nullptr}}}}});
  }
};

TEST_P(CheckpointClaim, EachChunkClaimsTheCheckpointItExpectsFirstInItsTransaction) {
  LoadContext one_row_chunks = context();
  one_row_chunks.rows_per_transaction = 1;
  run_load(knows(), one_row_chunks);
  const Json committed = fake_->state()["committed"];
  std::vector<std::string> texts;
  for (const Json& statement : committed)
    texts.push_back(statement["statement"].get<std::string>());
  // The batch's node is made, committed on its own, before the first claim.
  const std::size_t opened = position_of(texts, "ON CREATE SET b.rows = 0");
  const std::size_t first = position_of(texts, kChunk);
  const std::size_t second = position_of(texts, kChunk, first + 1);
  ASSERT_LT(second, texts.size()) << "two chunks were never committed";
  ASSERT_GT(first, opened + 1);
  for (const auto& [chunk, expected] : {std::pair{first, 0}, std::pair{second, 1}}) {
    EXPECT_THAT(texts[chunk - 1], HasSubstr(kClaim));
    EXPECT_EQ(committed[chunk - 1]["parameters"]["rows"], expected);
    EXPECT_THAT(texts[chunk + 1], HasSubstr("SET b.rows = $rows"));
    EXPECT_EQ(committed[chunk + 1]["parameters"]["rows"], expected + 1);
  }
}

TEST_P(CheckpointClaim, ARefusedClaimWritesNothingAndSaysWhereTheCheckpointMoved) {
  const Json refusal = {
      {"match", kClaim},
      {"error", {{"code", "Neo.ClientError.Statement.ArithmeticError"}, {"message", "/ by zero"}}}};
  Json rules = checkpoint_found_later_at(5);
  rules.insert(rules.begin(), refusal);
  fake_->rules(rules);
  try {
    run_load(knows(), context());
    FAIL() << "the load went on past a refused claim";
  } catch (const neo4j::Neo4jError& error) {
    FAIL() << "the server's refusal was not explained: " << error.what();
  } catch (const Error& error) {
    EXPECT_THAT(error.what(), HasSubstr("batch knows: the graph's checkpoint is at 5 rows, where "
                                        "this load had 0 rows: another load of the batch wrote"));
    EXPECT_THAT(error.hint(), HasSubstr("resumes from the graph's checkpoint"));
  }
  EXPECT_EQ(position_of(fake_->committed(), kChunk), fake_->committed().size());
  EXPECT_EQ(ledger_->find_batch("knows")->state, "failed");
}

TEST_P(CheckpointClaim, AChunkThatFailsOnItsOwnKeepsItsOwnError) {
  const Json violation = {{"match", kChunk},
                          {"error",
                           {{"code", "Neo.ClientError.Schema.ConstraintValidationFailed"},
                            {"message", "Node(7) already exists with label `Person`"}}}};
  Json rules = checkpoint_found_later_at(0);
  rules.insert(rules.begin(), violation);
  fake_->rules(rules);
  const migration::Operation people{
      OpKind::create_nodes,
      {{"batch", "people"}, {"labels", {"Person"}}, {"rows", Json::array({Json{{"id", 1}}})}}};
  try {
    run_load(people, context());
    FAIL() << "the failed chunk went unreported";
  } catch (const neo4j::Neo4jError& error) {
    EXPECT_THAT(error.what(), HasSubstr("already exists with label `Person`"));
  }
  EXPECT_EQ(ledger_->find_batch("people")->state, "failed");
}

INSTANTIATE_TEST_SUITE_P(Families, CheckpointClaim, testing::every_family(), testing::family_name);

} // namespace
} // namespace crochet::load
