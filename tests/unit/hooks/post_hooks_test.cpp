// post-commit, post-merge, post-checkout and post-rewrite against real repositories and a real
// ledger: what they say, and that nothing (a corrupt ledger, broken migrations) makes them throw.
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>

#include "core/hooks/post_hooks.hpp"
#include "core/ledger/ledger.hpp"
#include "tests/unit/hooks/hooks_fixture.hpp"

namespace crochet::hooks {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using testing::HookSandbox;
using ::testing::Not;
using testing::person;

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines)
    text += line + "\n";
  return text;
}

class PostHooksTest : public HookSandbox {
protected:
  void SetUp() override {
    HookSandbox::SetUp();
    rev_first_ = sole_revision();
  }
  std::string sole_revision() {
    HookContext c = context();
    const migration::Chain chain = chain_at_commit(c, "HEAD");
    return chain.heads.at(0);
  }
  fs::path ledger_path() const { return repo_ / ".crochet/ledger.db"; }
  // The database record() says a migration was applied to.
  std::string record_target_uri_ = "http://localhost:7474";
  std::string record_target_database_ = "neo4j";
  void record(const std::string& revision, const std::string& commit, const std::string& branch,
              const std::string& file = "migrations/0001_add_person.toml",
              const std::vector<std::string>& parents = {}) {
    ledger::AppliedMigration row;
    row.revision = revision;
    row.parents = parents;
    row.file = file;
    row.commit_sha = commit;
    row.branch = branch;
    row.target_uri = record_target_uri_;
    row.target_database = record_target_database_;
    row.schema_hash = "sha256:" + std::string(64, '0');
    row.file_sha256 = row.schema_hash;
    row.chain_hash = row.schema_hash;
    // A migration of HEAD's chain is recorded as it is, so it does not look edited.
    HookContext c = context();
    const migration::Chain chain = chain_at_commit(c, "HEAD");
    if (const migration::Migration* m = chain.find(revision)) {
      row.file_sha256 = m->file_sha256;
      row.chain_hash = m->chain_hash;
      row.schema_hash = m->schema_hash;
    }
    ledger::Ledger ledger = ledger::Ledger::open(ledger_path());
    ledger.record_applied(row, {"upgrade", revision, "ok", "test", nlohmann::json::object()});
  }
  // A second migration on main: adds Person.email.
  std::string add_email() {
    write_file(repo_, "models/person.py", person("    email = StringProperty()\n"));
    const std::string revision = create_migration("add email");
    commit(repo_, "email");
    return revision;
  }
  // main adds Person.email, a branch from the first commit adds Dog; Dog's commit is
  // cherry-picked onto main, which then has two migration heads. Returns Dog's commit.
  std::string pick_dog_onto_email() {
    add_email();
    git("checkout -q -b other " + c_first_, repo_);
    write_file(repo_, "models/dog.py",
               "from neomodel import StructuredNode\n\nclass Dog(StructuredNode):\n"
               "    __kgid__ = \"k-dog\"\n");
    create_migration("add dog");
    const std::string dog = commit(repo_, "dog");
    git("checkout -q main", repo_);
    sh(next_dates() + "git cherry-pick " + dog + " >/dev/null", repo_);
    return dog;
  }
  std::string rev_first_;
};

TEST_F(PostHooksTest, NoLedgerMeansNothingToSay) {
  HookContext c = context();
  EXPECT_TRUE(post_merge(c).empty());
  EXPECT_TRUE(post_checkout(c, c_first_, "x", "1").empty());
}

TEST_F(PostHooksTest, PostMergeListsPendingMigrations) {
  record(rev_first_, c_first_, "main");
  add_email();
  HookContext c = context();
  const std::string text = joined(post_merge(c));
  EXPECT_THAT(text, HasSubstr("1 migration pending on http://localhost:7474 (neo4j)"));
  EXPECT_THAT(text, HasSubstr("0002_add_email"));
  EXPECT_THAT(text, HasSubstr("run `git crochet upgrade`"));
}

