#pragma once
// The schema each migration brings the graph to, stored in the repository itself so that a fresh
// clone (no ledger, no cache) can diff the models against it: one file per distinct schema,
// content-addressed by its schema hash, under <migrations>/snapshots/<hex>.json. The file holds
// the IR's JSON on one line (sorted keys); loading re-hashes the schema it holds and refuses a
// mismatch, so an edited or truncated snapshot is never used as a diff base.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/migration/migration.hpp"
#include "core/schema/ir.hpp"

namespace crochet::migration {

inline constexpr const char* kSnapshotFolder = "snapshots";

// "snapshots/<hex>.json" for "sha256:<hex>", relative to the migrations folder.
std::string snapshot_relative_path(std::string_view schema_hash);

// The file content for a schema.
std::string snapshot_text(const schema::Schema& schema);

// Parses a snapshot file and checks that it hashes to `expected_hash`. Throws crochet::Error
// naming `path` (as the user types it, core/util/advice.hpp) when it is not a schema or the hash
// differs (an edited or corrupt snapshot).
schema::Schema parse_snapshot(std::string_view text, std::string_view expected_hash,
                              std::string_view path);

// The snapshot of `schema_hash` among `files` (paths relative to the project root, as read from
// the work tree, the index or a commit): the file whose path ends with
// "/snapshots/<hex>.json". nullopt when it is not there; throws like parse_snapshot when it is
// there but wrong.
std::optional<schema::Schema> find_snapshot(const std::vector<MigrationFile>& files,
                                            std::string_view schema_hash);

} // namespace crochet::migration
