// What `downgrade --interrupted` decides before it runs anything: which entry it abandons, which
// downgrade steps are safe where their upgrade step never ran, and when it refuses.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/executor/abandon.hpp"
#include "core/util/error.hpp"

namespace crochet::executor {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const char* kHeader = "revision = \"r4\"\nparent = \"r3\"\nschema_hash = \"sha256:"
                      "0000000000000000000000000000000000000000000000000000000000000000\"\n"
                      "rollback_safe = true\ndescription = \"d\"\n";

const char* kUpgrade = R"([[upgrade]]
op = "add_index"
name = "index_Person_age"
label = "Person"
property = "age"
[[upgrade]]
op = "create_nodes"
batch = "more"
labels = ["Person"]
rows = [{ name = "Grace" }]
[[upgrade]]
op = "cypher"
statement = "MATCH (p:Person) SET p.score = 1"
)";

migration::Migration parse(const std::string& downgrade) {
  return migration::parse_migration(
      {"migrations/0004_more.toml", std::string(kHeader) + kUpgrade + downgrade, false});
}

const std::string kGuardedDowngrade = R"([[downgrade]]
op = "remove_node_property"
label = "Person"
property = "score"
[[downgrade]]
op = "delete_nodes_by_batch"
batch = "more"
labels = ["Person"]
[[downgrade]]
op = "drop_index"
name = "index_Person_age"
label = "Person"
property = "age"
)";

const std::string kCypherDowngrade = R"([[downgrade]]
op = "cypher"
statement = "MATCH (p:Person) REMOVE p.score"
[[downgrade]]
op = "rename_label"
from = "Human"
to = "Person"
[[downgrade]]
op = "drop_index"
name = "index_Person_age"
label = "Person"
property = "age"
)";

// The mirror entry an upgrade interrupted after `done` steps of `migration` leaves.
MirrorEntry interrupted_after(const migration::Migration& migration, std::int64_t done) {
  MirrorEntry entry;
  entry.revision = migration.revision;
  entry.state = "failed";
  entry.steps_done = done;
  entry.done_sha256 = done_steps_hashes(migration.upgrade)[static_cast<std::size_t>(done)];
  return entry;
}

std::string refusal(const MirrorEntry& entry, const migration::Migration& migration, bool trusted) {
  try {
    check_abandon(entry, migration, trusted);
  } catch (const Error& error) {
    return std::string(error.what()) + " | " + error.hint();
  }
  return "";
}

TEST(AbandonSteps, OnlyStepsThatDoNothingWhereTheirUpgradeNeverRanAreGuarded) {
  EXPECT_TRUE(unguarded_steps(parse(kGuardedDowngrade).downgrade).empty());
  EXPECT_THAT(unguarded_steps(parse(kCypherDowngrade).downgrade), ElementsAre(0u, 1u));
}

// begin_batch sends nothing: a downgrade that names a batch is refused only for what it then
// runs.
TEST(AbandonSteps, NamingABatchIsGuarded) {
  const migration::Migration migration = parse(R"([[downgrade]]
op = "begin_batch"
batch = "restored"
[[downgrade]]
op = "cypher"
statement = "MATCH (p:Person) SET p.restored = true"
)");
  EXPECT_THAT(unguarded_steps(migration.downgrade), ElementsAre(1u));
}

TEST(AbandonCheck, AGuardedDowngradeOfUnchangedStepsIsAccepted) {
  const migration::Migration migration = parse(kGuardedDowngrade);
  EXPECT_EQ(refusal(interrupted_after(migration, 2), migration, false), "");
}

