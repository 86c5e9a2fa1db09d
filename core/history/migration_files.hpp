#pragma once
// The migrations folder as git has it: at a commit or in the index (the pre-commit hook), so the
// question "are the models at REV covered by the migrations at REV" needs no work tree.
#include <optional>
#include <string>
#include <vector>

#include "core/history/context.hpp"
#include "core/migration/migration.hpp"

namespace crochet::history {

// The migrations folder relative to the repository root ("" = the root, "db/migrations").
std::string migrations_repo_path(const HistoryContext& context);

// The folder's migration files (top-level *.toml) and, when `with_snapshots`, its schema
// snapshots, with paths relative to the project root as the work tree reader gives them
// ("migrations/0001_init.toml", "migrations/snapshots/<hex>.json"). Empty when the folder does
// not exist at that commit.
std::vector<migration::MigrationFile> migration_files_at(const HistoryContext& context,
                                                         const std::string& commit_id,
                                                         bool with_snapshots = false);
std::vector<migration::MigrationFile> migration_files_in_index(const HistoryContext& context,
                                                               bool with_snapshots = false);

} // namespace crochet::history
