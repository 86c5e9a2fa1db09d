// Resolving revisions and reading commits, checked against `git rev-parse`.
#include "core/git/repository.hpp"

#include <ctime>

#include "core/util/error.hpp"
#include "tests/unit/git/git_fixture.hpp"

namespace crochet::git {
namespace {

namespace fs = std::filesystem;
using testing::split_lines;

class RevisionTest : public testing::GitSandbox {
protected:
  // main: c1 - c2 - c3 - c4 - m (merge of side: c2 - s1)
  void SetUp() override {
    GitSandbox::SetUp();
    repo_ = init_repo("app");
    c1_ = commit_file(repo_, "models/a.py", "a = 1\n", "c1");
    c2_ = commit_file(repo_, "models/a.py", "a = 2\n", "c2");
    git("tag light && " + next_dates() + "git tag -a v2 -m 'release 2'", repo_);
    git("checkout -q -b side", repo_);
    s1_ = commit_file(repo_, "models/b.py", "b = 1\n", "s1");
    git("checkout -q main", repo_);
    c3_ = commit_file(repo_, "models/a.py", "a = 3\n", "c3");
    c4_ = commit_file(repo_, "models/c.py", "c = 1\n", "c4");
    sh(next_dates() + "git merge -q --no-ff side -m 'merge side'", repo_);
    merge_ = git("rev-parse HEAD", repo_);
  }

  std::string rev_parse(const std::string& rev) {
    return git("rev-parse --verify -q '" + rev + "^{commit}'", repo_);
  }

