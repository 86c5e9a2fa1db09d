#pragma once
// Migrations the ledger records as applied that the work tree's chain lacks (applied from another
// branch): read from git at the commit that applied them, so a downgrade can revert them without
// checking that branch out.
#include <filesystem>
#include <optional>
#include <string>

#include "core/git/repository.hpp"
#include "core/ledger/records.hpp"
#include "core/migration/migration.hpp"
#include "core/state/revert_advice.hpp"

namespace crochet::state {

// The migration `row` records, from its file at its commit (`project_path`: the project folder
// relative to the repository root, "" = the root), checked against the recorded checksum; its
// chain hash is the recorded one. Throws crochet::Error naming the file, revision and commit when
// the row has no file or commit, the commit is gone (rebased away and collected), the file is not
// there, its bytes differ from what was applied, or it does not parse.
migration::Migration read_applied_migration(const git::Repository& repo,
                                            const std::string& project_path,
                                            const ledger::AppliedMigration& row);

// The git command that brings the line `row` was applied from into the current branch: a merge
// of its branch (a remote's when only a remote has it; never the branch checked out here), else
// a cherry-pick of its commit; nullopt when this repository has neither.
std::optional<std::string> bring_in_command(const git::Repository& repo,
                                            const ledger::AppliedMigration& row);

// The real OtherLines for revert_advice: read_applied_migration and bring_in_command on `repo`
// (which must outlive it), for the project at `project_path`.
OtherLines other_lines_in(const git::Repository& repo, std::string project_path);

// The project folder relative to the repository's work tree ("" = its root).
std::string project_path_in(const git::Repository& repo, const std::filesystem::path& root);

} // namespace crochet::state
