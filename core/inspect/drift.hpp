#pragma once
// What `verify --live` and `status --live` compare (BRIEF §7): the graph's constraints and
// indexes against the schema the database should have, and the graph's `:__CrochetMigration`
// chain against the ledger. Each finding is missing (expected, not in the graph), extra (in the
// graph, not expected) or different (both sides have it, they disagree). Pure: callers pass what
// they read from the server and the ledger.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/executor/mirror.hpp"
#include "core/ledger/records.hpp"
#include "core/migration/migration.hpp"
#include "core/neo4j/graph_schema.hpp"
#include "core/schema/ir.hpp"
#include "core/state/verify.hpp"

namespace crochet::inspect {

// The graph's side, as the server reports it (core/neo4j/graph_schema.hpp).
using neo4j::describe;
using neo4j::GraphObject;
using neo4j::read_graph_schema;

struct Drift {
  std::vector<std::string> missing;
  std::vector<std::string> extra;
  std::vector<std::string> different;
  int matched = 0;
  bool empty() const { return missing.empty() && extra.empty() && different.empty(); }
};

// The schema the database should have: the one its last applied migration records.
struct ExpectedSchema {
  std::optional<schema::Schema> schema; // nullopt when its snapshot cannot be found
  std::string revision;                 // "" when nothing is applied
  std::string schema_hash;
  std::string problem; // why `schema` is missing
  std::string source() const;
};

// The snapshot of `schema_hash` (the head `revision` records) among the migration files of the
// checkout; revision "" means nothing is applied: the empty schema.
ExpectedSchema expected_schema(const std::string& revision, const std::string& schema_hash,
                               const std::vector<migration::MigrationFile>& files);
// From the ledger's applied rows (in the order applied): the last one is the database's head.
ExpectedSchema expected_schema(const std::vector<ledger::AppliedMigration>& applied,
                               const std::vector<migration::MigrationFile>& files);

// Objects are matched by what they are (kind, node or relationship, label or type, properties);
// names are compared where the server has them (4.4 and later). Indexes that back constraints,
// token lookup indexes and git-crochet's own objects are left out.
Drift compare_graph_schema(const std::vector<schema::SchemaObject>& expected,
                           const std::vector<GraphObject>& graph);

// Ledger rows against mirror entries, by revision. Stamped rows (recorded without running) are
// not expected in the mirror; `stamped_only` counts them.
struct ChainDrift : Drift {
  int stamped_only = 0;
  std::string against = "the ledger"; // what the graph's chain was compared with
};
ChainDrift compare_mirror(const std::vector<ledger::AppliedMigration>& applied,
                          const std::map<std::string, executor::MirrorEntry>& mirror);
// Where there is no ledger (a CI runner, a fresh clone): mirror entries against the checkout's
// migration files, by chain hash. Migrations not yet applied are pending, not drift.
ChainDrift compare_mirror(const migration::Chain& chain,
                          const std::map<std::string, executor::MirrorEntry>& mirror);

// The two live checks of `verify --live`.
state::Check graph_schema_check(const ExpectedSchema& expected, const Drift& drift);
state::Check migration_chain_check(const ChainDrift& drift);

} // namespace crochet::inspect
