// A downgrade's removal of a batch (run_delete), against the loopback protocol fake of each
// endpoint family: it counts what the server removed, reports progress after every chunk (what
// renews the graph lock's lease), and sends a chunk whose answer was lost again, since each
// chunk removes whatever of the batch is left.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/neo4j/http.hpp"
#include "core/util/error.hpp"
#include "tests/unit/load/fake_load.hpp"

namespace crochet::load {
namespace {

using migration::Json;
using migration::OpKind;
using ::testing::HasSubstr;

constexpr const char* kNodeChunk = "DETACH DELETE n";
constexpr const char* kForgetBatch = " DELETE b";

class Removal : public testing::FakeLoadTest {
protected:
  void SetUp() override {
    FakeLoadTest::SetUp();
    const migration::Operation people{
        OpKind::create_nodes,
        {{"batch", "people"},
         {"labels", {"Person"}},
         {"rows", Json::array({Json{{"id", 1}}, Json{{"id", 2}}, Json{{"id", 3}}})}}};
    run_load(people, context());
    fake_->reset(); // the load's statements are not what these tests read back
  }

  static migration::Operation remove_people() {
    return {OpKind::delete_nodes_by_batch,
            {{"batch", "people"}, {"labels", {"Person"}}, {"rows_per_transaction", 2}}};
  }

  // The server's answers to the next chunks, in order: each matched `deleted`, and removed
  // `removed` (a chunk's attempt whose answer is lost takes its answer too).
  void chunks_answer(const std::vector<std::pair<int, int>>& answers, const char* counter) {
    Json rules = Json::array();
    for (const auto& [deleted, removed] : answers)
      rules.push_back({{"match", "RETURN count(*) AS deleted"},
                       {"times", 1},
                       {"columns", {"deleted"}},
                       {"rows", {{deleted}}},
                       {"counters", {{counter, removed}}}});
    fake_->rules(rules);
  }

  // The next `times` chunks are dropped without an answer: after the server carried them out,
  // or before.
  void drop_chunks(bool after_they_ran, int times) {
    fake_->faults(Json::array({{{"method", "POST"},
                                {"body", "RETURN count(*) AS deleted"},
                                {"action", "drop"},
                                {"after", after_they_ran},
                                {"times", times}}}));
  }

  // How many committed statements contain `text`.
  int committed(const std::string& text) {
    int count = 0;
    const Json state = fake_->state(); // the loop below reads into it
    for (const Json& statement : state["committed"])
      count += statement["statement"].get<std::string>().find(text) != std::string::npos;
    return count;
  }
};

TEST_P(Removal, CountsWhatTheServerRemovedAndReportsEveryChunk) {
  chunks_answer({{2, 2}, {1, 1}}, "nodes_deleted");
  LoadContext context = this->context();
  std::vector<std::int64_t> reported;
  context.on_progress = [&](const Progress& progress) {
    EXPECT_EQ(progress.batch, "people");
    reported.push_back(progress.rows);
  };
  const LoadStats stats = run_delete(remove_people(), context);
  EXPECT_TRUE(stats.removal);
  EXPECT_EQ(stats.rows, 3);
  EXPECT_EQ(stats.chunks, 2);
  EXPECT_EQ(stats.uncounted_chunks, 0);
  EXPECT_EQ(reported, (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(committed(kNodeChunk), 2);
  EXPECT_EQ(committed(kForgetBatch), 1);
  EXPECT_FALSE(ledger_->find_batch("people"));
}

// A node an earlier attempt removed meanwhile is matched again, but not removed again.
TEST_P(Removal, RowsAreTheServersCountNotTheMatches) {
  chunks_answer({{1, 0}}, "nodes_deleted");
  EXPECT_EQ(run_delete(remove_people(), context()).rows, 0);
}

TEST_P(Removal, ARelationshipRemovalCountsRemovedRelationships) {
  chunks_answer({{1, 1}}, "relationships_deleted");
  const LoadStats stats = run_delete(
      {OpKind::delete_relationships_by_batch, {{"batch", "knows"}, {"rel_type", "KNOWS"}}},
      context());
  EXPECT_EQ(stats.rows, 1);
}

TEST_P(Removal, AChunkWhoseAnswerWasLostIsSentAgain) {
  chunks_answer({{2, 2}, {2, 2}, {1, 1}}, "nodes_deleted");
  drop_chunks(true, 1);
  const LoadStats stats = run_delete(remove_people(), context());
  EXPECT_EQ(stats.rows, 3); // the lost answer's 2 are not counted
  EXPECT_EQ(stats.chunks, 2);
  EXPECT_EQ(stats.uncounted_chunks, 1);
  EXPECT_EQ(committed(kNodeChunk), 3);
  EXPECT_FALSE(ledger_->find_batch("people"));
}

TEST_P(Removal, AChunkNeverAnsweredStopsTheRemovalAfterTheRetryAttempts) {
  drop_chunks(false, 100);
  try {
    run_delete(remove_people(), context());
    FAIL() << "a chunk that was never answered went unreported";
  } catch (const Error& error) {
    EXPECT_THAT(error.what(), HasSubstr("batch people: a chunk of the removal was sent 5 times "
                                        "in a row without an answer (last attempt: "));
    EXPECT_THAT(error.hint(), HasSubstr("removes what is left of the batch"));
  }
  EXPECT_EQ(committed(kNodeChunk), 0);
  EXPECT_EQ(committed(kForgetBatch), 0);
  ASSERT_TRUE(ledger_->find_batch("people"));
  EXPECT_EQ(ledger_->find_batch("people")->state, "removing");
}

INSTANTIATE_TEST_SUITE_P(Families, Removal, testing::every_family(), testing::family_name);

} // namespace
} // namespace crochet::load
