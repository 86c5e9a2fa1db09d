#pragma once
// The Cypher the loader writes itself, around each data step's rendered statement: the batch's
// checkpoint node (read, made, claimed, advanced, removed), the index refresh, the probe for a
// missing relationship end and the chunks of a batch delete. Built in one place so that
// tests/cypher checks each of them with Neo4j's own front end, as it checks the rendered steps.
#include <cstdint>
#include <string>

#include "core/migration/operation.hpp"
#include "core/migration/render.hpp"

namespace crochet::load::cypher {

using migration::Json;
using migration::Statement;

// What a load records on its batch's node besides the rows: the migration, the data file's
// pinned SHA-256 ("" for inline rows), and the token of the run writing the checkpoint, which
// tells this run's chunks from another load's when a chunk's answer is lost.
struct BatchWriter {
  std::string revision;
  std::string sha256;
  std::string run;
};

// The batch's checkpoint: `rows` consumed, whether the load finished (`complete`), and the run
// that wrote it last (`written_by`).
Statement read_checkpoint(const std::string& batch);

// Makes the batch's node before its first chunk, never moving an existing checkpoint.
Statement open_batch(const std::string& batch, const BatchWriter& writer);

// First in each chunk's transaction: locks the batch's node, then fails the transaction (a
// division by zero) unless its checkpoint is `rows`.
Statement claim(const std::string& batch, std::int64_t rows);

// Last in each chunk's transaction, and once more with `complete` when the file is done.
Statement checkpoint(const std::string& batch, const BatchWriter& writer, std::int64_t rows,
                     bool complete);

// Forgets the batch's checkpoint once a delete step removed what the batch created.
Statement remove_batch(const std::string& batch);

// Asks the server to resample its out-of-date index samples before a relationships load.
Statement refresh_index_samples();

// The index in `rows` of the first row without a node at `end` (`from`/`to` of a
// create_relationships step), as `i`; no row when every row has one.
Statement missing_endpoint(const Json& end, const Json& rows);

// One chunk of a delete_*_by_batch step: deletes at most `limit` of the batch's nodes or
// relationships in one auto-commit request and returns how many as `deleted`.
Statement delete_chunk(const migration::Operation& operation, std::int64_t limit);

} // namespace crochet::load::cypher
