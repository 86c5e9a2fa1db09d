#pragma once
// lint: what a reviewer should know about the migrations before they run: steps that lose data,
// missing or unfaithful downgrades, steps the chosen server cannot run, and whether each
// migration's upgrade really reaches the schema it records and its downgrade comes back.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/migration/dialect.hpp"
#include "core/migration/migration.hpp"
#include "core/schema/ir.hpp"

namespace crochet::migration {

enum class LintSeverity { error, warning, info };

struct LintFinding {
  LintSeverity severity = LintSeverity::warning;
  std::string code; // stable id: unsupported, destructive, no-downgrade, unfaithful-downgrade,
                    // rollback-unsafe, round-trip, no-snapshot, bad-snapshot, free-cypher
  std::string file; // the migration file
  int line = 0;     // the step's line; 0 for the whole migration
  std::string message;
};

// The schema a migration records, or nullopt when its snapshot is not available.
using SchemaLookup = std::function<std::optional<schema::Schema>(const Migration&)>;

std::vector<LintFinding> lint_chain(const Chain& chain, const ServerCapabilities& server,
                                    const SchemaLookup& recorded);

const char* to_string(LintSeverity severity);

} // namespace crochet::migration
