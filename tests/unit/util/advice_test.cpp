// Advice names commands and files as typed where it is read.
#include <gtest/gtest.h>

#include <filesystem>

#include <unistd.h>

#include "core/util/advice.hpp"

namespace crochet::advice {
namespace {
namespace fs = std::filesystem;

class Advice : public ::testing::Test {
protected:
  void SetUp() override {
    root = fs::temp_directory_path() / ("crochet-advice-" + std::to_string(::getpid()));
    fs::create_directories(root / "backend" / "models");
  }
  void TearDown() override {
    clear_origin(); // the origin is process-wide
    fs::remove_all(root);
  }
  fs::path root;
};

TEST_F(Advice, UnsetReadsAsTypedInTheProjectRoot) {
  EXPECT_EQ(crochet(), "git crochet");
  EXPECT_EQ(crochet("upgrade --interrupted"), "git crochet upgrade --interrupted");
  EXPECT_EQ(path("migrations/snapshots/a.json"), "migrations/snapshots/a.json");
  EXPECT_EQ(path("migrations/"), "migrations/");
}

TEST_F(Advice, FromAMonorepoRootTheProjectIsNamedWithC) {
  set_origin(root, root / "backend");
  EXPECT_EQ(crochet("upgrade --interrupted"), "git crochet -C backend upgrade --interrupted");
  EXPECT_EQ(path("migrations/snapshots/a.json"), "backend/migrations/snapshots/a.json");
  EXPECT_EQ(path("migrations/"), "backend/migrations/");
  EXPECT_EQ(path(root / "backend" / "models" / "a.py"), "backend/models/a.py");
}

TEST_F(Advice, FoldersNotThereYetReadTheSame) {
  set_origin("/no/such/monorepo", "/no/such/monorepo/backend");
  EXPECT_EQ(crochet("upgrade"), "git crochet -C backend upgrade");
  EXPECT_EQ(path("migrations/"), "backend/migrations/");
}

TEST_F(Advice, InsideTheProjectItIsFoundUpwards) {
  set_origin(root / "backend" / "models", root / "backend");
  EXPECT_EQ(crochet("status"), "git crochet status");
  EXPECT_EQ(path("migrations/0001.toml"), "../migrations/0001.toml");
  EXPECT_EQ(path("models"), ".");
  set_origin(root / "backend", root / "backend");
  EXPECT_EQ(crochet(), "git crochet");
}

TEST_F(Advice, ASiblingFolderAndOddNamesAreQuoted) {
  fs::create_directories(root / "my app");
  set_origin(root / "backend", root / "my app");
  EXPECT_EQ(crochet("verify"), "git crochet -C '../my app' verify");
  EXPECT_EQ(path("migrations/"), "'../my app/migrations/'");
}

} // namespace
} // namespace crochet::advice
