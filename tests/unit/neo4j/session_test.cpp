// The session against the loopback protocol fake of each endpoint family: discovery, auto-commit
// and explicit transactions, retries, faults, bookmarks, cluster affinity and error messages.
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "core/neo4j/session.hpp"
#include "tests/unit/neo4j/fake_server.hpp"

namespace crochet::neo4j {
namespace {

using testing::FakeNeo4j;
using namespace std::chrono_literals;

const char* kPassword = "s3cret-Pw!";

struct Family {
  const char* name;    // --family of the fake
  const char* version; // what the fake reports
  EndpointFamily family;
  migration::Dialect dialect;
};

const Family kFamilies[] = {
    {"query", "5.26.0", EndpointFamily::query_api, migration::Dialect::v5},
    {"tx", "4.4.30", EndpointFamily::http_tx, migration::Dialect::v4_4},
    {"v3", "3.5.35", EndpointFamily::legacy_v3, migration::Dialect::v3},
};

class SessionTest : public ::testing::TestWithParam<Family> {
protected:
  void SetUp() override {
    fake_ = std::make_unique<FakeNeo4j>(
        std::vector<std::string>{"--family", GetParam().name, "--version", GetParam().version,
                                 "--user", "neo4j", "--password", kPassword});
  }

  SessionOptions options(std::string password = kPassword) {
    SessionOptions options;
    options.uri = fake_->uri();
    options.auth = Auth::basic("neo4j", std::move(password));
    options.retry.max_attempts = 4;
    options.sleep = [this](std::chrono::milliseconds delay) { sleeps_.push_back(delay); };
    return options;
  }

  std::unique_ptr<Session> session(SessionOptions opts) {
    TransportOptions transport;
    transport.request_timeout = 5s;
    return connect(std::move(opts), transport);
  }
  std::unique_ptr<Session> session() { return session(options()); }

  int requests_to(const std::string& path_part) {
    int count = 0;
    const nlohmann::json state = fake_->state();
    for (const auto& request : state["requests"])
      if (request["path"].get<std::string>().find(path_part) != std::string::npos)
        ++count;
    return count;
  }

