#pragma once
// Data steps of a migration (create_nodes, upsert_nodes, create_relationships and their
// delete_*_by_batch downgrades) run against Neo4j in chunks.
//
// Exactly-once across crashes: each chunk is one transaction (one multi-statement request where
// the endpoint takes several statements, else an explicit transaction) that carries both the
// chunk's rows and the batch's checkpoint (rows consumed so far) on a `:__CrochetBatch` node, so
// the graph's checkpoint is committed together with the data it describes. After the commit the
// ledger's batch row is brought up to date. A rerun after a failure or `kill -9` reads the
// graph's checkpoint (the ledger may lag by one chunk), skips that many rows of the file (whose
// pinned SHA-256 guarantees the same rows in the same order) and carries on. Each chunk's
// transaction first claims the checkpoint (cypher::claim): a chunk of another load of the batch
// still running on the server is waited for, and the chunk is refused when it moved, so no row
// is ever written twice. A chunk whose answer is lost is settled by the checkpoint, which names
// the run that wrote it: committed by this run, the load goes on; unmoved, the chunk is sent
// again.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "core/ledger/ledger.hpp"
#include "core/migration/dialect.hpp"
#include "core/migration/operation.hpp"
#include "core/neo4j/session.hpp"

namespace crochet::load {

// Where a load stands, reported after every chunk.
struct Progress {
  std::string batch;
  std::int64_t rows = 0;        // rows committed so far (resumed rows included)
  std::uint64_t bytes_done = 0; // of the data file; 0 for inline rows
  std::uint64_t bytes_total = 0;
  std::chrono::steady_clock::duration elapsed{};
};

struct LoadStats {
  std::int64_t rows = 0;         // rows committed by this batch in all runs (removed, by this run)
  std::int64_t resumed_from = 0; // rows already committed before this run
  std::int64_t chunks = 0;       // transactions committed by this run
  std::int64_t skipped = 0;      // create_relationships with on_missing = "skip"
  neo4j::Counters counters;      // Neo4j's counters summed over this run's chunks
  bool already_complete = false; // the batch was loaded by an earlier run
  // Chunks whose answer was lost although they committed (the graph's checkpoint says so): their
  // counters, and their skipped rows, are in neither `counters` nor `skipped`. For a removal:
  // chunks whose answer was lost and that were sent again; what they removed is in no count.
  std::int64_t uncounted_chunks = 0;
  bool removal = false; // the stats of run_delete
};

struct LoadContext {
  LoadContext(neo4j::Session& session_, ledger::Ledger& ledger_, std::filesystem::path root)
      : session(session_), ledger(ledger_), project_root(std::move(root)) {}
  neo4j::Session& session;
  ledger::Ledger& ledger;
  std::filesystem::path project_root; // data file paths are relative to it
  migration::Dialect dialect = migration::Dialect::v5;
  std::string revision;                      // the migration the step belongs to
  int step = 0;                              // the step's index in the migration's upgrade list
  std::int64_t rows_per_transaction = 10000; // unless the step sets its own
  std::function<void(const Progress&)> on_progress;
};

// Whether `kind` is a step this layer runs.
bool is_load_step(migration::OpKind kind);
bool is_delete_step(migration::OpKind kind);

// Runs a create_nodes / upsert_nodes / create_relationships step (resuming its batch when an
// earlier run stopped part-way). Throws crochet::Error naming the file, line and column of a bad
// row, or the first row whose relationship endpoint is missing; what was committed before the
// failure stays recorded as the batch's checkpoint.
LoadStats run_load(const migration::Operation& operation, const LoadContext& context);

// Runs a delete_nodes_by_batch / delete_relationships_by_batch step in chunks of committed
// transactions, then forgets the batch (ledger row and graph checkpoint). Safe to rerun. Each
// chunk removes whatever of the batch is left, so one whose answer is lost is sent again (up to
// the session's retry attempts in a row). Reports progress after every chunk, as loads do.
LoadStats run_delete(const migration::Operation& operation, const LoadContext& context);

// The label of the graph node that carries each batch's checkpoint.
inline constexpr const char* kBatchLabel = "__CrochetBatch";
// The loader version recorded with each batch.
inline constexpr const char* kLoaderVersion = "1";

} // namespace crochet::load
