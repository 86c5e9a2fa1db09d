#include "core/state/applied_elsewhere.hpp"

#include <filesystem>
#include <optional>

#include "core/util/advice.hpp"
#include "core/util/error.hpp"
#include "core/util/sha256.hpp"

namespace crochet::state {
namespace {

std::string commit_name(const ledger::AppliedMigration& row) {
  return "commit " + row.commit_sha.substr(0, 12) +
         (row.branch.empty() ? std::string() : " (branch " + row.branch + ")");
}

// The file's bytes at `commit` when they are the ones applied (same SHA-256); nullopt when the
// commit is gone, lacks the file, or has other bytes there.
std::optional<std::string> applied_bytes_at(const git::Repository& repo, const std::string& commit,
                                            const std::string& path,
                                            const ledger::AppliedMigration& row) {
  std::optional<std::string> blob;
  try {
    blob = repo.file_blob(commit, path);
  } catch (const Error&) {
    return std::nullopt; // not in this repository
  }
  if (!blob)
    return std::nullopt;
  std::string bytes = repo.read_blob(*blob);
  if ("sha256:" + sha256_hex(bytes) != row.file_sha256)
    return std::nullopt;
  return bytes;
}

// Why the commit that applied `row` cannot give its file.
Error unreadable_at_commit(const git::Repository& repo, const std::string& path,
                           const ledger::AppliedMigration& row, const std::string& what,
                           const std::string& hint) {
  std::optional<std::string> blob;
  try {
    blob = repo.file_blob(row.commit_sha, path);
  } catch (const Error&) {
    return Error(what + " was applied from " + commit_name(row) +
                     ", which this repository no longer has (rewritten and collected?): its "
                     "file cannot be read",
                 "fetch that commit or its branch back (a remote may still have them), or bring "
                 "the database back another way: see `" +
                     advice::crochet("status") + "`");
  }
  if (!blob)
    return Error(what + " is not in " + commit_name(row) +
                     ", the commit that applied it: its file cannot be read",
                 hint);
  return Error(what + " at " + commit_name(row) +
                   " is not the file that was applied (its SHA-256 differs from the ledger's): "
                   "its downgrade cannot be trusted",
               hint);
}

} // namespace

migration::Migration read_applied_migration(const git::Repository& repo,
                                            const std::string& project_path,
                                            const ledger::AppliedMigration& row) {
  const std::string what =
      (row.file.empty() ? std::string("migration") : row.file) + " (" + row.revision + ")";
  const std::string hint =
      "bring the database back another way: see `" + advice::crochet("status") + "`";
  if (row.file.empty() || row.commit_sha.empty())
    throw Error(what + " is not in this checkout's migrations, and the ledger records no " +
                    (row.file.empty() ? "file" : "commit") + " to read it from",
                hint);
  const std::string path = project_path.empty() ? row.file : project_path + "/" + row.file;
  // The commit that applied it, then the branch it was applied from as it is now: a rebased or
  // amended branch no longer holds that commit but still has the file, byte for byte.
  std::optional<std::string> bytes = applied_bytes_at(repo, row.commit_sha, path, row);
  const std::vector<git::Repository::BranchTip> tips =
      bytes ? std::vector<git::Repository::BranchTip>{} : repo.branch_tips(row.branch);
  for (const git::Repository::BranchTip& tip : tips)
    if ((bytes = applied_bytes_at(repo, tip.commit, path, row)))
      break;
  if (!bytes) {
    const Error error = unreadable_at_commit(repo, path, row, what, hint);
    if (tips.empty())
      throw error;
    throw Error(std::string(error.what()) + ", and branch " + tips.front().name +
                    " as it is now holds no copy of it with the bytes that were applied",
                error.hint());
  }
  migration::Migration migration = migration::parse_migration({row.file, *bytes});
  migration.file = row.file;
  migration.file_sha256 = row.file_sha256;
  migration.chain_hash = row.chain_hash;
  return migration;
}

std::optional<std::string> bring_in_command(const git::Repository& repo,
                                            const ledger::AppliedMigration& row) {
  // The branch checked out here, rewritten since (reset, force-pulled), is no line to merge.
  const std::optional<std::string> current = repo.current_branch();
  for (const git::Repository::BranchTip& tip : repo.branch_tips(row.branch))
    if (tip.name != current)
      return "git merge " + tip.name;
  if (row.commit_sha.empty())
    return std::nullopt;
  try {
    repo.commit_info(row.commit_sha);
  } catch (const Error&) {
    return std::nullopt; // rewritten and collected
  }
  return "git cherry-pick " + row.commit_sha.substr(0, 7);
}

OtherLines other_lines_in(const git::Repository& repo, std::string project_path) {
  return {[&repo, path = std::move(project_path)](const ledger::AppliedMigration& row) {
            return read_applied_migration(repo, path, row);
          },
          [&repo](const ledger::AppliedMigration& row) { return bring_in_command(repo, row); }};
}

std::string project_path_in(const git::Repository& repo, const std::filesystem::path& root) {
  const std::filesystem::path relative = std::filesystem::weakly_canonical(root).lexically_relative(
      std::filesystem::weakly_canonical(repo.workdir()));
  const std::string path = relative.generic_string();
  return path == "." ? std::string() : path;
}

} // namespace crochet::state
