#include "core/load/load.hpp"

#include <algorithm>
#include <functional>
#include <optional>
#include <random>

#include <fmt/format.h>

#include "core/data/row_source.hpp"
#include "core/load/source.hpp"
#include "core/load/statements.hpp"
#include "core/migration/render.hpp"
#include "core/neo4j/graph_schema.hpp"
#include "core/neo4j/settle.hpp"
#include "core/util/error.hpp"

namespace crochet::load {
namespace {

using migration::Json;
using migration::Operation;
using migration::OpKind;
using migration::Statement;

// The graph's checkpoint of `batch`: rows committed, whether the load finished, and the run
// that wrote it last.
struct GraphCheckpoint {
  std::int64_t rows = 0;
  bool complete = false;
  std::string written_by;  // "" before the first chunk
  std::string file_sha256; // of the source file the rows were read from; "" for inline rows
};

std::optional<GraphCheckpoint> read_checkpoint(neo4j::Session& session, const std::string& batch) {
  neo4j::Result result = session.run(cypher::read_checkpoint(batch), neo4j::Replay::idempotent);
  if (result.rows.empty())
    return std::nullopt;
  GraphCheckpoint checkpoint;
  const Json& rows = result.value(0, "rows");
  checkpoint.rows = rows.is_number_integer() ? rows.get<std::int64_t>() : 0;
  checkpoint.complete = result.value(0, "complete") == true;
  const Json& written_by = result.value(0, "written_by");
  if (written_by.is_string())
    checkpoint.written_by = written_by.get<std::string>();
  if (const Json& sha256 = result.value(0, "file_sha256"); sha256.is_string())
    checkpoint.file_sha256 = sha256.get<std::string>();
  return checkpoint;
}

// A token for one run of a load, written with each of its checkpoints (cypher::BatchWriter).
std::string new_run_token() {
  std::random_device random;
  std::string token;
  for (int i = 0; i < 4; ++i)
    token += fmt::format("{:08x}", random());
  return token;
}

// What the graph's checkpoint says of the chunk that took `batch` from `before` to `after` rows
// in the run named `writer.run`: `resend` when it is where the chunk found it (nothing of the
// chunk committed), committed when it is after the chunk and written by this run, unknown when
// it cannot be read. When it is anywhere else, another load of the batch wrote to the graph
// meanwhile, and the chunk's claim refused it: throws, with the batch marked failed in the
// ledger.
neo4j::Fate fate_of_chunk(const LoadContext& context, const std::string& batch,
                          const cypher::BatchWriter& writer, std::int64_t before,
                          std::int64_t after) {
  std::optional<GraphCheckpoint> graph;
  try {
    graph = read_checkpoint(context.session, batch);
  } catch (const Error&) {
    return neo4j::Fate::unknown;
  }
  if (graph && graph->rows == before && !graph->complete)
    return neo4j::Fate::resend;
  if (graph && graph->rows == after && !graph->complete && graph->written_by == writer.run)
    return neo4j::Fate::committed;
  context.ledger.set_batch_state(batch, "failed");
  const std::string now = !graph ? "gone"
                                 : "at " + std::to_string(graph->rows) + " rows" +
                                       (graph->complete ? ", complete" : "");
  throw Error("batch " + batch + ": the graph's checkpoint is " + now + ", where this load had " +
                  std::to_string(before) +
                  " rows: another load of the batch wrote to the graph meanwhile (the server may "
                  "still have been running a chunk of an interrupted load). Nothing of this "
                  "chunk was written",
              "rerun once no other load of the batch runs: it resumes from the graph's "
              "checkpoint");
}

// One chunk's transaction: the claim, the rows and the checkpoint.
struct ChunkStatements {
  Statement claim;
  Statement rows;
  Statement checkpoint;
};

// Sends one chunk, committed as a whole either way: in one multi-statement request where the
// endpoint takes several statements, else in an explicit transaction. Returns the rows
// statement's counters.
neo4j::Counters send_chunk(neo4j::Session& session, const ChunkStatements& chunk) {
  neo4j::Counters counters;
  if (session.can_run_together()) { // one round trip: the server runs all three and commits
    const std::vector<neo4j::Result> results =
        session.run_together({chunk.claim, chunk.rows, chunk.checkpoint});
    if (results.size() > 1)
      counters = results[1].counters;
    return counters;
  }
  session.run_transaction([&](neo4j::Transaction& transaction) {
    transaction.run(chunk.claim);
    counters = transaction.run(chunk.rows).counters;
    transaction.run(chunk.checkpoint);
  });
  return counters;
}

// Sends the chunk that takes `batch` from `before` to `after` rows until the graph settles it,
// and returns its counters: none when its answer was lost but the graph shows it committed.
// A chunk whose answer is lost is sent again while the graph shows it unwritten, up to the
// session's retry attempts: its claim waits for an earlier attempt still running on the server,
// and refuses once that one committed. On failure the batch is marked failed in the ledger and
// the error thrown, after `explain` had its chance to throw a clearer one.
std::optional<neo4j::Counters>
send_until_settled(const LoadContext& context, const std::string& batch,
                   const cypher::BatchWriter& writer, std::int64_t before, std::int64_t after,
                   const ChunkStatements& chunk,
                   const std::function<void(const neo4j::Neo4jError&)>& explain) {
  const auto fate = [&] { return fate_of_chunk(context, batch, writer, before, after); };
  const auto unanswered = [&](const neo4j::TransportFault& fault, int attempts) {
    throw Error("batch " + batch + ": the chunk after row " + std::to_string(before) +
                    " was sent " + std::to_string(attempts) +
                    " times without an answer, and the graph shows none of it committed (last "
                    "attempt: " +
                    fault.what() + ")",
                "rerun once Neo4j answers again: the load resumes from the graph's checkpoint, "
                "and waits for any of these attempts still running");
  };
  try {
    neo4j::Counters counters;
    const neo4j::Settled settled = neo4j::send_settled(
        context.session, [&] { counters = send_chunk(context.session, chunk); },
        {.after_lost = fate, .refusal_may_mean_committed = true, .exhausted = unanswered});
    if (settled == neo4j::Settled::committed)
      return std::nullopt;
    return counters;
  } catch (const neo4j::Neo4jError& error) {
    context.ledger.set_batch_state(batch, "failed");
    explain(error);
    throw;
  } catch (const Error&) {
    context.ledger.set_batch_state(batch, "failed");
    throw;
  }
}

// Rows of a step: its data file, or its inline `rows` list (converted the same way).
std::unique_ptr<data::RowSource> open_step_rows(const Operation& operation, const SourceSpec* spec,
                                                const data::Columns& columns,
                                                std::shared_ptr<std::size_t> bytes) {
  if (spec)
    return data::open_rows(std::make_unique<data::CountingByteSource>(
                               std::make_unique<data::FileByteSource>(spec->absolute), bytes),
                           spec->format, columns, spec->path);
  return data::open_rows(inline_rows(operation), data::Format::jsonl, columns,
                         describe_step(operation));
}

// When a create_relationships chunk fails because an endpoint is missing, finds the first row
// of the chunk without one and names it; nullopt when every row has both ends.
std::optional<std::string> missing_endpoint(const Operation& operation, const Json& rows,
                                            const std::vector<std::size_t>& lines,
                                            const std::string& where, neo4j::Session& session) {
  for (const char* side : {"from", "to"}) {
    neo4j::Result result = session.run(cypher::missing_endpoint(operation.args.at(side), rows),
                                       neo4j::Replay::idempotent);
    if (result.rows.empty())
      continue;
    const auto index = result.value(0, "i").get<std::size_t>();
    const std::string line = index < lines.size() ? ":" + std::to_string(lines[index]) : "";
    return where + line + ": no " + operation.args.at(side).at("label").get<std::string>() +
           " node matches the relationship's `" + side + "` end " + rows[index].dump();
  }
  return std::nullopt;
}

// Asks the server to resample the indexes whose samples are out of date (see
// cypher::refresh_index_samples), so that the first chunk is planned from fresh ones.
void refresh_index_samples(neo4j::Session& session) {
  try {
    session.run(cypher::refresh_index_samples(), neo4j::Replay::idempotent);
  } catch (const neo4j::Neo4jError& error) {
    // A user who may not resample (or a server without the procedure) loads all the same.
    if (error.kind() != neo4j::ErrorKind::forbidden && error.kind() != neo4j::ErrorKind::client)
      throw;
  }
}

// Readies the server to find relationships' ends by index: fresh index samples, and on 3.x the
// online single-property node indexes, for the statement's index hints (migration::render's
// IndexedProperty). Other steps need neither.
std::vector<migration::IndexedProperty> prepare_endpoint_lookups(const Operation& operation,
                                                                 const LoadContext& context) {
  std::vector<migration::IndexedProperty> indexed;
  if (operation.kind != OpKind::create_relationships)
    return indexed;
  refresh_index_samples(context.session);
  if (context.dialect != migration::Dialect::v3)
    return indexed;
  for (const neo4j::GraphObject& object : neo4j::read_graph_schema(context.session))
    if (object.kind == "range_index" && object.entity == "node" && object.state == "ONLINE" &&
        object.tokens.size() == 1 && object.properties.size() == 1)
      indexed.push_back({object.tokens.front(), object.properties.front()});
  return indexed;
}

// The checkpoint counts rows of the file the load started with. Resuming it with another file
// (edited, then pinned again) would skip that file's first rows and keep rows it no longer has.
void refuse_another_file(const GraphCheckpoint& graph, const SourceSpec& spec,
                         const Operation& operation, const std::string& batch) {
  if (graph.file_sha256.empty() || graph.file_sha256 == spec.sha256 ||
      (graph.rows == 0 && !graph.complete))
    return;
  throw Error(describe_step(operation) + ": the graph holds " + std::to_string(graph.rows) +
                  " row" + (graph.rows == 1 ? "" : "s") + " of batch " + batch + " from " +
                  spec.path + " as it was (" + graph.file_sha256 +
                  "), and the migration now pins " + spec.sha256 + "; " +
                  (graph.complete ? "the batch was loaded in full from the old file"
                                  : "resuming with the new file would skip its first " +
                                        std::to_string(graph.rows) + " rows") +
                  ". Nothing was loaded by this run",
              "restore the file the load started with and pin its sha256 again to finish the "
              "load; to load the new file instead, first remove the batch (a "
              "delete_nodes_by_batch or delete_relationships_by_batch step, or a downgrade)");
}

ledger::Batch ledger_batch(const std::string& batch, const LoadContext& context,
                           const SourceSpec* spec) {
  ledger::Batch record;
  record.batch_id = batch;
  record.revision = context.revision;
  record.step = context.step;
  record.file = spec ? spec->path : "";
  record.file_sha256 = spec ? spec->sha256 : "";
  record.loader_version = kLoaderVersion;
  record.state = "loading";
  return record;
}

} // namespace

bool is_load_step(OpKind kind) {
  return kind == OpKind::create_nodes || kind == OpKind::upsert_nodes ||
         kind == OpKind::create_relationships;
}

bool is_delete_step(OpKind kind) {
  return kind == OpKind::delete_nodes_by_batch || kind == OpKind::delete_relationships_by_batch;
}

LoadStats run_load(const Operation& operation, const LoadContext& context) {
  if (!is_load_step(operation.kind))
    throw Error("internal error: run_load called for " + std::string(to_string(operation.kind)));
  const std::string batch = operation.string_arg("batch");
  std::optional<SourceSpec> spec;
  if (operation.has("source")) {
    spec = parse_source(operation, context.project_root);
    verify_checksum(*spec); // before anything is written
  }
  const data::Columns columns = step_columns(operation);
  const std::int64_t chunk_rows =
      operation.args.value("rows_per_transaction", context.rows_per_transaction);
  if (chunk_rows <= 0)
    throw Error(describe_step(operation) + ": rows_per_transaction must be positive");

  LoadStats stats;
  const std::optional<GraphCheckpoint> graph = read_checkpoint(context.session, batch);
  if (graph && spec)
    refuse_another_file(*graph, *spec, operation, batch);
  std::optional<ledger::Batch> recorded = context.ledger.find_batch(batch);
  if (!recorded) {
    context.ledger.begin_batch(ledger_batch(batch, context, spec ? &*spec : nullptr));
    recorded = context.ledger.find_batch(batch);
  }
  if (graph && graph->complete) {
    stats.rows = stats.resumed_from = graph->rows;
    stats.already_complete = true;
    if (recorded->state != "complete") { // the run that finished died before telling the ledger
      if (recorded->state != "loading")
        context.ledger.set_batch_state(batch, "loading");
      context.ledger.checkpoint_batch(batch, graph->rows, std::to_string(graph->rows));
      context.ledger.finish_batch(batch);
    }
    return stats;
  }
  stats.rows = stats.resumed_from = graph ? graph->rows : 0;
  if (recorded->state != "loading")
    context.ledger.set_batch_state(batch, "loading");
  const cypher::BatchWriter writer{context.revision, spec ? spec->sha256 : "", new_run_token()};
  if (!graph)
    context.session.run(cypher::open_batch(batch, writer), neo4j::Replay::idempotent);

  auto bytes = std::make_shared<std::size_t>(0);
  auto rows = open_step_rows(operation, spec ? &*spec : nullptr, columns, bytes);
  rows->skip(static_cast<std::size_t>(stats.rows));
  const std::vector<Statement> rendered =
      migration::render(operation, context.dialect, prepare_endpoint_lookups(operation, context));
  if (rendered.size() != 1)
    throw Error("internal error: a load step renders to one statement");
  const auto started = std::chrono::steady_clock::now();
  const bool count_skips = operation.kind == OpKind::create_relationships &&
                           operation.args.value("on_missing", std::string("error")) == "skip";
  Json chunk = Json::array();
  // A failed relationships chunk is explained by its first row without an endpoint, if any.
  auto explain = [&](const neo4j::Neo4jError& error) {
    if (operation.kind != OpKind::create_relationships || count_skips ||
        error.kind() == neo4j::ErrorKind::transient)
      return;
    if (auto missing =
            missing_endpoint(operation, chunk, rows->chunk_lines(),
                             spec ? spec->path : describe_step(operation), context.session))
      throw Error(*missing + " (batch " + batch + ": " + std::to_string(stats.rows) +
                      " rows committed before this chunk)",
                  "load the missing nodes first, or set on_missing = \"skip\" to leave such "
                  "rows out");
  };
  while (true) {
    chunk.clear();
    const std::size_t count = rows->next_chunk(static_cast<std::size_t>(chunk_rows), chunk);
    if (count == 0)
      break;
    Statement statement = rendered.front();
    statement.params["rows"] = chunk;
    const std::int64_t after = stats.rows + static_cast<std::int64_t>(count);
    const std::optional<neo4j::Counters> counters =
        send_until_settled(context, batch, writer, stats.rows, after,
                           {cypher::claim(batch, stats.rows), std::move(statement),
                            cypher::checkpoint(batch, writer, after, false)},
                           explain);
    if (counters) {
      stats.counters.add(*counters);
      if (count_skips)
        stats.skipped += static_cast<std::int64_t>(count) - counters->get("relationships_created");
    } else {
      ++stats.uncounted_chunks;
    }
    stats.rows = after;
    ++stats.chunks;
    context.ledger.checkpoint_batch(batch, stats.rows, std::to_string(stats.rows));
    if (context.on_progress)
      context.on_progress(Progress{batch, stats.rows, *bytes, spec ? spec->size : 0,
                                   std::chrono::steady_clock::now() - started});
  }
  context.session.run(cypher::checkpoint(batch, writer, stats.rows, true),
                      neo4j::Replay::idempotent);
  context.ledger.finish_batch(batch);
  return stats;
}

LoadStats run_delete(const Operation& operation, const LoadContext& context) {
  if (!is_delete_step(operation.kind))
    throw Error("internal error: run_delete called for " + std::string(to_string(operation.kind)));
  const std::string batch = operation.string_arg("batch");
  const std::int64_t chunk_rows =
      operation.args.value("rows_per_transaction", context.rows_per_transaction);
  if (context.ledger.find_batch(batch))
    context.ledger.set_batch_state(batch, "removing");
  LoadStats stats;
  stats.removal = true;
  const Statement chunk = cypher::delete_chunk(operation, chunk_rows);
  // What a chunk removed, by the server's counters: a node or relationship that an earlier
  // attempt removed meanwhile is matched, and counted by `deleted`, but not removed again.
  const char* removed =
      operation.kind == OpKind::delete_nodes_by_batch ? "nodes_deleted" : "relationships_deleted";
  // The answer was lost: the chunk may have committed, or may still run on the server. A chunk
  // takes whatever of the batch is left, so it is simply sent again: that attempt waits on the
  // locks of one still running, and Neo4j skips what it removed.
  const neo4j::Settling settling{
      .after_lost =
          [&] {
            ++stats.uncounted_chunks;
            return neo4j::Fate::resend;
          },
      .exhausted =
          [&](const neo4j::TransportFault& fault, int attempts) {
            throw Error(
                "batch " + batch + ": a chunk of the removal was sent " + std::to_string(attempts) +
                    " times in a row without an answer (last attempt: " + fault.what() + ")",
                "rerun the downgrade once Neo4j answers again: it removes what is left of "
                "the batch");
          }};
  const auto started = std::chrono::steady_clock::now();
  while (true) {
    neo4j::Result result;
    neo4j::send_settled(
        context.session, [&] { result = context.session.run(chunk, neo4j::Replay::autocommit); },
        settling);
    stats.counters.add(result.counters);
    ++stats.chunks;
    stats.rows += result.counters.get(removed);
    if (context.on_progress) // also what renews the graph lock's lease in a long removal
      context.on_progress(
          Progress{batch, stats.rows, 0, 0, std::chrono::steady_clock::now() - started});
    if (result.value(0, "deleted").get<std::int64_t>() < chunk_rows)
      break;
  }
  context.session.run(cypher::remove_batch(batch), neo4j::Replay::idempotent);
  if (context.ledger.find_batch(batch))
    context.ledger.remove_batch(batch);
  return stats;
}

} // namespace crochet::load
