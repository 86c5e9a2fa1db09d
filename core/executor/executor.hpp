#pragma once
// Live upgrade and downgrade (BRIEF §7, §8, §13). Neo4j's rules decide how each step is sent:
// schema statements in auto-commit requests of their own; consecutive data steps of a migration
// in one explicit transaction together with the graph mirror's progress; loads and
// `IN TRANSACTIONS` steps on their own (loads chunked and checkpointed by core/load).
//
// Before anything runs: every step is checked against the server's version and edition, every
// data file against its pinned checksum, every downgrade for rollback_safe. While running: the
// graph lock is held and renewed between steps (and during them, given a keeper session); each step
// is recorded in the ledger (runs/steps) and in the mirror; a failure records exactly which steps
// are done and stops. A rerun resumes an interrupted migration at its first unfinished step: the
// graph's mirror decides for data steps (they commit with it), and a schema step found half-done is
// re-sent, tolerating "already there" / "already gone".
#include <chrono>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "core/executor/lease_keeper.hpp"
#include "core/load/load.hpp"
#include "core/migration/migration.hpp"
#include "core/neo4j/session.hpp"

namespace crochet::executor {

struct RunContext {
  RunContext(neo4j::Session& session_, ledger::Ledger& ledger_, std::filesystem::path root)
      : session(session_), ledger(ledger_), project_root(std::move(root)) {}
  neo4j::Session& session;
  ledger::Ledger& ledger;
  std::filesystem::path project_root;
  std::string commit_sha; // HEAD
  std::string branch;
  std::string actor;
  std::string target_uri; // redacted
  std::string target_database;
  std::chrono::milliseconds lease{std::chrono::minutes(5)};
  std::chrono::milliseconds wait{0};
  // A second session to the same server, for the thread that keeps the lock's lease renewed
  // while a long step runs; none: the lease is renewed only between steps and chunks.
  SessionFactory keeper_session;
  std::int64_t rows_per_transaction = 10000;
  // Reads an applied migration the chain lacks (applied from another branch) as it was applied,
  // so a downgrade can revert it; throws crochet::Error when it cannot. None: such a migration
  // is refused.
  std::function<migration::Migration(const ledger::AppliedMigration&)> applied_elsewhere;
  std::function<void(const std::string&)> say;                 // one line per event
  std::function<void(const load::Progress&)> on_load_progress; // during loads
  std::function<void(const std::string&, const load::LoadStats&)> on_load_done;
};

struct RunReport {
  std::vector<std::string> revisions; // applied (or reverted), in order
  neo4j::Counters counters;
  bool dry_run = false;
};

// Brings the database to `target` (nullptr: the single head).
RunReport upgrade(RunContext& context, const migration::Chain& chain,
                  const migration::Migration* target);

// Runs the pending data steps in transactions that are rolled back, reporting Neo4j's counters;
// schema steps and loads are listed, not run. Takes no lock and records nothing.
RunReport dry_run_upgrade(RunContext& context, const migration::Chain& chain,
                          const migration::Migration* target);

// Reverts applied migrations newest first: down to (not including) `target`, or the last
// `steps` when target is nullptr. One the chain lacks is read through
// `context.applied_elsewhere`. Refuses, before anything runs, when one of them cannot be read or
// is rollback_safe = false.
RunReport downgrade(RunContext& context, const migration::Chain& chain,
                    const migration::Migration* target, int steps);

// `downgrade --interrupted`: reverts the migration whose upgrade was interrupted by running its
// whole downgrade (schema steps tolerate "already gone", as only some upgrade steps ran), removes
// its mirror node and forgets its run, logging a "downgrade" event with outcome "abandoned"; an
// upgrade then runs it afresh from step 1. Resumes such a revert that was itself interrupted.
// Refuses before anything runs (see abandon.hpp): nothing interrupted, the file missing or its
// upgrade's steps that ran changed, rollback_safe = false, unguarded downgrade steps unless
// `trust_downgrade`.
RunReport abandon_interrupted(RunContext& context, const migration::Chain& chain,
                              bool trust_downgrade);

} // namespace crochet::executor