TEST_F(PostHooksTest, InLineMeansSilence) {
  record(rev_first_, c_first_, "main");
  HookContext c = context();
  EXPECT_TRUE(post_merge(c).empty()) << joined(post_merge(c));
}

TEST_F(PostHooksTest, PostMergeNamesAppliedRevisionsHeadLacksWithCommitAndBranch) {
  record(rev_first_, c_first_, "main");
  record("abc123def456", "1111111111111111111111111111111111111111", "feature/y",
         "migrations/0002_other.toml", {rev_first_});
  HookContext c = context();
  const std::string text = joined(post_merge(c));
  EXPECT_THAT(text, HasSubstr("has 0002_other (abc123def456) applied from commit 1111111 on "
                              "branch feature/y, which HEAD's migrations do not contain"));
  // Neither its commit nor its branch is in this repository: no downgrade can read its file,
  // so none is suggested, and no merge of a branch that is not here.
  EXPECT_THAT(text, HasSubstr("`git crochet downgrade --target " + rev_first_ +
                              "` would refuse: migrations/0002_other.toml (abc123def456) was "
                              "applied from commit 111111111111 (branch feature/y), which this "
                              "repository no longer has"));
  EXPECT_THAT(text, HasSubstr("or fetch branch feature/y back from a clone that still has it"));
  EXPECT_THAT(text, Not(HasSubstr("git merge")));
  EXPECT_THAT(text, Not(HasSubstr("check out")));
  EXPECT_THAT(text, Not(HasSubstr("run `git crochet downgrade")));
}

TEST_F(PostHooksTest, PostMergeSuggestsMergeForSeveralHeads) {
  add_email();
  git("checkout -q -b other " + c_first_, repo_);
  write_file(repo_, "models/person.py", person("    age = StringProperty()\n"));
  create_migration("add age");
  commit(repo_, "age");
  git("checkout -q main", repo_);
  sh(next_dates() + "git merge -q --no-edit other -X theirs 2>&1 || true", repo_);
  sh("git checkout -q other -- migrations && git add -A && " + next_dates() +
         "git commit -q --no-edit --allow-empty -m merged || true",
     repo_);
  HookContext c = context();
  const std::string text = joined(post_merge(c));
  EXPECT_THAT(text, HasSubstr("the migrations now have 2 heads"));
  EXPECT_THAT(text, HasSubstr("git crochet merge"));
}

TEST_F(PostHooksTest, EditedAppliedMigrationIsAWarning) {
  record(rev_first_, c_first_, "main");
  write_file(repo_, "migrations/0001_add_person.toml",
             sh("cat migrations/0001_add_person.toml", repo_) + "\n# edited after it ran\n");
  commit(repo_, "edit an applied migration");
  HookContext c = context();
  EXPECT_THAT(joined(post_merge(c)),
              HasSubstr("warning: 0001_add_person was edited after it was applied"));
}

TEST_F(PostHooksTest, CorruptLedgerIsAWarningNeverAnError) {
  fs::create_directories(ledger_path().parent_path());
  std::ofstream(ledger_path()) << "this is not a database";
  HookContext c = context();
  std::vector<std::string> lines;
  ASSERT_NO_THROW(lines = post_checkout(c, c_first_, "next", "1"));
  EXPECT_THAT(joined(lines), HasSubstr("warning: cannot read the ledger"));
  EXPECT_THAT(joined(post_merge(c)), HasSubstr("database check is skipped"));
  std::istringstream pairs(c_first_ + " 2222222222222222222222222222222222222222\n");
  EXPECT_THAT(joined(post_rewrite(c, "amend", pairs)), HasSubstr("warning: cannot update"));
}

TEST_F(PostHooksTest, BrokenMigrationsAreAWarning) {
  record(rev_first_, c_first_, "main");
  write_file(repo_, "migrations/0002_bad.toml", "revision = \n");
  commit(repo_, "bad migration");
  HookContext c = context();
  std::vector<std::string> lines;
  ASSERT_NO_THROW(lines = post_merge(c));
  EXPECT_THAT(joined(lines), HasSubstr("warning: cannot read HEAD's migrations"));
}

