// git crochet unlock --force: break the graph's migration lock, e.g. after the machine holding it
// died. Without --force it only says who holds it.
#include <iostream>

#include "core/executor/lock.hpp"
#include "core/util/advice.hpp"
#include "core/util/error.hpp"
#include "git-crochet/live.hpp"

namespace crochet::cli {

Action configure_unlock(CLI::App& app, const Globals& globals) {
  struct Options {
    bool force = false;
    LiveOptions connection;
  };
  auto options = std::make_shared<Options>();
  app.add_flag("--force", options->force, "Remove the lock whoever holds it");
  add_live_flags(app, options->connection, false);
  return [options, &globals] {
    LiveRun run = open_live(globals, options->connection);
    if (!options->force) {
      auto holder = executor::GraphLock::holder(*run.session);
      if (!holder) {
        std::cout << "the migration lock is free\n";
        return 0;
      }
      std::cout << "held by " << holder->owner << ", lease ends in "
                << (holder->expires_at_ms - holder->now_ms + 999) / 1000 << " s\n";
      throw Error("not breaking the lock without --force",
                  "make sure that run is dead, then `" + advice::crochet("unlock --force") + "`");
    }
    auto removed = executor::GraphLock::force_unlock(*run.session);
    run.ledger->append_event(
        {"unlock", "", "ok", run.context->actor, {{"removed", removed ? removed->owner : ""}}});
    std::cout << (removed ? "removed the lock held by " + removed->owner
                          : std::string("the migration lock was free"))
              << "\n";
    return 0;
  };
}

} // namespace crochet::cli
