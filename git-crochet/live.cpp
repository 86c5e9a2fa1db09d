#include "git-crochet/live.hpp"

#include <cstdlib>
#include <iostream>
#include <limits>

#include <termios.h>
#include <unistd.h>

#include <fmt/format.h>

#include "core/neo4j/http.hpp"
#include "core/state/applied_elsewhere.hpp"
#include "git-crochet/support.hpp"

namespace crochet::cli {
namespace {

// Reads a password from the terminal without echoing it.
std::string prompt_password(const std::string& prompt) {
  std::cerr << prompt << std::flush;
  termios saved{};
  const bool terminal = tcgetattr(STDIN_FILENO, &saved) == 0;
  if (terminal) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string password;
  std::getline(std::cin, password);
  if (terminal)
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
  std::cerr << "\n";
  return password;
}

neo4j::Auth auth_for(const config::Neo4jSettings& settings) {
  if (settings.password)
    return neo4j::Auth::basic(settings.username, *settings.password);
  if (isatty(STDIN_FILENO) && isatty(STDERR_FILENO)) {
    std::string password =
        prompt_password("Neo4j password for " + settings.username + " at " +
                        neo4j::redact_url(settings.uri) + " (empty if auth is off): ");
    if (!password.empty())
      return neo4j::Auth::basic(settings.username, std::move(password));
  }
  return {};
}

// A check that a number option lies from `low` to `high`, saying so in the option's own unit.
CLI::Validator between(double low, double high, const std::string& unit) {
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        char* end = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        const bool number = !text.empty() && end == text.c_str() + text.size();
        if (number && value >= low && value <= high)
          return "";
        if (high < std::numeric_limits<double>::max())
          return fmt::format("must be {} to {} {}, not {}", low, high, unit, text);
        return fmt::format("must be at least {} {}, not {}", low, unit, text);
      },
      "");
}
CLI::Validator at_least(double low, const std::string& unit) {
  return between(low, std::numeric_limits<double>::max(), unit);
}

} // namespace

void add_live_flags(CLI::App& app, LiveOptions& options, bool with_lock_flags) {
  app.add_flag("--insecure", options.insecure,
               "Do not verify the server's TLS certificate (an explicit choice; off by default)");
  if (!with_lock_flags)
    return;
  app.add_option("--wait", options.wait_seconds,
                 "Wait up to this many seconds for another run's lock (default 0: refuse)")
      ->check(at_least(0, "seconds"));
  // A lease under a second would lapse between two renewals; one over a day would keep a
  // killed run's lock from everyone that long.
  app.add_option("--lease", options.lease_seconds,
                 "Seconds the lock is held without renewal before others may break it (1 to "
                 "86400, default 300; renewed every third of it while a run holds the lock)")
      ->check(between(1, 86400, "seconds"));
  app.add_option("--rows-per-transaction", options.rows_per_transaction,
                 "Rows per transaction for data loads that do not set their own")
      ->check(at_least(1, "row"));
}

Connection connection_to(const project::Project& project, const LiveOptions& options) {
  const config::Neo4jSettings& settings = project.config.neo4j;
  Connection connection;
  connection.session.uri = settings.uri;
  connection.session.database = settings.database;
  connection.session.auth = auth_for(settings);
  connection.transport.insecure = options.insecure;
  return connection;
}

std::unique_ptr<neo4j::Session> open_session(const project::Project& project,
                                             const LiveOptions& options) {
  const Connection connection = connection_to(project, options);
  return neo4j::connect(connection.session, connection.transport);
}

void add_inspect_flags(CLI::App& app, InspectOptions& options, const std::string& live_help) {
  app.add_flag("--json", options.json, "Print one JSON object");
  app.add_flag("--live", options.live, live_help);
  add_live_flags(app, options.connection, false);
}

inspect::LiveStatus read_live(state::Workspace& workspace, const LiveOptions& options) {
  const config::Neo4jSettings& settings = workspace.project().config.neo4j;
  std::unique_ptr<neo4j::Session> session = open_session(workspace.project(), options);
  return inspect::read_live_status(*session, workspace, state::redact_uri(settings.uri),
                                   settings.database);
}

LiveRun open_live(const Globals& globals, const LiveOptions& options) {
  LiveRun run{open_workspace(globals), {}, {}, {}, {}, {}};
  const project::Project& project = run.workspace.project();
  run.chain = migration::load_chain(run.workspace.files);
  const config::Neo4jSettings& settings = project.config.neo4j;
  const Connection connection = connection_to(project, options); // prompts at most once
  run.session = neo4j::connect(connection.session, connection.transport);
  run.ledger.emplace(ledger::Ledger::open(run.workspace.ledger_path()));
  run.context = std::make_unique<executor::RunContext>(*run.session, *run.ledger, project.root);
  executor::RunContext& context = *run.context;
  context.commit_sha = run.workspace.head_commit;
  context.branch = run.workspace.branch;
  context.actor = state::current_actor(run.workspace);
  context.target_uri = state::redact_uri(settings.uri);
  context.target_database = settings.database;
  context.lease = std::chrono::milliseconds(static_cast<long long>(options.lease_seconds * 1000));
  context.wait = std::chrono::milliseconds(static_cast<long long>(options.wait_seconds * 1000));
  context.keeper_session = [connection](const neo4j::AbandonFlag& abandon) {
    neo4j::SessionOptions session = connection.session;
    session.retry.max_attempts = 1; // a failed renewal is tried again at the keeper's next tick
    neo4j::TransportOptions transport = connection.transport;
    transport.abandon = abandon;
    return neo4j::connect(std::move(session), transport);
  };
  context.rows_per_transaction = options.rows_per_transaction;
  // Its own repository handle: the run (and the workspace in it) is moved to the caller.
  context.applied_elsewhere = [root = project.root](const ledger::AppliedMigration& row) {
    const git::Repository repo = git::Repository::discover(root);
    return state::read_applied_migration(repo, state::project_path_in(repo, root), row);
  };
  context.say = [](const std::string& line) {
    (line.rfind("warning: ", 0) == 0 ? std::cerr : std::cout) << line << std::endl;
  };
  run.progress = std::make_unique<LoadProgress>(std::cerr, isatty(STDERR_FILENO) != 0);
  LoadProgress* progress = run.progress.get();
  context.on_load_progress = [progress](const load::Progress& p) { progress->update(p); };
  context.on_load_done = [progress](const std::string& batch, const load::LoadStats& stats) {
    progress->finish(batch, stats);
  };
  return run;
}

} // namespace crochet::cli
