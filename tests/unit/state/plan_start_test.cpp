// Where `upgrade --sql` and `upgrade --dry-run` start: after what the ledger records as applied.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/migration/plan.hpp"
#include "core/state/plan_start.hpp"
#include "tests/unit/state/state_test_support.hpp"

namespace crochet::state {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace crochet::state::support;

migration::Chain line_of_three() {
  return migration::load_chain(
      {file("0001_a", {}), file("0002_b", {"0001_a"}), file("0003_c", {"0002_b"})});
}

std::vector<std::string> files_of(const std::vector<const migration::Migration*>& path) {
  std::vector<std::string> files;
  for (const migration::Migration* m : path)
    files.push_back(m->file);
  return files;
}

TEST(PlanStart, StartsAfterWhatTheLedgerRecordsAsApplied) {
  const migration::Chain chain = line_of_three();
  const PlanStart start =
      plan_start(chain, {applied_row(*chain.find("0001_a")), applied_row(*chain.find("0002_b"))});
  EXPECT_TRUE(start.from_ledger);
  EXPECT_TRUE(start.notices.empty());
  EXPECT_EQ(start.describe(".crochet/ledger.db"),
            "after migrations/0002_b.toml, the last migration .crochet/ledger.db records as "
            "applied");
  EXPECT_THAT(files_of(migration::upgrade_path(chain, start.applied, nullptr)),
              ElementsAre("migrations/0003_c.toml"));
}

TEST(PlanStart, NamesWhatAScriptCannotAccountFor) {
  migration::Chain chain = line_of_three();
  ledger::AppliedMigration edited = applied_row(*chain.find("0001_a"));
  edited.file_sha256 = "sha256:what-it-was";
  const PlanStart start = plan_start(chain, {edited, foreign_row("0002_x", {"0001_a"})});
  ASSERT_EQ(start.notices.size(), 2u);
  EXPECT_THAT(start.notices[0], HasSubstr("0002_x (migrations/0002_x.toml) as applied, which "
                                          "these migration files do not have"));
  EXPECT_THAT(start.notices[1],
              HasSubstr("migrations/0001_a.toml was applied but has changed since"));
  // The changed migration is still left out: rerunning it is not the script's call.
  EXPECT_THAT(files_of(migration::upgrade_path(chain, start.applied, nullptr)),
              ElementsAre("migrations/0002_b.toml", "migrations/0003_c.toml"));
}

TEST(PlanStart, WithoutALedgerOrWhenAskedItStartsFromTheStart) {
  const migration::Chain chain = line_of_three();
  const PlanStart none = plan_start("/nonexistent/ledger.db", chain, false);
  EXPECT_FALSE(none.from_ledger);
  EXPECT_EQ(none.describe(".crochet/ledger.db"), "from the start");
  EXPECT_TRUE(plan_start("/nonexistent/ledger.db", chain, true).applied.empty());
  const PlanStart only_foreign = plan_start(chain, {foreign_row("9999_z", {})});
  EXPECT_THAT(only_foreign.describe("L"), HasSubstr("from the start (nothing L records"));
}

} // namespace
} // namespace crochet::state
