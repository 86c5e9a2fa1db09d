#pragma once
// Real repositories for the git layer tests, built with the `git` command in a temp dir.
// Dates are fixed per commit so ids and ordering are reproducible.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace crochet::git::testing {

inline std::filesystem::path make_temp_dir(const std::string& prefix) {
  std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr)
    throw std::runtime_error("mkdtemp failed for " + pattern);
  // Canonical, so paths compare equal to what libgit2 reports (e.g. /tmp behind a symlink).
  return std::filesystem::canonical(pattern);
}

// Once per process, before libgit2 first reads it: a private HOME, no system config, and none
// of the variables git exports to hooks (the tests might run inside one).
inline void prepare_process_environment() {
  static const bool prepared = [] {
    // Owned by a static whose destructor removes it when the test process exits.
    struct TempHome {
      std::filesystem::path path = make_temp_dir("crochet-git-home-");
      ~TempHome() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
      }
    };
    static const TempHome home;
    ::setenv("HOME", home.path.c_str(), 1);
    ::setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
    ::setenv("GIT_TERMINAL_PROMPT", "0", 1);
    for (const char* name :
         {"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY",
          "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_CEILING_DIRECTORIES", "GIT_AUTHOR_DATE",
          "GIT_COMMITTER_DATE", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT"})
      ::unsetenv(name);
    return true;
  }();
  (void)prepared;
}

struct CommandResult {
  int status = 0;
  std::string output; // stdout and stderr, trailing newlines removed
};

// Runs `command` with bash in `dir`.
inline CommandResult run_command(const std::string& command, const std::filesystem::path& dir) {
  const std::string full = "cd '" + dir.string() + "' && { " + command + "\n} 2>&1";
  FILE* pipe = ::popen(full.c_str(), "r");
  if (pipe == nullptr)
    throw std::runtime_error("popen failed: " + command);
  CommandResult result;
  std::array<char, 4096> chunk;
  std::size_t got;
  while ((got = std::fread(chunk.data(), 1, chunk.size(), pipe)) > 0)
    result.output.append(chunk.data(), got);
  const int status = ::pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  while (!result.output.empty() && result.output.back() == '\n')
    result.output.pop_back();
  return result;
}

inline std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty())
      lines.push_back(line);
  return lines;
}

// Sets an environment variable for one scope.
class ScopedEnv {
public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name))
      old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_)
      ::setenv(name_, old_->c_str(), 1);
    else
      ::unsetenv(name_);
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
  const char* name_;
  std::optional<std::string> old_;
};

class GitSandbox : public ::testing::Test {
protected:
  void SetUp() override {
    prepare_process_environment();
    root_ = make_temp_dir("crochet-git-test-");
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }

  const std::filesystem::path& root() const { return root_; }

  // Runs a shell command in `dir`; fails the test when it exits non-zero. Returns its output.
  std::string sh(const std::string& command, const std::filesystem::path& dir) {
    const CommandResult result = run_command(command, dir);
    if (result.status != 0)
      ADD_FAILURE() << "command failed (" << result.status << "): " << command << "\n"
                    << result.output;
    return result.output;
  }

  // A new repository with an identity configured, on branch main.
  std::filesystem::path init_repo(const std::string& name, const std::string& flags = "") {
    const std::filesystem::path dir = root_ / name;
    sh("git init -q -b main " + flags + " '" + dir.string() + "'", root_);
    sh("git config user.name 'Ada Lovelace' && git config user.email ada@example.com", dir);
    return dir;
  }

  void write_file(const std::filesystem::path& repo, const std::string& relative,
                  const std::string& content) {
    const std::filesystem::path path = repo / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
  }

  // The environment prefix that pins author and committer dates for the next commit.
  std::string next_dates() {
    clock_ += 60;
    const std::string date = "'@" + std::to_string(clock_) + " +0000'";
    return "GIT_AUTHOR_DATE=" + date + " GIT_COMMITTER_DATE=" + date + " ";
  }

  // Stages everything and commits; returns the new commit id.
  std::string commit(const std::filesystem::path& repo, const std::string& message) {
    sh("git add -A && " + next_dates() + "git commit -q --allow-empty -m '" + message + "'", repo);
    return sh("git rev-parse HEAD", repo);
  }

  // Writes one file and commits it.
  std::string commit_file(const std::filesystem::path& repo, const std::string& relative,
                          const std::string& content, const std::string& message) {
    write_file(repo, relative, content);
    return commit(repo, message);
  }

  std::string git(const std::string& args, const std::filesystem::path& repo) {
    return sh("git " + args, repo);
  }

  long long clock_ = 1700000000; // 2023-11-14, advanced one minute per commit

private:
  std::filesystem::path root_;
};

} // namespace crochet::git::testing
