// git crochet status [--live] [--json]: what the ledger says is applied, what is pending, where
// the database stands relative to the migrations of the work tree, and whether the models are
// covered by the head migration; with --live, what the graph itself says.
#include <exception>
#include <iostream>

#include "core/hooks/setup_check.hpp"
#include "core/state/applied_elsewhere.hpp"
#include "core/state/status.hpp"
#include "core/util/advice.hpp"
#include "git-crochet/live.hpp"
#include "git-crochet/support.hpp"

namespace crochet::cli {

namespace {

std::string short_commit(const std::string& commit) {
  return commit.substr(0, 7);
}

std::string provenance(const ledger::AppliedMigration& row) {
  std::string text;
  if (!row.commit_sha.empty())
    text += "from " + short_commit(row.commit_sha);
  if (!row.branch.empty())
    text += (text.empty() ? "on " : " on ") + row.branch;
  return text.empty() ? "outside any commit" : text;
}

void print_applied(const Globals& globals, const state::StatusReport& report) {
  const auto& applied = report.database.applied;
  std::cout << "Applied (" << applied.size() << "):\n";
  for (const ledger::AppliedMigration& row : applied) {
    std::cout << "  " << paint(globals, "32", row.revision) << "  " << row.file << "  "
              << row.applied_at << "  " << (row.method == "stamp" ? "stamped" : "upgraded") << " "
              << provenance(row) << "\n";
  }
}

void print_position(const Globals& globals, const state::StatusReport& report) {
  const state::DatabaseStatus& db = report.database;
  switch (db.position) {
  case state::Position::at_head:
    std::cout << "Database: " << paint(globals, "32", "at head")
              << (db.heads.empty() ? " (no migrations yet)" : "") << "\n";
    break;
  case state::Position::behind:
    std::cout << "Database: " << paint(globals, "33", "behind") << ", " << db.pending.size()
              << " migration" << (db.pending.size() == 1 ? "" : "s") << " pending; run `"
              << advice::crochet("upgrade") << "`\n";
    break;
  case state::Position::ahead:
  case state::Position::diverged: {
    const bool ahead = db.position == state::Position::ahead;
    std::cout << "Database: " << paint(globals, "31", ahead ? "ahead" : "diverged") << ", "
              << db.foreign.size() << " applied migration"
              << (db.foreign.size() == 1 ? " is" : "s are")
              << " not in this checkout's migrations:\n";
    for (const ledger::AppliedMigration& row : db.foreign)
      std::cout << "  " << paint(globals, "31", row.revision) << "  applied " << row.applied_at
                << " " << provenance(row) << "\n";
    for (const std::string& line : report.revert_advice)
      std::cout << "  " << line << "\n";
    if (report.revert_advice.empty() && ahead)
      std::cout << "  check out a newer commit to get their migration files\n";
    break;
  }
  }
}

void print_findings(const Globals& globals, const inspect::Drift& drift) {
  for (const std::string& item : drift.missing)
    std::cout << "  " << paint(globals, "31", "missing: ") << item << "\n";
  for (const std::string& item : drift.extra)
    std::cout << "  " << paint(globals, "31", "extra: ") << item << "\n";
  for (const std::string& item : drift.different)
    std::cout << "  " << paint(globals, "31", "different: ") << item << "\n";
}

void print_live(const Globals& globals, const inspect::LiveStatus& live) {
  std::cout << "Server: Neo4j " << live.server.version << " " << live.server.edition << " at "
            << live.uri << ", database " << live.database << " ("
            << neo4j::to_string(live.server.family) << " endpoint)\n";
  if (live.lock)
    std::cout << "Lock: " << paint(globals, "33", "held") << " by " << live.lock->owner
              << ", lease ends in " << (live.lock->expires_at_ms - live.lock->now_ms) / 1000
              << " s\n";
  else
    std::cout << "Lock: free\n";
  std::cout << "Graph chain: " << live.mirror_size << " migration"
            << (live.mirror_size == 1 ? "" : "s") << " recorded in the graph";
  for (const inspect::MirrorHead& head : live.graph_heads) {
    std::cout << "; head " << head.revision;
    if (head.state != "applied")
      std::cout << " " << paint(globals, "31", head.state) << " after " << head.steps_done
                << " steps";
    if (!head.commit_sha.empty())
      std::cout << " from " << short_commit(head.commit_sha);
  }
  std::cout << "\n";
  if (!live.chain_error.empty()) {
    std::cout << "  " << paint(globals, "31", live.chain_error) << "\n";
  } else if (live.chain.empty()) {
    std::cout << "  " << paint(globals, "32", "agrees with " + live.chain.against) << "\n";
  } else {
    std::cout << "  " << paint(globals, "31", "disagrees with " + live.chain.against) << "; run `"
              << advice::crochet("verify --live") << "` for what to do\n";
    print_findings(globals, live.chain);
  }
  if (!live.expected.schema) {
    std::cout << "Graph schema: " << paint(globals, "31", "not compared") << ": "
              << live.expected.problem << "\n";
    return;
  }
  std::cout << "Graph schema: "
            << (live.schema.empty() ? paint(globals, "32", "as expected")
                                    : paint(globals, "31", "differs"))
            << " (" << live.schema.matched << " matched, against " << live.expected.source()
            << ")\n";
  print_findings(globals, live.schema);
}

} // namespace

Action configure_status(CLI::App& app, const Globals& globals) {
  auto options = std::make_shared<InspectOptions>();
  add_inspect_flags(app, *options,
                    "Also ask the database: server, lock, its :__CrochetMigration chain against "
                    "the ledger, its constraints and indexes against the expected schema");
  return [options, &globals]() -> int {
    state::Workspace workspace = open_workspace(globals);
    const state::StatusReport report = state::read_status(workspace);
    // The hooks are checked to advise, never to fail: an unreadable hooks setting is reported.
    hooks::HooksSetup hooks_setup;
    std::string hooks_problem;
    try {
      hooks_setup = hooks::check_setup(
          workspace.repo(), state::project_path_in(workspace.repo(), workspace.project().root));
    } catch (const std::exception& error) { // a bad core.hooksPath, an unreadable folder
      hooks_problem = error.what();
    }
    std::optional<inspect::LiveStatus> live;
    if (options->live)
      live = read_live(workspace, options->connection);
    if (options->json) {
      ledger::Json json = state::to_json(report);
      json["hooks"] = {{"complete", hooks_problem.empty() && hooks_setup.complete()},
                       {"missing", hooks_setup.missing},
                       {"outdated", hooks_setup.stale}};
      if (!hooks_problem.empty())
        json["hooks"]["error"] = hooks_problem;
      if (live)
        json["live"] = inspect::to_json(*live);
      std::cout << json.dump(2) << "\n";
      return 0;
    }
    std::cout << "On " << (report.branch.empty() ? "detached HEAD" : "branch " + report.branch)
              << (report.head_commit.empty() ? ", no commits yet"
                                             : " at " + short_commit(report.head_commit))
              << "\n";
    if (!hooks_problem.empty())
      std::cout << "Hooks: " << paint(globals, "33", "cannot check them: " + hooks_problem) << "\n";
    else if (!hooks_setup.complete())
      std::cout << "Hooks: " << paint(globals, "33", hooks::describe(hooks_setup)) << "\n";
    std::cout << "Ledger: " << report.ledger_path
              << (report.ledger_exists ? "" : " (none yet: nothing applied)") << "; target "
              << report.target_uri << ", database " << report.target_database << "\n";
    for (const state::StatusReport::OtherTarget& other : report.other_targets)
      std::cout << "  " << paint(globals, "33", "recorded elsewhere: ") << other.migrations
                << " of its migrations were applied to " << other.uri << ", database "
                << other.database
                << ", not to this target:\n    what follows may not hold for it (`"
                << advice::crochet("status --live")
                << "` asks it; a ledger of its own, [ledger] path, keeps "
                << "each database's record apart)\n";
    const std::vector<std::string>& heads = report.database.heads;
    if (heads.size() > 1) {
      std::string names;
      for (const std::string& head : heads)
        names += (names.empty() ? "" : ", ") + head;
      std::cout << "Heads: " << paint(globals, "31", names) << "; run `" << advice::crochet("merge")
                << "`\n";
    } else {
      std::cout << "Head: " << (heads.empty() ? std::string("no migrations") : heads.front())
                << "\n";
    }
    print_position(globals, report);
    if (!report.database.applied.empty())
      print_applied(globals, report);
    if (!report.database.pending.empty()) {
      std::cout << "Pending (" << report.database.pending.size() << "):\n";
      for (const state::Pending& entry : report.database.pending)
        std::cout << "  " << paint(globals, "33", entry.revision) << "  " << entry.file << "\n";
    }
    for (const state::Changed& changed : report.database.changed)
      std::cout << paint(globals, "31", "Changed since applied: ") << changed.revision << " ("
                << changed.file << (changed.file_edited ? " edited" : ": an ancestor changed")
                << "); run `" << advice::crochet("verify") << "`\n";
    for (const state::InterruptedRun& entry : report.interrupted) {
      std::cout << paint(globals, "31", "Interrupted: ") << entry.run.direction << " of "
                << entry.run.revision << " stopped after " << entry.steps_done << " of "
                << entry.run.step_count << " steps";
      if (entry.failed_step)
        std::cout << " (step " << *entry.failed_step + 1 << " failed: " << entry.failed_detail
                  << ")";
      std::cout << "; run `" << entry.finish_command << "` again to finish it";
      if (!entry.abandon_command.empty())
        std::cout << ", or `" << entry.abandon_command
                  << "` to revert what ran when the cause lies in the steps that ran";
      std::cout << "\n";
    }
    if (!report.models_readable)
      std::cout << "Models: " << paint(globals, "31", "do not read") << ": " << report.models_error
                << "\n";
    else
      std::cout << "Models: "
                << (report.coverage.ok() ? paint(globals, "32", "covered")
                                         : paint(globals, "31", "not covered"))
                << ": " << report.coverage.message << "\n";
    if (report.models_readable && report.coverage.missing) {
      for (const schema::Change& change : report.coverage.missing->changes)
        std::cout << "  " << paint(globals, "31", change.summary) << "\n";
      std::cout << "  write the missing migration with `"
                << advice::crochet("create-migration \"DESCRIPTION\"") << "`\n";
    }
    if (live)
      print_live(globals, *live);
    return 0;
  };
}

} // namespace crochet::cli
