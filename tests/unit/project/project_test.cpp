#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>
#include <unistd.h>

#include "core/project/project.hpp"
#include "core/util/diagnostic.hpp"
#include "tests/unit/project/memory_fs.hpp"

namespace crochet::project {
namespace {
namespace fs = std::filesystem;

config::EnvLookup no_environment() {
  return [](const char*) { return std::optional<std::string>(); };
}

// A real temporary folder, removed at the end of the test.
class TempDir {
public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "crochet-project-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
      throw std::runtime_error("mkdtemp failed");
    path_ = fs::canonical(pattern);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }

private:
  fs::path path_;
};

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

TEST(ProjectTest, FindsConfigInTheStartFolder) {
  TempDir dir;
  write_file(dir.path() / "crochet.toml", "[project]\nname = \"g\"\n");
  RealFileSystem files;
  const Project project = find_project(dir.path(), files, no_environment());
  EXPECT_EQ(project.root, dir.path());
  EXPECT_EQ(project.config.project_name, "g");
  EXPECT_EQ(project.models_dir(), dir.path() / "models");
  EXPECT_EQ(project.migrations_dir(), dir.path() / "migrations");
}

TEST(ProjectTest, WalksUpToTheNearestConfig) {
  TempDir dir;
  write_file(dir.path() / "crochet.toml", "[project]\nname = \"outer\"\n");
  write_file(dir.path() / "inner" / "crochet.toml",
             "[project]\nname = \"inner\"\nmodels_path = \"src/models\"\n");
  fs::create_directories(dir.path() / "inner" / "a" / "b");
  fs::create_directories(dir.path() / "other");
  RealFileSystem files;
  const Project inner = find_project(dir.path() / "inner" / "a" / "b", files, no_environment());
  EXPECT_EQ(inner.root, dir.path() / "inner");
  EXPECT_EQ(inner.config.project_name, "inner");
  EXPECT_EQ(inner.models_dir(), dir.path() / "inner" / "src/models");
  EXPECT_EQ(find_project(dir.path() / "other", files, no_environment()).config.project_name,
            "outer");
}

TEST(ProjectTest, AppliesTheEnvironment) {
  testing::MemoryFileSystem files;
  files.add("/p/crochet.toml", "[neo4j]\nusername = \"file\"\n");
  const Project project = find_project("/p", files, [](const char* name) {
    return std::string(name) == "CROCHET_NEO4J_USERNAME" ? std::optional<std::string>("env")
                                                         : std::nullopt;
  });
  EXPECT_EQ(project.config.neo4j.username, "env");
}

TEST(ProjectTest, NoConfigAnywhereIsAnErrorWithAHint) {
  testing::MemoryFileSystem files;
  files.create_directories("/work/repo/sub");
  try {
    find_project("/work/repo/sub", files, no_environment());
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "not a crochet project: no crochet.toml in /work/repo/sub or any parent");
    EXPECT_EQ(e.hint(), "run `git crochet new-project` to create one");
  }
}

std::string no_project_hint(const std::vector<std::string>& elsewhere) {
  testing::MemoryFileSystem files;
  files.create_directories("/work/repo");
  try {
    find_project("/work/repo", files, [&] { return elsewhere; });
  } catch (const Error& e) {
    return e.hint();
  }
  return "no error";
}

TEST(ProjectTest, NoConfigNamesTheProjectsFoundElsewhere) {
  EXPECT_EQ(no_project_hint({"backend/graph"}),
            "found backend/graph/crochet.toml: run `git crochet -C backend/graph ...`");
  EXPECT_EQ(no_project_hint({"my app"}),
            "found my app/crochet.toml: run `git crochet -C 'my app' ...`");
  EXPECT_EQ(no_project_hint({"a", "b"}), "found a/crochet.toml, b/crochet.toml: run `git crochet "
                                         "-C FOLDER ...` with the project's folder");
  EXPECT_EQ(no_project_hint({"a", "b", "c", "d", "e", "f"}),
            "found a/crochet.toml, b/crochet.toml, c/crochet.toml, d/crochet.toml, e/crochet.toml, "
            "...: run `git crochet -C FOLDER ...` with the project's folder");
  EXPECT_EQ(no_project_hint({}), "run `git crochet new-project` to create one");
}

TEST(ProjectTest, ProjectsElsewhereAreNotAskedForWhenThereIsOne) {
  testing::MemoryFileSystem files;
  files.create_directories("/p");
  files.write_atomic("/p/crochet.toml", "[project]\nname = \"p\"\n");
  bool asked = false;
  find_project("/p", files, [&] {
    asked = true;
    return std::vector<std::string>();
  });
  EXPECT_FALSE(asked);
}

TEST(ProjectTest, AFolderNamedCrochetTomlIsNotAConfig) {
  testing::MemoryFileSystem files;
  files.create_directories("/p/crochet.toml");
  EXPECT_THROW(find_project("/p", files, no_environment()), Error);
}