  fs::path repo_;
  std::string c1_, c2_, c3_, c4_, s1_, merge_;
};

TEST_F(RevisionTest, ResolvesNamesAndExpressionsLikeGit) {
  const Repository r = Repository::discover(repo_);
  EXPECT_EQ(r.resolve_commit("HEAD"), merge_);
  EXPECT_EQ(r.resolve_commit("@"), merge_);
  EXPECT_EQ(r.resolve_commit("main"), merge_);
  EXPECT_EQ(r.resolve_commit("refs/heads/side"), s1_);
  EXPECT_EQ(r.resolve_commit("light"), c2_);
  EXPECT_EQ(r.resolve_commit("v2"), c2_); // annotated tag, peeled
  EXPECT_EQ(r.resolve_commit("HEAD~1"), c4_);
  EXPECT_EQ(r.resolve_commit("HEAD~3"), c2_);
  EXPECT_EQ(r.resolve_commit("main^2"), s1_);
  EXPECT_EQ(r.resolve_commit("HEAD^^"), c3_);
  EXPECT_EQ(r.resolve_commit(c1_), c1_);
  EXPECT_EQ(r.resolve_commit(c1_.substr(0, 8)), c1_);
  EXPECT_EQ(r.resolve_commit("v2^{}"), c2_);
  for (const std::string rev : {"HEAD~2", "side~1", "v2~1", "main^2~1"})
    EXPECT_EQ(r.resolve_commit(rev), rev_parse(rev)) << rev;
}

TEST_F(RevisionTest, ResolvesReflogPositionsLikeGit) {
  // HEAD's reflog gets the checkouts; main's does not, so "@{1}" (the current branch) and
  // "HEAD@{1}" differ.
  git("checkout -q side && git checkout -q main", repo_);
  const Repository r = Repository::discover(repo_);
  for (const std::string rev : {"@{1}", "main@{1}", "HEAD@{1}", "HEAD@{2}", "main@{2}", "@{-1}"})
    EXPECT_EQ(r.resolve_commit(rev), rev_parse(rev)) << rev;
  EXPECT_EQ(r.resolve_commit("HEAD@{1}"), s1_);
  EXPECT_EQ(r.resolve_commit("@{1}"), c4_);
  EXPECT_EQ(r.resolve_commit("@{-1}"), s1_);
  EXPECT_EQ(r.read_blob("HEAD@{1}:models/b.py"), "b = 1\n"); // only on side at that point
  EXPECT_THROW(r.read_blob("main@{1}:models/b.py"), Error);
  for (const std::string rev : {"HEAD@{1}~1", "main@{1}^1", "@{2}~1", "HEAD@{0}", "main@{0}"})
    EXPECT_EQ(r.resolve_commit(rev), rev_parse(rev)) << rev;
  EXPECT_THROW(r.resolve_commit("main@{99}"), Error);
  EXPECT_THROW(r.resolve_commit("nope@{1}"), Error);
  EXPECT_THROW(r.resolve_commit("main@{garbage}"), Error);
  EXPECT_THROW(r.resolve_commit("main@{1"), Error);
}

TEST_F(RevisionTest, DetachedHeadUsesHeadsReflog) {
  git("checkout -q --detach " + c1_ + " && git checkout -q --detach " + c3_, repo_);
  const Repository r = Repository::discover(repo_);
  for (const std::string rev : {"@{1}", "HEAD@{1}", "@{2}"})
    EXPECT_EQ(r.resolve_commit(rev), rev_parse(rev)) << rev;
  EXPECT_EQ(r.resolve_commit("@{1}"), c1_);
}

TEST_F(RevisionTest, PastTheStartOfATrimmedReflogLikeGit) {
  // Once the oldest entry is dropped, the log still knows the value before its new oldest.
  const std::size_t entries = split_lines(git("reflog show main", repo_)).size();
  git("reflog delete 'main@{" + std::to_string(entries - 1) + "}'", repo_);
  const Repository r = Repository::discover(repo_);
  const std::string past_end = "main@{" + std::to_string(entries - 1) + "}";
  EXPECT_EQ(r.resolve_commit(past_end), rev_parse(past_end));
  EXPECT_EQ(r.resolve_commit("main@{2001-01-01}"),
            git("rev-parse -q 'main@{2001-01-01}' 2>/dev/null", repo_));
  EXPECT_THROW(r.resolve_commit("main@{" + std::to_string(entries) + "}"), Error);
}

TEST_F(RevisionTest, ResolvesReflogDatesLikeGit) {
  // Reflog entries take the committer date: place commits days apart, ending an hour ago.
  const fs::path repo = init_repo("dated");
  const long long now = static_cast<long long>(std::time(nullptr));
  std::vector<std::string> ids;
  for (int days_ago : {10, 5, 3, 0}) {
    const long long when = now - days_ago * 86400LL - 3600;
    write_file(repo, "f.txt", std::to_string(days_ago));
    const std::string date = "'@" + std::to_string(when) + " +0000'";
    git("add -A && GIT_AUTHOR_DATE=" + date + " GIT_COMMITTER_DATE=" + date +
            " git commit -q -m c" + std::to_string(days_ago),
        repo);
    ids.push_back(git("rev-parse HEAD", repo));
  }
  const Repository r = Repository::discover(repo);
  const std::vector<std::string> specs = {"main@{yesterday}",  "main@{2 days ago}",
                                          "main@{4.days.ago}", "@{1 week ago}",
                                          "main@{2001-01-02}", "HEAD@{6 days ago}"};
  for (const std::string& spec : specs)
    EXPECT_EQ(r.resolve_commit(spec), git("rev-parse -q '" + spec + "' 2>/dev/null", repo)) << spec;
  EXPECT_EQ(r.resolve_commit("main@{yesterday}"), ids[2]);
  EXPECT_EQ(r.resolve_commit("main@{4 days ago}"), ids[1]);
  EXPECT_EQ(r.resolve_commit("main@{2001-01-02}"), ids[0]); // older than the log: its start
}

TEST_F(RevisionTest, UnknownAndInvalidRevisions) {
  const Repository r = Repository::discover(repo_);
  for (const std::string rev : {"nope", "HEAD~9", "main@{99}", "main^3",
                                "0000000000000000000000000000000000000000", "..."}) {
    try {
      r.resolve_commit(rev);
      ADD_FAILURE() << "no error for " << rev;
    } catch (const Error& error) {
      EXPECT_EQ(std::string(error.what()), "unknown revision '" + rev + "'") << rev;
      EXPECT_FALSE(error.hint().empty());
    }
  }
  EXPECT_THROW(r.resolve_commit(""), Error);
  const std::string tree = git("rev-parse HEAD^{tree}", repo_);
  try {
    r.resolve_commit(tree);
    ADD_FAILURE() << "a tree resolved as a commit";
  } catch (const Error& error) {
    EXPECT_EQ(std::string(error.what()), "revision '" + tree + "' is not a commit");
  }
}

TEST_F(RevisionTest, UnbornHeadIsExplained) {
  const fs::path empty = init_repo("empty");
  const Repository r = Repository::discover(empty);
  for (const std::string rev : {"HEAD", "HEAD~1", "main", "@{1}"}) {
    try {
      r.resolve_commit(rev);
      ADD_FAILURE() << "no error for " << rev;
    } catch (const Error& error) {
      EXPECT_EQ(std::string(error.what()), "HEAD has no commits yet") << rev;
    }
  }
  EXPECT_THROW(
      {
        try {
          r.resolve_commit("other");
        } catch (const Error& error) {
          EXPECT_EQ(std::string(error.what()), "unknown revision 'other'");
          throw;
        }
      },
      Error);
  EXPECT_THROW(r.rev_list(), Error);
}

TEST_F(RevisionTest, CommitInfo) {
  const fs::path repo = init_repo("info");
  const std::string first = commit(repo, "first");
  write_file(repo, "x.txt", "x");
  git("add x.txt && GIT_AUTHOR_DATE='@1600000000 +0130' GIT_COMMITTER_DATE='@1600000100 -0700' "
      "git commit -q -m 'Add the person model' -m 'Body text.'",
      repo);
  const std::string second = git("rev-parse HEAD", repo);
  const Repository r = Repository::discover(repo);
  const CommitInfo info = r.commit_info(second);
  EXPECT_EQ(info.id, second);
  EXPECT_EQ(info.parents, std::vector<std::string>{first});
  EXPECT_EQ(info.author_name, "Ada Lovelace");
  EXPECT_EQ(info.author_email, "ada@example.com");
  EXPECT_EQ(info.author_time, 1600000000);
  EXPECT_EQ(info.author_offset_minutes, 90);
  EXPECT_EQ(info.commit_time, 1600000100);
  EXPECT_EQ(info.subject, "Add the person model");
  EXPECT_TRUE(r.commit_info("HEAD~1").parents.empty());

  const CommitInfo merge = Repository::discover(repo_).commit_info("main");
  EXPECT_EQ(merge.parents, (std::vector<std::string>{c4_, s1_}));
  EXPECT_EQ(merge.subject, "merge side");
  EXPECT_THROW(r.commit_info("nope"), Error);
}

TEST_F(RevisionTest, ShortIds) {
  const Repository r = Repository::discover(repo_);
  const std::string abbreviated = r.short_id(c1_);
  EXPECT_GE(abbreviated.size(), 7U);
  EXPECT_EQ(c1_.rfind(abbreviated, 0), 0U);
  EXPECT_EQ(r.resolve_commit(abbreviated), c1_);
  EXPECT_EQ(r.short_id("0123456789012345678901234567890123456789"), "0123456");
}

} // namespace
} // namespace crochet::git
