#include "core/hooks/alignment.hpp"

#include <filesystem>
#include <map>
#include <set>

namespace crochet::hooks {
namespace {

std::string stem(const std::string& file, const std::string& revision) {
  const std::string name = std::filesystem::path(file).stem().string();
  return name.empty() ? revision : name;
}

} // namespace

std::string display_name(const migration::Migration& migration) {
  return stem(migration.file, migration.revision);
}

std::string display_name(const ledger::AppliedMigration& migration) {
  return stem(migration.file, migration.revision);
}

std::vector<Alignment> align(const migration::Chain& chain,
                             const std::vector<ledger::AppliedMigration>& applied) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<const ledger::AppliedMigration*>> by_target;
  for (const ledger::AppliedMigration& row : applied) {
    const std::string target = row.target_uri.empty() && row.target_database.empty()
                                   ? std::string("the database")
                                   : row.target_uri + " (" + row.target_database + ")";
    if (!by_target.contains(target))
      order.push_back(target);
    by_target[target].push_back(&row);
  }
  if (order.empty())
    order.push_back("the database"); // an empty ledger: everything is pending
  std::vector<Alignment> alignments;
  for (const std::string& target : order) {
    Alignment alignment;
    alignment.target = target;
    alignment.downgrade_target = "base";
    std::set<std::string> done;
    for (const ledger::AppliedMigration* row : by_target[target]) {
      done.insert(row->revision);
      alignment.db_head = row->revision;
      if (chain.find(row->revision) == nullptr)
        alignment.foreign.push_back(*row);
      else if (alignment.foreign.empty())
        alignment.downgrade_target = row->revision; // reverting to it removes every foreign row
    }
    for (const migration::Migration& migration : chain.migrations)
      if (!done.contains(migration.revision))
        alignment.pending.push_back(&migration);
    alignments.push_back(std::move(alignment));
  }
  return alignments;
}

} // namespace crochet::hooks
