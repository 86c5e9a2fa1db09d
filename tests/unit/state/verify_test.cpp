// verify's offline checks on in-memory files and ledger rows.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/migration/schema_snapshot.hpp"
#include "core/state/verify.hpp"
#include "core/state/workspace.hpp"
#include "tests/unit/state/state_test_support.hpp"

namespace crochet::state {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace crochet::state::support;

std::vector<migration::MigrationFile> files() {
  return {file("a", {}), file("b", {"a"}), file("c", {"b"})};
}

std::vector<ledger::AppliedMigration> applied_all(const std::vector<migration::MigrationFile>& f) {
  const migration::Chain chain = migration::load_chain(f);
  std::vector<ledger::AppliedMigration> rows;
  for (const migration::Migration& m : chain.migrations)
    rows.push_back(applied_row(m));
  return rows;
}

TEST(VerifyChain, PassesAndHandsBackTheChain) {
  std::optional<migration::Chain> chain;
  const Check check = check_chain(files(), chain);
  EXPECT_TRUE(check.passed);
  EXPECT_THAT(check.summary, HasSubstr("3 migrations"));
  EXPECT_THAT(check.summary, HasSubstr("head c"));
  ASSERT_TRUE(chain.has_value());
}

TEST(VerifyChain, FailsOnAMissingParent) {
  auto f = files();
  f.erase(f.begin() + 1); // b deleted: c names a parent that is gone
  std::optional<migration::Chain> chain;
  const Check check = check_chain(f, chain);
  EXPECT_FALSE(check.passed);
  ASSERT_EQ(check.problems.size(), 1u);
  EXPECT_THAT(check.problems[0], HasSubstr("parent 'b'"));
  EXPECT_FALSE(chain.has_value());
}

TEST(VerifyChain, FailsOnSeveralHeadsWithTheFix) {
  auto f = files();
  f.push_back(file("d", {"b"}));
  std::optional<migration::Chain> chain;
  const Check check = check_chain(f, chain);
  EXPECT_FALSE(check.passed);
  EXPECT_THAT(check.summary, HasSubstr("2 heads"));
  EXPECT_THAT(check.hint, HasSubstr("git crochet merge"));
  EXPECT_EQ(check.problems.size(), 2u);
}

TEST(VerifyHeadSnapshot, PassesOnlyWhenTheHeadsSchemaIsThereIntact) {
  const schema::Schema empty;
  const std::string hash = schema::schema_hash(empty);
  std::string text = "revision = \"a\"\nschema_hash = \"" + hash + "\"\n";
  std::optional<migration::Chain> chain;
  ASSERT_TRUE(check_chain({{"migrations/a.toml", text}}, chain).passed);
  const std::string path = "migrations/" + migration::snapshot_relative_path(hash);
  const migration::MigrationFile intact{path, migration::snapshot_text(empty)};
  const Check good = check_head_snapshot(chain, intact);
  EXPECT_TRUE(good.passed) << good.summary;
  EXPECT_THAT(good.summary, HasSubstr(hash));

  const Check missing = check_head_snapshot(chain, std::nullopt);
  EXPECT_FALSE(missing.passed);
  EXPECT_EQ(missing.summary, "the schema the head migration records is missing");
  ASSERT_EQ(missing.problems.size(), 1u);
  EXPECT_THAT(missing.problems[0], HasSubstr("migrations/a.toml records " + hash));
  EXPECT_THAT(missing.hint, HasSubstr("restore it from git"));

  schema::Schema other;
  other.nodes.emplace_back().class_name = "Edited";
  const Check edited =
      check_head_snapshot(chain, migration::MigrationFile{path, migration::snapshot_text(other)});
  EXPECT_FALSE(edited.passed);
  EXPECT_EQ(edited.summary, "the head migration's schema snapshot is damaged");
  EXPECT_THAT(edited.problems[0], HasSubstr("hashes to"));

  // Nothing to check without a single head; the chain check reports why.
  std::optional<migration::Chain> none;
  EXPECT_TRUE(check_head_snapshot(none, std::nullopt).passed);
}

TEST(VerifyApplied, PassesWhenEveryAppliedFileIsUnchanged) {
  const auto f = files();
  std::optional<migration::Chain> chain = migration::load_chain(f);
  const Check check = check_applied(f, chain, applied_all(f));
  EXPECT_TRUE(check.passed) << check.problems.at(0);
  EXPECT_THAT(check.summary, HasSubstr("3 applied migrations present and unedited"));
}

TEST(VerifyApplied, NamesAnEditedFile) {
  auto f = files();
  const auto applied = applied_all(f);
  f[1].bytes += "description = \"edited later\"\n";
  std::optional<migration::Chain> chain = migration::load_chain(f);
  const Check check = check_applied(f, chain, applied);
  EXPECT_FALSE(check.passed);
  EXPECT_EQ(check.summary, "2 of 3 applied migrations changed since applied");
  ASSERT_EQ(check.problems.size(), 2u);
  EXPECT_THAT(check.problems[0], HasSubstr("b: migrations/b.toml was edited after it was applied"));
  // c's bytes are the same, but its ancestry is not.
  EXPECT_THAT(check.problems[1], HasSubstr("c: migrations/c.toml is unchanged but its history"));
}

TEST(VerifyApplied, NamesADeletedFileEvenWhenTheChainNoLongerLoads) {
  auto f = files();
  const auto applied = applied_all(f);
  f.erase(f.begin() + 1);
  std::optional<migration::Chain> chain;
  EXPECT_FALSE(check_chain(f, chain).passed);
  const Check check = check_applied(f, chain, applied);
  EXPECT_FALSE(check.passed);
  ASSERT_EQ(check.problems.size(), 1u);
  EXPECT_THAT(check.problems[0], HasSubstr("b (applied 2024-01-01T00:00:00.000Z from commit "
                                           "c0ffee on main): its file migrations/b.toml is "
                                           "missing"));
}

TEST(VerifyApplied, NamesReorderedParents) {
  // c is re-parented onto a: its own file changes, so it is named as edited.
  auto f = files();
  const auto applied = applied_all(f);
  f[2] = file("c", {"a"});
  f.push_back(file("d", {"b", "c"}));
  std::optional<migration::Chain> chain = migration::load_chain(f);
  const Check check = check_applied(f, chain, applied);
  EXPECT_FALSE(check.passed);
  ASSERT_EQ(check.problems.size(), 1u);
  EXPECT_THAT(check.problems[0], HasSubstr("c: migrations/c.toml was edited"));
}

TEST(VerifyApplied, NothingAppliedPasses) {
  std::optional<migration::Chain> chain = migration::load_chain(files());
  EXPECT_TRUE(check_applied(files(), chain, {}).passed);
}

TEST(VerifyModels, PassesOrNamesTheMissingMigration) {
  migration::Coverage covered;
  covered.message = "the models are covered by migrations/c.toml";
  covered.models_hash = kHash;
  EXPECT_TRUE(check_models(covered).passed);

  migration::Coverage uncovered;
  uncovered.state = migration::CoverageState::uncovered;
  uncovered.message = "the models differ";
  const Check check = check_models(uncovered);
  EXPECT_FALSE(check.passed);
  EXPECT_THAT(check.hint, HasSubstr("create-migration"));
  EXPECT_FALSE(check_models_unreadable("models/a.py:1:1: error: x").passed);
}

TEST(VerifyEventLog, PassesOrQuotesTheFirstBadRow) {
  ledger::EventChainReport intact;
  intact.events = 4;
  EXPECT_TRUE(check_event_log(intact).passed);
  ledger::EventChainReport broken{false, 4, 2, "event 2 (upgrade b at x) was edited"};
  const Check check = check_event_log(broken);
  EXPECT_FALSE(check.passed);
  EXPECT_THAT(check.problems, ElementsAre("event 2 (upgrade b at x) was edited"));
}

TEST(VerifyReport, FailsWhenAnyCheckFails) {
  VerifyReport report;
  report.checks.push_back(Check{"one", true, "", {}, {}});
  EXPECT_TRUE(report.passed());
  report.checks.push_back(ledger_unreadable("two", "corrupt", ""));
  EXPECT_FALSE(report.passed());
}

TEST(RedactUri, DropsCredentials) {
  EXPECT_EQ(redact_uri("http://neo4j:secret@db.example.com:7474/x"),
            "http://db.example.com:7474/x");
  EXPECT_EQ(redact_uri("https://user@host"), "https://host");
  EXPECT_EQ(redact_uri("http://localhost:7474"), "http://localhost:7474");
  EXPECT_EQ(redact_uri("http://host/path@x"), "http://host/path@x");
}

} // namespace
} // namespace crochet::state
