// Taking the graph lock against the loopback protocol fake (the 4.4 family): the lock's
// uniqueness constraint is read first and created only when it is missing, since creating one
// takes the schema's exclusive lock; a user who may not list constraints still gets the lock.
#include <chrono>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "core/executor/lock.hpp"
#include "tests/unit/neo4j/fake_server.hpp"

namespace crochet::executor {
namespace {

using migration::Json;
using namespace std::chrono_literals;

constexpr const char* kCreate = "CREATE CONSTRAINT";

class LockConstraintTest : public ::testing::Test {
protected:
  void SetUp() override {
    fake_ = std::make_unique<neo4j::testing::FakeNeo4j>(
        std::vector<std::string>{"--family", "tx", "--version", "4.4.30"});
    neo4j::SessionOptions options;
    options.uri = fake_->uri();
    session_ = neo4j::connect(options);
  }

  // The lock node is free; `constraints` answers SHOW CONSTRAINTS.
  void graph_answers(const Json& constraints) {
    Json rules = Json::array({{{"match", "MERGE"},
                               {"columns", {"owner", "expires_at", "now"}},
                               {"rows", {{nullptr, nullptr, 1000}}}}});
    rules.push_back(constraints);
    fake_->rules(rules);
  }

  int sent(const std::string& text) {
    int count = 0;
    for (const std::string& statement : fake_->committed())
      count += statement.find(text) != std::string::npos;
    return count;
  }

  std::unique_ptr<neo4j::testing::FakeNeo4j> fake_;
  std::unique_ptr<neo4j::Session> session_;
};

TEST_F(LockConstraintTest, AConstraintInPlaceIsNotCreatedAgain) {
  graph_answers({{"match", "SHOW CONSTRAINTS"},
                 {"columns", {"name", "type", "entityType", "labelsOrTypes", "properties"}},
                 {"rows",
                  {{"constraint_unique___CrochetLock_name", "UNIQUENESS", "NODE",
                    Json::array({"__CrochetLock"}), Json::array({"name"})}}}});
  GraphLock lock(*session_, "ci", 1min);
  lock.acquire(0ms);
  EXPECT_TRUE(lock.held());
  EXPECT_EQ(sent(kCreate), 0);
}

TEST_F(LockConstraintTest, AMissingConstraintIsCreated) {
  graph_answers({{"match", "SHOW CONSTRAINTS"},
                 {"columns", {"name", "type", "entityType", "labelsOrTypes", "properties"}},
                 {"rows",
                  {{"constraint_unique_Person_email", "UNIQUENESS", "NODE", Json::array({"Person"}),
                    Json::array({"email"})}}}});
  GraphLock lock(*session_, "ci", 1min);
  lock.acquire(0ms);
  EXPECT_TRUE(lock.held());
  EXPECT_EQ(sent(kCreate), 1);
}

TEST_F(LockConstraintTest, AUserWhoMayNotListConstraintsStillTakesTheLock) {
  graph_answers(
      {{"match", "SHOW CONSTRAINTS"},
       {"error",
        {{"code", "Neo.ClientError.Security.Forbidden"}, {"message", "Permission denied"}}}});
  GraphLock lock(*session_, "ci", 1min);
  lock.acquire(0ms);
  EXPECT_TRUE(lock.held());
  EXPECT_EQ(sent(kCreate), 1);
}

} // namespace
} // namespace crochet::executor
