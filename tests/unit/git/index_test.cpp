// Staged content, from the repository index or from $GIT_INDEX_FILE.
#include "core/git/repository.hpp"

#include "core/util/error.hpp"
#include "tests/unit/git/git_fixture.hpp"

namespace crochet::git {
namespace {

namespace fs = std::filesystem;
using testing::ScopedEnv;

std::vector<std::string> paths_of(const std::vector<FileEntry>& entries) {
  std::vector<std::string> paths;
  for (const FileEntry& entry : entries)
    paths.push_back(entry.path);
  return paths;
}

class IndexTest : public testing::GitSandbox {
protected:
  void SetUp() override {
    GitSandbox::SetUp();
    repo_ = init_repo("app");
    write_file(repo_, "models/person.py", "v1\n");
    write_file(repo_, "models/sub/pet.py", "pet\n");
    write_file(repo_, "models/__pycache__/x.py", "junk\n");
    write_file(repo_, "modelsextra/other.py", "not under models/\n");
    write_file(repo_, "README.md", "readme\n");
    git("add -f models/__pycache__/x.py", repo_);
    commit(repo_, "first");
  }

  std::string blob_of(const std::string& content) {
    return sh("printf '%s' '" + content + "' | git hash-object --stdin", repo_);
  }

  fs::path repo_;
};

TEST_F(IndexTest, SeesStagedButUncommittedChangesOnly) {
  write_file(repo_, "models/person.py", "v2\n");
  write_file(repo_, "models/new.py", "new\n");
  git("add models/person.py models/new.py", repo_);
  write_file(repo_, "models/person.py", "v3 unstaged\n");  // only in the work tree
  write_file(repo_, "models/untracked.py", "untracked\n"); // never added

  const Repository r = Repository::discover(repo_);
  const std::vector<FileEntry> staged = r.list_index("models", ".py");
  EXPECT_EQ(paths_of(staged), (std::vector<std::string>{"new.py", "person.py", "sub/pet.py"}));
  EXPECT_EQ(staged[1].blob_id, blob_of("v2\n"));
  EXPECT_EQ(r.read_blob(staged[1].blob_id), "v2\n");
  EXPECT_EQ(r.list_index("./models/", ".py").size(), 3U);
  EXPECT_EQ(paths_of(r.list_index("", ".md")), std::vector<std::string>{"README.md"});
  EXPECT_EQ(paths_of(r.list_index("models/sub", "")), std::vector<std::string>{"pet.py"});
  EXPECT_TRUE(r.list_index("absent", ".py").empty());

  EXPECT_EQ(r.index_file_blob("models/person.py"), blob_of("v2\n"));
  EXPECT_EQ(r.index_file_blob("models/untracked.py"), std::nullopt);
}

TEST_F(IndexTest, ReloadsTheIndexWhenItChanges) {
  const Repository r = Repository::discover(repo_);
  EXPECT_EQ(r.list_index("models", ".py").size(), 2U);
  write_file(repo_, "models/late.py", "late\n");
  git("add models/late.py", repo_);
  EXPECT_EQ(r.list_index("models", ".py").size(), 3U);
}

TEST_F(IndexTest, ReadsTheIndexNamedByGitIndexFile) {
  // A temporary index like the one `git commit <path>` hands to hooks.
  const fs::path other = root() / "other-index";
  const std::string env = "GIT_INDEX_FILE='" + other.string() + "' ";
  sh(env + "git read-tree HEAD", repo_);
  write_file(repo_, "models/only-in-other.py", "other\n");
  const std::string blob = git("hash-object -w models/only-in-other.py", repo_);
  sh(env + "git update-index --add --cacheinfo 100644," + blob + ",models/only-in-other.py", repo_);

  const Repository r = Repository::discover(repo_);
  EXPECT_EQ(r.list_index("models", ".py").size(), 2U); // the repository index is unchanged
  {
    const ScopedEnv index("GIT_INDEX_FILE", other.string());
    EXPECT_EQ(paths_of(r.list_index("models", ".py")),
              (std::vector<std::string>{"only-in-other.py", "person.py", "sub/pet.py"}));
    EXPECT_EQ(r.index_file_blob("models/only-in-other.py"), blob);
    // What the user staged, where the hook of `git commit <path>` tells it apart.
    EXPECT_EQ(paths_of(r.list_own_index("models", ".py")),
              (std::vector<std::string>{"person.py", "sub/pet.py"}));
  }
  {
    // Relative to the current directory, as git resolves it.
    const fs::path old = fs::current_path();
    fs::current_path(root());
    const ScopedEnv index("GIT_INDEX_FILE", "other-index");
    const std::size_t count = r.list_index("models", ".py").size();
    fs::current_path(old);
    EXPECT_EQ(count, 3U);
  }
  {
    // git treats a missing index file as an empty index.
    const ScopedEnv index("GIT_INDEX_FILE", (root() / "missing-index").string());
    EXPECT_TRUE(r.list_index("models", ".py").empty());
  }
  {
    write_file(root(), "garbage-index", "this is not an index");
    const ScopedEnv index("GIT_INDEX_FILE", (root() / "garbage-index").string());
    EXPECT_THROW(r.list_index("models", ".py"), Error);
  }
}

TEST_F(IndexTest, ConflictsAreReported) {
  git("checkout -q -b side", repo_);
  commit_file(repo_, "models/person.py", "side\n", "side");
  git("checkout -q main", repo_);
  commit_file(repo_, "models/person.py", "main\n", "main");
  const auto merge = testing::run_command("git merge -q side", repo_);
  ASSERT_NE(merge.status, 0); // conflicted

  const Repository r = Repository::discover(repo_);
  try {
    r.list_index("models", ".py");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(std::string(error.what()), "unresolved merge conflicts in models/person.py");
    EXPECT_FALSE(error.hint().empty());
  }
  EXPECT_THROW(r.index_file_blob("models/person.py"), Error);
  // Conflicts outside the listed files do not matter.
  EXPECT_EQ(paths_of(r.list_index("models/sub", ".py")), std::vector<std::string>{"pet.py"});
  EXPECT_TRUE(r.list_index("models", ".md").empty());
}

TEST_F(IndexTest, IntentToAddIsNotStagedContent) {
  write_file(repo_, "models/later.py", "later\n");
  git("add -N models/later.py", repo_);
  const Repository r = Repository::discover(repo_);
  EXPECT_EQ(paths_of(r.list_index("models", ".py")),
            (std::vector<std::string>{"person.py", "sub/pet.py"}));
  EXPECT_EQ(r.index_file_blob("models/later.py"), std::nullopt);
}

} // namespace
} // namespace crochet::git
