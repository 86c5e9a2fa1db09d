#pragma once
// Where an offline plan (`upgrade --sql`, `upgrade --dry-run`) starts. A script made for the
// target database must not rerun what it has already applied (a data load run twice duplicates
// nodes), so the plan starts after what the local ledger records as applied; --from-start asks
// for the whole chain, e.g. to set up a new database.
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "core/migration/migration.hpp"
#include "core/state/compare.hpp"

namespace crochet::state {

struct PlanStart {
  bool from_ledger = false;         // false: the plan starts from an empty graph
  std::set<std::string> applied;    // revisions to leave out of the plan
  std::string last_applied;         // file of the last applied migration in chain order, or ""
  std::vector<std::string> notices; // what the plan cannot account for (foreign, changed files)

  // "from the start" or "after 0004_add_employer.toml, the last migration .crochet/ledger.db
  // records as applied"
  std::string describe(const std::string& ledger_display) const;
};

// Reads nothing when `from_start` or when there is no ledger at `ledger_path`. Throws
// crochet::Error when the ledger exists but cannot be read.
PlanStart plan_start(const std::filesystem::path& ledger_path, const migration::Chain& chain,
                     bool from_start);

// The same decision from the ledger's rows, for callers (and tests) that already have them.
PlanStart plan_start(const migration::Chain& chain,
                     const std::vector<ledger::AppliedMigration>& applied);

} // namespace crochet::state
