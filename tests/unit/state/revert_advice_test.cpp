// What status and the hooks say about migrations applied from another branch: the downgrade that
// reverts them here, or what stops it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/state/revert_advice.hpp"
#include "core/util/advice.hpp"
#include "core/util/error.hpp"
#include "tests/unit/state/state_test_support.hpp"

namespace crochet::state {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using namespace crochet::state::support;

const std::string kUnsafe = "rollback_safe = false\n";

// a <- b <- c here; the database also has x (parent b), applied from feature/x.
struct Diverged {
  migration::Chain chain;
  std::vector<ledger::AppliedMigration> applied;
};

// When c is applied too, it is applied before x, or after it.
enum class LocalC { pending, applied_before_x, applied_after_x };
Diverged diverged(const std::string& c_extra = "", LocalC c = LocalC::pending) {
  Diverged d{migration::load_chain({file("a", {}), file("b", {"a"}), file("c", {"b"}, c_extra)}),
             {}};
  d.applied = {applied_row(*d.chain.find("a")), applied_row(*d.chain.find("b"))};
  if (c == LocalC::applied_before_x)
    d.applied.push_back(applied_row(*d.chain.find("c")));
  d.applied.push_back(foreign_row("x", {"b"}));
  if (c == LocalC::applied_after_x)
    d.applied.push_back(applied_row(*d.chain.find("c")));
  return d;
}

// The foreign file as git has it at the commit that applied it.
ReadApplied reads(const std::string& extra) {
  return [extra](const ledger::AppliedMigration& row) {
    return migration::parse_migration(file(row.revision, row.parents, extra));
  };
}

// A repository that still has every branch and commit the ledger names.
std::optional<std::string> merge_branch(const ledger::AppliedMigration& row) {
  return "git merge " + row.branch;
}

std::vector<std::string> advice(const Diverged& d, const ReadApplied& read,
                                const BringIn& bring_in = merge_branch) {
  return revert_advice(compare(d.chain, d.applied), d.chain, {read, bring_in});
}

TEST(RevertAdvice, RevertibleForeignMigrationIsRevertedHereWithoutACheckout) {
  const std::vector<std::string> lines = advice(diverged(), reads(""));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], "to revert it here, run `git crochet downgrade --target b` (b; it reads the "
                      "other branch's files from git), then `git crochet upgrade`");
  EXPECT_THAT(lines[0], Not(HasSubstr("check out")));
}

TEST(RevertAdvice, NoUpgradeWhenTheTargetIsTheChainsHead) {
  Diverged d{migration::load_chain({file("a", {}), file("b", {"a"})}), {}};
  d.applied = {applied_row(*d.chain.find("a")), applied_row(*d.chain.find("b")),
               foreign_row("x", {"b"})};
  const std::vector<std::string> lines = advice(d, reads(""));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0], HasSubstr("`git crochet downgrade --target b`"));
  EXPECT_THAT(lines[0], Not(HasSubstr("upgrade`")));
}

TEST(RevertAdvice, RollbackUnsafeForeignMigrationIsNamedAndNoDowngradeIsSuggested) {
  const std::vector<std::string> lines = advice(diverged(), reads(kUnsafe));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "`git crochet downgrade --target b` would refuse: x is rollback_safe = "
                      "false: its downgrade cannot restore the graph");
  EXPECT_THAT(lines[1], HasSubstr("(`git merge feature/x`), join the migration heads with "
                                  "`git crochet merge` and run `git crochet upgrade`"));
  EXPECT_THAT(lines[1], HasSubstr("backup taken before x was applied"));
  EXPECT_THAT(lines[1], Not(HasSubstr("run `git crochet downgrade")));
}

TEST(RevertAdvice, UnreadableForeignFileIsNamedWithWhy) {
  const std::vector<std::string> lines =
      advice(diverged(), [](const ledger::AppliedMigration&) -> migration::Migration {
        throw Error("migrations/x.toml (x) was applied from commit feedface00, which this "
                    "repository no longer has");
      });
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_THAT(lines[0], HasSubstr("would refuse: migrations/x.toml (x) was applied from commit "
                                  "feedface00, which this repository no longer has"));
  EXPECT_THAT(lines[1], HasSubstr("`git merge feature/x`"));
}