TEST_F(PostHooksTest, PostCheckoutIgnoresFileCheckoutsAndUnmovedHead) {
  record("abc123def456", c_first_, "feature/y");
  HookContext c = context();
  EXPECT_TRUE(post_checkout(c, c_first_, "other", "0").empty());
  EXPECT_TRUE(post_checkout(c, c_first_, c_first_, "1").empty());
}

TEST_F(PostHooksTest, PostCheckoutComparesTheDatabaseWithTheBranch) {
  const std::string rev_email = add_email();
  const std::string c_email = sh("git rev-parse HEAD", repo_);
  record(rev_first_, c_first_, "main");
  record(rev_email, c_email, "main", "migrations/0002_add_email.toml", {rev_first_});
  git("checkout -q -b old " + c_first_, repo_);
  HookContext c = context();
  const std::string text = joined(post_checkout(c, c_email, c_first_, "1"));
  EXPECT_THAT(text, HasSubstr("branch old's migrations end at 0001_add_person"));
  EXPECT_THAT(text, HasSubstr("is at 0002_add_email"));
  EXPECT_THAT(text, HasSubstr(rev_first_ + "` (0001_add_person;"));
  EXPECT_THAT(text, HasSubstr("has 0002_add_email (" + rev_email + ") applied from commit"));
  EXPECT_THAT(text, HasSubstr("on branch main"));
  // Its file is read from the commit that applied it: no checkout of main is needed.
  EXPECT_THAT(text,
              HasSubstr("to revert it here, run `git crochet downgrade --target " + rev_first_ +
                        "` (0001_add_person; it reads the other branch's files from git)\n"));
  EXPECT_THAT(text, Not(HasSubstr("check out")));
  // And back: in line again, nothing to say.
  git("checkout -q main", repo_);
  HookContext again = context();
  EXPECT_TRUE(post_checkout(again, c_first_, c_email, "1").empty());
}

// Run by hand, the hook previews a switch: it reads the migrations of the commit named, not
// HEAD's (git runs it with HEAD already there).
TEST_F(PostHooksTest, PostCheckoutByHandPreviewsTheSwitch) {
  const std::string rev_email = add_email();
  const std::string c_email = sh("git rev-parse HEAD", repo_);
  record(rev_first_, c_first_, "main");
  record(rev_email, c_email, "main", "migrations/0002_add_email.toml", {rev_first_});
  git("branch old " + c_first_, repo_);
  HookContext c = context();
  const std::string text = joined(post_checkout(c, c_email, "old", "1"));
  EXPECT_THAT(text, HasSubstr("old (" + c_first_.substr(0, 7)));
  EXPECT_THAT(text, HasSubstr("'s migrations end at 0001_add_person"));
  EXPECT_THAT(text, HasSubstr("is at 0002_add_email"));
  EXPECT_THAT(
      joined(post_checkout(c, c_email, c_first_, "1")),
      HasSubstr("commit " + c_first_.substr(0, 7) + "'s migrations end at 0001_add_person"));
  // HEAD itself, by name or id: what git's own run would say (here, nothing).
  EXPECT_TRUE(post_checkout(c, c_first_, "main", "1").empty());
  EXPECT_TRUE(post_checkout(c, c_first_, c_email, "1").empty());
}

// The ledger is one database's record: the hook names that database, not a target configured
// since.
TEST_F(PostHooksTest, PostCheckoutNamesTheDatabaseTheLedgerRecords) {
  record_target_uri_ = "http://staging.example.com:7474";
  record_target_database_ = "graph";
  record(rev_first_, c_first_, "main");
  add_email();
  HookContext c = context();
  const std::string text = joined(post_checkout(c, c_first_, "new", "1"));
  EXPECT_THAT(text, HasSubstr("http://staging.example.com:7474 (graph) is at 0001_add_person"));
  EXPECT_THAT(text, HasSubstr("pending on http://staging.example.com:7474 (graph)"));
  EXPECT_THAT(text, Not(HasSubstr("localhost")));
}