TEST(AbandonCheck, CypherAndRenameStepsNeedTheAcknowledgement) {
  const migration::Migration migration = parse(kCypherDowngrade);
  const std::string message = refusal(interrupted_after(migration, 2), migration, false);
  EXPECT_THAT(message, HasSubstr("only steps 1 to 2 of its upgrade ran"));
  EXPECT_THAT(message, HasSubstr("migrations/0004_more.toml step 1 (cypher)"));
  EXPECT_THAT(message, HasSubstr("migrations/0004_more.toml step 2 (rename_label)"));
  EXPECT_THAT(message, HasSubstr("Nothing was run"));
  EXPECT_THAT(message, HasSubstr("--trust-downgrade"));
  EXPECT_EQ(refusal(interrupted_after(migration, 2), migration, true), "");
}

TEST(AbandonCheck, StepsThatRanMustBeTheFilesSteps) {
  const migration::Migration ran = parse(kGuardedDowngrade);
  const MirrorEntry entry = interrupted_after(ran, 2);
  std::string edited_text = std::string(kHeader) + kUpgrade + kGuardedDowngrade;
  edited_text.replace(edited_text.find("Grace"), 5, "Ada");
  const migration::Migration edited =
      migration::parse_migration({"migrations/0004_more.toml", edited_text, false});
  EXPECT_THAT(refusal(entry, edited, true),
              HasSubstr("steps 1 to 2 are no longer the ones that ran"));
  // An edit after the steps that ran does not matter to the downgrade.
  EXPECT_EQ(refusal(interrupted_after(ran, 1), edited, false), "");
}

TEST(AbandonEntry, FindsTheInterruptedUpgradeOrAnAbandonLeftPartWay) {
  std::map<std::string, MirrorEntry> mirror;
  mirror["r1"].revision = "r1";
  mirror["r1"].state = "applied";
  mirror["r2"].revision = "r2";
  mirror["r2"].state = "reverting"; // a plain downgrade of an applied migration
  const std::set<std::string> applied{"r1", "r2"};
  EXPECT_THROW(
      {
        try {
          interrupted_entry(mirror, applied);
        } catch (const Error& error) {
          EXPECT_THAT(error.what(), HasSubstr("no upgrade is interrupted"));
          throw;
        }
      },
      Error);
  mirror["r3"].revision = "r3";
  mirror["r3"].state = "applying";
  EXPECT_EQ(interrupted_entry(mirror, applied).revision, "r3");
  mirror["r3"].state = "reverting"; // not applied: `downgrade --interrupted` stopped part way
  EXPECT_EQ(interrupted_entry(mirror, applied).revision, "r3");
  EXPECT_TRUE(is_abandoning(mirror["r3"], applied));
  EXPECT_FALSE(is_abandoning(mirror["r2"], applied));
  mirror["r4"].revision = "r4";
  mirror["r4"].state = "failed";
  EXPECT_THROW(interrupted_entry(mirror, applied), Error);
}

// A plain downgrade stopped part way, or after the graph's revert and before the ledger's, is
// finished by a plain downgrade: the refusal names it and that command.
TEST(AbandonEntry, AnInterruptedPlainDowngradeIsPointedToDowngrade) {
  std::map<std::string, MirrorEntry> mirror;
  mirror["r1"].revision = "r1";
  mirror["r1"].state = "applied";
  const std::set<std::string> applied{"r1", "r2"}; // r2's node is gone, the ledger applies it
  try {
    interrupted_entry(mirror, applied, {"migrations/0002_more.toml"});
    FAIL() << "no refusal";
  } catch (const Error& error) {
    EXPECT_THAT(error.what(), HasSubstr("the interrupted run is a plain downgrade (of "
                                        "migrations/0002_more.toml)"));
    EXPECT_THAT(error.what(), HasSubstr("Nothing was run"));
    EXPECT_THAT(error.hint(), HasSubstr("run `git crochet downgrade` again"));
  }
  // An interrupted upgrade is still the one taken.
  mirror["r3"].revision = "r3";
  mirror["r3"].state = "failed";
  EXPECT_EQ(interrupted_entry(mirror, applied, {"migrations/0002_more.toml"}).revision, "r3");
}

} // namespace
} // namespace crochet::executor
