#include "core/schema/ir.hpp"

#include <algorithm>
#include <string>
#include <tuple>

#include "core/schema/json.hpp"
#include "core/util/error.hpp"

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

// Sorts by `key`, and breaks ties between distinct elements by their serialized form, so the
// result never depends on the input order (even for malformed input with duplicate keys).
template <typename T, typename Key> void sort_canonically(std::vector<T>& items, Key key) {
  std::sort(items.begin(), items.end(), [&](const T& a, const T& b) {
    auto key_a = key(a);
    auto key_b = key(b);
    if (key_a != key_b)
      return key_a < key_b;
    return to_json(a).dump() < to_json(b).dump();
  });
}

void normalize_properties(std::vector<Property>& properties) {
  sort_canonically(properties, [](const Property& p) { return p.name; });
}

} // namespace

void normalize(Schema& schema) {
  for (auto& node : schema.nodes) {
    sort_unique(node.labels);
    sort_unique(node.optional_labels);
    normalize_properties(node.properties);
    sort_canonically(node.relationships, [](const RelationshipDef& r) { return r.name; });
  }
  for (auto& model : schema.relationships) {
    sort_unique(model.rel_types);
    normalize_properties(model.properties);
  }
  // Nodes are sorted after their contents, so tie-breaking by serialized form sees them sorted.
  sort_canonically(schema.nodes, [](const Node& n) { return std::tie(n.kgid, n.class_name); });
  sort_canonically(schema.relationships,
                   [](const RelationshipModel& m) { return std::tie(m.kgid, m.class_name); });
  sort_canonically(schema.objects, [](const SchemaObject& o) { return o.name; });
}

} // namespace crochet::schema
