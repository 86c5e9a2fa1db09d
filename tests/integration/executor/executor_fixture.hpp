#pragma once
// What the executor's suites against a real Neo4j share: a ledger in a temporary directory, a
// migration of three Cypher steps, and the labels they use wiped before and after each test.
#include <filesystem>
#include <optional>

#include <gtest/gtest.h>
#include <unistd.h>

#include "core/executor/executor.hpp"
#include "core/executor/mirror.hpp"
#include "core/ledger/ledger.hpp"
#include "tests/integration/test_server.hpp"

namespace crochet::executor {

inline migration::Operation cypher(const std::string& statement) {
  return {migration::OpKind::cypher, {{"statement", statement}}};
}

class ExecutorTest : public ::testing::Test {
protected:
  void SetUp() override {
    CROCHET_REQUIRE_TEST_SERVER();
    session_ = neo4j::connect(session_options());
    dir_ = std::filesystem::temp_directory_path() /
           ("crochet-executor-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    ledger_.emplace(ledger::Ledger::open(dir_ / "ledger.db"));
    wipe();
    // Two data steps (one transaction), then a third that only runs after it.
    migration::Migration migration;
    migration.revision = "0001_things";
    migration.file = "migrations/0001_things.toml";
    migration.upgrade = {cypher("CREATE (:ExecThing {n: 1})"), cypher("CREATE (:ExecThing {n: 2})"),
                         cypher("MATCH (t:ExecThing) SET t.seen = true")};
    chain_.migrations = {migration};
    chain_.heads = {migration.revision};
  }

  void TearDown() override {
    if (session_)
      wipe();
    ledger_.reset();
    std::filesystem::remove_all(dir_);
  }

  static neo4j::SessionOptions session_options() {
    neo4j::SessionOptions options = testing::test_session_options();
    options.sleep = [](std::chrono::milliseconds) {}; // no back-off between attempts
    return options;
  }

  // The tests own the labels they use; everything else in the server is left alone.
  void wipe() {
    for (const char* label : {"ExecThing", kMirrorLabel, "__CrochetLock"})
      session_->run({std::string("MATCH (n:`") + label + "`) DETACH DELETE n"});
  }

  RunReport upgrade_through(neo4j::Session& session) {
    RunContext context(session, *ledger_, dir_);
    context.actor = "tester";
    context.say = [this](const std::string& line) { said_ += line + "\n"; };
    return upgrade(context, chain_, nullptr);
  }

  RunReport downgrade_through(neo4j::Session& session) {
    RunContext context(session, *ledger_, dir_);
    context.actor = "tester";
    return downgrade(context, chain_, nullptr, 1);
  }

  std::int64_t count(const std::string& cypher) {
    return session_->run({cypher + " AS c"}).value(0, "c").get<std::int64_t>();
  }

  std::string mirror_state() {
    const auto mirror = read_mirror(*session_);
    const auto it = mirror.find("0001_things");
    return it == mirror.end() ? "absent"
                              : it->second.state + " at " + std::to_string(it->second.steps_done);
  }

  std::unique_ptr<neo4j::Session> session_;
  std::filesystem::path dir_;
  std::optional<ledger::Ledger> ledger_;
  migration::Chain chain_;
  std::string said_;
};

} // namespace crochet::executor
