// A chunk whose answer is lost (the connection drops after the request left, or the client's
// timeout runs out) has an outcome the client cannot know from the request alone. The load reads
// it from the graph's checkpoint, against the loopback protocol fake of each endpoint family:
// a chunk that committed is never sent again, one that did not is sent again, and a checkpoint
// another load moved is refused as before.
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

constexpr const char* kReadCheckpoint = "RETURN b.rows AS rows, b.complete AS complete";
constexpr const char* kChunk = "UNWIND $rows AS row";
constexpr const char* kCheckpoint = "b.written_by = $run";

class LostAnswer : public testing::FakeLoadTest {
protected:
  // Three people, one per chunk.
  static migration::Operation people() {
    return {OpKind::create_nodes,
            {{"batch", "people"},
             {"labels", {"Person"}},
             {"rows", Json::array({Json{{"id", 1}}, Json{{"id", 2}}, Json{{"id", 3}}})}}};
  }

  // A context whose first committed chunk runs `after_first_chunk` (once).
  LoadContext one_row_chunks(std::function<void()> after_first_chunk) {
    LoadContext context = this->context();
    context.rows_per_transaction = 1;
    context.on_progress = [this, after_first_chunk](const Progress& progress) {
      if (progress.rows == 1)
        after_first_chunk();
    };
    return context;
  }

  // The run token the load wrote with its last checkpoint.
  std::string run_token() {
    std::string token;
    const Json state = fake_->state(); // the loop below reads into it
    for (const Json& statement : state["committed"])
      if (statement["statement"].get<std::string>().find(kCheckpoint) != std::string::npos)
        token = statement["parameters"]["run"].get<std::string>();
    return token;
  }

  // From now on the graph's checkpoint reads as `rows`, written by `run`.
  void checkpoint_reads(int rows, const std::string& run) {
    fake_->rules(Json::array({{{"match", kReadCheckpoint},
                               {"columns", {"rows", "complete", "written_by", "file_sha256"}},
                               {"rows", {{rows, false, run, nullptr}}}}}));
  }

  // The next chunk's commit is dropped, `times` times: after the server carried it out, or
  // before. The Query API commits a chunk's explicit transaction by a request of its own; the
  // other families send a chunk and commit it in one request, to the endpoint that also takes
  // the load's single statements.
  void drop_next_commit(bool after_it_ran, int times = 1) {
    Json fault = {
        {"method", "POST"}, {"action", "drop"}, {"after", after_it_ran}, {"times", times}};
    if (GetParam().name == "query") {
      fault["path"] = "/tx/[^/]+/commit$";
    } else {
      fault["path"] = "/commit$";
      fault["body"] = kChunk;
    }
    fake_->faults(Json::array({fault}));
  }

  // The `id` of every committed chunk's rows, in commit order.
  std::vector<int> committed_ids() {
    std::vector<int> ids;
    const Json state = fake_->state(); // the loop below reads into it
    for (const Json& statement : state["committed"])
      if (statement["statement"].get<std::string>().find(kChunk) != std::string::npos)
        for (const Json& row : statement["parameters"]["rows"])
          ids.push_back(row["id"].get<int>());
    return ids;
  }
};

TEST_P(LostAnswer, AChunkThatCommittedBeforeItsAnswerWasLostIsNotSentAgain) {
  const LoadStats stats = run_load(people(), one_row_chunks([&] {
                                     drop_next_commit(true);
                                     checkpoint_reads(2, run_token());
                                   }));
  EXPECT_EQ(committed_ids(), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(stats.rows, 3);
  EXPECT_EQ(stats.chunks, 3);
  EXPECT_EQ(stats.uncounted_chunks, 1);
  EXPECT_EQ(ledger_->find_batch("people")->state, "complete");
}

TEST_P(LostAnswer, AChunkDroppedBeforeTheServerRanItIsSentAgain) {
  const LoadStats stats = run_load(people(), one_row_chunks([&] {
                                     drop_next_commit(false);
                                     checkpoint_reads(1, run_token());
                                   }));
  EXPECT_EQ(committed_ids(), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(stats.rows, 3);
  EXPECT_EQ(stats.uncounted_chunks, 0);
  EXPECT_EQ(ledger_->find_batch("people")->state, "complete");
}

TEST_P(LostAnswer, AChunkNeverAnsweredFailsSayingNothingOfItCommitted) {
  try {
    run_load(people(), one_row_chunks([&] {
               drop_next_commit(false, 100);
               checkpoint_reads(1, run_token());
             }));
    FAIL() << "a chunk that was never answered went unreported";
  } catch (const Error& error) {
    EXPECT_THAT(error.what(), HasSubstr("batch people: the chunk after row 1 was sent 5 times "
                                        "without an answer, and the graph shows none of it "
                                        "committed"));
    EXPECT_THAT(error.hint(), HasSubstr("resumes from the graph's checkpoint"));
  }
  EXPECT_EQ(committed_ids(), (std::vector<int>{1}));
  EXPECT_EQ(ledger_->find_batch("people")->state, "failed");
}

TEST_P(LostAnswer, ALostAnswerWhereAnotherLoadMovedTheCheckpointIsRefused) {
  try {
    run_load(people(), one_row_chunks([&] {
               drop_next_commit(false);
               checkpoint_reads(2, "another load's run");
             }));
    FAIL() << "the load went on past a checkpoint another load moved";
  } catch (const neo4j::TransportFault& fault) {
    FAIL() << "the lost answer was not explained: " << fault.what();
  } catch (const Error& error) {
    EXPECT_THAT(error.what(), HasSubstr("batch people: the graph's checkpoint is at 2 rows, where "
                                        "this load had 1 rows: another load of the batch wrote"));
  }
  EXPECT_EQ(committed_ids(), (std::vector<int>{1}));
  EXPECT_EQ(ledger_->find_batch("people")->state, "failed");
}

TEST_P(LostAnswer, EveryChunkOfARunNamesTheRunAndEachRunItsOwn) {
  run_load(people(), one_row_chunks([] {}));
  std::vector<std::string> tokens;
  const Json state = fake_->state();
  for (const Json& statement : state["committed"])
    if (statement["statement"].get<std::string>().find(kCheckpoint) != std::string::npos)
      tokens.push_back(statement["parameters"]["run"].get<std::string>());
  ASSERT_EQ(tokens.size(), 4u); // three chunks and the final checkpoint
  EXPECT_EQ(tokens[0].size(), 32u);
  for (const std::string& token : tokens)
    EXPECT_EQ(token, tokens[0]);

  const migration::Operation others{
      OpKind::create_nodes,
      {{"batch", "others"}, {"labels", {"Person"}}, {"rows", Json::array({Json{{"id", 9}}})}}};
  run_load(others, context());
  EXPECT_NE(run_token(), tokens[0]);
}

INSTANTIATE_TEST_SUITE_P(Families, LostAnswer, testing::every_family(), testing::family_name);

} // namespace
} // namespace crochet::load
