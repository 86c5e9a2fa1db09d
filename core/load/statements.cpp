#include "core/load/statements.hpp"

#include "core/load/load.hpp"

namespace crochet::load::cypher {
namespace {

using migration::OpKind;
using migration::quote_identifier;
using migration::StepClass;

std::string batch_node() {
  return "(b:" + quote_identifier(kBatchLabel) + " {id: $batch})";
}

// `(x:`Label` {`key`: row.`column`, ...})` for one end of create_relationships.
std::string endpoint_pattern(const Json& end, const std::string& variable) {
  std::string key;
  for (const auto& [property, column] : end.at("key").items())
    key += (key.empty() ? "" : ", ") + quote_identifier(property) + ": row." +
           quote_identifier(column.get<std::string>());
  return "(" + variable + ":" + quote_identifier(end.at("label").get<std::string>()) + " {" + key +
         "})";
}

} // namespace

Statement read_checkpoint(const std::string& batch) {
  return {"MATCH " + batch_node() +
              " RETURN b.rows AS rows, b.complete AS complete, b.written_by AS written_by, "
              "b.file_sha256 AS file_sha256",
          {{"batch", batch}},
          StepClass::data};
}

// Committed on its own before the first chunk, so that each chunk's claim finds the node and
// waits for its lock: two transactions that each created it would not see each other's.
Statement open_batch(const std::string& batch, const BatchWriter& writer) {
  return {"MERGE " + batch_node() +
              " ON CREATE SET b.rows = 0, b.revision = $revision, b.file_sha256 = $sha256, "
              "b.complete = false",
          {{"batch", batch}, {"revision", writer.revision}, {"sha256", writer.sha256}},
          StepClass::data};
}

// A compare-and-set on the checkpoint. Writing the node takes its lock, held until the commit,
// so a chunk of another load of the batch that is still running (Neo4j carries on with a request
// its client gave up on) is waited for; only then is `rows` read. Cypher without APOC has no
// assertion, so a mismatch divides by zero, which fails the transaction before the chunk writes
// anything. The lock is taken by writing `claimed_at`, as the graph lock writes `touched_at`: a
// fresh value, so no server can skip the write as a no-op, and not `rows`, which would store the
// value read before the lock.
Statement claim(const std::string& batch, std::int64_t rows) {
  return {"MERGE " + batch_node() +
              " SET b.claimed_at = timestamp() WITH b "
              "RETURN 1 / CASE WHEN coalesce(b.rows, 0) = $rows THEN 1 ELSE 0 END AS claimed",
          {{"batch", batch}, {"rows", rows}},
          StepClass::data};
}

Statement checkpoint(const std::string& batch, const BatchWriter& writer, std::int64_t rows,
                     bool complete) {
  return {"MERGE " + batch_node() +
              " SET b.rows = $rows, b.revision = $revision, b.file_sha256 = $sha256, "
              "b.complete = $complete, b.written_by = $run",
          {{"batch", batch},
           {"rows", rows},
           {"revision", writer.revision},
           {"sha256", writer.sha256},
           {"complete", complete},
           {"run", writer.run}},
          StepClass::data};
}

Statement remove_batch(const std::string& batch) {
  return {"MATCH " + batch_node() + " DELETE b", {{"batch", batch}}, StepClass::data};
}

// A planner working from a sample taken before a large node load believes the index empty:
// Neo4j 3.1 then scanned the label, or with a `USING INDEX` hint the whole index (estimated at 0
// rows), for each row of each chunk. The procedure (3.x to 2025.x) schedules the sampling, which
// takes milliseconds on a fresh index.
Statement refresh_index_samples() {
  return {"CALL db.resampleOutdatedIndexes()", {}, StepClass::data};
}

Statement missing_endpoint(const Json& end, const Json& rows) {
  return {"UNWIND range(0, size($rows) - 1) AS i WITH i, $rows[i] AS row OPTIONAL MATCH " +
              endpoint_pattern(end, "x") + " WITH i, x WHERE x IS NULL RETURN i ORDER BY i LIMIT 1",
          {{"rows", rows}},
          StepClass::data};
}

Statement delete_chunk(const migration::Operation& operation, std::int64_t limit) {
  const std::string batch_property = quote_identifier(migration::kBatchProperty);
  std::string text;
  if (operation.kind == OpKind::delete_nodes_by_batch) {
    std::string labels;
    for (const auto& label : operation.args.value("labels", Json::array()))
      labels += ":" + quote_identifier(label.get<std::string>());
    text = "MATCH (n" + labels + ") WHERE n." + batch_property +
           " = $batch WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted";
  } else {
    std::string type;
    if (operation.has("rel_type"))
      type = ":" + quote_identifier(operation.string_arg("rel_type"));
    text = "MATCH ()-[r" + type + "]->() WHERE r." + batch_property +
           " = $batch WITH r LIMIT $limit DELETE r RETURN count(*) AS deleted";
  }
  return {
      text, {{"batch", operation.string_arg("batch")}, {"limit", limit}}, StepClass::batched_data};
}

} // namespace crochet::load::cypher
