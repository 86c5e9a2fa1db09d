// The constraints and indexes neomodel's install_labels creates, named as neomodel 5.x names
// them (neomodel/sync_/core.py: _install_node, _install_relationship, _create_node_index,
// _create_node_constraint, _create_node_fulltext_index, _create_node_vector_index and their
// relationship twins), so a graph set up by neomodel is already in sync:
//   node:         index_{label}_{db_prop}, constraint_unique_{label}_{db_prop},
//                 fulltext_index_{label}_{db_prop}, vector_index_{label}_{db_prop}
//   relationship: the same with the relationship type in place of the label, once for every
//                 type the StructuredRel model is used with.
// neomodel uses the class's own __label__, every defined property (inherited ones included,
// aliases excluded) and the db property name. It checks `index` before `unique_index`, so a
// property with both (which neomodel's constructor refuses anyway) gets the range index only.
//
// neomodel creates no existence constraints. When enabled, crochet names them in the same
// pattern: constraint_existence_{label or type}_{db_prop}, for every required property.
#include <algorithm>
#include <array>
#include <cstring>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/schema/ir.hpp"
#include "core/schema/json.hpp"
#include "core/util/sort_in_place.hpp"

namespace crochet::schema {
namespace {

using Kind = SchemaObject::Kind;
using Entity = SchemaObject::Entity;

const char* name_prefix(Kind kind) {
  switch (kind) {
  case Kind::unique_constraint:
    return "constraint_unique_";
  case Kind::existence_constraint:
    return "constraint_existence_";
  case Kind::range_index:
    return "index_";
  case Kind::fulltext_index:
    return "fulltext_index_";
  case Kind::vector_index:
    return "vector_index_";
  }
  return "index_";
}

// Where each kind's name prefix sorts among the others. No prefix begins another, so two names
// of different kinds order as their prefixes do, whatever follows.
std::uint64_t prefix_rank(Kind kind) {
  static const std::array<std::uint64_t, 5> ranks = [] {
    const std::array<Kind, 5> kinds = {Kind::unique_constraint, Kind::existence_constraint,
                                       Kind::range_index, Kind::fulltext_index, Kind::vector_index};
    std::array<std::uint64_t, 5> out{};
    for (Kind one : kinds)
      for (Kind other : kinds)
        out[static_cast<std::size_t>(one)] +=
            std::string_view(name_prefix(other)) < name_prefix(one);
    return out;
  }();
  return ranks[static_cast<std::size_t>(kind)];
}

// Whether `object`'s name starts with its kind's prefix, as make_object's names do (objects
// already in the schema might not).
bool has_own_prefix(const SchemaObject& object) {
  const std::string_view prefix = name_prefix(object.kind);
  return std::string_view(object.name).substr(0, prefix.size()) == prefix;
}

// The sort head (see sort_by_index) of a name that has its own prefix: the prefix's rank in the
// top byte, then the first fifteen bytes after the prefix (labels often share their first
// seven: Customer, CustomerAddress).
std::pair<std::uint64_t, std::uint64_t> name_head(const SchemaObject& object) {
  const std::size_t prefix = std::strlen(name_prefix(object.kind));
  return {prefix_rank(object.kind) << 56 | leading_bytes(object.name, prefix) >> 8,
          leading_bytes(object.name, prefix + 7)};
}

struct Owner {
  Entity entity;
  const std::string& kgid;
  const std::string& label; // node label or relationship type
};

SchemaObject make_object(const Owner& owner, Kind kind, const std::string& db_property) {
  SchemaObject object;
  object.kind = kind;
  object.entity = owner.entity;
  const std::string_view prefix = name_prefix(kind);
  object.name.reserve(prefix.size() + owner.label.size() + 1 + db_property.size());
  object.name.append(prefix).append(owner.label).append(1, '_').append(db_property);
  object.label = owner.label;
  object.property = db_property;
  object.owner_kgid = owner.kgid;
  return object;
}

void derive_for(const Owner& owner, const std::vector<Property>& properties,
                bool existence_constraints, std::vector<SchemaObject>& out) {
  for (const auto& property : properties) {
    if (!property.alias_of.empty())
      continue;
    const std::string& db = property.db_property.empty() ? property.name : property.db_property;
    if (property.index)
      out.push_back(make_object(owner, Kind::range_index, db));
    else if (property.unique_index)
      out.push_back(make_object(owner, Kind::unique_constraint, db));
    if (property.fulltext_index) {
      auto object = make_object(owner, Kind::fulltext_index, db);
      object.fulltext = *property.fulltext_index;
      out.push_back(std::move(object));
    }
    if (property.vector_index) {
      auto object = make_object(owner, Kind::vector_index, db);
      object.vector = *property.vector_index;
      out.push_back(std::move(object));
    }
    if (existence_constraints && property.required)
      out.push_back(make_object(owner, Kind::existence_constraint, db));
  }
}

// The relationship types a StructuredRel model is used with: the model's own list plus every
// resolved relationship definition naming it. A type that could not be resolved statically is
// source text, not a type, and gets no objects.
// The relationship types each relationship model is used with, by the model's kgid: resolved
// ones, and the unresolved texts, which are never taken for a type. One pass over every
// relationship, not one per model.
struct UsedTypes {
  std::set<std::string> resolved;
  std::set<std::string> unresolved;
};
std::unordered_map<std::string_view, UsedTypes> types_by_model(const Schema& schema) {
  std::unordered_map<std::string_view, UsedTypes> used;
  if (schema.relationships.empty())
    return used;
  for (const auto& node : schema.nodes)
    for (const auto& relationship : node.relationships) {
      if (relationship.model_kgid.empty())
        continue;
      UsedTypes& types = used[relationship.model_kgid];
      (relationship.rel_type_resolved ? types.resolved : types.unresolved)
          .insert(relationship.rel_type);
    }
  return used;
}

std::set<std::string> types_of(const RelationshipModel& model,
                               const std::unordered_map<std::string_view, UsedTypes>& used) {
  std::set<std::string> types(model.rel_types.begin(), model.rel_types.end());
  if (auto it = used.find(model.kgid); !model.kgid.empty() && it != used.end()) {
    types.insert(it->second.resolved.begin(), it->second.resolved.end());
    for (const auto& text : it->second.unresolved)
      types.erase(text);
  }
  types.erase("");
  return types;
}

std::size_t most_objects(const std::vector<Property>& properties) {
  std::size_t count = 0;
  for (const Property& p : properties)
    count += (p.index || p.unique_index) + (p.fulltext_index ? 1 : 0) + (p.vector_index ? 1 : 0) +
             p.required;
  return count;
}

} // namespace

void derive_objects(Schema& schema, bool existence_constraints) {
  std::size_t room = schema.objects.size();
  for (const auto& node : schema.nodes)
    room += most_objects(node.properties);
  std::vector<SchemaObject> objects;
  objects.reserve(room); // relationship models' objects may still grow it; they are few
  objects = schema.objects;
  for (const auto& node : schema.nodes) {
    if (node.label.empty())
      continue;
    derive_for({Entity::node, node.kgid, node.label}, node.properties, existence_constraints,
               objects);
  }
  const auto used = types_by_model(schema);
  for (const auto& model : schema.relationships)
    for (const auto& type : types_of(model, used))
      derive_for({Entity::relationship, model.kgid, type}, model.properties, existence_constraints,
                 objects);

  // One object per name. Two owners can derive the same name (two classes with one label, a
  // StructuredRel model used by several classes): keep the first by owner kgid, then by content,
  // so the choice never depends on file or class order.
  auto by_name = [](const SchemaObject& a, const SchemaObject& b) {
    if (const int order = a.name.compare(b.name))
      return order < 0;
    if (const int order = a.owner_kgid.compare(b.owner_kgid))
      return order < 0;
    return to_json(a).dump() < to_json(b).dump();
  };
  // Tens of thousands of names on a large schema, most sharing their first twenty bytes.
  if (std::all_of(objects.begin(), objects.end(), has_own_prefix))
    sort_by_index(objects, name_head, by_name);
  else
    sort_by_index(objects, by_name);
  objects.erase(
      std::unique(objects.begin(), objects.end(),
                  [](const SchemaObject& a, const SchemaObject& b) { return a.name == b.name; }),
      objects.end());
  schema.objects = std::move(objects);
}

} // namespace crochet::schema
