// Reading the graph's schema and migration chain over the wire, from the loopback protocol fake
// speaking 5.x (Query API), 4.4 (/db/{db}/tx) and 3.5 (/db/data/transaction) with the rows each
// version answers, then comparing them as verify --live does.
#include <memory>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/executor/mirror.hpp"
#include "core/inspect/drift.hpp"
#include "core/neo4j/session.hpp"
#include "tests/unit/neo4j/fake_server.hpp"

namespace crochet::inspect {
namespace {

using neo4j::testing::FakeNeo4j;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Json = nlohmann::json;
using Kind = schema::SchemaObject::Kind;

std::unique_ptr<neo4j::Session> connect(const FakeNeo4j& fake) {
  neo4j::SessionOptions options;
  options.uri = fake.uri();
  return neo4j::connect(options);
}

std::vector<schema::SchemaObject> expected() {
  schema::SchemaObject unique;
  unique.kind = Kind::unique_constraint;
  unique.name = "constraint_unique_Person_email";
  unique.label = "Person";
  unique.property = "email";
  schema::SchemaObject index;
  index.kind = Kind::range_index;
  index.name = "index_Person_age";
  index.label = "Person";
  index.property = "age";
  return {unique, index};
}

TEST(InspectServer, FiveXShowCommandsOverTheQueryApi) {
  FakeNeo4j fake({"--family", "query", "--version", "5.26.0"});
  fake.rules(Json::array({{{"match", "SHOW CONSTRAINTS"},
                           {"columns",
                            {"id", "name", "type", "entityType", "labelsOrTypes", "properties",
                             "ownedIndex", "propertyType"}},
                           {"rows",
                            {{1,
                              "constraint_unique_Person_email",
                              "UNIQUENESS",
                              "NODE",
                              {"Person"},
                              {"email"},
                              "constraint_unique_Person_email",
                              nullptr},
                             {2,
                              "constraint_unique___CrochetLock_name",
                              "UNIQUENESS",
                              "NODE",
                              {"__CrochetLock"},
                              {"name"},
                              "constraint_unique___CrochetLock_name",
                              nullptr}}}},
                          {{"match", "SHOW INDEXES"},
                           {"columns",
                            {"id", "name", "state", "populationPercent", "type", "entityType",
                             "labelsOrTypes", "properties", "indexProvider", "owningConstraint"}},
                           {"rows",
                            {{3, "index_343aff4e", "ONLINE", 100.0, "LOOKUP", "NODE", nullptr,
                              nullptr, "token-lookup-1.0", nullptr},
                             {4,
                              "constraint_unique_Person_email",
                              "ONLINE",
                              100.0,
                              "RANGE",
                              "NODE",
                              {"Person"},
                              {"email"},
                              "range-1.0",
                              "constraint_unique_Person_email"},
                             {5,
                              "person_age",
                              "ONLINE",
                              100.0,
                              "RANGE",
                              "NODE",
                              {"Person"},
                              {"age"},
                              "range-1.0",
                              nullptr},
                             {6,
                              "index_Person_nick",
                              "POPULATING",
                              10.0,
                              "TEXT",
                              "NODE",
                              {"Person"},
                              {"nick"},
                              "text-2.0",
                              nullptr}}}}}));
  auto session = connect(fake);
  const std::vector<GraphObject> graph = read_graph_schema(*session);
  ASSERT_EQ(graph.size(), 6u);
  const Drift drift = compare_graph_schema(expected(), graph);
  EXPECT_EQ(drift.matched, 1);
  EXPECT_THAT(drift.different, ElementsAre(HasSubstr("the graph names it person_age")));
  EXPECT_THAT(drift.extra,
              ElementsAre("index_Person_nick (text_index on :Person(nick)): index_Person_nick "
                          "(text_index on :Person(nick))"));
  EXPECT_TRUE(drift.missing.empty());
  // Reads only, sent as auto-commit requests: nothing was committed as a write.
  for (const std::string& statement : fake.committed())
    EXPECT_THAT(statement, ::testing::AnyOf(HasSubstr("SHOW"), HasSubstr("dbms.components")));
}

TEST(InspectServer, FourFourBtreeIndexesOverTheTxEndpoint) {
  FakeNeo4j fake({"--family", "tx", "--version", "4.4.30"});
  fake.rules(Json::array(
      {{{"match", "SHOW CONSTRAINTS"},
        {"columns", {"name", "type", "entityType", "labelsOrTypes", "properties"}},
        {"rows",
         {{"constraint_unique_Person_email", "UNIQUENESS", "NODE", {"Person"}, {"email"}}}}},
       {{"match", "SHOW INDEXES"},
        {"columns",
         {"name", "state", "uniqueness", "type", "entityType", "labelsOrTypes", "properties"}},
        {"rows",
         {{"constraint_unique_Person_email",
           "ONLINE",
           "UNIQUE",
           "BTREE",
           "NODE",
           {"Person"},
           {"email"}},
          {"index_Person_age", "ONLINE", "NONUNIQUE", "BTREE", "NODE", {"Person"}, {"age"}}}}}}));
  auto session = connect(fake);
  const Drift drift = compare_graph_schema(expected(), read_graph_schema(*session));
  EXPECT_TRUE(drift.empty());
  EXPECT_EQ(drift.matched, 2);
}

TEST(InspectServer, ThreeFiveProceduresAndTheMirror) {
  FakeNeo4j fake({"--family", "v3", "--version", "3.5.35"});
  fake.rules(Json::array(
      {{{"match", "db.constraints"},
        {"columns", {"description"}},
        {"rows", {{"CONSTRAINT ON ( person:Person ) ASSERT person.email IS UNIQUE"}}}},
       {{"match", "db.indexes"},
        {"columns", {"description", "indexName", "tokenNames", "properties", "state", "type"}},
        {"rows",
         {{"INDEX ON :Person(email)",
           "index_1",
           {"Person"},
           {"email"},
           "ONLINE",
           "node_unique_property"}}}},
       {{"match", "__CrochetMigration"},
        {"columns",
         {"revision", "parents", "chain_hash", "schema_hash", "commit_sha", "branch", "applied_by",
          "state", "steps_done", "done_sha256"}},
        {"rows",
         {{"a", Json::array(), "sha256:ca", "sha256:sa", "c0ffee", "main", "ada", "applied", 2,
           "d1"},
          {"b",
           {"a"},
           "sha256:cb",
           "sha256:sb",
           "c0ffee",
           "main",
           "ada",
           "applying",
           1,
           "d2"}}}}}));
  auto session = connect(fake);
  const Drift drift = compare_graph_schema(expected(), read_graph_schema(*session));
  EXPECT_THAT(drift.missing, ElementsAre("index_Person_age (range_index on :Person(age))"));
  EXPECT_EQ(drift.matched, 1);

  ledger::AppliedMigration a;
  a.revision = "a";
  a.chain_hash = "sha256:ca";
  a.schema_hash = "sha256:sa";
  ledger::AppliedMigration b = a;
  b.revision = "b";
  b.parents = {"a"};
  b.chain_hash = "sha256:cb";
  b.schema_hash = "sha256:sb";
  const ChainDrift chain = compare_mirror({a, b}, executor::read_mirror(*session));
  EXPECT_EQ(chain.matched, 1);
  EXPECT_THAT(chain.different, ElementsAre("b: the graph says 'applying' after 1 step (an "
                                           "interrupted run)"));
}

} // namespace
} // namespace crochet::inspect
