// The live comparisons: graph schema against the expected IR objects, graph chain against the
// ledger, and the checks verify prints from them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/inspect/drift.hpp"
#include "core/migration/schema_snapshot.hpp"
#include "tests/unit/state/state_test_support.hpp"

namespace crochet::inspect {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using Kind = schema::SchemaObject::Kind;

schema::SchemaObject object(Kind kind, const std::string& name, const std::string& label,
                            const std::string& property) {
  schema::SchemaObject o;
  o.kind = kind;
  o.name = name;
  o.label = label;
  o.property = property;
  return o;
}

GraphObject graph(const std::string& kind, const std::string& label, const std::string& property,
                  const std::string& name = "") {
  GraphObject g;
  g.kind = kind;
  g.tokens = {label};
  g.properties = {property};
  g.name = name;
  g.description = "described " + label + "." + property;
  return g;
}

const std::vector<schema::SchemaObject> kExpected = {
    object(Kind::unique_constraint, "constraint_unique_Person_email", "Person", "email"),
    object(Kind::range_index, "index_Book_title", "Book", "title"),
};

TEST(GraphSchemaDrift, UnnamedThreeXObjectsMatchByDefinition) {
  std::vector<GraphObject> have = {graph("unique_constraint", "Person", "email"),
                                   graph("range_index", "Person", "email"),
                                   graph("range_index", "Book", "title")};
  have[1].backs_constraint = true; // 3.x lists the constraint's index too
  const Drift drift = compare_graph_schema(kExpected, have);
  EXPECT_TRUE(drift.empty());
  EXPECT_EQ(drift.matched, 2);
}

TEST(GraphSchemaDrift, MissingExtraAndInternalObjects) {
  std::vector<GraphObject> have = {graph("unique_constraint", "Person", "email"),
                                   graph("range_index", "Book", "isbn"),
                                   graph("unique_constraint", "__CrochetLock", "name")};
  have[2].internal = true;
  const Drift drift = compare_graph_schema(kExpected, have);
  EXPECT_EQ(drift.matched, 1);
  EXPECT_THAT(drift.missing, ElementsAre("index_Book_title (range_index on :Book(title))"));
  EXPECT_THAT(drift.extra, ElementsAre("range_index on :Book(isbn): described Book.isbn"));
  EXPECT_THAT(drift.different, IsEmpty());
}

TEST(GraphSchemaDrift, NamesStateAndDefinitionDifferences) {
  std::vector<GraphObject> have = {
      // same definition, another name (4.4+): later drops by name would miss it
      graph("unique_constraint", "Person", "email", "person_email_unique"),
      // same name, another definition
      graph("range_index", "Book", "isbn", "index_Book_title")};
  Drift drift = compare_graph_schema(kExpected, have);
  ASSERT_EQ(drift.different.size(), 2u);
  EXPECT_THAT(drift.different[0], HasSubstr("the graph names it person_email_unique"));
  EXPECT_THAT(drift.different[1], HasSubstr("the graph defines it as index_Book_title "
                                            "(range_index on :Book(isbn))"));
  EXPECT_THAT(drift.missing, IsEmpty());
  EXPECT_THAT(drift.extra, IsEmpty());

  have = {graph("unique_constraint", "Person", "email", "constraint_unique_Person_email"),
          graph("range_index", "Book", "title", "index_Book_title")};
  have[1].state = "FAILED";
  drift = compare_graph_schema(kExpected, have);
  EXPECT_THAT(drift.different, ElementsAre(HasSubstr("the graph's index is FAILED")));
}

TEST(GraphSchemaDrift, RelationshipAndKindMustAgree) {
  const std::vector<schema::SchemaObject> expected = {
      [] {
        auto o = object(Kind::range_index, "index_KNOWS_since", "KNOWS", "since");
        o.entity = schema::SchemaObject::Entity::relationship;
        return o;
      }(),
  };
  GraphObject on_node = graph("range_index", "KNOWS", "since"); // a node label of that name
  Drift drift = compare_graph_schema(expected, {on_node});
  EXPECT_EQ(drift.missing.size(), 1u);
  EXPECT_EQ(drift.extra.size(), 1u);
  on_node.entity = "relationship";
  drift = compare_graph_schema(expected, {on_node});
  EXPECT_TRUE(drift.empty());
}

// A ledger row with its own schema hash, written by `method`.
ledger::AppliedMigration row(const std::string& revision, std::vector<std::string> parents,
                             const std::string& method = "upgrade") {
  ledger::AppliedMigration r = state::support::foreign_row(revision, std::move(parents));
  r.schema_hash = "sha256:schema-" + revision;
  r.commit_sha = "0123456789abcdef"; // longer than the 12 digits the messages show
  r.method = method;
  return r;
}

executor::MirrorEntry entry(const ledger::AppliedMigration& r) {
  executor::MirrorEntry e;
  e.revision = r.revision;
  e.parents = r.parents;
  e.chain_hash = r.chain_hash;
  e.schema_hash = r.schema_hash;
  e.commit_sha = r.commit_sha;
  e.state = "applied";
  return e;
}

TEST(ChainDriftTest, AgreementAndStampedRows) {
  const std::vector<ledger::AppliedMigration> applied = {row("a", {}), row("b", {"a"}),
                                                         row("c", {"b"}, "stamp")};
  std::map<std::string, executor::MirrorEntry> mirror;
  mirror["a"] = entry(applied[0]);
  mirror["b"] = entry(applied[1]);
  const ChainDrift drift = compare_mirror(applied, mirror);
  EXPECT_TRUE(drift.empty());
  EXPECT_EQ(drift.matched, 2);
  EXPECT_EQ(drift.stamped_only, 1);
  const state::Check check = migration_chain_check(drift);
  EXPECT_TRUE(check.passed);
  EXPECT_THAT(check.summary, HasSubstr("2 migrations (1 migration stamped in the ledger only)"));
}

TEST(ChainDriftTest, MissingExtraAndDifferent) {
  const std::vector<ledger::AppliedMigration> applied = {row("a", {}), row("b", {"a"}),
                                                         row("c", {"b"})};
  std::map<std::string, executor::MirrorEntry> mirror;
  mirror["a"] = entry(applied[0]);
  mirror["b"] = entry(applied[1]);
  mirror["b"].chain_hash = "sha256:other";
  mirror["b"].state = "applying";
  mirror["b"].steps_done = 2;
  mirror["x"] = entry(row("x", {"b"}));
  mirror["x"].branch = "feature/x";
  const ChainDrift drift = compare_mirror(applied, mirror);
  EXPECT_EQ(drift.matched, 1);
  EXPECT_THAT(drift.missing, ElementsAre(HasSubstr("c: applied 2024-01-02T00:00:00.000Z from "
                                                   "commit 0123456789ab says the ledger")));
  EXPECT_THAT(drift.extra,
              ElementsAre("x: in the graph (applied, from commit 0123456789ab on feature/x) but "
                          "not in this ledger"));
  ASSERT_EQ(drift.different.size(), 1u);
  EXPECT_THAT(drift.different[0], HasSubstr("'applying' after 2 steps"));
  EXPECT_THAT(drift.different[0], HasSubstr("chain hash sha256:other in the graph"));
  const state::Check check = migration_chain_check(drift);
  EXPECT_FALSE(check.passed);
  EXPECT_THAT(check.summary, HasSubstr("1 missing, 1 extra, 1 different"));
  EXPECT_EQ(check.problems.size(), 3u);
  EXPECT_FALSE(check.hint.empty());
}

TEST(ChainDriftTest, WithoutALedgerTheGraphIsComparedWithTheMigrationFiles) {
  using state::support::file;
  const migration::Chain chain = migration::load_chain({file("a", {}), file("b", {"a"})});
  std::map<std::string, executor::MirrorEntry> mirror;
  for (const migration::Migration& m : chain.migrations) {
    executor::MirrorEntry e;
    e.revision = m.revision;
    e.parents = m.parents;
    e.chain_hash = m.chain_hash;
    e.state = "applied";
    mirror[m.revision] = e;
  }
  mirror.erase("b"); // pending, not drift
  ChainDrift drift = compare_mirror(chain, mirror);
  EXPECT_TRUE(drift.empty());
  EXPECT_EQ(drift.matched, 1);
  EXPECT_THAT(migration_chain_check(drift).summary,
              HasSubstr("agrees with this checkout's migration files (no ledger here): 1 "
                        "migration"));

  mirror["a"].chain_hash = "sha256:rewritten";
  mirror["z"] = mirror["a"];
  mirror["z"].revision = "z";
  mirror["z"].branch = "feature/z";
  drift = compare_mirror(chain, mirror);
  EXPECT_THAT(drift.different,
              ElementsAre(HasSubstr("a: chain hash sha256:rewritten in the graph, sha256:")));
  EXPECT_THAT(drift.different[0], HasSubstr(" for migrations/a.toml"));
  EXPECT_THAT(drift.extra, ElementsAre("z: in the graph (applied, from outside any commit on "
                                       "feature/z) but not among this checkout's migrations"));
}

TEST(ExpectedSchemaTest, FromTheLastAppliedMigrationsSnapshot) {
  EXPECT_TRUE(expected_schema({}, {}).schema.has_value());
  EXPECT_EQ(expected_schema({}, {}).source(), "no migration applied (an empty schema)");

  schema::Schema s;
  s.objects = kExpected;
  const std::string hash = schema::schema_hash(s);
  auto head = row("b", {"a"});
  head.schema_hash = hash;
  const std::vector<migration::MigrationFile> files = {
      {"migrations/" + migration::snapshot_relative_path(hash), migration::snapshot_text(s)}};
  const ExpectedSchema found = expected_schema({row("a", {}), head}, files);
  ASSERT_TRUE(found.schema.has_value());
  EXPECT_EQ(found.schema->objects.size(), 2u);
  EXPECT_EQ(found.revision, "b");

  const ExpectedSchema lost = expected_schema({row("a", {}), head}, {});
  EXPECT_FALSE(lost.schema.has_value());
  EXPECT_THAT(lost.problem, HasSubstr("is not among this checkout's migrations"));
  const state::Check check = graph_schema_check(lost, {});
  EXPECT_FALSE(check.passed);

  auto edited = files;
  edited[0].bytes += " ";
  edited[0].bytes.replace(edited[0].bytes.find("Person"), 6, "Persen");
  const ExpectedSchema bad = expected_schema({head}, edited);
  EXPECT_FALSE(bad.schema.has_value());
  EXPECT_THAT(bad.problem, HasSubstr("hashes to"));
}

TEST(GraphSchemaCheck, SummariesAndFindings) {
  ExpectedSchema expected;
  expected.schema = schema::Schema{};
  Drift drift;
  drift.matched = 3;
  state::Check check = graph_schema_check(expected, drift);
  EXPECT_TRUE(check.passed);
  EXPECT_EQ(check.summary,
            "3 constraints and indexes as expected, against no migration applied (an empty "
            "schema)");
  drift.missing = {"m"};
  drift.extra = {"e"};
  check = graph_schema_check(expected, drift);
  EXPECT_FALSE(check.passed);
  EXPECT_THAT(check.problems, ElementsAre("missing: m", "extra: e"));
}

} // namespace
} // namespace crochet::inspect
