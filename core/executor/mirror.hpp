#pragma once
// The graph's own record of what was applied (BRIEF §7): one `:__CrochetMigration` node per
// migration, linked parent -> child by `:__CROCHET_NEXT`, with its chain hash, the commit it was
// applied from, its state ("applying", "applied", "failed", "reverting") and how many of its
// steps are done. Data steps update it inside their own transaction, so the graph never
// disagrees with itself about them.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/ledger/records.hpp"
#include "core/migration/dialect.hpp"
#include "core/migration/operation.hpp"
#include "core/neo4j/session.hpp"

namespace crochet::executor {

inline constexpr const char* kMirrorLabel = "__CrochetMigration";

struct MirrorEntry {
  std::string revision;
  std::vector<std::string> parents;
  std::string chain_hash;
  std::string schema_hash;
  std::string commit_sha;
  std::string branch;
  std::string applied_by;
  std::string state;
  std::int64_t steps_done = 0; // of the direction in progress
  // done_steps_hashes(...)[steps_done] of the steps that ran; "" when written by a version that
  // did not record it
  std::string done_sha256;
};

// done_steps_hashes(steps)[k] identifies the first k steps (kind and arguments, chained
// SHA-256s); [0] is "". A run records the hash of the steps it has done, so a rerun can tell
// whether the file it resumes with still starts with exactly those steps.
std::vector<std::string> done_steps_hashes(const std::vector<migration::Operation>& steps);

// Whether `steps` still start with the entry's steps_done steps as they ran (an entry written
// before done_sha256 was recorded is taken at its word).
bool starts_with_done_steps(const MirrorEntry& entry,
                            const std::vector<migration::Operation>& steps);

// Every entry, by revision, read by mirror_read().
std::map<std::string, MirrorEntry> read_mirror(neo4j::Session& session);
migration::Statement mirror_read();

// Creates or updates the node and links it to its parents. `steps_done` is where the run starts
// in the direction of `state`: an entry left "applied" holds the upgrade's count, which says
// nothing of a downgrade that starts now.
migration::Statement mirror_begin(const ledger::AppliedMigration& migration,
                                  const std::string& state, std::int64_t steps_done,
                                  const std::string& done_sha256);
migration::Statement mirror_progress(const std::string& revision, const std::string& state,
                                     std::int64_t steps_done, const std::string& done_sha256);
// The first statement of a data-step group's transaction: takes the node's lock (held until the
// commit) and fails the transaction unless the node is still in `state` at `steps_done`. An
// earlier attempt at the group that still runs on the server is so waited for, and once it has
// committed the group is refused: a group whose answer was lost is never carried out twice.
migration::Statement mirror_claim(const std::string& revision, const std::string& state,
                                  std::int64_t steps_done);
migration::Statement mirror_remove(const std::string& revision);

} // namespace crochet::executor
