// Applied migrations: order, provenance, and all-or-nothing writes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/util/error.hpp"
#include "tests/unit/ledger/ledger_test_support.hpp"

namespace crochet::ledger {
namespace {

using ::testing::HasSubstr;
using namespace crochet::ledger::support;

TEST(LedgerApplied, RecordsEveryFieldWithTheClocksTime) {
  TempDir dir;
  Ledger ledger = Ledger::open(dir.path() / "ledger.db", ticking_options());
  AppliedMigration m = sample_migration("0002_b", {"0001_a", "0001_c"});
  m.method = "stamp";
  ledger.record_applied(m, sample_event("stamp", "0002_b"));
  const auto found = ledger.find_applied("0002_b");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->parents, (std::vector<std::string>{"0001_a", "0001_c"}));
  EXPECT_EQ(found->file, "migrations/0002_b.toml");
  EXPECT_EQ(found->file_sha256, "sha256:file-0002_b");
  EXPECT_EQ(found->chain_hash, "sha256:chain-0002_b");
  EXPECT_EQ(found->schema_hash, "sha256:schema-0002_b");
  EXPECT_EQ(found->commit_sha, std::string(40, 'a'));
  EXPECT_EQ(found->branch, "main");
  EXPECT_EQ(found->applied_by, "Ada <ada@example.com>");
  EXPECT_EQ(found->applied_at, "2024-01-01T00:00:00.000Z");
  EXPECT_EQ(found->duration_ms, 12);
  EXPECT_EQ(found->target_uri, "http://localhost:7474");
  EXPECT_EQ(found->target_database, "neo4j");
  EXPECT_EQ(found->method, "stamp");
  EXPECT_FALSE(ledger.find_applied("0009_z").has_value());
}

TEST(LedgerApplied, EmptyCommitAndBranchReadBackEmpty) {
  TempDir dir;
  Ledger ledger = Ledger::open(dir.path() / "ledger.db");
  AppliedMigration m = sample_migration("0001_a");
  m.commit_sha.clear();
  m.branch.clear();
  ledger.record_applied(m, sample_event("stamp", "0001_a"));
  EXPECT_EQ(ledger.applied().at(0).commit_sha, "");
  EXPECT_EQ(ledger.applied().at(0).branch, "");
}

TEST(LedgerApplied, ListsInTheOrderApplied) {
  TempDir dir;
  Ledger ledger = Ledger::open(dir.path() / "ledger.db");
  for (const char* revision : {"0003_c", "0001_a", "0002_b"})
    ledger.record_applied(sample_migration(revision), sample_event("upgrade", revision));
  ledger.record_reverted("0001_a", sample_event("downgrade", "0001_a"));
  ledger.record_applied(sample_migration("0001_a"), sample_event("upgrade", "0001_a"));
  std::vector<std::string> order;
  for (const AppliedMigration& m : ledger.applied())
    order.push_back(m.revision);
  EXPECT_EQ(order, (std::vector<std::string>{"0003_c", "0002_b", "0001_a"}));
}

TEST(LedgerApplied, RefusesADuplicateAndWritesNothing) {
  TempDir dir;
  Ledger ledger = Ledger::open(dir.path() / "ledger.db");
  ledger.record_applied(sample_migration("0001_a"), sample_event("upgrade", "0001_a"));
  try {
    ledger.record_applied(sample_migration("0001_a"), sample_event("upgrade", "0001_a"));
    FAIL() << "duplicate accepted";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("0001_a is already recorded as applied"));
  }
  EXPECT_EQ(ledger.applied().size(), 1u);
  EXPECT_EQ(ledger.events().size(), 1u);
}

TEST(LedgerApplied, SeveralAtOnceAreAllOrNothing) {
  TempDir dir;
  Ledger ledger = Ledger::open(dir.path() / "ledger.db");
  ledger.record_applied(sample_migration("0002_b"), sample_event("stamp", "0002_b"));
  EXPECT_THROW(
      ledger.record_applied({{sample_migration("0001_a"), sample_event("stamp", "0001_a")},
                             {sample_migration("0002_b"), sample_event("stamp", "0002_b")}}),
      Error);
  EXPECT_FALSE(ledger.find_applied("0001_a").has_value());
  EXPECT_EQ(ledger.events().size(), 1u);
  EXPECT_TRUE(ledger.verify_event_chain().intact);

  ledger.record_applied({{sample_migration("0001_a"), sample_event("stamp", "0001_a")},
                         {sample_migration("0003_c"), sample_event("stamp", "0003_c")}});
  EXPECT_EQ(ledger.applied().size(), 3u);
  EXPECT_EQ(ledger.events().size(), 3u);
}

