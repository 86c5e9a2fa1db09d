#include "core/history/migration_files.hpp"

#include <filesystem>

#include "core/migration/schema_snapshot.hpp"
#include "core/util/error.hpp"

namespace crochet::history {
namespace {

std::string project_relative(const HistoryContext& context, const std::string& entry) {
  const std::string folder = std::filesystem::path(context.project.config.migrations_path)
                                 .lexically_normal()
                                 .generic_string();
  return folder.empty() || folder == "." ? entry : folder + "/" + entry;
}

// Which entries of the folder (paths relative to it) to read.
bool wanted(const std::string& entry, bool with_snapshots) {
  if (entry.find('/') == std::string::npos)
    return migration::is_migration_path(entry);
  const std::string prefix = std::string(migration::kSnapshotFolder) + "/";
  return with_snapshots && entry.rfind(prefix, 0) == 0 && entry.ends_with(".json") &&
         entry.find('/', prefix.size()) == std::string::npos;
}

} // namespace

std::string migrations_repo_path(const HistoryContext& context) {
  git::Repository& repo = context.reader->repo();
  const std::filesystem::path workdir = std::filesystem::weakly_canonical(repo.workdir());
  const std::filesystem::path folder = std::filesystem::weakly_canonical(
      context.project.root / context.project.config.migrations_path);
  const std::filesystem::path relative = folder.lexically_relative(workdir);
  if (relative.empty() || *relative.begin() == "..")
    throw Error("the migrations folder " + folder.string() + " is outside the git work tree " +
                workdir.string());
  std::string path = relative.generic_string();
  return path == "." ? std::string() : path;
}

std::vector<migration::MigrationFile> migration_files_at(const HistoryContext& context,
                                                         const std::string& commit_id,
                                                         bool with_snapshots) {
  git::Repository& repo = context.reader->repo();
  std::vector<migration::MigrationFile> files;
  const auto tree = repo.subtree_id(commit_id, migrations_repo_path(context));
  if (!tree)
    return files;
  for (const git::FileEntry& entry : repo.list_tree(*tree, ""))
    if (wanted(entry.path, with_snapshots))
      files.push_back({project_relative(context, entry.path), repo.read_blob(entry.blob_id)});
  return files;
}

std::vector<migration::MigrationFile> migration_files_in_index(const HistoryContext& context,
                                                               bool with_snapshots) {
  git::Repository& repo = context.reader->repo();
  std::vector<migration::MigrationFile> files;
  // Paths come relative to the folder, as from list_tree.
  for (const git::FileEntry& entry : repo.list_index(migrations_repo_path(context), ""))
    if (wanted(entry.path, with_snapshots))
      files.push_back({project_relative(context, entry.path), repo.read_blob(entry.blob_id)});
  return files;
}

} // namespace crochet::history
