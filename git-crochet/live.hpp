#pragma once
// What the commands that talk to Neo4j share: the connection flags, opening the session from
// crochet.toml and the environment (the password only from CROCHET_NEO4J_PASSWORD or a prompt on
// a terminal, never from a file or a flag), and the run context of the executor.
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "core/executor/executor.hpp"
#include "core/inspect/live.hpp"
#include "core/ledger/ledger.hpp"
#include "core/state/workspace.hpp"
#include "git-crochet/command.hpp"
#include "git-crochet/load_progress.hpp"

namespace crochet::cli {

struct LiveOptions {
  bool insecure = false;
  double wait_seconds = 0;
  double lease_seconds = 300;
  long long rows_per_transaction = 10000;
};

// --insecure, --wait, --lease, --rows-per-transaction.
void add_live_flags(CLI::App& app, LiveOptions& options, bool with_lock_flags = true);

// What status and verify take: --json, --live (with what it adds, for the help) and --insecure.
struct InspectOptions {
  bool json = false;
  bool live = false;
  LiveOptions connection;
};
void add_inspect_flags(CLI::App& app, InspectOptions& options, const std::string& live_help);

// status --live / verify --live: reads the server (never writes). Throws when it cannot.
inspect::LiveStatus read_live(state::Workspace& workspace, const LiveOptions& options);

// How to reach the project's database (crochet.toml and the environment; password prompted on
// a terminal when not in the environment): made once, for every session a command opens.
struct Connection {
  neo4j::SessionOptions session;
  neo4j::TransportOptions transport;
};
Connection connection_to(const project::Project& project, const LiveOptions& options);

// A session to the project's database, through connection_to.
std::unique_ptr<neo4j::Session> open_session(const project::Project& project,
                                             const LiveOptions& options);

// An open project with its ledger, a Neo4j session and the executor's context.
struct LiveRun {
  state::Workspace workspace;
  std::unique_ptr<neo4j::Session> session;
  std::optional<ledger::Ledger> ledger;
  std::unique_ptr<executor::RunContext> context;
  std::unique_ptr<LoadProgress> progress;
  migration::Chain chain;
};

LiveRun open_live(const Globals& globals, const LiveOptions& options);

} // namespace crochet::cli
