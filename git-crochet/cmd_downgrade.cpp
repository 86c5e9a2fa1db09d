// git crochet downgrade [--target R | --steps N]: revert applied migrations, newest first, by
// running their downgrade steps. One applied from another branch (not in the work tree's
// migrations) is read from git at the commit that applied it. Refuses rollback_safe = false
// migrations, and files that cannot be read or differ from what was applied, before touching
// anything.
#include <iostream>

#include "core/migration/plan.hpp"
#include "core/util/error.hpp"
#include "git-crochet/live.hpp"

namespace crochet::cli {

Action configure_downgrade(CLI::App& app, const Globals& globals) {
  struct Options {
    std::string target;
    int steps = 0;
    LiveOptions connection;
  };
  auto options = std::make_shared<Options>();
  auto* target = app.add_option("--target", options->target,
                                "Revert every applied migration after this one (it stays)");
  app.add_option("--steps", options->steps, "Revert the last N applied migrations (default 1)")
      ->excludes(target);
  add_live_flags(app, options->connection);
  return [options, &globals] {
    if (options->steps < 0)
      throw Error("--steps must be positive");
    LiveRun run = open_live(globals, options->connection);
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