TEST_F(PostHooksTest, PostCheckoutSaysWhenTheDatabaseIsBehind) {
  record(rev_first_, c_first_, "main");
  add_email();
  HookContext c = context();
  const std::string text = joined(post_checkout(c, c_first_, "new", "1"));
  EXPECT_THAT(text, HasSubstr("branch main's migrations end at 0002_add_email"));
  EXPECT_THAT(text, HasSubstr("is at 0001_add_person"));
  EXPECT_THAT(text, HasSubstr("1 migration pending"));
}

TEST_F(PostHooksTest, PostRewriteMovesRecordedCommits) {
  record(rev_first_, c_first_, "main");
  const std::string rewritten = "3333333333333333333333333333333333333333";
  HookContext c = context();
  std::istringstream pairs(c_first_ + " " + rewritten + "\nnot a pair\n");
  const std::string text = joined(post_rewrite(c, "amend", pairs));
  EXPECT_THAT(text, HasSubstr("rewritten commits (amend) for 1 applied migration"));
  ledger::Ledger ledger = ledger::Ledger::open(ledger_path());
  EXPECT_EQ(ledger.find_applied(rev_first_)->commit_sha, rewritten);
  std::istringstream unrelated("4444444444444444444444444444444444444444 " + rewritten + "\n");
  EXPECT_TRUE(post_rewrite(c, "rebase", unrelated).empty());
}

TEST_F(PostHooksTest, PostRewriteSaysWhenARebaseLeftSeveralHeads) {
  // A rebase replays a branch's migration onto one that has its own: no pre-commit runs, so
  // post-rewrite is the first to see the two heads (no ledger needed).
  const std::string dog = pick_dog_onto_email();
  HookContext c = context();
  std::istringstream pairs(dog + " " + git("rev-parse HEAD", repo_) + "\n");
  const std::string text = joined(post_rewrite(c, "rebase", pairs));
  EXPECT_THAT(text, HasSubstr("the migrations now have 2 heads ("));
  EXPECT_THAT(text, HasSubstr("0002_add_dog"));
  EXPECT_THAT(text, HasSubstr("0002_add_email"));
  EXPECT_THAT(text, HasSubstr("join them with `git crochet merge`"));
  EXPECT_FALSE(fs::exists(ledger_path()));
}

TEST_F(PostHooksTest, PostCommitSaysWhenACherryPickLeftSeveralHeads) {
  pick_dog_onto_email();
  HookContext c = context();
  const std::string text = joined(post_commit(c));
  EXPECT_THAT(text, HasSubstr("the migrations now have 2 heads (0002_add_dog, 0002_add_email): "
                              "join them with `git crochet merge`"));
  // A commit that leaves the migrations folder alone is not checked again.
  write_file(repo_, "README", "notes\n");
  commit(repo_, "notes");
  HookContext after = context();
  EXPECT_TRUE(post_commit(after).empty());
}

TEST_F(PostHooksTest, PostCommitIsSilentForOneHeadAndDuringARebase) {
  HookContext c = context(); // the first commit adds the first migration
  EXPECT_TRUE(post_commit(c).empty());
  pick_dog_onto_email();
  fs::create_directories(repo_ / ".git" / "rebase-merge");
  HookContext rebasing = context();
  EXPECT_TRUE(post_commit(rebasing).empty()) << "post-rewrite speaks at the rebase's end";
}

TEST_F(PostHooksTest, PostRewriteAfterAnAmendLeavesTheHeadsToPostCommit) {
  const std::string dog = pick_dog_onto_email();
  HookContext c = context();
  std::istringstream pairs(dog + " " + git("rev-parse HEAD", repo_) + "\n");
  EXPECT_THAT(joined(post_rewrite(c, "amend", pairs)), Not(HasSubstr("heads")));
}

TEST_F(PostHooksTest, PostRewriteWithoutLedgerCreatesNone) {
  HookContext c = context();
  std::istringstream pairs(c_first_ + " 3333333333333333333333333333333333333333\n");
  EXPECT_TRUE(post_rewrite(c, "amend", pairs).empty());
  EXPECT_FALSE(fs::exists(ledger_path()));
}

} // namespace
} // namespace crochet::hooks
