// Ranges, ancestry and merge bases, checked against `git rev-list --date-order`, including
// shallow clones (where libgit2 1.5's own walker fails) and a repository missing a commit.
#include "core/git/repository.hpp"

#include "core/util/error.hpp"
#include "tests/unit/git/git_fixture.hpp"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#define CROCHET_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/lsan_interface.h>
#define CROCHET_LSAN 1
#endif
#endif

namespace crochet::git {
namespace {

namespace fs = std::filesystem;
using testing::split_lines;

// libgit2 1.5 leaks a few bytes of its commit list when git_revwalk_next() fails on a missing
// object; LeakSanitizer builds ignore allocations made while this is alive.
class IgnoreLibgit2Leaks {
public:
#ifdef CROCHET_LSAN
  IgnoreLibgit2Leaks() {
    __lsan_disable();
  }
  ~IgnoreLibgit2Leaks() {
    __lsan_enable();
  }
#else
  IgnoreLibgit2Leaks() {} // user-provided, so a const instance is allowed
#endif
  IgnoreLibgit2Leaks(const IgnoreLibgit2Leaks&) = delete;
  IgnoreLibgit2Leaks& operator=(const IgnoreLibgit2Leaks&) = delete;
};

class HistoryTest : public testing::GitSandbox {
protected:
  //   c1 - c2 - c3 ------------ m - c6     main
  //          \  \             /
  //           \  s1 - s2 ----'             side
  //            t1 - t2                     topic (never merged)
  void SetUp() override {
    GitSandbox::SetUp();
    repo_ = init_repo("app");
    c1_ = commit_file(repo_, "models/a.py", "1", "c1");
    c2_ = commit_file(repo_, "models/a.py", "2", "c2");
    git("branch topic", repo_);
    c3_ = commit_file(repo_, "models/a.py", "3", "c3");
    git("checkout -q -b side", repo_);
    s1_ = commit_file(repo_, "models/s.py", "1", "s1");
    git("checkout -q topic", repo_);
    t1_ = commit_file(repo_, "models/t.py", "1", "t1");
    git("checkout -q side", repo_);
    s2_ = commit_file(repo_, "models/s.py", "2", "s2");
    git("checkout -q topic", repo_);
    t2_ = commit_file(repo_, "models/t.py", "2", "t2");
    git("checkout -q main", repo_);
    sh(next_dates() + "git merge -q --no-ff side -m merge", repo_);
    m_ = git("rev-parse HEAD", repo_);
    c6_ = commit_file(repo_, "README", "readme", "c6");
  }

  std::vector<std::string> git_rev_list(const std::string& range, const fs::path& repo) {
    return split_lines(git("rev-list --date-order " + range, repo));
  }

