#pragma once
// Steps applied symbolically, without a database: the constraints and indexes a graph has (by
// name and definition) and a fingerprint of where its data lives (labels, relationship types,
// and the properties stored under each). Enough to check that a migration's upgrade brings the
// derived schema of its parent to the one it records, and that its downgrade brings it back.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/migration/migration.hpp"
#include "core/schema/ir.hpp"

namespace crochet::migration {

struct GraphModel {
  std::map<std::string, Json> objects; // constraint/index name -> its definition
  std::set<std::string> labels;
  std::set<std::string> rel_types;
  std::set<std::pair<std::string, std::string>> node_properties;         // (label, property)
  std::set<std::pair<std::string, std::string>> relationship_properties; // (type, property)
  bool opaque_objects = false; // a free `cypher` schema step ran: objects unknown from here on
  bool opaque_data = false;    // a free `cypher` data step ran: data unknown from here on
  bool operator==(const GraphModel&) const = default;
};

// The graph a schema describes: its derived objects; each node's own label with the properties
// it stores; each relationship type with its model's properties.
GraphModel model_of(const schema::Schema& schema);

// Applies steps in order. Returns the problems met (dropping an object that is not there,
// creating one that is, renaming a label that no node carries, ...), each naming the step.
std::vector<std::string> apply_steps(GraphModel& graph, const std::vector<Operation>& steps,
                                     const std::string& what);

struct RoundTrip {
  std::vector<std::string> problems; // empty when the migration round-trips
  bool checked_objects = true;       // false when free Cypher hides the schema effect
  bool checked_data = true;          // false when free Cypher hides the data effect
};

// Upgrade from `before` must reach the derived objects of `after`; the downgrade must then give
// back `before`'s objects and, when the migration says rollback_safe, its data fingerprint too.
RoundTrip check_round_trip(const Migration& migration, const schema::Schema& before,
                           const schema::Schema& after);

} // namespace crochet::migration
