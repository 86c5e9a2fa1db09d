#pragma once
// The pieces of a data step the loader needs besides its rendered statement: the data file it
// reads (with its pinned checksum) and the Cypher it runs around the load (finding a missing
// relationship endpoint, deleting a batch chunk by chunk).
#include <cstdint>
#include <filesystem>
#include <string>

#include "core/data/row_source.hpp"
#include "core/migration/dialect.hpp"
#include "core/migration/operation.hpp"

namespace crochet::load {

// `source = { path = "data/people.csv", sha256 = "sha256:...", format = "csv" }`
struct SourceSpec {
  std::string path;                        // as written, relative to the project root
  std::filesystem::path absolute;          // resolved against the project root
  data::Format format = data::Format::csv; // `format`, else by extension (.jsonl/.ndjson)
  std::string sha256;                      // the pinned "sha256:<hex>"
  std::uint64_t size = 0;                  // bytes, for progress
};

// "create_nodes step (batch people)" for messages.
std::string describe_step(const migration::Operation& operation);

// Reads and checks the step's `source` table: unknown keys, a missing or malformed sha256, a
// path outside the project, a missing file. Throws crochet::Error.
SourceSpec parse_source(const migration::Operation& operation, const std::filesystem::path& root);

// Streams the file through SHA-256 and compares with the pinned value.
void verify_checksum(const SourceSpec& spec);

// `(x:`Label` {`key`: row.`column`, ...})` for one end of create_relationships.
std::string endpoint_pattern(const migration::Json& end, const std::string& variable);

// One chunk of a delete_*_by_batch step: deletes at most `limit` of the batch's nodes or
// relationships in one auto-commit request and returns how many as `deleted`.
migration::Statement delete_chunk_statement(const migration::Operation& operation,
                                            std::int64_t limit);

} // namespace crochet::load
