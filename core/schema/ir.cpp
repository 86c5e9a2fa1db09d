#include "core/schema/ir.hpp"

#include <algorithm>
#include <compare>
#include <string>
#include <tuple>

#include "core/schema/canonical.hpp"
#include "core/schema/json.hpp"
#include "core/util/error.hpp"
#include "core/util/sort_in_place.hpp"

namespace crochet::schema {

const char* to_string(Direction direction) {
  switch (direction) {
  case Direction::outgoing:
    return "outgoing";
  case Direction::incoming:
    return "incoming";
  case Direction::either:
    return "either";
  }
  return "outgoing";
}

const char* to_string(SchemaObject::Kind kind) {
  switch (kind) {
  case SchemaObject::Kind::unique_constraint:
    return "unique_constraint";
  case SchemaObject::Kind::existence_constraint:
    return "existence_constraint";
  case SchemaObject::Kind::range_index:
    return "range_index";
  case SchemaObject::Kind::fulltext_index:
    return "fulltext_index";
  case SchemaObject::Kind::vector_index:
    return "vector_index";
  }
  return "range_index";
}

const char* to_string(SchemaObject::Entity entity) {
  return entity == SchemaObject::Entity::relationship ? "relationship" : "node";
}

Direction parse_direction(std::string_view text) {
  for (auto direction : {Direction::outgoing, Direction::incoming, Direction::either})
    if (text == to_string(direction))
      return direction;
  throw Error("unknown relationship direction '" + std::string(text) + "'",
              "expected outgoing, incoming or either");
}

SchemaObject::Kind parse_object_kind(std::string_view text) {
  using Kind = SchemaObject::Kind;
  for (auto kind : {Kind::unique_constraint, Kind::existence_constraint, Kind::range_index,
                    Kind::fulltext_index, Kind::vector_index})
    if (text == to_string(kind))
      return kind;
  throw Error("unknown schema object kind '" + std::string(text) + "'",
              "expected unique_constraint, existence_constraint, range_index, fulltext_index or "
              "vector_index");
}

SchemaObject::Entity parse_object_entity(std::string_view text) {
  for (auto entity : {SchemaObject::Entity::node, SchemaObject::Entity::relationship})
    if (text == to_string(entity))
      return entity;
  throw Error("unknown schema object entity '" + std::string(text) + "'",
              "expected node or relationship");
}

namespace {

void sort_unique(std::vector<std::string>& items) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
}

bool is_sorted_unique(const std::vector<std::string>& items) {
  return std::adjacent_find(items.begin(), items.end(),
                            [](const std::string& a, const std::string& b) { return !(a < b); }) ==
         items.end();
}

// Orders by `key`, and breaks ties between distinct elements by their serialized form, so the
// sorted result never depends on the input order (even for malformed input with duplicate keys).
template <typename Key> auto canonical_order(Key key) {
  return [key](const auto& a, const auto& b) {
    const auto& key_a = key(a);
    const auto& key_b = key(b);
    if (const auto order = key_a <=> key_b; order != 0) // one comparison of each string
      return order < 0;
    return to_json(a).dump() < to_json(b).dump();
  };
}

// The keys return references (or tuples of them), so comparing copies no strings.
const auto by_property_name =
    canonical_order([](const Property& p) -> const std::string& { return p.name; });
const auto by_relationship_name =
    canonical_order([](const RelationshipDef& r) -> const std::string& { return r.name; });
const auto by_node_identity =
    canonical_order([](const Node& n) { return std::tie(n.kgid, n.class_name); });
const auto by_model_identity =
    canonical_order([](const RelationshipModel& m) { return std::tie(m.kgid, m.class_name); });
const auto by_object_name =
    canonical_order([](const SchemaObject& o) -> const std::string& { return o.name; });

// Sorting what is already sorted (the model reader's output) costs one pass. Otherwise the
// elements (nodes, properties, derived objects: large, several strings each) are sorted by
// index, so each moves once.
template <typename T, typename Less> void sort_by(std::vector<T>& items, const Less& less) {
  if (!std::is_sorted(items.begin(), items.end(), less))
    sort_by_index(items, less);
}

template <typename T, typename Less> bool sorted_by(const std::vector<T>& items, const Less& less) {
  return std::is_sorted(items.begin(), items.end(), less);
}

} // namespace

void normalize(Schema& schema) {
  for (auto& node : schema.nodes) {
    sort_unique(node.labels);
    sort_unique(node.optional_labels);
    sort_by(node.properties, by_property_name);
    sort_by(node.relationships, by_relationship_name);
  }
  for (auto& model : schema.relationships) {
    sort_unique(model.rel_types);
    sort_by(model.properties, by_property_name);
  }
  // Nodes are sorted after their contents, so tie-breaking by serialized form sees them sorted.
  if (!sorted_by(schema.nodes, by_node_identity)) // kgids mostly differ in their first bytes
    sort_by_index(
        schema.nodes, [](const Node& n) { return leading_bytes(n.kgid); }, by_node_identity);
  sort_by(schema.relationships, by_model_identity);
  sort_by(schema.objects, by_object_name);
}

bool is_normalized(const Schema& schema) {
  for (const auto& node : schema.nodes)
    if (!is_sorted_unique(node.labels) || !is_sorted_unique(node.optional_labels) ||
        !sorted_by(node.properties, by_property_name) ||
        !sorted_by(node.relationships, by_relationship_name))
      return false;
  for (const auto& model : schema.relationships)
    if (!is_sorted_unique(model.rel_types) || !sorted_by(model.properties, by_property_name))
      return false;
  return sorted_by(schema.nodes, by_node_identity) &&
         sorted_by(schema.relationships, by_model_identity) &&
         sorted_by(schema.objects, by_object_name);
}

} // namespace crochet::schema
