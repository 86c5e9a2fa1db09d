#pragma once
// The constraints and indexes a live graph has, read back from the server in one shape whatever
// its version: `CALL db.constraints()` / `CALL db.indexes()` on 3.x (descriptions such as
// "CONSTRAINT ON ( person:Person ) ASSERT person.email IS UNIQUE", unnamed), `SHOW CONSTRAINTS`
// / `SHOW INDEXES` on 4.4 and later (named, with structured columns). The parsers are pure so
// every server's spelling is unit-tested without a server.
#include <string>
#include <vector>

#include "core/neo4j/protocol.hpp"
#include "core/neo4j/session.hpp"

namespace crochet::neo4j {

struct GraphObject {
  // unique_constraint, existence_constraint, range_index, fulltext_index, vector_index (the IR's
  // kinds), or what the server calls anything else: node_key, text_index, point_index, ...
  std::string kind;
  std::string entity = "node";         // "node" or "relationship"
  std::vector<std::string> tokens;     // labels or relationship types
  std::vector<std::string> properties; // in the server's order
  std::string name;                    // "" on 3.x, where schema objects have no names
  std::string state = "ONLINE";        // indexes: ONLINE, POPULATING, FAILED
  std::string description;             // as the server describes it, for messages
  // An index the server made to back a constraint (unique, key): compared through the
  // constraint, never reported on its own.
  bool backs_constraint = false;
  // Internal to Neo4j (token lookup indexes) or to git-crochet (labels starting "__Crochet").
  bool internal = false;
};

// 3.x: one row of db.constraints(), by its description. Unknown spellings give kind "other".
GraphObject parse_v3_constraint(const std::string& description);
// 3.x: one row of db.indexes(): description, state, type ("node_label_property",
// "node_unique_property", "node_fulltext", ...).
GraphObject parse_v3_index(const std::string& description, const std::string& state,
                           const std::string& type);

// 4.4 and later: the rows of SHOW CONSTRAINTS YIELD * / SHOW INDEXES YIELD *, read by column
// name so any version's column set is accepted.
std::vector<GraphObject> from_show_constraints(const Result& result);
std::vector<GraphObject> from_show_indexes(const Result& result);

// Both lists from the server in front of `session`, by its dialect.
std::vector<GraphObject> read_graph_schema(Session& session);
// What read_graph_schema runs for a dialect.
struct GraphSchemaReads {
  migration::Statement constraints;
  migration::Statement indexes;
};
GraphSchemaReads graph_schema_reads(migration::Dialect dialect);

// "unique_constraint on :Person(email)" / "range_index on -[:KNOWS]-(since)".
std::string describe(const std::string& kind, const std::string& entity,
                     const std::vector<std::string>& tokens,
                     const std::vector<std::string>& properties);
std::string describe(const GraphObject& object);

} // namespace crochet::neo4j
