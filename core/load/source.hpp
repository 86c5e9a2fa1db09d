#pragma once
// The data file a data step reads, with its pinned checksum (the Cypher the loader runs around
// the step is in statements.hpp).
#include <cstdint>
#include <filesystem>
#include <memory>
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

// "data/people.csv has changed: its sha256 is ..., the migration pins ...".
std::string changed_file(const SourceSpec& spec, const std::string& actual_sha256);

// The step's declared `columns` (none: every value as it is written).
data::Columns step_columns(const migration::Operation& operation);

// A step's inline `rows` list as JSONL bytes, read as a file's rows are.
std::unique_ptr<data::ByteSource> inline_rows(const migration::Operation& operation);

} // namespace crochet::load
