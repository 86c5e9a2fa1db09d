#pragma once
// In-memory migration files and ledger rows for the state tests.
#include <string>
#include <vector>

#include "core/ledger/records.hpp"
#include "core/migration/migration.hpp"

namespace crochet::state::support {

inline const std::string kHash = "sha256:" + std::string(64, 'b');

inline migration::MigrationFile file(const std::string& revision,
                                     const std::vector<std::string>& parents,
                                     const std::string& extra = "") {
  std::string text = "revision = \"" + revision + "\"\n";
  if (parents.size() == 1)
    text += "parent = \"" + parents[0] + "\"\n";
  if (parents.size() > 1) {
    text += "parents = [";
    for (std::size_t i = 0; i < parents.size(); ++i)
      text += (i ? ", \"" : "\"") + parents[i] + "\"";
    text += "]\n";
  }
  text += "schema_hash = \"" + kHash + "\"\n" + extra;
  return {"migrations/" + revision + ".toml", text};
}

// The ledger row an upgrade of `m` would have written.
inline ledger::AppliedMigration applied_row(const migration::Migration& m,
                                            const std::string& commit = "c0ffee",
                                            const std::string& branch = "main") {
  ledger::AppliedMigration row;
  row.revision = m.revision;
  row.parents = m.parents;
  row.file = m.file;
  row.file_sha256 = m.file_sha256;
  row.chain_hash = m.chain_hash;
  row.schema_hash = m.schema_hash;
  row.commit_sha = commit;
  row.branch = branch;
  row.applied_at = "2024-01-01T00:00:00.000Z";
  return row;
}

// A row for a migration the chain does not contain (applied from another branch).
inline ledger::AppliedMigration foreign_row(const std::string& revision,
                                            std::vector<std::string> parents,
                                            const std::string& branch = "feature/x") {
  ledger::AppliedMigration row;
  row.revision = revision;
  row.parents = std::move(parents);
  row.file = "migrations/" + revision + ".toml";
  row.file_sha256 = "sha256:" + revision;
  row.chain_hash = "sha256:chain-" + revision;
  row.commit_sha = "feedface00";
  row.branch = branch;
  row.applied_at = "2024-01-02T00:00:00.000Z";
  return row;
}

} // namespace crochet::state::support
