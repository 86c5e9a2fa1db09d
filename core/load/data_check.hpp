#pragma once
// A load step's data checked without a database, before a run writes anything: the file is
// there, its sha256 is the one the migration pins, and every row converts to the step's columns
// and has the values the step cannot do without. `upgrade --dry-run` reports it, and `upgrade`
// refuses to start when a load step of the run would fail on its data, so a bad row in the third
// migration's file stops the run before the first migration is applied. The scan is
// `data validate`'s (core/data/validate.hpp).
#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/data/validate.hpp"
#include "core/migration/operation.hpp"

namespace crochet::load {

struct DataCheck {
  std::string file;              // `source.path` as written; for inline rows, describe_step
  std::string pinned_sha256;     // "" for inline rows
  data::ValidationReport report; // sha256: the file's ("" for inline rows)
  bool scanned = false;          // false: the step or its file stopped the check before a row
  bool ok() const { return report.ok(); }
};

// The data checks of a run's or a plan's load steps, by step.
using DataChecks = std::map<const migration::Operation*, DataCheck>;

// The columns every row needs for the step to take it: upsert_nodes' `keys` (Neo4j refuses to
// MERGE on a null), create_relationships' end keys unless on_missing = "skip" (no end matches a
// null, so the load fails).
std::vector<std::string> required_columns(const migration::Operation& operation);

// Checks a create_nodes / upsert_nodes / create_relationships step's rows, from its file or its
// inline `rows`. Never throws for the data: a missing or changed file, a malformed `source`
// table and bad rows are the report's problems (at most `max_problems` rows listed).
DataCheck check_data(const migration::Operation& operation, const std::filesystem::path& root,
                     std::size_t max_problems = data::kProblemsKept);

// "data/people.csv: 3 rows, valid", "... INVALID", "data/people.csv: INVALID (not read)".
std::string summary(const DataCheck& check);

// data::to_json of the report, with "pinned_sha256" and "scanned" (for `upgrade --dry-run --json`).
data::Json to_json(const DataCheck& check);

} // namespace crochet::load
