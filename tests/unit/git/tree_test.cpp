// Committed content: subtrees, recursive listings and blobs.
#include "core/git/repository.hpp"

#include "core/util/error.hpp"
#include "tests/unit/git/git_fixture.hpp"

namespace crochet::git {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> paths_of(const std::vector<FileEntry>& entries) {
  std::vector<std::string> paths;
  for (const FileEntry& entry : entries)
    paths.push_back(entry.path);
  return paths;
}

class TreeTest : public testing::GitSandbox {
protected:
  void SetUp() override {
    GitSandbox::SetUp();
    repo_ = init_repo("app");
    write_file(repo_, "app/models/person.py", "class Person: ...\n");
    write_file(repo_, "app/models/sub/pet.py", "class Pet: ...\n");
    write_file(repo_, "app/models/sub-a.py", "x = 1\n"); // sorts between sub/ entries in git
    write_file(repo_, "app/models/__init__.py", "");
    write_file(repo_, "app/models/README.md", "docs\n");
    write_file(repo_, "app/models/__pycache__/person.cpython-311.py", "junk\n");
    write_file(repo_, "app/models/.hidden/secret.py", "junk\n");
    write_file(repo_, "app/models/.dotfile.py", "kept = True\n");
    write_file(repo_, "app/models/run.py", "#!/usr/bin/env python\n");
    git("update-index --add --chmod=+x app/models/run.py 2>/dev/null; true", repo_);
    fs::create_symlink("person.py", repo_ / "app/models/link.py");
    head_ = commit(repo_, "models"); // adds everything, __pycache__ included
  }

  fs::path repo_;
  std::string head_;
};

TEST_F(TreeTest, SubtreeIds) {
  const Repository r = Repository::discover(repo_);
  EXPECT_EQ(r.subtree_id(head_, "app/models"), git("rev-parse HEAD:app/models", repo_));
  EXPECT_EQ(r.subtree_id(head_, "./app/models/"), git("rev-parse HEAD:app/models", repo_));
  EXPECT_EQ(r.subtree_id(head_, "app"), git("rev-parse HEAD:app", repo_));
  EXPECT_EQ(r.subtree_id(head_, ""), git("rev-parse HEAD^{tree}", repo_));
  EXPECT_EQ(r.subtree_id("HEAD", "."), git("rev-parse HEAD^{tree}", repo_));
  EXPECT_EQ(r.subtree_id(head_, "models"), std::nullopt);
  EXPECT_EQ(r.subtree_id(head_, "app/models/person.py"), std::nullopt); // a file, not a dir
  EXPECT_EQ(r.subtree_id(head_, "app/nothing/deeper"), std::nullopt);
  EXPECT_THROW(r.subtree_id("nope", "app"), Error);
}

TEST_F(TreeTest, FileBlobs) {
  const Repository r = Repository::discover(repo_);
  EXPECT_EQ(r.file_blob(head_, "app/models/person.py"),
            git("rev-parse HEAD:app/models/person.py", repo_));
  EXPECT_EQ(r.file_blob("HEAD", "./app/models/person.py"),
            git("rev-parse HEAD:app/models/person.py", repo_));
  EXPECT_EQ(r.file_blob(head_, "app/models/run.py"),
            git("rev-parse HEAD:app/models/run.py", repo_));
  EXPECT_EQ(r.file_blob(head_, "app/models/link.py"), std::nullopt); // a symbolic link
  EXPECT_EQ(r.file_blob(head_, "app/models"), std::nullopt);         // a folder
  EXPECT_EQ(r.file_blob(head_, "app/models/absent.py"), std::nullopt);
  EXPECT_EQ(r.file_blob(head_, ""), std::nullopt);
  EXPECT_THROW(r.file_blob("nope", "app/models/person.py"), Error);
}

TEST_F(TreeTest, ListsRegularFilesRecursivelySortedAndFiltered) {
  const Repository r = Repository::discover(repo_);
  const std::string models = *r.subtree_id(head_, "app/models");
  const std::vector<FileEntry> python = r.list_tree(models, ".py");
  EXPECT_EQ(paths_of(python), (std::vector<std::string>{".dotfile.py", "__init__.py", "person.py",
                                                        "run.py", "sub-a.py", "sub/pet.py"}));
  for (const FileEntry& entry : python)
    EXPECT_EQ(entry.blob_id, git("rev-parse HEAD:app/models/" + entry.path, repo_));
  EXPECT_EQ(paths_of(r.list_tree(models, "")),
            (std::vector<std::string>{".dotfile.py", "README.md", "__init__.py", "person.py",
                                      "run.py", "sub-a.py", "sub/pet.py"}));
  EXPECT_EQ(paths_of(r.list_tree(models, ".md")), std::vector<std::string>{"README.md"});
  EXPECT_TRUE(r.list_tree(models, ".rs").empty());
  // Paths are relative to the listed tree.
  EXPECT_EQ(paths_of(r.list_tree(*r.subtree_id(head_, "app"), "pet.py")),
            std::vector<std::string>{"models/sub/pet.py"});
  // A revision naming a tree is accepted too.
  EXPECT_EQ(r.list_tree("HEAD:app/models", ".py").size(), python.size());
}

TEST_F(TreeTest, ReadsBlobs) {
  const Repository r = Repository::discover(repo_);
  const std::string blob = git("rev-parse HEAD:app/models/person.py", repo_);
  EXPECT_EQ(r.read_blob(blob), "class Person: ...\n");
  EXPECT_EQ(r.read_blob(git("rev-parse HEAD:app/models/__init__.py", repo_)), "");
  EXPECT_EQ(r.read_blob("HEAD:app/models/sub/pet.py"), "class Pet: ...\n");
}

TEST_F(TreeTest, WrongObjectsAreErrors) {
  const Repository r = Repository::discover(repo_);
  const std::string blob = git("rev-parse HEAD:app/models/person.py", repo_);
  EXPECT_THROW(r.list_tree(blob, ".py"), Error);
  EXPECT_THROW(r.list_tree("0123456789012345678901234567890123456789", ".py"), Error);
  EXPECT_THROW(r.read_blob(git("rev-parse HEAD:app", repo_)), Error);
  try {
    r.read_blob("0123456789012345678901234567890123456789");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(std::string(error.what()), "unknown blob '0123456789012345678901234567890123456789'");
  }
}

} // namespace
} // namespace crochet::git
