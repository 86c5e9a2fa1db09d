#pragma once
// Checks a data file against a declared shape before a load is written into a migration:
// columns and their types, required columns, unique keys, row-count bounds. Every problem is
// collected (up to a limit) so one run shows what to fix.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/data/byte_source.hpp"
#include "core/data/column.hpp"
#include "core/data/row_source.hpp"

namespace crochet::data {

struct DataSpec {
  std::optional<Format> format; // unset: chosen from the data file's extension
  Columns columns;
  std::vector<std::string> required;    // columns that must have a value in every row
  std::vector<std::string> unique_keys; // columns whose combined value must be unique
  std::optional<std::size_t> min_rows;
  std::optional<std::size_t> max_rows;
};

// Reads a spec file (TOML):
//   format = "csv"                     # or "jsonl"; default from the data file's extension
//   required = ["id", "name"]
//   unique = ["id"]
//   min_rows = 1
//   max_rows = 1000000
//   [columns]
//   id = "integer"
// Unknown keys are errors naming the key and line.
DataSpec parse_data_spec(const std::string& text, const std::string& name);

struct ValidationReport {
  std::size_t rows = 0;
  std::vector<std::string>
      problems;           // "people.csv:12: column 'id': duplicate key 7 (first on line 3)"
  bool truncated = false; // more problems than were kept
  bool complete = true;   // false when a problem stopped the scan: `rows` counts those before it
  std::string sha256;     // "sha256:<hex>" of the file, to pin in the migration
  bool ok() const { return problems.empty(); }
};

// How many problems a report keeps: `data validate`'s, and each load step's in `upgrade`'s check.
inline constexpr std::size_t kProblemsKept = 50;

// "1 row", "2 rows".
std::string rows_text(std::size_t rows);

// The report's one line: "people.csv: 2 rows, valid", "... 3 rows, INVALID", or
// "people.csv: INVALID (the scan stopped after 1 row)".
std::string summary(const ValidationReport& report, const std::string& name);

// Streams the file once. Type errors, ragged rows and malformed CSV stop the scan (they are
// reported as the last problem); missing required values and duplicate keys are collected.
// The spec's format, or the one the file name suggests (.jsonl/.ndjson: JSONL, else CSV).
Format format_for(const DataSpec& spec, const std::filesystem::path& file);

// `name` is how messages name the file (default: the path as given). Throws crochet::Error when
// the file cannot be opened.
ValidationReport validate_data(const std::filesystem::path& file, const DataSpec& spec,
                               std::size_t max_problems = kProblemsKept,
                               const std::string& name = {});

// The same scan over rows from any source (a load step's inline rows); the report has no sha256.
ValidationReport validate_rows(std::unique_ptr<ByteSource> bytes, Format format,
                               const DataSpec& spec, std::size_t max_problems,
                               const std::string& name);

// The report's problems as printed, one a line, ending "(more problems not shown)" when some
// were not kept.
std::vector<std::string> problem_lines(const ValidationReport& report);

// {"file", "rows", "sha256", "ok", "problems", "truncated", "complete"}: `data validate --json`.
Json to_json(const ValidationReport& report, const std::string& name);

} // namespace crochet::data