TEST(LedgerApplied, AFailedEventLeavesTheMigrationUnrecorded) {
  TempDir dir;
  Ledger ledger = Ledger::open(dir.path() / "ledger.db");
  NewEvent bad = sample_event("upgrade", "0001_a");
  bad.detail = Json::array(); // not an object: the event is refused after the row was inserted
  EXPECT_THROW(ledger.record_applied(sample_migration("0001_a"), bad), Error);
  EXPECT_TRUE(ledger.applied().empty());
  EXPECT_TRUE(ledger.events().empty());
}

TEST(LedgerApplied, RevertRemovesTheRowAndLogsIt) {
  TempDir dir;
  Ledger ledger = Ledger::open(dir.path() / "ledger.db");
  ledger.record_applied(sample_migration("0001_a"), sample_event("upgrade", "0001_a"));
  ledger.record_reverted("0001_a", sample_event("downgrade", "0001_a"));
  EXPECT_TRUE(ledger.applied().empty());
  ASSERT_EQ(ledger.events().size(), 2u);
  EXPECT_EQ(ledger.events()[1].kind, "downgrade");
  try {
    ledger.record_reverted("0001_a", sample_event("downgrade", "0001_a"));
    FAIL() << "revert of an unrecorded migration accepted";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("0001_a is not recorded as applied"));
  }
  EXPECT_EQ(ledger.events().size(), 2u);
}

TEST(LedgerApplied, RecordingClearsTheMigrationsRun) {
  TempDir dir;
  Ledger ledger = Ledger::open(dir.path() / "ledger.db");
  ledger.begin_run(MigrationRun{"0001_a", "upgrade", 2, "c1", "main", "Ada", ""});
  ledger.record_step("0001_a", 0, "done");
  ledger.record_step("0001_a", 1, "done");
  ledger.record_applied(sample_migration("0001_a"), sample_event("upgrade", "0001_a"));
  EXPECT_FALSE(ledger.find_run("0001_a").has_value());
  EXPECT_TRUE(ledger.steps("0001_a").empty());
}

TEST(LedgerRemap, MovesCommitShasAndLogsWhatMoved) {
  TempDir dir;
  Ledger ledger = Ledger::open(dir.path() / "ledger.db");
  AppliedMigration a = sample_migration("0001_a");
  a.commit_sha = "old1";
  AppliedMigration b = sample_migration("0002_b");
  b.commit_sha = "old2";
  AppliedMigration c = sample_migration("0003_c");
  c.commit_sha = "keep";
  for (const auto& m : {a, b, c})
    ledger.record_applied(m, sample_event("upgrade", m.revision));
  ledger.begin_run(MigrationRun{"0004_d", "upgrade", 1, "old2", "main", "Ada", ""});

  // A chain old1 -> old2 -> new2 in one map must not move 0001_a twice.
  EXPECT_EQ(ledger.remap_commits({{"old1", "old2"}, {"old2", "new2"}}, "Ada"), 2);
  EXPECT_EQ(ledger.find_applied("0001_a")->commit_sha, "old2");
  EXPECT_EQ(ledger.find_applied("0002_b")->commit_sha, "new2");
  EXPECT_EQ(ledger.find_applied("0003_c")->commit_sha, "keep");
  EXPECT_EQ(ledger.find_run("0004_d")->commit_sha, "new2");
  const Event last = ledger.events().back();
  EXPECT_EQ(last.kind, "remap");
  EXPECT_EQ(Json::parse(last.detail)["commits"]["old2"], "new2");

  const auto events = ledger.events().size();
  EXPECT_EQ(ledger.remap_commits({{"unknown", "x"}}), 0);
  EXPECT_EQ(ledger.remap_commits({}), 0);
  EXPECT_EQ(ledger.events().size(), events);
  EXPECT_TRUE(ledger.verify_event_chain().intact);
}

} // namespace
} // namespace crochet::ledger