  std::unique_ptr<FakeNeo4j> fake_;
  std::vector<std::chrono::milliseconds> sleeps_;
};

TEST_P(SessionTest, DiscoversFamilyVersionEditionAndDialect) {
  auto s = session();
  const ServerInfo& info = s->server();
  EXPECT_EQ(info.family, GetParam().family);
  EXPECT_EQ(info.version, GetParam().version);
  EXPECT_EQ(info.edition, "community");
  EXPECT_EQ(info.capabilities.dialect, GetParam().dialect);
  EXPECT_EQ(info.capabilities.version, GetParam().version);
  EXPECT_FALSE(info.capabilities.enterprise);
}

TEST_P(SessionTest, AutoCommitReturnsRowsAndCounters) {
  fake_->rules({{{"match", "CREATE (p:`Person`"},
                 {"columns", {"id", "name"}},
                 {"rows", {{1, "Ada"}, {2, "Bob"}}},
                 {"counters", {{"nodes_created", 2}, {"properties_set", 4}}}}});
  auto s = session();
  Result result = s->run(
      {"CREATE (p:`Person` {name: $name}) RETURN id(p) AS id, p.name AS name", {{"name", "Ada"}}});
  ASSERT_EQ(result.rows.size(), 2u);
  EXPECT_EQ(result.value(1, "name"), "Bob");
  EXPECT_EQ(result.counters.get("nodes_created"), 2);
  EXPECT_EQ(result.counters.get("properties_set"), 4);
  EXPECT_TRUE(result.counters.contains_updates);
  auto committed = fake_->state()["committed"];
  ASSERT_EQ(committed.size(), 1u);
  EXPECT_EQ(committed[0]["parameters"]["name"], "Ada");
}

TEST_P(SessionTest, ExplicitTransactionCommitsEverythingAtOnce) {
  auto s = session();
  Transaction tx = s->begin();
  EXPECT_FALSE(tx.id().empty());
  EXPECT_FALSE(tx.expires().empty());
  tx.run({"CREATE (:A)", {}});
  tx.run({"CREATE (:B)", {}});
  EXPECT_TRUE(fake_->committed().empty());
  tx.commit();
  EXPECT_FALSE(tx.open());
  EXPECT_EQ(fake_->committed(), (std::vector<std::string>{"CREATE (:A)", "CREATE (:B)"}));
  EXPECT_TRUE(fake_->state()["open_transactions"].empty());
}

TEST_P(SessionTest, StatementsRunTogetherCommitInOneRequestOrNotAtAll) {
  auto s = session();
  if (GetParam().family == EndpointFamily::query_api) {
    EXPECT_FALSE(s->can_run_together()); // one statement per request
    EXPECT_THROW(s->run_together({{"CREATE (:A)", {}}, {"CREATE (:B)", {}}}), Error);
    EXPECT_TRUE(fake_->committed().empty());
    return;
  }
  ASSERT_TRUE(s->can_run_together());
  const int before = s->requests_sent();
  EXPECT_EQ(s->run_together({{"CREATE (:A)", {}}, {"CREATE (:B)", {}}}).size(), 2u);
  EXPECT_EQ(s->requests_sent() - before, 1);
  EXPECT_EQ(fake_->committed(), (std::vector<std::string>{"CREATE (:A)", "CREATE (:B)"}));
  fake_->rules({{{"match", "CREATE (:D)"},
                 {"error",
                  {{"code", "Neo.ClientError.Schema.ConstraintValidationFailed"},
                   {"message", "already exists"}}}}});
  EXPECT_THROW(s->run_together({{"CREATE (:C)", {}}, {"CREATE (:D)", {}}}), Neo4jError);
  EXPECT_EQ(fake_->committed().size(), 2u); // neither C nor D
}

TEST_P(SessionTest, RollbackAndDestructionDiscardTheTransaction) {
  auto s = session();
  {
    Transaction tx = s->begin();
    tx.run({"CREATE (:A)", {}});
    tx.rollback();
    EXPECT_THROW(tx.run({"CREATE (:B)", {}}), Error);
  }
  {
    Transaction tx = s->begin();
    tx.run({"CREATE (:C)", {}});
  } // rolled back by the destructor
  EXPECT_TRUE(fake_->committed().empty());
  EXPECT_TRUE(fake_->state()["open_transactions"].empty());
}

TEST_P(SessionTest, ConnectionIsReused) {
  auto s = session();
  for (int i = 0; i < 5; ++i)
    s->run({"RETURN 1", {}});
  Transaction tx = s->begin();
  tx.run({"RETURN 2", {}});
  tx.commit();
  EXPECT_EQ(fake_->state()["connections"], 1);
}

TEST_P(SessionTest, TransientErrorOnAutoCommitIsRetriedWithBackoff) {
  fake_->faults(
      {{{"method", "POST"}, {"path", "commit$|query/v2$"}, {"action", "transient"}, {"times", 2}}});
  auto s = session();
  s->server();
  int before = s->requests_sent();
  s->run({"CREATE (:A)", {}});
  EXPECT_EQ(s->requests_sent() - before, 3);
  EXPECT_EQ(fake_->committed(), std::vector<std::string>{"CREATE (:A)"});
  ASSERT_EQ(sleeps_.size(), 2u);
  EXPECT_GE(sleeps_[0], 160ms);
  EXPECT_LE(sleeps_[0], 240ms);
  EXPECT_GE(sleeps_[1], 320ms); // doubled
  EXPECT_LE(sleeps_[1], 480ms);
}

TEST_P(SessionTest, TransientErrorsGiveUpAfterTheLastAttempt) {
  fake_->faults({{{"method", "POST"},
                  {"path", "commit$|query/v2$"},
                  {"action", "transient"},
                  {"times", 10}}});
  auto s = session();
  try {
    s->run({"CREATE (:A)", {}});
    FAIL();
  } catch (const Neo4jError& error) {
    EXPECT_TRUE(error.transient());
    EXPECT_EQ(error.code(), "Neo.TransientError.Transaction.DeadlockDetected");
  }
  EXPECT_EQ(sleeps_.size(), 3u); // 4 attempts
  EXPECT_TRUE(fake_->committed().empty());
}

TEST_P(SessionTest, TransientErrorInsideATransactionRestartsTheWholeTransaction) {
  auto s = session();
  s->server();
  // The second statement of the first attempt hits a deadlock; the server rolls back.
  fake_->faults({{{"method", "POST"}, {"path", "/(t\\d+|\\d+)$"}, {"action", "transient"}}});
  int runs = 0;
  s->run_transaction([&](Transaction& tx) {
    ++runs;
    tx.run({"CREATE (:A)", {}});
  });
  EXPECT_EQ(runs, 2);
  EXPECT_EQ(fake_->committed(), std::vector<std::string>{"CREATE (:A)"});
}

TEST_P(SessionTest, StatementsInATransactionAreNotRetriedAlone) {
  auto s = session();
  Transaction tx = s->begin();
  fake_->faults({{{"method", "POST"}, {"path", "/(t\\d+|\\d+)$"}, {"action", "transient"}}});
  EXPECT_THROW(tx.run({"CREATE (:A)", {}}), Neo4jError);
  EXPECT_FALSE(tx.open());
  EXPECT_TRUE(sleeps_.empty());
}

TEST_P(SessionTest, ServerErrorStatusIsReportedAndNotRetriedForAutoCommit) {
  fake_->faults(
      {{{"method", "POST"}, {"path", "commit$|query/v2$"}, {"action", "status"}, {"status", 503}}});
  auto s = session();
  s->server();
  int before = s->requests_sent();
  try {
    s->run({"CREATE (:A)", {}});
    FAIL();
  } catch (const Neo4jError& error) {
    EXPECT_EQ(error.kind(), ErrorKind::unavailable);
    EXPECT_EQ(error.http_status(), 503);
    EXPECT_NE(std::string(error.what()).find("HTTP 503"), std::string::npos);
  }
  EXPECT_EQ(s->requests_sent() - before, 1);
}

TEST_P(SessionTest, ServerErrorStatusIsRetriedForIdempotentRequests) {
  fake_->faults({{{"method", "POST"},
                  {"path", "commit$|query/v2$"},
                  {"action", "status"},
                  {"status", 503},
                  {"times", 2}}});
  auto s = session();
  s->run({"CREATE INDEX ON :A(x)", {}}, Replay::idempotent);
  EXPECT_EQ(fake_->committed(), std::vector<std::string>{"CREATE INDEX ON :A(x)"});
  EXPECT_EQ(sleeps_.size(), 2u);
}

TEST_P(SessionTest, DroppedConnectionOnAutoCommitIsNotRetriedAndSaysTheOutcomeIsUnknown) {
  fake_->faults({{{"method", "POST"}, {"path", "commit$|query/v2$"}, {"action", "drop"}}});
  auto s = session();
  try {
    s->run({"CREATE (:A)", {}});
    FAIL();
  } catch (const TransportFault& fault) {
    EXPECT_EQ(fault.kind(), FaultKind::dropped);
    EXPECT_NE(std::string(fault.what()).find("unknown"), std::string::npos) << fault.what();
  }
  EXPECT_TRUE(sleeps_.empty());
}

TEST_P(SessionTest, DroppedConnectionIsRetriedForIdempotentRequests) {
  fake_->faults(
      {{{"method", "POST"}, {"path", "commit$|query/v2$"}, {"action", "drop"}, {"after", true}}});
  auto s = session();
  s->run({"CREATE CONSTRAINT ON (a:A) ASSERT a.x IS UNIQUE", {}}, Replay::idempotent);
  // Carried out twice: once before the connection dropped, once on the retry (libcurl's own
  // on a reused connection, or ours). Only idempotent statements are ever sent this way.
  EXPECT_EQ(fake_->committed().size(), 2u);
}

TEST_P(SessionTest, DroppedCommitIsNotRetried) {
  auto s = session();
  Transaction tx = s->begin();
  tx.run({"CREATE (:A)", {}});
  fake_->faults({{{"method", "POST"}, {"path", "/commit$"}, {"action", "drop"}, {"after", true}}});
  EXPECT_THROW(tx.commit(), TransportFault);
  // It was in fact committed: the caller has to look at the graph to know.
  EXPECT_EQ(fake_->committed(), std::vector<std::string>{"CREATE (:A)"});
  EXPECT_EQ(requests_to("/" + tx.id() + "/commit"), 1);
}

TEST_P(SessionTest, BeginIsRetriedAfterADroppedConnection) {
  fake_->faults({{{"method", "POST"}, {"path", "(/tx|/transaction)$"}, {"action", "drop"}}});
  auto s = session();
  Transaction tx = s->begin();
  tx.run({"CREATE (:A)", {}});
  tx.commit();
  EXPECT_EQ(fake_->committed(), std::vector<std::string>{"CREATE (:A)"});
}

TEST_P(SessionTest, ExpiredTransactionIsAClearError) {
  auto s = session();
  Transaction tx = s->begin();
  fake_->faults({{{"path", "/(t\\d+|\\d+)$"}, {"action", "expire"}}});
  try {
    tx.run({"CREATE (:A)", {}});
    FAIL();
  } catch (const Neo4jError& error) {
    EXPECT_EQ(error.kind(), ErrorKind::transaction_expired);
    EXPECT_NE(std::string(error.what()).find("expired"), std::string::npos);
    EXPECT_NE(std::string(error.what()).find("nothing in it was applied"), std::string::npos);
  }
  EXPECT_FALSE(tx.open());
  EXPECT_TRUE(fake_->committed().empty());
}

TEST_P(SessionTest, KeepAliveHoldsAnIdleTransactionOpen) {
  fake_->config({{"tx_timeout", 0.6}});
  auto s = session();
  Transaction tx = s->begin();
  std::this_thread::sleep_for(400ms);
  tx.keep_alive();
  std::this_thread::sleep_for(400ms);
  tx.run({"CREATE (:A)", {}});
  tx.commit();
  EXPECT_EQ(fake_->committed().size(), 1u);

  Transaction idle = s->begin();
  std::this_thread::sleep_for(900ms);
  try {
    idle.run({"CREATE (:B)", {}});
    FAIL();
  } catch (const Neo4jError& error) {
    EXPECT_EQ(error.kind(), ErrorKind::transaction_expired);
  }
}

TEST_P(SessionTest, ErrorInsideASuccessBodyFailsTheRequest) {
  fake_->faults({{{"method", "POST"},
                  {"path", "commit$|query/v2$"},
                  {"action", "error_in_body"},
                  {"code", "Neo.ClientError.Schema.ConstraintValidationFailed"},
                  {"message", "Node(0) already exists with label `Person` and property `email`"}}});
  auto s = session();
  try {
    s->run({"CREATE (:Person {email: $e})", {{"e", "a@b"}}});
    FAIL();
  } catch (const Neo4jError& error) {
    EXPECT_EQ(error.kind(), ErrorKind::constraint);
    EXPECT_GE(error.http_status(), 200);
    EXPECT_LT(error.http_status(), 300);
    EXPECT_NE(std::string(error.what()).find("already exists"), std::string::npos);
  }
  EXPECT_TRUE(fake_->committed().empty());
}

TEST_P(SessionTest, ErrorInsideABeginBodyFailsTheBegin) {
  fake_->faults({{{"method", "POST"},
                  {"path", "(/tx|/transaction)$"},
                  {"action", "error_in_body"},
                  {"code", "Neo.ClientError.Request.Invalid"},
                  {"message", "bad request"}}});
  auto s = session();
  EXPECT_THROW(s->begin(), Neo4jError);
}

TEST_P(SessionTest, SyntaxErrorNamesStatementAndPosition) {
  fake_->rules(
      {{{"match", "RETRUN"},
        {"error",
         {{"code", "Neo.ClientError.Statement.SyntaxError"},
          {"message", "Invalid input 'T': expected 'u/U' (line 1, column 4 (offset: 3))"}}}}});
  auto s = session();
  try {
    s->run({"RETRUN 1", {}});
    FAIL();
  } catch (const Neo4jError& error) {
    EXPECT_EQ(error.kind(), ErrorKind::syntax);
    EXPECT_NE(std::string(error.what()).find("  RETRUN 1\n     ^"), std::string::npos)
        << error.what();
  }
}

TEST_P(SessionTest, WrongPasswordIsAClearErrorWithoutTheSecret) {
  const std::string wrong = "not-the-Pw-42";
  auto s = session(options(wrong));
  try {
    s->run({"RETURN 1", {}});
    FAIL();
  } catch (const Neo4jError& error) {
    EXPECT_EQ(error.kind(), ErrorKind::auth);
    std::string text = std::string(error.what()) + error.hint();
    EXPECT_NE(text.find("user 'neo4j'"), std::string::npos) << text;
    EXPECT_EQ(text.find(wrong), std::string::npos);
    EXPECT_EQ(text.find(kPassword), std::string::npos);
  }
  EXPECT_TRUE(sleeps_.empty()); // never retried
}

TEST_P(SessionTest, ServerDownIsAClearErrorAfterRetries) {
  SessionOptions opts = options();
  fake_.reset(); // nobody listens on that port any more
  auto s = session(opts);
  try {
    s->run({"RETURN 1", {}});
    FAIL();
  } catch (const TransportFault& fault) {
    EXPECT_EQ(fault.kind(), FaultKind::unreachable);
    EXPECT_NE(std::string(fault.what()).find("Cannot reach Neo4j at " + opts.uri),
              std::string::npos)
        << fault.what();
    EXPECT_FALSE(fault.hint().empty());
  }
  EXPECT_EQ(sleeps_.size(), 3u);
}

TEST_P(SessionTest, RequestsCarryAuthAndJson) {
  auto s = session();
  s->run({"RETURN 1", {}});
  auto requests = fake_->state()["requests"];
  const auto& last = requests.back();
  EXPECT_EQ(last["headers"]["authorization"], Auth::basic("neo4j", kPassword).header());
  EXPECT_EQ(last["headers"]["content-type"], "application/json");
  EXPECT_EQ(last["headers"]["accept"], "application/json");
  // Discovery is unauthenticated.
  EXPECT_EQ(requests.front()["path"], "/");
  EXPECT_FALSE(requests.front()["headers"].contains("authorization"));
}

INSTANTIATE_TEST_SUITE_P(Families, SessionTest, ::testing::ValuesIn(kFamilies),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

// -- family-specific behaviour ---------------------------------------------------------------

SessionOptions plain(const FakeNeo4j& fake) {
  SessionOptions options;
  options.uri = fake.uri();
  options.sleep = [](std::chrono::milliseconds) {};
  return options;
}

TEST(QueryApi, SendsClusterAffinityBackForTheTransaction) {
  FakeNeo4j fake({"--family", "query"});
  auto s = connect(plain(fake));
  Transaction tx = s->begin();
  tx.run({"CREATE (:A)", {}});
  tx.commit(); // the fake refuses transaction requests without the affinity header
  auto requests = fake.state()["requests"];
  int with_affinity = 0;
  for (const auto& request : requests)
    if (request["headers"].contains("neo4j-cluster-affinity"))
      ++with_affinity;
  EXPECT_EQ(with_affinity, 2);
  EXPECT_EQ(fake.committed().size(), 1u);
}

TEST(QueryApi, CarriesBookmarksBetweenRequests) {
  FakeNeo4j fake({"--family", "query"});
  auto s = connect(plain(fake));
  s->run({"CREATE (:A)", {}});
  EXPECT_EQ(s->bookmarks(), std::vector<std::string>{"FB:fake-1"});
  s->run({"MATCH (a:A) RETURN a", {}});
  auto requests = fake.state()["requests"];
  auto body = nlohmann::json::parse(requests.back()["body"].get<std::string>());
  EXPECT_EQ(body["bookmarks"], nlohmann::json::array({"FB:fake-1"}));
  Transaction tx = s->begin();
  tx.commit();
  body = nlohmann::json::parse(fake.state()["requests"][3]["body"].get<std::string>());
  EXPECT_EQ(body["bookmarks"], nlohmann::json::array({"FB:fake-2"}));
}

TEST(HttpTx, CarriesLastBookmarks) {
  FakeNeo4j fake({"--family", "tx", "--version", "5.12.0"});
  auto s = connect(plain(fake));
  s->run({"CREATE (:A)", {}});
  EXPECT_EQ(s->bookmarks(), std::vector<std::string>{"FB:fake-1"});
}

TEST(HttpTx, UnknownDatabaseIsAClearError) {
  FakeNeo4j fake({"--family", "tx", "--version", "5.12.0"});
  SessionOptions options = plain(fake);
  options.database = "moviez";
  auto s = connect(options);
  try {
    s->run({"RETURN 1", {}});
    FAIL();
  } catch (const Neo4jError& error) {
    EXPECT_EQ(error.kind(), ErrorKind::database_not_found);
    EXPECT_NE(std::string(error.what()).find("'moviez'"), std::string::npos);
  }
}

TEST(Legacy, OnlyTheDefaultDatabaseExists) {
  FakeNeo4j fake({"--family", "v3", "--version", "3.1.1"});
  SessionOptions options = plain(fake);
  options.database = "moviez";
  auto s = connect(options);
  try {
    s->server();
    FAIL();
  } catch (const Neo4jError& error) {
    EXPECT_EQ(error.kind(), ErrorKind::database_not_found);
    EXPECT_NE(std::string(error.what()).find("single database"), std::string::npos);
  }
}

TEST(Discovery, EnterpriseEditionAndCalendarVersions) {
  FakeNeo4j fake({"--family", "query", "--version", "2025.01.0", "--edition", "enterprise"});
  auto s = connect(plain(fake));
  EXPECT_TRUE(s->server().capabilities.enterprise);
  EXPECT_EQ(s->server().capabilities.dialect, migration::Dialect::v2025);
}

TEST(Discovery, BearerAuth) {
  FakeNeo4j fake({"--family", "query", "--token", "tok-123"});
  SessionOptions options = plain(fake);
  options.auth = Auth::bearer("tok-123");
  auto s = connect(options);
  EXPECT_NO_THROW(s->run({"RETURN 1", {}}));
  options.auth = Auth::bearer("wrong");
  auto wrong = connect(options);
  try {
    wrong->run({"RETURN 1", {}});
    FAIL();
  } catch (const Neo4jError& error) {
    EXPECT_EQ(error.kind(), ErrorKind::auth);
    EXPECT_EQ(std::string(error.what()).find("wrong"), std::string::npos);
  }
}

TEST(Discovery, SomethingThatIsNotNeo4j) {
  FakeNeo4j fake({"--family", "query"});
  SessionOptions options = plain(fake);
  options.uri = fake.uri() + "/nothing-here";
  auto s = connect(options);
  try {
    s->server();
    FAIL();
  } catch (const Neo4jError& error) {
    EXPECT_EQ(error.kind(), ErrorKind::protocol);
    EXPECT_NE(std::string(error.what()).find("does not look like Neo4j"), std::string::npos);
  }
}

TEST(Timeouts, ASlowServerTimesOutAsADroppedRequest) {
  FakeNeo4j fake({"--family", "query"});
  fake.faults({{{"path", "query/v2$"}, {"action", "delay"}, {"ms", 1500}}});
  TransportOptions transport;
  transport.request_timeout = 300ms;
  auto s = connect(plain(fake), transport);
  s->server();
  try {
    s->run({"RETURN 1", {}});
    FAIL();
  } catch (const TransportFault& fault) {
    EXPECT_EQ(fault.kind(), FaultKind::dropped);
  }
}

// How many requests carrying `text` reached the fake.
int requests_with(FakeNeo4j& fake, const std::string& text) {
  int count = 0;
  const nlohmann::json state = fake.state();
  for (const nlohmann::json& request : state["requests"])
    count += request["body"].get<std::string>().find(text) != std::string::npos;
  return count;
}

TEST(Abandon, ARequestInFlightIsGivenUpSoonAfterTheFlagIsSet) {
  FakeNeo4j fake({"--family", "query"});
  fake.faults({{{"path", "query/v2$"}, {"action", "delay"}, {"ms", 20000}}});
  const auto abandon = std::make_shared<std::atomic<bool>>(false);
  auto s = connect(plain(fake), {.abandon = abandon});
  s->server();
  std::thread setter([&] {
    std::this_thread::sleep_for(300ms);
    abandon->store(true);
  });
  const auto started = std::chrono::steady_clock::now();
  try {
    s->run({"RETURN 'slow'", {}}, Replay::idempotent);
    ADD_FAILURE() << "the request was answered";
  } catch (const TransportFault& fault) {
    EXPECT_EQ(fault.kind(), FaultKind::abandoned);
    EXPECT_NE(std::string(fault.what()).find("was given up before Neo4j answered"),
              std::string::npos)
        << fault.what();
  }
  setter.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2500ms);
  EXPECT_EQ(requests_with(fake, "RETURN 'slow'"), 1); // idempotent, yet not sent again
}

TEST(Abandon, NoRequestStartsOnceTheFlagIsSet) {
  FakeNeo4j fake({"--family", "tx", "--version", "4.4.30"});
  const auto abandon = std::make_shared<std::atomic<bool>>(false);
  auto s = connect(plain(fake), {.abandon = abandon});
  s->run({"RETURN 'first'", {}});
  abandon->store(true);
  EXPECT_THROW(s->run({"RETURN 'second'", {}}, Replay::idempotent), TransportFault);
  EXPECT_EQ(requests_with(fake, "RETURN 'first'"), 1);
  EXPECT_EQ(requests_with(fake, "RETURN 'second'"), 0);
}

} // namespace
} // namespace crochet::neo4j
