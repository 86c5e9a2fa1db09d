// Offline upgrade plans and scripts, the symbolic round trip, and lint's findings.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/migration/autogen.hpp"
#include "core/migration/lint.hpp"
#include "core/migration/plan.hpp"
#include "core/migration/simulate.hpp"
#include "core/util/error.hpp"
#include "tests/unit/schema/builders.hpp"

namespace crochet::migration {
namespace {

using namespace schema::test;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kHash = "sha256:" + std::string(64, 'c');

Operation op(OpKind kind, Json args) {
  Operation operation;
  operation.kind = kind;
  operation.args = std::move(args);
  return operation;
}

Migration migration(const std::string& revision, std::vector<std::string> parents,
                    std::vector<Operation> upgrade, std::vector<Operation> downgrade = {}) {
  Migration m;
  m.revision = revision;
  m.parents = std::move(parents);
  m.schema_hash = kHash;
  m.description = "step " + revision;
  m.upgrade = std::move(upgrade);
  m.downgrade = std::move(downgrade);
  return m;
}

// A chain loaded from formatted files, so plans see real file names and line numbers.
Chain chain_of(const std::vector<std::pair<std::string, Migration>>& files) {
  std::vector<MigrationFile> out;
  for (const auto& [name, m] : files)
    out.push_back({"migrations/" + name, format_migration(m)});
  return load_chain(out);
}

const Operation kUnique =
    op(OpKind::add_unique_constraint,
       {{"name", "constraint_unique_P_email"}, {"label", "P"}, {"property", "email"}});
const Operation kRename =
    op(OpKind::rename_node_property, {{"label", "P"}, {"from", "mail"}, {"to", "email"}});

Chain linear() {
  return chain_of({{"0001_a.toml", migration("aaaa1111", {}, {kUnique})},
                   {"0002_b.toml", migration("bbbb2222", {"aaaa1111"}, {kRename})},
                   {"0003_c.toml", migration("cccc3333", {"bbbb2222"}, {})}});
}

std::vector<std::string> revisions(const std::vector<const Migration*>& path) {
  std::vector<std::string> out;
  for (const Migration* m : path)
    out.push_back(m->revision);
  return out;
}

TEST(ResolveMigration, ByRevisionFileNumberAndPrefix) {
  const Chain chain = linear();
  EXPECT_EQ(resolve_migration(chain, "bbbb2222").revision, "bbbb2222");
  EXPECT_EQ(resolve_migration(chain, "0002_b").revision, "bbbb2222");
  EXPECT_EQ(resolve_migration(chain, "0002_b.toml").revision, "bbbb2222");
  EXPECT_EQ(resolve_migration(chain, "2").revision, "bbbb2222");
  EXPECT_EQ(resolve_migration(chain, "0003").revision, "cccc3333");
  EXPECT_EQ(resolve_migration(chain, "aaaa").revision, "aaaa1111");
  EXPECT_THAT([&] { resolve_migration(chain, "zzzz"); },
              ::testing::ThrowsMessage<Error>(HasSubstr("no migration matches 'zzzz'")));
  EXPECT_THROW(resolve_migration(chain, "aa"), Error); // too short for a prefix
}

TEST(ResolveMigration, AmbiguousNamesAreRefused) {
  const Chain chain = chain_of({{"0001_a.toml", migration("abcd1", {}, {})},
                                {"0002_x.toml", migration("abcd2", {"abcd1"}, {})},
                                {"0002_y.toml", migration("efgh3", {"abcd1"}, {})}});
  EXPECT_THAT([&] { resolve_migration(chain, "abcd"); },
              ::testing::ThrowsMessage<Error>(HasSubstr("names several migrations")));
  EXPECT_THAT([&] { resolve_migration(chain, "2"); },
              ::testing::ThrowsMessage<Error>(HasSubstr("names several migrations")));
}

TEST(UpgradePath, FromTheStartToHeadOrTarget) {
  const Chain chain = linear();
  EXPECT_THAT(revisions(upgrade_path(chain, {}, nullptr)),
              ElementsAre("aaaa1111", "bbbb2222", "cccc3333"));
  EXPECT_THAT(revisions(upgrade_path(chain, {}, chain.find("bbbb2222"))),
              ElementsAre("aaaa1111", "bbbb2222"));
  EXPECT_THAT(revisions(upgrade_path(chain, {"aaaa1111"}, nullptr)),
              ElementsAre("bbbb2222", "cccc3333"));
  EXPECT_TRUE(upgrade_path(load_chain({}), {}, nullptr).empty());
}

TEST(UpgradePath, MergesRunBothBranchesAndSeveralHeadsNeedATarget) {
  const Chain merged = chain_of({{"0001_a.toml", migration("ra", {}, {})},
                                 {"0002_x.toml", migration("rx", {"ra"}, {})},
                                 {"0002_y.toml", migration("ry", {"ra"}, {})},
                                 {"0003_m.toml", migration("rm", {"rx", "ry"}, {})}});
  EXPECT_THAT(revisions(upgrade_path(merged, {}, nullptr)), ElementsAre("ra", "rx", "ry", "rm"));
  const Chain forked = chain_of({{"0001_a.toml", migration("ra", {}, {})},
                                 {"0002_x.toml", migration("rx", {"ra"}, {})},
                                 {"0002_y.toml", migration("ry", {"ra"}, {})}});
  EXPECT_THROW(upgrade_path(forked, {}, nullptr), Error);
  EXPECT_THAT(revisions(upgrade_path(forked, {}, forked.find("ry"))), ElementsAre("ra", "ry"));
}

TEST(UpgradeScript, NamesEachMigrationAndStepWithParamsAndTransactions) {
  const std::string script = upgrade_script(upgrade_path(linear(), {}, nullptr), Dialect::v5);
  EXPECT_THAT(script, HasSubstr("// git crochet upgrade --sql: 3 migrations for Neo4j 5.x\n"));
  EXPECT_THAT(script, HasSubstr("// === 0001_a (aaaa1111): step aaaa1111\n"));
  EXPECT_THAT(script, HasSubstr("// step 1/1: add_unique_constraint "
                                "name=constraint_unique_P_email label=P property=email\n"
                                "CREATE CONSTRAINT `constraint_unique_P_email` IF NOT EXISTS FOR "
                                "(n:`P`) REQUIRE n.`email` IS UNIQUE;\n"));
  // The data step runs in a transaction of its own migration.
  const auto begin = script.find(":begin\n");
  const auto commit = script.find(":commit\n");
  ASSERT_NE(begin, std::string::npos);
  ASSERT_NE(commit, std::string::npos);
  EXPECT_LT(script.find("// === 0002_b"), begin);
  EXPECT_LT(commit, script.find("// === 0003_c"));
  EXPECT_THAT(script.substr(begin, commit - begin), HasSubstr("`email`"));
  // The transaction closes right after its last statement, before the next step's header.
  const Chain mixed = chain_of({{"0001_a.toml", migration("ra", {}, {kRename, kUnique})}});
  const std::string two = upgrade_script(upgrade_path(mixed, {}, nullptr), Dialect::v5);
  EXPECT_THAT(two, HasSubstr("REMOVE n.`mail`;\n:commit\n\n// step 2/2: add_unique_constraint"));
  EXPECT_THAT(script, HasSubstr("// === 0003_c (cccc3333): step cccc3333\n// no upgrade steps\n"));
  // Every statement ends with a semicolon (cypher-shell runs them one by one).
  EXPECT_THAT(script, Not(HasSubstr(";;")));
}

TEST(UpgradeScript, ParametersAreSetBeforeTheirStatement) {
  const Chain chain = chain_of(
      {{"0001_a.toml", migration("ra", {},
                                 {op(OpKind::cypher, {{"statement", "MATCH (n) SET n.x = $value"},
                                                      {"params", {{"value", "it's"}}}})})}});
  const std::string v5 = upgrade_script(upgrade_path(chain, {}, nullptr), Dialect::v5);
  EXPECT_THAT(v5, HasSubstr(":param {value: 'it\\'s'}\nMATCH (n) SET n.x = $value;\n"));
  const std::string v4 = upgrade_script(upgrade_path(chain, {}, nullptr), Dialect::v4_4);
  EXPECT_THAT(v4, HasSubstr(":param value => 'it\\'s'\n"));
}

TEST(UpgradeScript, StepsTheDialectCannotWriteAreRefused) {
  const Chain chain =
      chain_of({{"0001_a.toml",
                 migration("ra", {},
                           {op(OpKind::add_vector_index, {{"name", "vector_index_P_e"},
                                                          {"label", "P"},
                                                          {"property", "e"},
                                                          {"dimensions", 3},
                                                          {"similarity_function", "cosine"}})})}});
  EXPECT_THAT([&] { upgrade_script(upgrade_path(chain, {}, nullptr), Dialect::v3); },
              ::testing::ThrowsMessage<Error>(HasSubstr("migrations/0001_a.toml step 1")));
  const auto steps = plan_steps(upgrade_path(chain, {}, nullptr), Dialect::v3);
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_FALSE(steps[0].error.empty());
  try {
    upgrade_script(upgrade_path(chain, {}, nullptr), Dialect::v3);
  } catch (const Error& e) {
    EXPECT_THAT(e.hint(), HasSubstr("--dialect"));
  }
}

// A step no dialect can write is not a dialect question: its own hint says what to fix.
TEST(UpgradeScript, AStepNoDialectCanWriteKeepsItsOwnHint) {
  const Chain chain = chain_of(
      {{"0001_a.toml",
        migration("ra", {},
                  {op(OpKind::add_index,
                      {{"name", "index_P_e"}, {"label", "P\\u0041"}, {"property", "e"}})})}});
  try {
    upgrade_script(upgrade_path(chain, {}, nullptr), Dialect::v5);
    FAIL() << "a name with a \\u escape is refused";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("migrations/0001_a.toml step 1"));
    EXPECT_THAT(e.hint(), HasSubstr("rename it in the model or the migration file"));
    EXPECT_THAT(e.hint(), Not(HasSubstr("--dialect")));
  }
}

TEST(CypherLiteral, EscapesAndNesting) {
  EXPECT_EQ(cypher_literal(Json("a'b\\c\nd")), "'a\\'b\\\\c\\nd'");
  EXPECT_EQ(cypher_literal(Json::parse(R"({"a b":[1,2.5,true,null],"k":{"x":"y"}})")),
            "{`a b`: [1, 2.5, true, null], k: {x: 'y'}}");
  EXPECT_EQ(cypher_literal(Json(3.0)), "3.0");
  EXPECT_EQ(cypher_literal(Json::object({{"we`ird", 1}})), "{`we``ird`: 1}");
}

schema::Schema schema_of(std::vector<schema::Node> nodes) {
  schema::Schema schema;
  schema.nodes = std::move(nodes);
  schema::derive_objects(schema);
  schema::normalize(schema);
  return schema;
}

TEST(RoundTrip, DetectsAnUpgradeThatMissesTheRecordedSchema) {
  const schema::Schema before = schema_of({node("k1", "P", {property("email")})});
  const schema::Schema after = schema_of({node("k1", "P", {unique(property("email"))})});
  Migration m = migration("r", {}, {}, {});
  RoundTrip trip = check_round_trip(m, before, after);
  ASSERT_EQ(trip.problems.size(), 1u);
  EXPECT_THAT(trip.problems[0], HasSubstr("after the upgrade: constraints and indexes differ"));
  EXPECT_THAT(trip.problems[0], HasSubstr("constraint_unique_P_email"));
}

TEST(RoundTrip, DetectsAWrongOrMissingDowngrade) {
  const schema::Schema before = schema_of({node("k1", "P", {property("mail")})});
  const schema::Schema after = schema_of({node("k1", "P", {property("email")})});
  Migration m = migration("r", {}, {kRename}, {});
  RoundTrip trip = check_round_trip(m, before, after);
  EXPECT_THAT(::testing::PrintToString(trip.problems),
              HasSubstr("stored properties differ from the start"));
  // Downgrade in the wrong direction: renames a property that is not there.
  m.downgrade = {kRename};
  trip = check_round_trip(m, before, after);
  EXPECT_THAT(::testing::PrintToString(trip.problems), HasSubstr("P stores no property mail"));
  m.downgrade = downgrade_of(m.upgrade).downgrade;
  EXPECT_TRUE(check_round_trip(m, before, after).problems.empty());
}

TEST(RoundTrip, DropsOfMissingObjectsAndFreeCypher) {
  const schema::Schema empty = schema_of({});
  Migration m = migration("r", {}, {downgrade_of({kUnique}).downgrade});
  EXPECT_THAT(::testing::PrintToString(check_round_trip(m, empty, empty).problems),
              HasSubstr("drops constraint_unique_P_email, which does not exist"));
  m = migration("r", {}, {op(OpKind::cypher, {{"statement", "CREATE INDEX x"}, {"schema", true}})});
  const RoundTrip trip =
      check_round_trip(m, empty, schema_of({node("k", "P", {indexed(property("a"))})}));
  EXPECT_FALSE(trip.checked_objects);
  EXPECT_TRUE(trip.problems.empty());
}

TEST(Lint, FindsEachKindOfProblem) {
  const Operation remove = op(OpKind::remove_node_property, {{"label", "P"}, {"property", "age"}});
  const Operation existence =
      op(OpKind::add_existence_constraint,
         {{"name", "constraint_existence_P_name"}, {"label", "P"}, {"property", "name"}});
  Migration unsafe = migration("rb", {"ra"}, {remove}, downgrade_of({remove}).downgrade);
  unsafe.rollback_safe = true; // claims more than it can do
  const Chain chain =
      chain_of({{"0001_a.toml", migration("ra", {}, {existence})},
                {"0002_b.toml", unsafe},
                {"0003_c.toml",
                 migration("rc", {"rb"}, {op(OpKind::cypher, {{"statement", "RETURN 1"}})})}});
  const auto findings = lint_chain(chain, ServerCapabilities{}, [](const Migration&) {
    return std::optional<schema::Schema>();
  });
  std::vector<std::string> codes;
  for (const LintFinding& f : findings)
    codes.push_back(f.file.substr(11) + ":" + std::to_string(f.line) + " " + to_string(f.severity) +
                    " " + f.code);
  EXPECT_THAT(
      codes,
      ElementsAre("0001_a.toml:6 error unsupported", "0001_a.toml:0 warning no-downgrade",
                  "0001_a.toml:0 info no-snapshot", "0002_b.toml:7 warning destructive",
                  "0002_b.toml:0 warning unfaithful-downgrade", "0002_b.toml:0 info no-snapshot",
                  "0003_c.toml:7 info free-cypher", "0003_c.toml:0 warning no-downgrade",
                  "0003_c.toml:0 warning unfaithful-downgrade", "0003_c.toml:0 info no-snapshot"));
  EXPECT_THAT(findings[0].message, HasSubstr("Enterprise"));
  ServerCapabilities enterprise;
  enterprise.enterprise = true;
  const auto on_enterprise = lint_chain(
      chain, enterprise, [](const Migration&) { return std::optional<schema::Schema>(); });
  for (const LintFinding& f : on_enterprise)
    EXPECT_NE(f.code, "unsupported");
}

TEST(Lint, ADowngradeIsCheckedOnlyWhereItsUpgradeRuns) {
  const Operation existence =
      op(OpKind::add_existence_constraint,
         {{"name", "constraint_existence_P_name"}, {"label", "P"}, {"property", "name"}});
  const Operation drop = downgrade_of({existence}).downgrade.front();
  auto unsupported = [](const Chain& chain) {
    std::vector<std::string> out;
    for (const LintFinding& f : lint_chain(chain, ServerCapabilities{}, [](const Migration&) {
           return std::optional<schema::Schema>();
         }))
      if (f.code == std::string("unsupported"))
        out.push_back(f.message.substr(0, f.message.find(" cannot run")));
    return out;
  };
  // The upgrade cannot run on Community, so its undoing drop is never reached: one finding.
  EXPECT_THAT(unsupported(chain_of({{"0001_a.toml", migration("ra", {}, {existence}, {drop})}})),
              ElementsAre("upgrade step add_existence_constraint"));
  // A downgrade that fails where its upgrade runs is still reported.
  EXPECT_THAT(unsupported(chain_of({{"0001_a.toml", migration("ra", {}, {kUnique}, {drop})}})),
              ElementsAre("downgrade step drop_existence_constraint"));
}

TEST(Lint, RoundTripUsesTheRecordedSchemas) {
  const schema::Schema after = schema_of({node("k1", "P", {unique(property("email"))})});
  // Claims the unique constraint but its upgrade does nothing.
  const Chain chain = chain_of({{"0001_a.toml", migration("ra", {}, {})}});
  const auto findings = lint_chain(chain, ServerCapabilities{},
                                   [&](const Migration&) { return std::optional(after); });
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].code, "round-trip");
  EXPECT_EQ(findings[0].severity, LintSeverity::error);
}

TEST(Lint, ACorruptSnapshotIsAFindingNotACrash) {
  const Chain chain = chain_of({{"0001_a.toml", migration("ra", {}, {})}});
  const auto findings = lint_chain(chain, ServerCapabilities{}, [](const Migration&) {
    throw Error("the schema snapshot migrations/snapshots/x.json is not valid JSON");
    return std::optional<schema::Schema>();
  });
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].code, "bad-snapshot");
  EXPECT_THAT(findings[0].message, HasSubstr("not valid JSON"));
}

} // namespace
} // namespace crochet::migration
