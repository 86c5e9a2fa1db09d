#pragma once
// Operations to Cypher, per dialect, and each operation's natural downgrade. Every label, type
// and property name is backtick-quoted and escaped; every value travels as a parameter.
#include <optional>
#include <string>
#include <vector>

#include "core/migration/dialect.hpp"
#include "core/migration/operation.hpp"

namespace crochet::migration {

// `name` as a Cypher identifier: always backtick-quoted, embedded backticks doubled. Throws
// crochet::Error for a name no quoting can carry (empty, a NUL, a `\u` escape sequence).
std::string quote_identifier(std::string_view name);

// The property data steps tag every node and relationship they create with (the batch id), so
// delete_nodes_by_batch / delete_relationships_by_batch can take exactly those away again.
inline constexpr const char* kBatchProperty = "__crochet_batch";

// The statements that carry out one step on a server speaking `dialect`. Data-loading steps
// (create_nodes, upsert_nodes, create_relationships with rows from a file) render the statement
// for one chunk of rows, passed as the `rows` parameter.
// Throws crochet::Error when the dialect has no form for the step (see unsupported_reason) or an
// argument is malformed. The 5.x dialect alone writes `CALL { WITH x ... } IN TRANSACTIONS`,
// which every 5.x server runs (deprecated from 5.23 on); 2025 writes `CALL (x) { ... }`.
std::vector<Statement> render(const Operation& operation, Dialect dialect);
// The same for a known server: a 5.23+ server gets `CALL (x) { ... } IN TRANSACTIONS` too.
std::vector<Statement> render(const Operation& operation, const ServerCapabilities& server);

// A node property the server has an online index on, its own or a unique constraint's.
struct IndexedProperty {
  std::string label;
  std::string property;
  bool operator==(const IndexedProperty&) const = default;
};
// The same, knowing the server's indexes: a create_relationships endpoint keyed on an indexed
// property names it in a `USING INDEX` hint, so no row scans the label. Neo4j 3.1 once planned
// a label scan per row for a load's first chunks, its index samples predating a large node load:
// a chunk ran past ten minutes. The hint is also met by a scan of the whole index, so the loader
// refreshes the samples before the first chunk (core/load).
std::vector<Statement> render(const Operation& operation, Dialect dialect,
                              const std::vector<IndexedProperty>& indexed);

// The step(s) that undo `operation`, in the order to run them. `faithful` is false when no
// inverse restores the graph exactly (e.g. removing a property loses its values), which makes
// the migration rollback_safe = false.
struct Downgrade {
  std::vector<Operation> steps;
  bool faithful = true;
};
Downgrade natural_downgrade(const Operation& operation);

// Why `operation` cannot run on `server` (enterprise-only constraint on Community, fulltext or
// vector index on a version without them, a name no quoting carries, a value Neo4j cannot store:
// whatever render() would refuse), or nullopt when it can.
std::optional<std::string> unsupported_reason(const Operation& operation,
                                              const ServerCapabilities& server);

} // namespace crochet::migration
