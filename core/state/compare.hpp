#pragma once
// Where the database stands relative to a set of migration files (BRIEF §7): at their head,
// behind (pending migrations), ahead (it has migrations beyond their head), or diverged (it has
// migrations from another line of history). Pure: the caller passes the loaded chain and the
// ledger's rows.
#include <string>
#include <vector>

#include "core/ledger/records.hpp"
#include "core/migration/migration.hpp"

namespace crochet::state {

enum class Position {
  at_head,  // every migration of the chain is applied and nothing else
  behind,   // some migrations of the chain are pending; nothing foreign is applied
  ahead,    // the whole chain is applied, plus migrations that descend from its head(s)
  diverged, // migrations the chain does not contain are applied on another line of history
};
const char* to_string(Position position);

// An applied migration whose file no longer matches what was applied.
struct Changed {
  std::string revision;
  std::string file;
  bool file_edited = false;   // the file's bytes differ (edited, or its parents rewritten)
  bool chain_changed = false; // same bytes, but an ancestor changed (edited, removed, reordered)
};

struct Pending {
  std::string revision;
  std::string file;
  bool operator==(const Pending&) const = default;
};

struct DatabaseStatus {
  Position position = Position::at_head;
  std::vector<std::string> heads;                // the chain's heads
  std::vector<ledger::AppliedMigration> applied; // in the order applied
  std::vector<Pending> pending;                  // in the chain, not applied; parents first
  std::vector<ledger::AppliedMigration> foreign; // applied, not in the chain; order applied
  std::vector<Changed> changed;                  // applied and in the chain, but changed since
  // For ahead/diverged: the revision `git crochet downgrade --target` should go back to so that
  // every foreign migration is reverted; "" when they descend from no migration of the chain.
  std::string revert_target;
};

DatabaseStatus compare(const migration::Chain& chain,
                       std::vector<ledger::AppliedMigration> applied);

} // namespace crochet::state
