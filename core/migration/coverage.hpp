#pragma once
// "Are the models covered by the migrations?": the single head migration records the models'
// schema hash. The pre-commit hook asks it of the staged models and staged migration files,
// `check` of a commit, `status` and `verify` of HEAD; all pass the files they read (work tree,
// index or commit) and the schema the models define.
#include <optional>
#include <string>
#include <vector>

#include "core/migration/migration.hpp"
#include "core/schema/diff.hpp"
#include "core/schema/ir.hpp"

namespace crochet::migration {

enum class CoverageState {
  covered,       // one head (or none and no models) and its schema_hash is the models' hash
  uncovered,     // the head records another schema: a migration is missing
  several_heads, // branches each added a migration: `git crochet merge` joins them
  invalid,       // the migration files do not load (syntax, missing parent, cycle, ...)
};

struct Coverage {
  CoverageState state = CoverageState::covered;
  std::string models_hash;        // schema_hash of the models
  std::string head_revision;      // "" when there is no migration or several heads
  std::string head_file;          // as in MigrationFile::path
  std::string head_schema_hash;   // the hash the head records; the empty schema's when none
  std::vector<std::string> heads; // every head, "file (revision)"
  std::string message;            // one line saying why, for people
  // The changes that lack a migration (head snapshot -> models), when the state is uncovered and
  // the head's snapshot is among the files.
  std::optional<schema::Diff> missing;
  bool ok() const { return state == CoverageState::covered; }
};

// `files` are the migrations folder's files (migration TOML and, optionally, snapshots), paths
// relative to the project root. Never throws for bad migration files (state invalid instead).
Coverage check_coverage(const std::vector<MigrationFile>& files, const schema::Schema& models);
// The same for a chain the caller has loaded already (from the migration files among `files`): a
// large folder's files take longer to parse than the rest of the check. `files` need only hold
// the head's snapshot.
Coverage check_coverage(const Chain& chain, const std::vector<MigrationFile>& files,
                        const schema::Schema& models);

const char* to_string(CoverageState state);

} // namespace crochet::migration
