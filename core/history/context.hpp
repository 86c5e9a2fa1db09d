#pragma once
// Opens the repository and crochet project around a directory and a snapshot reader for its
// models folder, with the schema cache under <project>/.crochet/cache/schemas.
#include <filesystem>
#include <functional>
#include <memory>

#include "core/history/snapshot.hpp"
#include "core/project/project.hpp"

namespace crochet::history {

struct HistoryContext {
  project::Project project;
  std::unique_ptr<ModelSnapshotReader> reader;
};

// `options` are the project's read options. Throws crochet::Error when `start` is not in a git
// repository, has no crochet project, or the project lies outside the repository's work tree.
HistoryContext
open_history(const std::filesystem::path& start,
             const std::function<model::ReadOptions(const project::Project&)>& options);

} // namespace crochet::history
