#pragma once
// `git crochet stamp REV`: adopt an existing graph by recording a migration and every ancestor
// not yet recorded as applied, without running anything, each with the HEAD commit and branch
// and a "stamp" event, in one transaction.
#include <string>
#include <vector>

#include "core/ledger/ledger.hpp"
#include "core/migration/migration.hpp"
#include "core/state/workspace.hpp"

namespace crochet::state {

// A revision as the user names it: "head" (the single head), or whatever `upgrade --target`
// takes (migration::resolve_migration: the revision or a unique prefix of it, the file name or
// path, the number "0003"). Throws crochet::Error when it names no migration or several.
const migration::Migration& resolve_revision(const migration::Chain& chain,
                                             const std::string& name);

// `target` and its ancestors, parents first.
std::vector<const migration::Migration*> with_ancestors(const migration::Chain& chain,
                                                        const migration::Migration& target);

struct StampResult {
  std::string revision;                     // the resolved target
  std::vector<std::string> recorded;        // newly recorded, parents first
  std::vector<std::string> already_applied; // the target's line that was already recorded
};

StampResult stamp(Workspace& workspace, const std::string& revision,
                  const ledger::OpenOptions& options = {});

} // namespace crochet::state
