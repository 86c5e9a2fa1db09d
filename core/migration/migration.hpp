#pragma once
// Migration files (BRIEF §6): one TOML file per migration in the migrations folder, chained by
// parent revisions, each with a file checksum and a chain hash covering its parents' chain
// hashes and its own file (like atlas.sum), so edits, deletions and reordering are detected.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/migration/operation.hpp"

namespace crochet::migration {

struct Migration {
  std::string revision;             // unique across branches
  std::vector<std::string> parents; // empty for the first migration, two for a merge
  std::string schema_hash;          // the models' hash this migration brings the graph to
  bool rollback_safe = true;
  std::string description;
  std::vector<Operation> upgrade;
  std::vector<Operation> downgrade; // explicit, in the order they run
  // Set by the loader:
  std::string file;        // path relative to the project root, e.g. migrations/0003_x.toml
  std::string file_sha256; // "sha256:<hex>" of the file bytes
  std::string chain_hash;  // "sha256:<hex>" over sorted parents' chain hashes + file_sha256
};

// The loaded, validated migration graph of one revision of the project.
struct Chain {
  std::vector<Migration> migrations; // topological order: parents before children
  std::vector<std::string> heads;    // revisions no other migration names as a parent
  const Migration* find(const std::string& revision) const;
  const Migration* head() const; // the single head; nullptr when empty; throws when several
};

// One file of the migrations folder: its path relative to the project root and its bytes.
struct MigrationFile {
  std::string path;
  std::string bytes;
  // Read only the header (the keys before the first [[upgrade]]/[[downgrade]] table): for a
  // caller that already trusts the steps, e.g. the pre-commit gate for migrations committed at
  // HEAD. The parsed migration then has no steps unless they are written inline.
  bool header_only = false;
};

// Parses one file (TOML) and validates every operation; throws crochet::Error with file:line.
// With header_only, the steps in tables are neither read nor checked; a header that cannot be
// cut off cleanly (a table header inside a multi-line value) is read with the whole file.
Migration parse_migration(const MigrationFile& file);

// Serializes a migration in the canonical file layout (what create-migration writes).
std::string format_migration(const Migration& migration);
// The same, headed by `comments` (one "# ..." line each, e.g. notes for the reviewer).
std::string format_migration(const Migration& migration, const std::vector<std::string>& comments);

// Loads and validates a whole folder's files: duplicate revisions, missing parents, cycles;
// computes checksums and chain hashes. Several heads are allowed here (see Chain::head()).
// Files that are not migrations (see is_migration_path) are skipped, so a caller can pass the
// folder's snapshots and data files along.
Chain load_chain(const std::vector<MigrationFile>& files);

// Whether a path names a migration file: "*.toml", not hidden.
bool is_migration_path(std::string_view path);

// "sha256:<hex>" of "crochet-chain-v1\n", each parent's chain hash (sorted) + "\n", and the
// migration's own file_sha256 + "\n". A first migration has no parent hashes.
std::string chain_hash(const std::vector<std::string>& parent_chain_hashes,
                       const std::string& file_sha256);

} // namespace crochet::migration
