#pragma once
// Where the local database (as the ledger records it) stands against a chain of migrations
// (HEAD's): what is pending, what it has that the chain lacks (applied on another branch), and
// the commands that bring it in line. Used by the post-merge and post-checkout hooks.
#include <string>
#include <vector>

#include "core/ledger/records.hpp"
#include "core/migration/migration.hpp"

namespace crochet::hooks {

struct Alignment {
  std::string target;                               // "uri (database)"
  std::vector<const migration::Migration*> pending; // in the chain, not applied; parents first
  std::vector<ledger::AppliedMigration> foreign;    // applied, not in the chain; oldest first
  // What `downgrade --target` must name to revert every foreign migration: the newest revision
  // of the chain applied before the first foreign one; "base" when there is none.
  std::string downgrade_target;
  std::string db_head; // the newest applied revision; "" when nothing is applied
  bool in_line() const { return pending.empty() && foreign.empty(); }
};

// One alignment per target the ledger has rows for (usually one), in the order first seen.
std::vector<Alignment> align(const migration::Chain& chain,
                             const std::vector<ledger::AppliedMigration>& applied);

// "0003_add_email" for migrations/0003_add_email.toml, else the revision.
std::string display_name(const migration::Migration& migration);
std::string display_name(const ledger::AppliedMigration& migration);

} // namespace crochet::hooks
