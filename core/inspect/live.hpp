#pragma once
// `status --live` and `verify --live`: the server in front of us, who holds the migration lock,
// where the graph's own migration chain stands, and the two drift comparisons (graph schema
// against the expected schema, graph chain against the ledger). Reads only: never takes the
// lock, never writes to the graph or the ledger.
#include <optional>
#include <string>
#include <vector>

#include "core/executor/lock.hpp"
#include "core/inspect/drift.hpp"
#include "core/neo4j/session.hpp"
#include "core/state/workspace.hpp"

namespace crochet::inspect {

struct MirrorHead {
  std::string revision;
  std::string state; // "applied", or an interrupted run's "applying"/"failed"/"reverting"
  std::int64_t steps_done = 0;
  std::string commit_sha;
  std::string branch;
};

struct LiveStatus {
  std::string uri; // credentials removed
  std::string database;
  neo4j::ServerInfo server;
  std::optional<executor::LockHolder> lock; // an unexpired lease, if any
  std::vector<MirrorHead> graph_heads;      // mirror entries no other entry descends from
  int mirror_size = 0;
  bool ledger_present = false; // else the graph's chain is compared with the migration files
  std::string chain_error;     // why the chain could not be compared ("" when it was)
  ExpectedSchema expected;
  Drift schema;
  ChainDrift chain;
};

// Throws crochet::Error (or a Neo4j error) when the server cannot be reached or answers with an
// error; a ledger that cannot be read is reported in the result instead.
LiveStatus read_live_status(neo4j::Session& session, state::Workspace& workspace,
                            const std::string& uri, const std::string& database);

// The live checks for verify: graph schema and graph migration chain.
std::vector<state::Check> live_checks(const LiveStatus& status);

// A failed check for a server that could not be asked.
state::Check unreachable_check(const std::string& error, const std::string& hint);

ledger::Json to_json(const LiveStatus& status);

} // namespace crochet::inspect
