#pragma once
// The offline checks of `git crochet verify`, each PASS or FAIL with one line per problem that
// names the migration file or ledger row. Pure: callers pass what they read. Checks that need a
// server (`verify --live`) are added to the same report by the caller.
#include <optional>
#include <string>
#include <vector>

#include "core/ledger/records.hpp"
#include "core/migration/coverage.hpp"
#include "core/migration/migration.hpp"

namespace crochet::state {

struct Check {
  std::string name; // "migration chain", "applied migrations", ...
  bool passed = true;
  std::string summary;               // one line
  std::vector<std::string> problems; // one per finding
  std::string hint;                  // what to do next, when failed
};

struct VerifyReport {
  std::vector<Check> checks;
  bool passed() const;
};

// The files load into one chain with a single head: parse errors, unknown operations, duplicate
// revisions, missing parents, cycles, several heads. `chain` receives the chain when it loads.
Check check_chain(const std::vector<migration::MigrationFile>& files,
                  std::optional<migration::Chain>& chain);

// Every migration the ledger records as applied still has its file, unedited (file SHA-256 as
// applied) and with the same ancestry (chain hash). Works without a loadable chain too: the
// files are then parsed one by one to find each revision.
Check check_applied(const std::vector<migration::MigrationFile>& files,
                    const std::optional<migration::Chain>& chain,
                    const std::vector<ledger::AppliedMigration>& applied);

// The single head migration's schema snapshot (`snapshot`, as read from the migrations folder;
// nullopt when the file is not there) is present and holds the schema the head records: the next
// create-migration diffs against it. Passes without checking when the chain has no single head.
Check check_head_snapshot(const std::optional<migration::Chain>& chain,
                          const std::optional<migration::MigrationFile>& snapshot);

// The models match the schema the head migration records.
Check check_models(const migration::Coverage& coverage);
Check check_models_unreadable(const std::string& first_error);

Check check_event_log(const ledger::EventChainReport& report);

// A check that could not run because the ledger cannot be read.
Check ledger_unreadable(const std::string& name, const std::string& error, const std::string& hint);

} // namespace crochet::state
