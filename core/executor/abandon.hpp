#pragma once
// `git crochet downgrade --interrupted` (docs/migrations.md, "Interrupted runs"): what is decided
// before an interrupted upgrade is abandoned. Its downgrade is written to undo the whole upgrade,
// but only the first steps ran, so each downgrade step must do nothing where its upgrade step did
// not run: the operation table says which kinds do (migration::Reach); the others act on whatever
// the graph holds, and run only when the user says they are safe (--trust-downgrade).
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/executor/mirror.hpp"
#include "core/migration/migration.hpp"

namespace crochet::executor {

// The mirror entry to abandon: the one upgrade left "applying" or "failed", or a `downgrade
// --interrupted` left "reverting" (a reverting migration the ledger does not record as applied:
// a plain downgrade reverts only applied ones). Throws when there is none, or more than one.
// `interrupted_downgrades` names the migrations whose plain downgrade the ledger records as
// interrupted: when nothing else is, the refusal names them and the command that finishes them.
const MirrorEntry& interrupted_entry(const std::map<std::string, MirrorEntry>& mirror,
                                     const std::set<std::string>& applied,
                                     const std::vector<std::string>& interrupted_downgrades = {});

// True for an entry `downgrade --interrupted` has started reverting (see interrupted_entry).
bool is_abandoning(const MirrorEntry& entry, const std::set<std::string>& applied);

// 0-based indexes of the downgrade steps that may change what their upgrade step never touched.
std::vector<std::size_t> unguarded_steps(const std::vector<migration::Operation>& downgrade);

// Throws, saying "Nothing was run", when `migration` cannot be abandoned from `entry` as it
// stands: its upgrade's steps 1..k are not the ones that ran, or (without `trusted`) its
// downgrade has unguarded steps.
void check_abandon(const MirrorEntry& entry, const migration::Migration& migration, bool trusted);

} // namespace crochet::executor
