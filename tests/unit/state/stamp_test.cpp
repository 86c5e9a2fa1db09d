// Naming the migration to stamp and the line of history it brings along.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/state/stamp.hpp"
#include "core/util/error.hpp"
#include "tests/unit/state/state_test_support.hpp"

namespace crochet::state {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace crochet::state::support;

migration::Chain merged() {
  // a -> b1, a -> b2, merge m(b1, b2) -> n
  return migration::load_chain({file("0001_a", {}), file("0002_b1", {"0001_a"}),
                                file("0002_b2", {"0001_a"}), file("0003_m", {"0002_b1", "0002_b2"}),
                                file("0004_n", {"0003_m"})});
}

std::string error_of(const migration::Chain& chain, const std::string& name) {
  try {
    resolve_revision(chain, name);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(ResolveRevision, AcceptsRevisionHeadFileAndUniquePrefix) {
  const migration::Chain chain = merged();
  EXPECT_EQ(resolve_revision(chain, "0003_m").revision, "0003_m");
  EXPECT_EQ(resolve_revision(chain, "head").revision, "0004_n");
  EXPECT_EQ(resolve_revision(chain, "migrations/0001_a.toml").revision, "0001_a");
  EXPECT_EQ(resolve_revision(chain, "0001_a.toml").revision, "0001_a");
  EXPECT_EQ(resolve_revision(chain, "0004").revision, "0004_n");
}

TEST(ResolveRevision, TakesAMigrationsNumberAsUpgradeTargetDoes) {
  // Real revisions are random ids, so "0002" can only name the migration by its file's number.
  migration::MigrationFile first = file("c0ffee01", {});
  migration::MigrationFile second = file("5eed0002", {"c0ffee01"});
  first.path = "migrations/0001_a.toml";
  second.path = "migrations/0002_b.toml";
  const migration::Chain chain = migration::load_chain({first, second});
  EXPECT_EQ(resolve_revision(chain, "0002").revision, "5eed0002");
  EXPECT_EQ(resolve_revision(chain, "2").revision, "5eed0002");
  EXPECT_EQ(resolve_revision(chain, "c0ffee").revision, "c0ffee01");
}

TEST(ResolveRevision, RefusesUnknownAndAmbiguousNames) {
  const migration::Chain chain = merged();
  EXPECT_THAT(error_of(chain, "0009"), HasSubstr("no migration matches '0009'"));
  EXPECT_THAT(error_of(chain, "0002"),
              HasSubstr("'0002' names several migrations: 0002_b1 (0002_b1), 0002_b2 (0002_b2)"));
  EXPECT_THAT(error_of(migration::Chain{}, "head"), HasSubstr("there are no migrations"));
  const migration::Chain two_heads =
      migration::load_chain({file("a", {}), file("b", {"a"}), file("c", {"a"})});
  EXPECT_THAT(error_of(two_heads, "head"), HasSubstr("2 heads"));
}

TEST(WithAncestors, BringsBothSidesOfAMergeParentsFirst) {
  const migration::Chain chain = merged();
  std::vector<std::string> revisions;
  for (const migration::Migration* m : with_ancestors(chain, *chain.find("0003_m")))
    revisions.push_back(m->revision);
  EXPECT_THAT(revisions, ElementsAre("0001_a", "0002_b1", "0002_b2", "0003_m"));
  revisions.clear();
  for (const migration::Migration* m : with_ancestors(chain, *chain.find("0002_b2")))
    revisions.push_back(m->revision);
  EXPECT_THAT(revisions, ElementsAre("0001_a", "0002_b2"));
}

} // namespace
} // namespace crochet::state
