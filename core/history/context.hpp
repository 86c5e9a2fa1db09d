#pragma once
// Opens the repository and crochet project around a directory and a snapshot reader for its
// models folder, with the schema cache under <project>/.crochet/cache/schemas.
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/history/snapshot.hpp"
#include "core/project/project.hpp"

namespace crochet::history {

struct HistoryContext {
  project::Project project;
  std::unique_ptr<ModelSnapshotReader> reader;
};

// The folders of the crochet.toml files staged in `repo` (a monorepo's projects), relative to
// the current folder, for find_project's hint: at most project::kProjectsNamed + 1, none when the
// index cannot be read.
std::vector<std::string> staged_projects(const git::Repository& repo);

// staged_projects of the repository around `start`, looked up only when asked; none outside a
// git work tree.
project::ProjectsElsewhere projects_around(const std::filesystem::path& start);

// `options` are the project's read options. Throws crochet::Error when `start` is not in a git
// repository, has no crochet project, or the project lies outside the repository's work tree.
HistoryContext
open_history(const std::filesystem::path& start,
             const std::function<model::ReadOptions(const project::Project&)>& options);

} // namespace crochet::history
