// git crochet stamp REV: adopt an existing graph by recording REV and its ancestors as applied
// without running them.
#include <iostream>

#include "core/state/stamp.hpp"
#include "git-crochet/support.hpp"

namespace crochet::cli {

Action configure_stamp(CLI::App& app, const Globals& globals) {
  auto revision = std::make_shared<std::string>();
  app.add_option("REV", *revision,
                 "The migration the graph already matches: a revision, a unique prefix of one, "
                 "its file name, or `head`")
      ->required();
  app.footer("Records REV and every ancestor not yet recorded, with the HEAD commit and branch, "
             "in one transaction, and logs a stamp event for each. Nothing is sent to Neo4j.");
  return [revision, &globals]() -> int {
    state::Workspace workspace = open_workspace(globals);
    const state::StampResult result = state::stamp(workspace, *revision);
    if (result.recorded.empty()) {
      std::cout << result.revision << " is already recorded as applied; nothing to do\n";
      return 0;
    }
    std::cout << "Stamped " << result.revision << ": recorded as applied without running ("
              << (workspace.head_commit.empty() ? std::string("no commit")
                                                : "commit " + workspace.head_commit.substr(0, 7))
              << (workspace.branch.empty() ? "" : " on " + workspace.branch) << "):\n";
    for (const std::string& recorded : result.recorded)
      std::cout << "  " << paint(globals, "32", recorded) << "\n";
    if (!result.already_applied.empty())
      std::cout << result.already_applied.size() << " earlier migration"
                << (result.already_applied.size() == 1 ? " was" : "s were")
                << " already recorded\n";
    return 0;
  };
}

} // namespace crochet::cli
