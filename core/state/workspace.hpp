#pragma once
// What status, verify and stamp look at: the crochet project, its git repository (HEAD commit and
// branch), the migration files and the models of the work tree, and where the ledger lives.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/history/context.hpp"
#include "core/migration/coverage.hpp"
#include "core/migration/folder.hpp"

namespace crochet::state {

struct Workspace {
  history::HistoryContext history;
  std::string head_commit; // "" while HEAD is unborn
  std::string branch;      // "" when HEAD is detached
  migration::MigrationsFolder folder;
  std::vector<migration::MigrationFile> files; // the migrations folder of the work tree

  const project::Project& project() const { return history.project; }
  git::Repository& repo() { return history.reader->repo(); }
  std::filesystem::path ledger_path() const;
};

// Throws crochet::Error when `start` is not inside a git work tree with a crochet project.
Workspace open_workspace(const std::filesystem::path& start,
                         const std::function<model::ReadOptions(const project::Project&)>& options);

// The models of the work tree; unreadable (with the first error) when they have errors or the
// models folder is missing.
history::Snapshot worktree_models(Workspace& workspace);

// The schema snapshot file of `schema_hash` in the work tree's migrations folder (snapshots are
// not among `files`), as a MigrationFile; nullopt when there is none.
std::optional<migration::MigrationFile> read_snapshot_file(const Workspace& workspace,
                                                           const std::string& schema_hash);

// check_coverage of the models against the work tree's migrations, with the head migration's
// snapshot read too, so an uncovered verdict lists the changes that lack a migration. `chain` is
// the chain of `workspace.files` when the caller has loaded it, nullptr when they did not load
// (the verdict then says why).
migration::Coverage models_coverage(const Workspace& workspace, const schema::Schema& models,
                                    const migration::Chain* chain);

// Who is acting: "Name <email>" from git's configuration, else the login name.
std::string current_actor(Workspace& workspace);

// The configured Neo4j URI without any user:password@ part, so no secret reaches the ledger.
std::string redact_uri(const std::string& uri);

} // namespace crochet::state
