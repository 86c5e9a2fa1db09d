// git crochet downgrade [--target R | --steps N | --interrupted]: revert applied migrations,
// newest first, by running their downgrade steps. One applied from another branch (not in the
// work tree's migrations) is read from git at the commit that applied it. Refuses rollback_safe =
// false migrations, and files that cannot be read or differ from what was applied, before
// touching anything. --interrupted reverts the migration whose upgrade was interrupted instead.
#include <iostream>

#include "core/migration/plan.hpp"
#include "core/util/advice.hpp"
#include "core/util/error.hpp"
#include "git-crochet/live.hpp"

namespace crochet::cli {

Action configure_downgrade(CLI::App& app, const Globals& globals) {
  struct Options {
    std::string target;
    int steps = 0;
    bool interrupted = false;
    bool trust_downgrade = false;
    LiveOptions connection;
  };
  auto options = std::make_shared<Options>();
  auto* target = app.add_option("--target", options->target,
                                "Revert every applied migration after this one (it stays)");
  auto* steps_option =
      app.add_option("--steps", options->steps, "Revert the last N applied migrations (default 1)")
          ->excludes(target);
  auto* interrupted =
      app.add_flag("--interrupted", options->interrupted,
                   "Revert what an interrupted upgrade ran and forget it, so the migration can be "
                   "edited and upgraded afresh")
          ->excludes(target)
          ->excludes(steps_option);
  app.add_flag("--trust-downgrade", options->trust_downgrade,
               "With --interrupted: also run free Cypher, rename and load steps of the downgrade")
      ->needs(interrupted);
  add_live_flags(app, options->connection);
  return [options, &globals] {
    if (options->steps < 0)
      throw Error("--steps must be positive");
    LiveRun run = open_live(globals, options->connection);
    if (options->interrupted) {
      executor::abandon_interrupted(*run.context, run.chain, options->trust_downgrade);
      std::cout << "reverted the interrupted upgrade; `" << advice::crochet("upgrade")
                << "` runs it from step 1\n";
      return 0;
    }
    const migration::Migration* to =
        options->target.empty() ? nullptr
                                : &migration::resolve_migration(run.chain, options->target);
    const int steps = options->steps == 0 ? 1 : options->steps;
    const executor::RunReport report = executor::downgrade(*run.context, run.chain, to, steps);
    if (!report.revisions.empty())
      std::cout << "reverted " << report.revisions.size() << " migration"
                << (report.revisions.size() == 1 ? "" : "s") << "\n";
    return 0;
  };
}

} // namespace crochet::cli
