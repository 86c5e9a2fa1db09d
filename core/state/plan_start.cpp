#include "core/state/plan_start.hpp"

#include "core/ledger/ledger.hpp"
#include "core/util/advice.hpp"

namespace crochet::state {

PlanStart plan_start(const migration::Chain& chain,
                     const std::vector<ledger::AppliedMigration>& applied) {
  PlanStart start;
  start.from_ledger = true;
  for (const ledger::AppliedMigration& row : applied)
    start.applied.insert(row.revision);
  for (const migration::Migration& migration : chain.migrations) // parents first
    if (start.applied.count(migration.revision))
      start.last_applied = migration.file;
  const DatabaseStatus status = compare(chain, applied);
  for (const ledger::AppliedMigration& row : status.foreign)
    start.notices.push_back("the ledger records " + row.revision +
                            (row.file.empty() ? "" : " (" + row.file + ")") +
                            " as applied, which these migration files do not have: the script "
                            "cannot revert it (see `" +
                            advice::crochet("status") + "`)");
  for (const Changed& changed : status.changed)
    start.notices.push_back(changed.file + " was applied but has changed since" +
                            (changed.file_edited ? "" : " (an ancestor changed)") +
                            ": the script does not run it again (see `" +
                            advice::crochet("verify") + "`)");
  return start;
}

PlanStart plan_start(const std::filesystem::path& ledger_path, const migration::Chain& chain,
                     bool from_start) {
  if (from_start)
    return {};
  ledger::OpenOptions options;
  options.create = false;
  std::optional<ledger::Ledger> ledger = ledger::Ledger::open_existing(ledger_path, options);
  if (!ledger)
    return {};
  const std::vector<ledger::AppliedMigration> applied = ledger->applied();
  if (applied.empty())
    return {};
  return plan_start(chain, applied);
}

std::string PlanStart::describe(const std::string& ledger_display) const {
  if (!from_ledger)
    return "from the start";
  if (last_applied.empty())
    return "from the start (nothing " + ledger_display +
           " records as applied is in these migration files)";
  return "after " + last_applied + ", the last migration " + ledger_display + " records as applied";
}

} // namespace crochet::state
