#pragma once
// A crochet project on disk: the folder holding crochet.toml, its configuration, and the
// model files of its work tree.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/config/config.hpp"
#include "core/model/source.hpp"
#include "core/util/fs.hpp"

namespace crochet::project {

struct Project {
  std::filesystem::path root; // absolute folder holding crochet.toml
  config::Config config;      // environment overrides already applied
  std::filesystem::path models_dir() const { return root / config.models_path; }
  std::filesystem::path migrations_dir() const { return root / config.migrations_path; }
};

inline constexpr const char* kConfigFileName = "crochet.toml";

// Finds crochet.toml in `start` or the nearest parent folder and loads it. Throws crochet::Error
// with a hint (`git crochet new-project`) when there is none.
Project find_project(const std::filesystem::path& start, const FileSystem& fs);

// The folders of projects elsewhere (e.g. below `start` in a monorepo), as `-C` takes them from
// the current folder; asked only when there is no project at `start` or above. At most
// kProjectsNamed + 1 are needed: one more says that there are more.
using ProjectsElsewhere = std::function<std::vector<std::string>()>;
inline constexpr std::size_t kProjectsNamed = 5;
// find_project whose error names those projects (`git crochet -C backend/graph ...`).
Project find_project(const std::filesystem::path& start, const FileSystem& fs,
                     const ProjectsElsewhere& elsewhere);
// The same, with environment overrides read through `getenv` (tests pass a fixed environment).
Project find_project(const std::filesystem::path& start, const FileSystem& fs,
                     const config::EnvLookup& getenv);

// The *.py files of the models folder in the work tree. Throws crochet::Error with a hint when
// the folder is missing.
model::SourceSet read_worktree_models(const Project& project, const FileSystem& fs);

} // namespace crochet::project
