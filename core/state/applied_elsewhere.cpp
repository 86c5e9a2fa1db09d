#include "core/state/applied_elsewhere.hpp"

#include <filesystem>

#include "core/util/error.hpp"
#include "core/util/sha256.hpp"

namespace crochet::state {
namespace {

std::string commit_name(const ledger::AppliedMigration& row) {
  return "commit " + row.commit_sha.substr(0, 12) +
         (row.branch.empty() ? std::string() : " (branch " + row.branch + ")");
}

} // namespace

migration::Migration read_applied_migration(const git::Repository& repo,
                                            const std::string& project_path,
                                            const ledger::AppliedMigration& row) {
  const std::string what =
      (row.file.empty() ? std::string("migration") : row.file) + " (" + row.revision + ")";
  const std::string hint = "bring the database back another way: see `git crochet status`";
  if (row.file.empty() || row.commit_sha.empty())
    throw Error(what + " is not in this checkout's migrations, and the ledger records no " +
                    (row.file.empty() ? "file" : "commit") + " to read it from",
                hint);
  std::optional<std::string> blob;
  try {
    blob = repo.file_blob(row.commit_sha,
                          project_path.empty() ? row.file : project_path + "/" + row.file);
  } catch (const Error&) {
    throw Error(what + " was applied from " + commit_name(row) +
                    ", which this repository no longer has (rewritten and collected?): its file "
                    "cannot be read",
                "fetch that commit back (it may be on a remote), or bring the database back "
                "another way: see `git crochet status`");
  }
  if (!blob)
    throw Error(what + " is not in " + commit_name(row) +
                    ", the commit that applied it: its file cannot be read",
                hint);
  std::string bytes = repo.read_blob(*blob);
  const std::string sha = "sha256:" + sha256_hex(bytes);
  if (sha != row.file_sha256)
    throw Error(what + " at " + commit_name(row) +
                    " is not the file that was applied (its SHA-256 differs from the ledger's): "
                    "its downgrade cannot be trusted",
                hint);
  migration::Migration migration = migration::parse_migration({row.file, std::move(bytes)});
  migration.file = row.file;
  migration.file_sha256 = sha;
  migration.chain_hash = row.chain_hash;
  return migration;
}

std::string project_path_in(const git::Repository& repo, const std::filesystem::path& root) {
  const std::filesystem::path relative = std::filesystem::weakly_canonical(root).lexically_relative(
      std::filesystem::weakly_canonical(repo.workdir()));
  const std::string path = relative.generic_string();
  return path == "." ? std::string() : path;
}

} // namespace crochet::state
