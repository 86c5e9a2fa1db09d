#include "core/state/revert_advice.hpp"

#include <algorithm>

#include "core/migration/names.hpp"
#include "core/migration/plan.hpp"
#include "core/util/advice.hpp"
#include "core/util/error.hpp"

namespace crochet::state {
namespace {

using migration::display_name;

// Why `downgrade` would refuse to revert `row`; "" when it can.
std::string refusal(const ledger::AppliedMigration& row, const migration::Chain& chain,
                    const ReadApplied& read) {
  try {
    const migration::Migration* local = chain.find(row.revision);
    const bool safe = local != nullptr ? local->rollback_safe : read(row).rollback_safe;
    return safe ? ""
                : display_name(row) + " is rollback_safe = false: its downgrade cannot "
                                      "restore the graph";
  } catch (const Error& error) {
    return error.what();
  }
}

// How many of the newest applied migrations are the foreign ones, when all of them are: then
// `downgrade --steps N` reverts exactly those, and keeps this branch's own migrations applied
// before them, which going back to the branch point would revert too. 0 otherwise.
std::size_t foreign_suffix(const DatabaseStatus& db, const migration::Chain& chain) {
  std::size_t count = 0;
  while (count < db.applied.size() &&
         chain.find(db.applied[db.applied.size() - 1 - count].revision) == nullptr)
    ++count;
  return count == db.foreign.size() ? count : 0;
}

} // namespace

std::vector<std::string> revert_advice(const DatabaseStatus& db, const migration::Chain& chain,
                                       const OtherLines& git) {
  const auto run = [](const std::string& args) { return advice::crochet(args); };
  const migration::Migration* target = chain.find(db.revert_target);
  if (target == nullptr || db.foreign.empty())
    return {};
  // What `downgrade --target` reverts: every applied migration outside the target's lineage.
  const std::set<std::string> keep = migration::lineage(chain, *target);
  std::vector<const ledger::AppliedMigration*> reverted;
  for (const ledger::AppliedMigration& row : db.applied)
    if (!keep.count(row.revision))
      reverted.push_back(&row);
  std::string command = "`" + run("downgrade --target " + db.revert_target) + "`";
  std::string reverts_to = display_name(*target);
  bool pending_after =
      std::any_of(chain.migrations.begin(), chain.migrations.end(),
                  [&](const migration::Migration& m) { return !keep.count(m.revision); });
  if (const std::size_t steps = foreign_suffix(db, chain); steps > 0 && steps < reverted.size()) {
    reverted.clear();
    for (std::size_t i = db.applied.size() - steps; i < db.applied.size(); ++i)
      reverted.push_back(&db.applied[i]);
    command = "`" + run("downgrade --steps " + std::to_string(steps)) + "`";
    reverts_to = steps == 1 ? "the newest applied migration" : "the newest applied migrations";
    pending_after = !db.pending.empty();
  }
  std::vector<std::string> refusals;
  const ledger::AppliedMigration* first_refused = nullptr;
  for (const ledger::AppliedMigration* row : reverted) {
    std::string why = refusal(*row, chain, git.read);
    if (why.empty())
      continue;
    if (first_refused == nullptr)
      first_refused = row;
    refusals.push_back(std::move(why));
  }
  const char* them = db.foreign.size() == 1 ? "it" : "them";
  if (refusals.empty())
    return {std::string("to revert ") + them + " here, run " + command + " (" + reverts_to +
            "; it reads the other branch's files from git)" +
            (pending_after ? ", then `" + run("upgrade") + "`" : "")};
  std::vector<std::string> lines;
  for (const std::string& why : refusals)
    lines.push_back(command + " would refuse: " + why);
  const std::string restore = "restore the database and its ledger from a backup taken before " +
                              display_name(*first_refused) + " was applied, then run `" +
                              run("upgrade") + "`";
  const ledger::AppliedMigration& source = db.foreign[0];
  if (const std::optional<std::string> bring_in = git.bring_in(source))
    lines.push_back("instead, bring the other branch's migrations into this one (`" + *bring_in +
                    "`), join the migration heads with `" + run("merge") + "` and run `" +
                    run("upgrade") + "`; or " + restore);
  else // a merge or cherry-pick would fail: say what is missing
    lines.push_back(
        "instead, " + restore + "; or fetch " +
        (source.branch.empty() ? "commit " + source.commit_sha.substr(0, 12)
                               : "branch " + source.branch) +
        " back from a clone that still has it: this repository has neither the branch nor the "
        "commit " +
        display_name(source) + " was applied from");
  return lines;
}

} // namespace crochet::state