  fs::path repo_;
  std::string c1_, c2_, c3_, s1_, s2_, t1_, t2_, m_, c6_;
};

TEST_F(HistoryTest, EveryRangeSyntaxMatchesGit) {
  const Repository r = Repository::discover(repo_);
  EXPECT_EQ(r.rev_list(), git_rev_list("HEAD", repo_));
  EXPECT_EQ(r.rev_list(), (std::vector<std::string>{c6_, m_, s2_, s1_, c3_, c2_, c1_}));
  const std::vector<std::string> ranges = {
      "HEAD",         "main",       "topic",       "side..main",     "main..topic", "main...topic",
      "topic...main", "^side main", "topic ^main", "c3_..",          "..topic",     "topic side",
      "HEAD~1..HEAD", "main~1^2",   "c1_",         "^c2_ topic side"};
  for (std::string range : ranges) {
    for (const auto& [name, id] : {std::pair{"c1_", c1_}, {"c2_", c2_}, {"c3_", c3_}})
      if (const auto at = range.find(name); at != std::string::npos)
        range.replace(at, std::string(name).size(), id);
    EXPECT_EQ(r.rev_list(range), git_rev_list(range, repo_)) << range;
  }
  EXPECT_EQ(r.rev_list("main...topic"),
            (std::vector<std::string>{c6_, m_, t2_, s2_, t1_, s1_, c3_}));
  EXPECT_EQ(r.rev_list("side..main"), (std::vector<std::string>{c6_, m_}));
}

TEST_F(HistoryTest, EmptyRangesAndBadRevisions) {
  const Repository r = Repository::discover(repo_);
  EXPECT_TRUE(r.rev_list("main..side").empty()); // side is merged
  EXPECT_TRUE(r.rev_list("HEAD..HEAD").empty());
  EXPECT_TRUE(r.rev_list("^main").empty());
  EXPECT_THROW(r.rev_list("main..nope"), Error);
  EXPECT_THROW(r.rev_list("nope"), Error);
  // Whitespace inside a reflog date does not split the range.
  EXPECT_EQ(r.rev_list("main@{1 day ago}..main").size(), 0U);
}

TEST_F(HistoryTest, AncestryAndMergeBases) {
  const Repository r = Repository::discover(repo_);
  EXPECT_TRUE(r.is_ancestor(c1_, c6_));
  EXPECT_TRUE(r.is_ancestor(s1_, "main"));
  EXPECT_TRUE(r.is_ancestor("main", "main"));
  EXPECT_FALSE(r.is_ancestor(c6_, c1_));
  EXPECT_FALSE(r.is_ancestor("topic", "main"));
  EXPECT_EQ(r.merge_base("main", "topic"), c2_);
  EXPECT_EQ(r.merge_base("side", "topic"), c2_);
  EXPECT_EQ(r.merge_base(c3_, "side"), c3_);
  EXPECT_THROW(r.is_ancestor("nope", "main"), Error);

  // Unrelated histories have no merge base.
  git("checkout -q --orphan lonely && git rm -rq --cached . && git clean -fdq", repo_);
  commit_file(repo_, "x", "x", "lonely root");
  EXPECT_EQ(r.merge_base("lonely", "main"), std::nullopt);
  EXPECT_FALSE(r.is_ancestor("lonely", "main"));
  EXPECT_EQ(r.rev_list("lonely...main"), git_rev_list("lonely...main", repo_));
}

TEST_F(HistoryTest, ShallowCloneStopsAtItsBoundary) {
  const fs::path clone = root() / "shallow";
  git("clone -q --depth 3 'file://" + repo_.string() + "' '" + clone.string() + "'", root());
  const Repository r = Repository::discover(clone);
  ASSERT_TRUE(r.is_shallow());
  const std::vector<std::string> all = r.rev_list();
  EXPECT_EQ(all, git_rev_list("HEAD", clone));
  ASSERT_FALSE(all.empty());
  EXPECT_LT(all.size(), 7U);

  for (const std::string& line :
       split_lines(sh("cat \"$(git rev-parse --git-path shallow)\"", clone))) {
    const CommitInfo info = r.commit_info(line);
    EXPECT_EQ(info.id, line);
    EXPECT_TRUE(info.parents.empty()) << line; // like git log --format=%P
    EXPECT_EQ(git("log -1 --format=%P " + line, clone), "");
    EXPECT_FALSE(info.subject.empty());
  }
  EXPECT_EQ(r.rev_list("HEAD~1..HEAD"), git_rev_list("HEAD~1..HEAD", clone));
  EXPECT_EQ(r.rev_list("HEAD~1^2 ^HEAD~2"), git_rev_list("HEAD~1^2 ^HEAD~2", clone));
  EXPECT_TRUE(r.is_ancestor("HEAD~1", "HEAD"));
  EXPECT_FALSE(r.is_ancestor("HEAD", "HEAD~1"));
  // The histories of c3 and s2 only meet below the boundary: no merge base, as for git.
  EXPECT_EQ(r.merge_base("HEAD~2", "HEAD~1^2"), std::nullopt);
  EXPECT_EQ(testing::run_command("git merge-base HEAD~2 HEAD~1^2", clone).status, 1);
  EXPECT_EQ(r.merge_base("HEAD", "HEAD~1^2"), git("merge-base HEAD HEAD~1^2", clone));
  EXPECT_EQ(r.rev_list("HEAD~2...HEAD~1^2"), git_rev_list("HEAD~2...HEAD~1^2", clone));
}

TEST_F(HistoryTest, DeeperShallowCloneWithMergeMatchesGit) {
  const fs::path clone = root() / "shallow5";
  git("clone -q --no-single-branch --depth 4 'file://" + repo_.string() + "' '" + clone.string() +
          "'",
      root());
  const Repository r = Repository::discover(clone);
  for (const std::string range :
       {"HEAD", "origin/topic", "origin/side..HEAD", "HEAD...origin/topic", "origin/topic ^HEAD"})
    EXPECT_EQ(r.rev_list(range), git_rev_list(range, clone)) << range;
}

TEST_F(HistoryTest, MissingCommitObjectEndsTheWalkInsteadOfFailing) {
  const fs::path object = repo_ / ".git" / "objects" / c1_.substr(0, 2) / c1_.substr(2);
  ASSERT_TRUE(fs::exists(object));
  fs::permissions(object, fs::perms::owner_write, fs::perm_options::add);
  fs::remove(object);
  const Repository damaged = Repository::discover(repo_);
  std::vector<std::string> commits;
  {
    const IgnoreLibgit2Leaks ignore;
    commits = damaged.rev_list();
  }
  EXPECT_EQ(commits, (std::vector<std::string>{c6_, m_, s2_, s1_, c3_, c2_}));
}

} // namespace
} // namespace crochet::git
