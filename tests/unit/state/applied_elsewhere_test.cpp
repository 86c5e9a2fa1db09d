// A migration applied from another branch, read from git at the commit that applied it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/state/applied_elsewhere.hpp"
#include "core/util/error.hpp"
#include "core/util/sha256.hpp"
#include "tests/unit/git/git_fixture.hpp"

namespace crochet::state {
namespace {

using ::testing::HasSubstr;

const std::string kFile =
    "revision = \"r4\"\nparent = \"r3\"\nschema_hash = \"sha256:" + std::string(64, 'b') +
    "\"\nrollback_safe = false\n";

class AppliedElsewhereTest : public git::testing::GitSandbox {
protected:
  void SetUp() override {
    GitSandbox::SetUp();
    repo_ = init_repo("repo");
    // The project sits in a subfolder: the ledger's paths are relative to it.
    commit_ = commit_file(repo_, "app/migrations/0004_drop_name.toml", kFile, "drop name");
    row_.revision = "r4";
    row_.parents = {"r3"};
    row_.file = "migrations/0004_drop_name.toml";
    row_.file_sha256 = "sha256:" + sha256_hex(kFile);
    row_.chain_hash = "sha256:chain";
    row_.commit_sha = commit_;
    row_.branch = "drop-name";
  }

  std::string error_of(const ledger::AppliedMigration& row) {
    const git::Repository repo = git::Repository::discover(repo_);
    try {
      read_applied_migration(repo, "app", row);
    } catch (const Error& error) {
      return error.what();
    }
    ADD_FAILURE() << "no error";
    return "";
  }

  std::filesystem::path repo_;
  std::string commit_;
  ledger::AppliedMigration row_;
};

TEST_F(AppliedElsewhereTest, ReadsTheFileAtTheCommitThatAppliedIt) {
  sh("git checkout -q -b other && git rm -q -r app && git commit -q -m gone", repo_);
  const git::Repository repo = git::Repository::discover(repo_);
  EXPECT_EQ(project_path_in(repo, repo_ / "app"), "app");
  EXPECT_EQ(project_path_in(repo, repo_), "");
  const migration::Migration migration = read_applied_migration(repo, "app", row_);
  EXPECT_EQ(migration.revision, "r4");
  EXPECT_FALSE(migration.rollback_safe);
  EXPECT_EQ(migration.file, row_.file);
  EXPECT_EQ(migration.file_sha256, row_.file_sha256);
  EXPECT_EQ(migration.chain_hash, "sha256:chain");
}

TEST_F(AppliedElsewhereTest, DifferentBytesAreRefusedNamingFileRevisionAndCommit) {
  row_.file_sha256 = "sha256:" + std::string(64, '0');
  const std::string error = error_of(row_);
  EXPECT_THAT(error, HasSubstr("migrations/0004_drop_name.toml (r4) at commit " +
                               commit_.substr(0, 12) + " (branch drop-name)"));
  EXPECT_THAT(error, HasSubstr("SHA-256 differs"));
}

TEST_F(AppliedElsewhereTest, MissingCommitIsRefused) {
  row_.commit_sha = std::string(40, 'd');
  const std::string error = error_of(row_);
  EXPECT_THAT(error, HasSubstr("migrations/0004_drop_name.toml (r4) was applied from commit "
                               "dddddddddddd (branch drop-name), which this repository no "
                               "longer has"));
}

TEST_F(AppliedElsewhereTest, FileAbsentAtTheCommitIsRefused) {
  row_.file = "migrations/0005_other.toml";
  EXPECT_THAT(error_of(row_), HasSubstr("is not in commit " + commit_.substr(0, 12)));
}

TEST_F(AppliedElsewhereTest, RowWithoutCommitIsRefused) {
  row_.commit_sha = "";
  EXPECT_THAT(error_of(row_), HasSubstr("the ledger records no commit to read it from"));
}

TEST_F(AppliedElsewhereTest, ARebasedBranchStillGivesTheFileItApplied) {
  // drop-name applied the file, was rebased onto a newer main, and the commit that applied it
  // was collected: the branch's tip has the same bytes.
  const std::filesystem::path dir = init_repo("rebased");
  commit_file(dir, "app/models/a.py", "x = 1\n", "base");
  git("checkout -q -b drop-name", dir);
  const std::string applied =
      commit_file(dir, "app/migrations/0004_drop_name.toml", kFile, "drop name");
  git("checkout -q main", dir);
  commit_file(dir, "app/models/b.py", "y = 2\n", "other work");
  sh(next_dates() + "git rebase -q main drop-name && git checkout -q main", dir);
  sh("git reflog expire --expire=now --all && git gc -q --prune=now", dir);
  EXPECT_NE(git::testing::run_command("git cat-file -e " + applied, dir).status, 0)
      << "not collected";
  row_.commit_sha = applied;
  const git::Repository repo = git::Repository::discover(dir);
  EXPECT_EQ(read_applied_migration(repo, "app", row_).revision, "r4");
  EXPECT_EQ(bring_in_command(repo, row_), "git merge drop-name");
}

TEST_F(AppliedElsewhereTest, ARemotesBranchGivesTheFileWhenOnlyARemoteHasIt) {
  git("branch drop-name", repo_);
  const std::filesystem::path clone = root() / "clone";
  sh("git clone -q '" + repo_.string() + "' '" + clone.string() + "'", root());
  row_.commit_sha = std::string(40, 'd'); // not in the clone
  const git::Repository repo = git::Repository::discover(clone);
  EXPECT_EQ(read_applied_migration(repo, "app", row_).revision, "r4");
  EXPECT_EQ(bring_in_command(repo, row_), "git merge origin/drop-name");
}

TEST_F(AppliedElsewhereTest, ABranchWithAnotherVersionOfTheFileIsNotTrusted) {
  git("checkout -q -b drop-name", repo_);
  commit_file(repo_, "app/migrations/0004_drop_name.toml", kFile + "# edited\n", "edit");
  row_.commit_sha = std::string(40, 'd');
  const std::string error = error_of(row_);
  EXPECT_THAT(error, HasSubstr("which this repository no longer has"));
  EXPECT_THAT(error, HasSubstr("and branch drop-name as it is now holds no copy of it with the "
                               "bytes that were applied"));
}

TEST_F(AppliedElsewhereTest, BringingTheOtherLineInNeedsItsBranchOrItsCommit) {
  EXPECT_EQ(bring_in_command(git::Repository::discover(repo_), row_),
            "git cherry-pick " + commit_.substr(0, 7)); // no branch drop-name here
  git("branch drop-name", repo_);
  EXPECT_EQ(bring_in_command(git::Repository::discover(repo_), row_), "git merge drop-name");
  git("branch -q -D drop-name", repo_);
  row_.commit_sha = std::string(40, 'd');
  EXPECT_EQ(bring_in_command(git::Repository::discover(repo_), row_), std::nullopt);
  // Applied from main, which was rewritten since: main is no line to merge into main.
  row_.branch = "main";
  EXPECT_EQ(bring_in_command(git::Repository::discover(repo_), row_), std::nullopt);
}

} // namespace
} // namespace crochet::state
