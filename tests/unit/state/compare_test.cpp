// Where the database stands relative to the migration files.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/state/compare.hpp"
#include "tests/unit/state/state_test_support.hpp"

namespace crochet::state {
namespace {

using ::testing::ElementsAre;
using namespace crochet::state::support;

migration::Chain linear() {
  return migration::load_chain({file("a", {}), file("b", {"a"}), file("c", {"b"})});
}

std::vector<std::string> pending(const DatabaseStatus& status) {
  std::vector<std::string> revisions;
  for (const Pending& entry : status.pending)
    revisions.push_back(entry.revision);
  return revisions;
}

std::vector<ledger::AppliedMigration> rows(const migration::Chain& chain,
                                           const std::vector<std::string>& revisions) {
  std::vector<ledger::AppliedMigration> result;
  for (const std::string& revision : revisions)
    result.push_back(applied_row(*chain.find(revision)));
  return result;
}

TEST(Compare, NothingAppliedIsBehindByEverything) {
  const DatabaseStatus status = compare(linear(), {});
  EXPECT_EQ(status.position, Position::behind);
  EXPECT_THAT(pending(status), ElementsAre("a", "b", "c"));
  EXPECT_EQ(status.pending[0].file, "migrations/a.toml");
  EXPECT_THAT(status.heads, ElementsAre("c"));
}

TEST(Compare, NoMigrationsAndNothingAppliedIsAtHead) {
  EXPECT_EQ(compare(migration::Chain{}, {}).position, Position::at_head);
}

TEST(Compare, EverythingAppliedIsAtHead) {
  const migration::Chain chain = linear();
  const DatabaseStatus status = compare(chain, rows(chain, {"a", "b", "c"}));
  EXPECT_EQ(status.position, Position::at_head);
  EXPECT_TRUE(status.pending.empty());
  EXPECT_TRUE(status.foreign.empty());
  EXPECT_TRUE(status.changed.empty());
  EXPECT_EQ(status.applied.size(), 3u);
}

TEST(Compare, PendingAreListedParentsFirst) {
  const migration::Chain chain = linear();
  const DatabaseStatus status = compare(chain, rows(chain, {"a"}));
  EXPECT_EQ(status.position, Position::behind);
  EXPECT_THAT(pending(status), ElementsAre("b", "c"));
}

TEST(Compare, MigrationsBeyondTheHeadAreAhead) {
  // HEAD is an older commit: the database has d, a child of the chain's head c.
  const migration::Chain chain = linear();
  auto applied = rows(chain, {"a", "b", "c"});
  applied.push_back(foreign_row("d", {"c"}, "main"));
  applied.push_back(foreign_row("e", {"d"}, "main"));
  const DatabaseStatus status = compare(chain, applied);
  EXPECT_EQ(status.position, Position::ahead);
  ASSERT_EQ(status.foreign.size(), 2u);
  EXPECT_EQ(status.foreign[0].revision, "d");
  EXPECT_EQ(status.revert_target, "c");
}

TEST(Compare, AMigrationFromAnotherBranchIsDiverged) {
  const migration::Chain chain = linear();
  auto applied = rows(chain, {"a", "b"});
  applied.push_back(foreign_row("x", {"b"}, "feature/y"));
  const DatabaseStatus status = compare(chain, applied);
  EXPECT_EQ(status.position, Position::diverged);
  ASSERT_EQ(status.foreign.size(), 1u);
  EXPECT_EQ(status.foreign[0].branch, "feature/y");
  EXPECT_EQ(status.foreign[0].commit_sha, "feedface00");
  EXPECT_THAT(pending(status), ElementsAre("c"));
  EXPECT_EQ(status.revert_target, "b");
}

TEST(Compare, ASideBranchOffAnOlderMigrationIsDivergedEvenWithNothingPending) {
  const migration::Chain chain = linear();
  auto applied = rows(chain, {"a", "b", "c"});
  applied.push_back(foreign_row("x", {"a"}));
  const DatabaseStatus status = compare(chain, applied);
  EXPECT_EQ(status.position, Position::diverged);
  EXPECT_EQ(status.revert_target, "a");
}

TEST(Compare, RevertTargetIsTheEarliestBranchPoint) {
  const migration::Chain chain = linear();
  auto applied = rows(chain, {"a", "b"});
  applied.push_back(foreign_row("x", {"b"}));
  applied.push_back(foreign_row("y", {"a"}));
  applied.push_back(foreign_row("z", {"y"}));
  EXPECT_EQ(compare(chain, applied).revert_target, "a");
}

TEST(Compare, AForeignLineWithNoKnownAncestorHasNoRevertTarget) {
  const migration::Chain chain = linear();
  auto applied = rows(chain, {"a"});
  applied.push_back(foreign_row("other", {}));
  const DatabaseStatus status = compare(chain, applied);
  EXPECT_EQ(status.position, Position::diverged);
  EXPECT_EQ(status.revert_target, "");
}

TEST(Compare, AppliedFilesThatChangedAreNamed) {
  const migration::Chain chain = linear();
  auto applied = rows(chain, {"a", "b", "c"});
  applied[1].file_sha256 = "sha256:before-edit";
  applied[2].chain_hash = "sha256:before-an-ancestor-changed";
  const DatabaseStatus status = compare(chain, applied);
  EXPECT_EQ(status.position, Position::at_head);
  ASSERT_EQ(status.changed.size(), 2u);
  EXPECT_EQ(status.changed[0].revision, "b");
  EXPECT_TRUE(status.changed[0].file_edited);
  EXPECT_EQ(status.changed[1].revision, "c");
  EXPECT_FALSE(status.changed[1].file_edited);
  EXPECT_TRUE(status.changed[1].chain_changed);
}

TEST(Compare, PositionNames) {
  EXPECT_STREQ(to_string(Position::at_head), "at_head");
  EXPECT_STREQ(to_string(Position::behind), "behind");
  EXPECT_STREQ(to_string(Position::ahead), "ahead");
  EXPECT_STREQ(to_string(Position::diverged), "diverged");
}

} // namespace
} // namespace crochet::state