TEST(ProjectTest, BadConfigIsReportedWithItsLocation) {
  testing::MemoryFileSystem files;
  files.add("/p/crochet.toml", "[neo4j]\npassword = \"x\"\n");
  try {
    find_project("/p/models", files, no_environment());
    FAIL() << "expected an error";
  } catch (const DiagnosticError& e) {
    EXPECT_EQ(e.diagnostics().front().file, "crochet.toml");
    EXPECT_EQ(e.diagnostics().front().line, 2u);
  }
}

TEST(ProjectTest, ReadsEveryPythonFileOfTheModelsFolder) {
  TempDir dir;
  write_file(dir.path() / "crochet.toml", "");
  write_file(dir.path() / "models" / "__init__.py", "");
  write_file(dir.path() / "models" / "person.py", "class Person: pass\n");
  write_file(dir.path() / "models" / "people" / "team.py", "X = 1\n");
  write_file(dir.path() / "models" / "notes.txt", "not python");
  write_file(dir.path() / "models" / "__pycache__" / "person.py", "stale");
  write_file(dir.path() / "migrations" / "0001_x.py", "revision_id = 1\n");
  RealFileSystem files;
  const Project project = find_project(dir.path(), files, no_environment());
  const model::SourceSet sources = read_worktree_models(project, files);
  ASSERT_EQ(sources.size(), 3u);
  EXPECT_EQ(sources[0].path, "__init__.py");
  EXPECT_EQ(sources[1].path, "people/team.py");
  EXPECT_EQ(sources[1].content, "X = 1\n");
  EXPECT_EQ(sources[2].path, "person.py");
  EXPECT_EQ(sources[2].content, "class Person: pass\n");
  EXPECT_EQ(sources[2].object_id, "");
}

// A memory file system whose reads fail for paths containing "unreadable", and take a while for
// paths containing "slow".
class FailingReads final : public FileSystem {
public:
  explicit FailingReads(const testing::MemoryFileSystem& files) : files_(files) {}
  bool exists(const std::filesystem::path& path) const override { return files_.exists(path); }
  bool is_directory(const std::filesystem::path& path) const override {
    return files_.is_directory(path);
  }
  std::string read(const std::filesystem::path& path) const override {
    if (path.string().find("slow") != std::string::npos)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (path.string().find("unreadable") != std::string::npos)
      throw Error("cannot read " + path.string() + ": Permission denied");
    return files_.read(path);
  }
  void write_atomic(const std::filesystem::path&, std::string_view) override {}
  void create_directories(const std::filesystem::path&) override {}
  std::vector<std::string> list_files(const std::filesystem::path& root,
                                      std::string_view suffix) const override {
    return files_.list_files(root, suffix);
  }

private:
  const testing::MemoryFileSystem& files_;
};

// Enough files that they are read on several threads.
testing::MemoryFileSystem large_project(std::size_t count) {
  testing::MemoryFileSystem files;
  files.add("/p/crochet.toml", "");
  for (std::size_t i = 0; i < count; ++i)
    files.add("/p/models/m" + std::to_string(10000 + i) + ".py", "X = " + std::to_string(i) + "\n");
  return files;
}

TEST(ProjectTest, ReadsALargeFolderCompletelyAndInPathOrder) {
  const testing::MemoryFileSystem files = large_project(3000);
  const Project project = find_project("/p", files, no_environment());
  const model::SourceSet sources = read_worktree_models(project, files);
  ASSERT_EQ(sources.size(), 3000u);
  for (std::size_t i = 0; i < sources.size(); ++i) {
    EXPECT_EQ(sources[i].path, "m" + std::to_string(10000 + i) + ".py");
    EXPECT_EQ(sources[i].content, "X = " + std::to_string(i) + "\n");
  }
}

TEST(ProjectTest, AFileThatCannotBeReadFailsTheReadNamingTheFirstSuchFile) {
  testing::MemoryFileSystem files = large_project(3000);
  // The first one fails late, after another thread has met the last one's failure.
  files.add("/p/models/m10500_slow_unreadable.py", "");
  files.add("/p/models/zz_unreadable.py", "");
  const FailingReads failing(files);
  const Project project = find_project("/p", failing, no_environment());
  for (int attempt = 0; attempt < 3; ++attempt) {
    try {
      read_worktree_models(project, failing);
      FAIL() << "expected an error";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("m10500_slow_unreadable.py: Permission denied"),
                std::string::npos)
          << e.what();
    }
  }
}

TEST(ProjectTest, MissingModelsFolderIsAnErrorWithAHint) {
  testing::MemoryFileSystem files;
  files.add("/p/crochet.toml", "[project]\nmodels_path = \"app/models\"\n");
  const Project project = find_project("/p", files, no_environment());
  try {
    read_worktree_models(project, files);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("app/models"), std::string::npos) << e.what();
    EXPECT_NE(e.hint().find("models_path"), std::string::npos) << e.hint();
  }
}

} // namespace
} // namespace crochet::project