TEST(RevertAdvice, RollbackUnsafeLocalMigrationTheDowngradeWouldRevertIsNamedToo) {
  // c (here, rollback-unsafe) was applied after x: going back to b reverts both.
  const std::vector<std::string> lines =
      advice(diverged(kUnsafe, LocalC::applied_after_x), reads(""));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_THAT(lines[0], HasSubstr("would refuse: c is rollback_safe = false"));
  EXPECT_THAT(lines[1], HasSubstr("backup taken before c was applied"));
}

TEST(RevertAdvice, ForeignMigrationsAppliedLastAreRevertedByStepsKeepingOursAppliedBefore) {
  // c (here, rollback-unsafe) was applied before x: `--steps 1` reverts x alone, where going
  // back to the branch point b would revert c too, and be refused.
  const std::vector<std::string> lines =
      advice(diverged(kUnsafe, LocalC::applied_before_x), reads(""));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], "to revert it here, run `git crochet downgrade --steps 1` (the newest "
                      "applied migration; it reads the other branch's files from git)");
}

TEST(RevertAdvice, ForeignMigrationAppliedLastThatCannotBeRevertedIsNamedWithSteps) {
  const std::vector<std::string> lines =
      advice(diverged(kUnsafe, LocalC::applied_before_x), reads(kUnsafe));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "`git crochet downgrade --steps 1` would refuse: x is rollback_safe = "
                      "false: its downgrade cannot restore the graph");
  EXPECT_THAT(lines[1], HasSubstr("backup taken before x was applied"));
}

TEST(RevertAdvice, TheCommandGitGivesBringsTheOtherLineIn) {
  const std::vector<std::string> lines =
      advice(diverged(), reads(kUnsafe), [](const ledger::AppliedMigration& row) {
        return std::optional<std::string>("git cherry-pick " + row.commit_sha.substr(0, 7));
      });
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_THAT(lines[1], HasSubstr("(`git cherry-pick feedfac`)"));
}

TEST(RevertAdvice, NoMergeIsSuggestedWhenTheBranchAndCommitAreGone) {
  const std::vector<std::string> lines =
      advice(diverged(), reads(kUnsafe),
             [](const ledger::AppliedMigration&) { return std::optional<std::string>(); });
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1], "instead, restore the database and its ledger from a backup taken before x "
                      "was applied, then run `git crochet upgrade`; or fetch branch feature/x "
                      "back from a clone that still has it: this repository has neither the "
                      "branch nor the commit x was applied from");
  EXPECT_THAT(lines[1], Not(HasSubstr("git merge")));
}

TEST(RevertAdvice, EveryCommandStartsAsTypedWhereItIsRead) {
  // A hook speaks from the work tree root, so a project in a subfolder is named with -C.
  advice::set_origin("/monorepo", "/monorepo/backend");
  struct ClearOrigin {
    ~ClearOrigin() { advice::clear_origin(); }
  } clear;
  const Diverged d = diverged();
  const OtherLines git{reads(""), merge_branch};
  EXPECT_THAT(revert_advice(compare(d.chain, d.applied), d.chain, git),
              ElementsAre("to revert it here, run `git crochet -C backend downgrade --target b` "
                          "(b; it reads the other branch's files from git), then `git crochet -C "
                          "backend upgrade`"));
  const std::vector<std::string> refused =
      revert_advice(compare(d.chain, d.applied), d.chain, {reads(kUnsafe), merge_branch});
  ASSERT_EQ(refused.size(), 2u);
  EXPECT_THAT(refused[0], HasSubstr("`git crochet -C backend downgrade --target b` would refuse"));
  EXPECT_THAT(refused[1], HasSubstr("join the migration heads with `git crochet -C backend merge` "
                                    "and run `git crochet -C backend upgrade`; or restore"));
  EXPECT_THAT(refused[1], HasSubstr("was applied, then run `git crochet -C backend upgrade`"));
}

TEST(RevertAdvice, NothingWithoutARevertTarget) {
  const migration::Chain chain = migration::load_chain({file("a", {})});
  const OtherLines git{reads(""), merge_branch};
  EXPECT_THAT(revert_advice(compare(chain, {foreign_row("x", {})}), chain, git), ElementsAre());
  EXPECT_THAT(revert_advice(compare(chain, {applied_row(*chain.find("a"))}), chain, git),
              ElementsAre());
}

} // namespace
} // namespace crochet::state
