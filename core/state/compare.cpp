#include "core/state/compare.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace crochet::state {

const char* to_string(Position position) {
  switch (position) {
  case Position::at_head:
    return "at_head";
  case Position::behind:
    return "behind";
  case Position::ahead:
    return "ahead";
  case Position::diverged:
    return "diverged";
  }
  return "diverged";
}

namespace {

// Follows the ledger's parent links from `start` through foreign rows until a revision of the
// chain is reached; that is where the foreign line branched off.
std::string branch_point(const std::string& start,
                         const std::map<std::string, const ledger::AppliedMigration*>& foreign,
                         const migration::Chain& chain) {
  std::set<std::string> seen;
  std::vector<std::string> queue{start};
  while (!queue.empty()) {
    const std::string revision = queue.front();
    queue.erase(queue.begin());
    if (!seen.insert(revision).second)
      continue;
    const auto row = foreign.find(revision);
    if (row == foreign.end())
      continue;
    for (const std::string& parent : row->second->parents) {
      if (chain.find(parent) != nullptr)
        return parent;
      queue.push_back(parent);
    }
  }
  return {};
}

} // namespace

DatabaseStatus compare(const migration::Chain& chain,
                       std::vector<ledger::AppliedMigration> applied) {
  DatabaseStatus status;
  status.heads = chain.heads;
  status.applied = std::move(applied);

  std::set<std::string> applied_revisions;
  std::map<std::string, const ledger::AppliedMigration*> foreign_rows;
  for (const ledger::AppliedMigration& row : status.applied) {
    applied_revisions.insert(row.revision);
    const migration::Migration* migration = chain.find(row.revision);
    if (migration == nullptr) {
      status.foreign.push_back(row);
      continue;
    }
    Changed changed{row.revision, migration->file, migration->file_sha256 != row.file_sha256,
                    migration->chain_hash != row.chain_hash};
    if (changed.file_edited || changed.chain_changed)
      status.changed.push_back(std::move(changed));
  }
  for (const ledger::AppliedMigration& row : status.foreign)
    foreign_rows.emplace(row.revision, &row);
  for (const migration::Migration& migration : chain.migrations)
    if (!applied_revisions.count(migration.revision))
      status.pending.push_back(Pending{migration.revision, migration.file});

  if (status.foreign.empty()) {
    status.position = status.pending.empty() ? Position::at_head : Position::behind;
    return status;
  }

  // Ahead only when nothing of the chain is missing and every foreign migration descends from a
  // head of the chain (through other foreign ones); anything else is another line of history.
  const std::set<std::string> heads(chain.heads.begin(), chain.heads.end());
  bool from_heads = status.pending.empty();
  for (const ledger::AppliedMigration& row : status.foreign) {
    if (row.parents.empty())
      from_heads = false;
    for (const std::string& parent : row.parents)
      if (!foreign_rows.count(parent) && !heads.count(parent))
        from_heads = false;
  }
  status.position = from_heads ? Position::ahead : Position::diverged;
  // Of the points where foreign lines branched off, the one nearest the chain's root: going back
  // to it reverts every foreign migration.
  std::size_t best = chain.migrations.size();
  for (const ledger::AppliedMigration& row : status.foreign) {
    const std::string point = branch_point(row.revision, foreign_rows, chain);
    for (std::size_t i = 0; i < best; ++i)
      if (chain.migrations[i].revision == point)
        best = i;
  }
  if (best < chain.migrations.size())
    status.revert_target = chain.migrations[best].revision;
  return status;
}

} // namespace crochet::state
