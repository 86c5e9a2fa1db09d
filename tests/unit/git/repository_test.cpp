// Opening repositories: discovery, worktrees, bare repositories, configuration, HEAD.
#include "core/git/repository.hpp"

#include "core/util/error.hpp"
#include "tests/unit/git/git_fixture.hpp"

namespace crochet::git {
namespace {

namespace fs = std::filesystem;
using testing::ScopedEnv;

class RepositoryTest : public testing::GitSandbox {};

TEST_F(RepositoryTest, DiscoversFromNestedDirectoryAndFile) {
  const fs::path repo = init_repo("app");
  commit_file(repo, "app/models/person.py", "x = 1\n", "first");

  const Repository from_dir = Repository::discover(repo / "app" / "models");
  EXPECT_EQ(from_dir.workdir(), repo);
  EXPECT_EQ(from_dir.git_dir(), repo / ".git");
  EXPECT_EQ(from_dir.common_dir(), repo / ".git");
  EXPECT_FALSE(from_dir.is_bare());
  EXPECT_FALSE(from_dir.is_shallow());

  const Repository from_file = Repository::discover(repo / "app" / "models" / "person.py");
  EXPECT_EQ(from_file.workdir(), repo);
}

TEST_F(RepositoryTest, RelativeStartIsResolvedAgainstTheCurrentDirectory) {
  const fs::path repo = init_repo("app");
  const fs::path old = fs::current_path();
  fs::current_path(repo);
  const Repository found = Repository::discover(".");
  fs::current_path(old);
  EXPECT_EQ(found.workdir(), repo);
}

TEST_F(RepositoryTest, NotARepositoryIsAClearError) {
  const fs::path plain = root() / "plain" / "dir";
  fs::create_directories(plain);
  if (testing::run_command("git rev-parse --git-dir", plain).status == 0)
    GTEST_SKIP() << "the temp directory is itself inside a git repository";
  try {
    Repository::discover(plain);
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(std::string(error.what()),
              "not a git repository (or any parent up to /): " + plain.string());
    EXPECT_FALSE(error.hint().empty());
  }
  EXPECT_THROW(Repository::discover(root() / "does-not-exist"), Error);
}

TEST_F(RepositoryTest, MovedRepositoryStaysUsable) {
  const fs::path repo = init_repo("app");
  const std::string id = commit(repo, "first");
  Repository first = Repository::discover(repo);
  Repository second = std::move(first);
  EXPECT_EQ(second.resolve_commit("HEAD"), id);
  Repository third = Repository::discover(repo);
  third = std::move(second);
  EXPECT_EQ(third.head_commit(), id);
}

TEST_F(RepositoryTest, HeadAndBranch) {
  const fs::path repo = init_repo("app");
  const std::string first = commit(repo, "first");
  const std::string second = commit(repo, "second");
  {
    const Repository r = Repository::discover(repo);
    EXPECT_EQ(r.head_commit(), second);
    EXPECT_EQ(r.current_branch(), "main");
  }
  git("checkout -q -b feature/x", repo);
  EXPECT_EQ(Repository::discover(repo).current_branch(), "feature/x");
  git("checkout -q --detach " + first, repo);
  const Repository detached = Repository::discover(repo);
  EXPECT_EQ(detached.current_branch(), std::nullopt);
  EXPECT_EQ(detached.head_commit(), first);
}

TEST_F(RepositoryTest, UnbornHeadHasABranchButNoCommit) {
  const fs::path repo = init_repo("empty");
  const Repository r = Repository::discover(repo);
  EXPECT_EQ(r.head_commit(), std::nullopt);
  EXPECT_EQ(r.current_branch(), "main");
}

TEST_F(RepositoryTest, ConfigValues) {
  const fs::path repo = init_repo("app");
  git("config core.hooksPath .githooks && git config crochet.models 'app/models'", repo);
  git("config --global crochet.fromGlobal yes && git config --global crochet.dir '~/hooks'", repo);
  const Repository r = Repository::discover(repo);
  EXPECT_EQ(r.config_string("core.hooksPath"), ".githooks");
  EXPECT_EQ(r.config_string("crochet.models"), "app/models");
  EXPECT_EQ(r.config_string("crochet.fromGlobal"), "yes");
  EXPECT_EQ(r.config_string("crochet.absent"), std::nullopt);
  EXPECT_EQ(r.config_path("crochet.dir"), std::string(std::getenv("HOME")) + "/hooks");
  EXPECT_EQ(r.config_path("crochet.absent"), std::nullopt);
  git("config --global --unset crochet.fromGlobal && git config --global --unset crochet.dir",
      repo);
}

TEST_F(RepositoryTest, LinkedWorktreeHasItsOwnHeadAndIndexButSharesTheCommonDir) {
  const fs::path repo = init_repo("main");
  commit_file(repo, "models/a.py", "a = 1\n", "first");
  const fs::path tree = root() / "wt";
  git("worktree add -q -b side '" + tree.string() + "'", repo);
  const std::string side = commit_file(tree, "models/b.py", "b = 1\n", "on side");
  write_file(tree, "models/c.py", "c = 1\n");
  git("add models/c.py", tree);

  const Repository r = Repository::discover(tree / "models");
  EXPECT_EQ(r.workdir(), tree);
  EXPECT_EQ(r.common_dir(), repo / ".git");
  EXPECT_EQ(r.git_dir(), repo / ".git" / "worktrees" / "wt");
  EXPECT_EQ(r.head_commit(), side);
  EXPECT_EQ(r.current_branch(), "side");
  std::vector<std::string> staged;
  for (const FileEntry& entry : r.list_index("models", ".py"))
    staged.push_back(entry.path);
  EXPECT_EQ(staged, (std::vector<std::string>{"a.py", "b.py", "c.py"}));

  // The main work tree does not see the worktree's staged file.
  const Repository main_repo = Repository::discover(repo);
  EXPECT_EQ(main_repo.current_branch(), "main");
  EXPECT_EQ(main_repo.list_index("models", ".py").size(), 1U);
}

TEST_F(RepositoryTest, BareRepository) {
  const fs::path repo = init_repo("src");
  const std::string head = commit_file(repo, "models/a.py", "a = 1\n", "first");
  git("tag v1", repo);
  const fs::path bare = root() / "bare.git";
  git("clone -q --bare '" + repo.string() + "' '" + bare.string() + "'", root());

  const Repository r = Repository::discover(bare / "refs");
  EXPECT_TRUE(r.is_bare());
  EXPECT_TRUE(r.workdir().empty());
  EXPECT_EQ(r.git_dir(), bare);
  EXPECT_EQ(r.resolve_commit("main"), head);
  EXPECT_EQ(r.resolve_commit("v1"), head);
  const auto models = r.subtree_id(head, "models");
  ASSERT_TRUE(models);
  ASSERT_EQ(r.list_tree(*models, ".py").size(), 1U);
  EXPECT_EQ(r.read_blob(r.list_tree(*models, ".py")[0].blob_id), "a = 1\n");
  EXPECT_THROW(r.list_index("models", ".py"), Error);
}

TEST_F(RepositoryTest, FromEnvironmentHonoursGitDirAndWorkTree) {
  const fs::path repo = init_repo("app");
  const std::string head = commit(repo, "first");
  const fs::path elsewhere = root() / "elsewhere";
  fs::create_directories(elsewhere);
  {
    const ScopedEnv git_dir("GIT_DIR", (repo / ".git").string());
    const Repository r = Repository::from_environment(elsewhere);
    EXPECT_EQ(r.head_commit(), head);
    EXPECT_EQ(r.workdir(), repo);
  }
  {
    const ScopedEnv git_dir("GIT_DIR", "../app/.git"); // relative to cwd, like git
    const ScopedEnv work_tree("GIT_WORK_TREE", elsewhere.string());
    const Repository r = Repository::from_environment(elsewhere);
    EXPECT_EQ(r.head_commit(), head);
    EXPECT_EQ(r.workdir(), elsewhere);
  }
  {
    const ScopedEnv git_dir("GIT_DIR", (root() / "nothing").string());
    EXPECT_THROW(Repository::from_environment(elsewhere), Error);
  }
  EXPECT_EQ(Repository::from_environment(repo).head_commit(), head); // no GIT_DIR: discovery
}

} // namespace
} // namespace crochet::git
