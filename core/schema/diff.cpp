// The diff engine: matches classes by kgid, then properties, relationship definitions and derived
// objects by name, and classes every change (see diff.hpp).
#include "core/schema/diff.hpp"

#include <algorithm>
#include <cassert>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

#include "core/schema/canonical.hpp"
#include "core/schema/diff_detail.hpp"
#include "core/schema/json.hpp"

namespace crochet::schema {

using detail::make_change;
using detail::Owner;

namespace {

using Entity = SchemaObject::Entity;

// Classes are matched by kgid; one without a kgid (the reader reports it) by its class name.
std::string match_key(const std::string& kgid, const std::string& class_name) {
  return kgid.empty() ? "class:" + class_name : "kgid:" + kgid;
}

template <typename T> std::map<std::string, const T*> by_key(const std::vector<T>& items) {
  std::map<std::string, const T*> map;
  for (const auto& item : items)
    map.emplace(match_key(item.kgid, item.class_name), &item);
  return map;
}

template <typename T> std::map<std::string, const T*> by_name(const std::vector<T>& items) {
  std::map<std::string, const T*> map;
  for (const auto& item : items)
    map.emplace(item.name, &item);
  return map;
}

std::string flags_text(const Property& property) {
  std::vector<std::string> flags;
  if (!property.alias_of.empty())
    flags.push_back("alias of " + property.alias_of);
  if (property.required)
    flags.push_back("required");
  if (property.unique_index)
    flags.push_back("unique_index");
  if (property.index)
    flags.push_back("index");
  if (property.fulltext_index)
    flags.push_back("fulltext_index");
  if (property.vector_index)
    flags.push_back("vector_index");
  if (!property.db_property.empty() && property.db_property != property.name)
    flags.push_back("db_property=" + property.db_property);
  std::string text;
  for (const auto& flag : flags)
    text += (text.empty() ? " (" : ", ") + flag;
  return text.empty() ? text : text + ")";
}

void diff_properties(const Owner& owner, const std::vector<Property>& before,
                     const std::vector<Property>& after, std::vector<Change>& out) {
  auto old_properties = by_name(before);
  auto new_properties = by_name(after);
  for (const auto& [name, property] : old_properties) {
    auto match = new_properties.find(name);
    if (match != new_properties.end()) {
      if (*property != *match->second)
        detail::compare_property(owner, *property, *match->second, true, out);
      continue;
    }
    // An alias stores nothing, so dropping one loses no data.
    auto change = make_change(
        owner, ChangeKind::property_removed,
        property->alias_of.empty() ? ChangeClass::destructive : ChangeClass::additive, name,
        owner.class_name + "." + name + ": removed " + detail::type_text(*property) +
            flags_text(*property));
    change.before = to_json(*property);
    out.push_back(std::move(change));
  }
  for (const auto& [name, property] : new_properties) {
    if (old_properties.count(name))
      continue;
    // Nodes that exist already lack a new required property.
    const bool needs_data = property->required && property->alias_of.empty();
    auto change = make_change(owner, ChangeKind::property_added,
                              needs_data ? ChangeClass::needs_data : ChangeClass::additive, name,
                              owner.class_name + "." + name + ": added " +
                                  detail::type_text(*property) + flags_text(*property));
    change.after = to_json(*property);
    out.push_back(std::move(change));
  }
}

const char* relationship_class(Direction direction) {
  switch (direction) {
  case Direction::outgoing:
    return "RelationshipTo";
  case Direction::incoming:
    return "RelationshipFrom";
  case Direction::either:
    return "Relationship";
  }
  return "Relationship";
}

std::string relationship_text(const RelationshipDef& relationship) {
  return std::string(relationship_class(relationship.direction)) + " " + relationship.rel_type +
         " -> " + relationship.target_class + " (" + relationship.cardinality + ")";
}

// A relationship cardinality as the (minimum, maximum) number of relationships it allows.
std::optional<std::pair<int, int>> cardinality_bounds(const std::string& cardinality) {
  constexpr int many = 1 << 30;
  if (cardinality == "ZeroOrMore")
    return std::pair{0, many};
  if (cardinality == "OneOrMore")
    return std::pair{1, many};
  if (cardinality == "ZeroOrOne")
    return std::pair{0, 1};
  if (cardinality == "One")
    return std::pair{1, 1};
  return std::nullopt;
}

// A tighter cardinality may be violated by relationships that exist already.
ChangeClass cardinality_class(const std::string& before, const std::string& after) {
  auto old_bounds = cardinality_bounds(before);
  auto new_bounds = cardinality_bounds(after);
  if (old_bounds && new_bounds && new_bounds->first <= old_bounds->first &&
      new_bounds->second >= old_bounds->second)
    return ChangeClass::additive;
  return ChangeClass::needs_data;
}

Json target_json(const RelationshipDef& relationship) {
  return Json{{"target_kgid", relationship.target_kgid},
              {"target_class", relationship.target_class}};
}

// The relationship's model: its kgid, the dotted name of a class from outside the models
// folder, or none.
Json model_json(const RelationshipDef& relationship) {
  if (!relationship.model_kgid.empty())
    return relationship.model_kgid;
  if (!relationship.model_class.empty())
    return Json{{"model_class", relationship.model_class}};
  return Json();
}

std::string model_text(const RelationshipDef& relationship) {
  if (!relationship.model_kgid.empty())
    return relationship.model_kgid;
  if (!relationship.model_class.empty())
    return relationship.model_class + " (outside the models folder)";
  return "none";
}

void compare_relationship(const Owner& owner, const RelationshipDef& before,
                          const RelationshipDef& after, std::vector<Change>& out) {
  const std::string prefix = owner.class_name + "." + after.name + ": ";
  auto add = [&](ChangeKind kind, ChangeClass change_class, std::string option, Json old_value,
                 Json new_value, std::string summary) {
    auto change = make_change(owner, kind, change_class, after.name, prefix + summary);
    change.option = std::move(option);
    change.before = std::move(old_value);
    change.after = std::move(new_value);
    out.push_back(std::move(change));
  };

  if (std::tie(before.rel_type, before.rel_type_resolved) !=
      std::tie(after.rel_type, after.rel_type_resolved))
    add(ChangeKind::relationship_retyped, ChangeClass::needs_data, "", before.rel_type,
        after.rel_type, "relationship type " + before.rel_type + " -> " + after.rel_type);

  // Compared by kgid; the class name as written counts only while the target is unresolved.
  const bool retargeted = before.target_kgid != after.target_kgid ||
                          (after.target_kgid.empty() && before.target_class != after.target_class);
  if (retargeted)
    add(ChangeKind::relationship_retargeted, ChangeClass::needs_data, "", target_json(before),
        target_json(after), "target " + before.target_class + " -> " + after.target_class);

  if (before.direction != after.direction)
    add(ChangeKind::relationship_changed, ChangeClass::needs_data, "direction",
        to_string(before.direction), to_string(after.direction),
        std::string("direction ") + relationship_class(before.direction) + " -> " +
            relationship_class(after.direction));
  if (before.cardinality != after.cardinality)
    add(ChangeKind::relationship_changed, cardinality_class(before.cardinality, after.cardinality),
        "cardinality", before.cardinality, after.cardinality,
        "cardinality " + before.cardinality + " -> " + after.cardinality);
  if (std::tie(before.model_kgid, before.model_class) !=
      std::tie(after.model_kgid, after.model_class))
    add(ChangeKind::relationship_changed, ChangeClass::additive, "model", model_json(before),
        model_json(after), "model " + model_text(before) + " -> " + model_text(after));
}

void diff_relationships(const Owner& owner, const std::vector<RelationshipDef>& before,
                        const std::vector<RelationshipDef>& after, std::vector<Change>& out) {
  auto old_relationships = by_name(before);
  auto new_relationships = by_name(after);
  for (const auto& [name, relationship] : old_relationships) {
    auto match = new_relationships.find(name);
    if (match != new_relationships.end()) {
      if (*relationship != *match->second)
        compare_relationship(owner, *relationship, *match->second, out);
      continue;
    }
    auto change = make_change(
        owner, ChangeKind::relationship_removed, ChangeClass::destructive, name,
        owner.class_name + "." + name + ": removed " + relationship_text(*relationship));
    change.before = to_json(*relationship);
    out.push_back(std::move(change));
  }
  for (const auto& [name, relationship] : new_relationships) {
    if (old_relationships.count(name))
      continue;
    // Existing nodes have none of a new mandatory (One, OneOrMore) relationship.
    auto bounds = cardinality_bounds(relationship->cardinality);
    const bool mandatory = !bounds || bounds->first > 0;
    auto change =
        make_change(owner, ChangeKind::relationship_added,
                    mandatory ? ChangeClass::needs_data : ChangeClass::additive, name,
                    owner.class_name + "." + name + ": added " + relationship_text(*relationship));
    change.after = to_json(*relationship);
    out.push_back(std::move(change));
  }
}

std::string labels_text(const std::vector<std::string>& labels) {
  std::string text = "[";
  for (std::size_t i = 0; i < labels.size(); ++i)
    text += (i ? ", " : "") + labels[i];
  return text + "]";
}

Json labels_json(const std::vector<std::string>& labels) {
  return Json(labels);
}

void diff_node(const Node& before, const Node& after, std::vector<Change>& out) {
  const Owner owner{Entity::node, after.kgid, after.class_name};
  auto add = [&](ChangeKind kind, ChangeClass change_class, std::string option, Json old_value,
                 Json new_value, std::string summary) {
    auto change = make_change(owner, kind, change_class, "", after.class_name + ": " + summary);
    change.option = std::move(option);
    change.before = std::move(old_value);
    change.after = std::move(new_value);
    out.push_back(std::move(change));
  };

  if (before.class_name != after.class_name)
    add(ChangeKind::node_renamed, ChangeClass::additive, "", before.class_name, after.class_name,
        "class renamed from " + before.class_name);
  if (before.label != after.label)
    add(ChangeKind::node_relabelled, ChangeClass::needs_data, "label", before.label, after.label,
        "label " + before.label + " -> " + after.label);
  // The full label set is reported only when it changed beyond the own-label swap above.
  std::vector<std::string> expected = before.labels;
  std::replace(expected.begin(), expected.end(), before.label, after.label);
  std::sort(expected.begin(), expected.end());
  expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
  if (before.labels != after.labels && expected != after.labels)
    add(ChangeKind::node_relabelled, ChangeClass::needs_data, "labels", labels_json(before.labels),
        labels_json(after.labels),
        "labels " + labels_text(before.labels) + " -> " + labels_text(after.labels));
  // Optional labels are never required on existing nodes.
  if (before.optional_labels != after.optional_labels)
    add(ChangeKind::node_relabelled, ChangeClass::additive, "optional_labels",
        labels_json(before.optional_labels), labels_json(after.optional_labels),
        "optional labels " + labels_text(before.optional_labels) + " -> " +
            labels_text(after.optional_labels));

  diff_properties(owner, before.properties, after.properties, out);
  diff_relationships(owner, before.relationships, after.relationships, out);
}

void diff_nodes(const Schema& before, const Schema& after, std::vector<Change>& out) {
  auto old_nodes = by_key(before.nodes);
  auto new_nodes = by_key(after.nodes);
  for (const auto& [key, node] : old_nodes) {
    auto match = new_nodes.find(key);
    if (match != new_nodes.end()) {
      // Most classes of two neighbouring revisions are identical: nothing to compare.
      if (*node != *match->second)
        diff_node(*node, *match->second, out);
      continue;
    }
    auto change =
        make_change({Entity::node, node->kgid, node->class_name}, ChangeKind::node_removed,
                    ChangeClass::destructive, "",
                    node->class_name + ": removed node model (label " + node->label + ")");
    change.before = to_json(*node);
    out.push_back(std::move(change));
  }
  for (const auto& [key, node] : new_nodes) {
    if (old_nodes.count(key))
      continue;
    auto change = make_change({Entity::node, node->kgid, node->class_name}, ChangeKind::node_added,
                              ChangeClass::additive, "",
                              node->class_name + ": added node model (label " + node->label + ")");
    change.after = to_json(*node);
    out.push_back(std::move(change));
  }
}

void diff_models(const Schema& before, const Schema& after, std::vector<Change>& out) {
  auto old_models = by_key(before.relationships);
  auto new_models = by_key(after.relationships);
  for (const auto& [key, model] : old_models) {
    const Owner owner{Entity::relationship, model->kgid, model->class_name};
    auto match = new_models.find(key);
    if (match == new_models.end()) {
      auto change =
          make_change(owner, ChangeKind::relationship_model_removed, ChangeClass::destructive, "",
                      model->class_name + ": removed relationship model");
      change.before = to_json(*model);
      out.push_back(std::move(change));
      continue;
    }
    const RelationshipModel& renamed = *match->second;
    if (*model == renamed)
      continue;
    const Owner new_owner{Entity::relationship, renamed.kgid, renamed.class_name};
    if (model->class_name != renamed.class_name) {
      auto change =
          make_change(new_owner, ChangeKind::relationship_model_renamed, ChangeClass::additive, "",
                      renamed.class_name + ": class renamed from " + model->class_name);
      change.before = model->class_name;
      change.after = renamed.class_name;
      out.push_back(std::move(change));
    }
    diff_properties(new_owner, model->properties, renamed.properties, out);
  }
  for (const auto& [key, model] : new_models) {
    if (old_models.count(key))
      continue;
    auto change = make_change({Entity::relationship, model->kgid, model->class_name},
                              ChangeKind::relationship_model_added, ChangeClass::additive, "",
                              model->class_name + ": added relationship model");
    change.after = to_json(*model);
    out.push_back(std::move(change));
  }
}

// The class an object belongs to, named as it is after the change when it still exists.
Owner object_owner(const SchemaObject& object, const Schema& before, const Schema& after) {
  Owner owner{object.entity, object.owner_kgid, ""};
  for (const Schema* schema : {&after, &before}) {
    if (object.entity == Entity::node) {
      for (const auto& node : schema->nodes)
        if (node.kgid == object.owner_kgid)
          return {object.entity, object.owner_kgid, node.class_name};
    } else {
      for (const auto& model : schema->relationships)
        if (model.kgid == object.owner_kgid)
          return {object.entity, object.owner_kgid, model.class_name};
    }
  }
  return owner;
}

const char* object_kind_text(SchemaObject::Kind kind) {
  switch (kind) {
  case SchemaObject::Kind::unique_constraint:
    return "unique constraint";
  case SchemaObject::Kind::existence_constraint:
    return "existence constraint";
  case SchemaObject::Kind::range_index:
    return "index";
  case SchemaObject::Kind::fulltext_index:
    return "fulltext index";
  case SchemaObject::Kind::vector_index:
    return "vector index";
  }
  return "index";
}

std::string object_text(const SchemaObject& object) {
  const std::string target = object.entity == Entity::node
                                 ? "(:" + object.label + ")." + object.property
                                 : "[:" + object.label + "]." + object.property;
  return std::string(object_kind_text(object.kind)) + " " + object.name + " on " + target;
}

void diff_objects(const Schema& before, const Schema& after, std::vector<Change>& out) {
  auto old_objects = by_name(before.objects);
  auto new_objects = by_name(after.objects);
  for (const auto& [name, object] : old_objects) {
    auto match = new_objects.find(name);
    if (match != new_objects.end() && *match->second == *object)
      continue;
    auto change = make_change(object_owner(*object, before, after), ChangeKind::object_removed,
                              ChangeClass::destructive, name, "");
    change.summary = change.owner_class + ": removed " + object_text(*object);
    change.before = to_json(*object);
    out.push_back(std::move(change));
  }
  for (const auto& [name, object] : new_objects) {
    auto match = old_objects.find(name);
    if (match != old_objects.end() && *match->second == *object)
      continue;
    // A new constraint fails on existing data that violates it (duplicates, missing values).
    const bool constraint = object->kind == SchemaObject::Kind::unique_constraint ||
                            object->kind == SchemaObject::Kind::existence_constraint;
    auto change =
        make_change(object_owner(*object, before, after), ChangeKind::object_added,
                    constraint ? ChangeClass::needs_data : ChangeClass::additive, name, "");
    change.summary = change.owner_class + ": added " + object_text(*object);
    change.after = to_json(*object);
    out.push_back(std::move(change));
  }
}

// `schema` in canonical order: itself when it is already (the model reader's output is), else a
// normalised copy kept in `copy`.
const Schema& normalized(const Schema& schema, std::optional<Schema>& copy) {
  if (is_normalized(schema))
    return schema;
  normalize(copy.emplace(schema));
  return *copy;
}

} // namespace

Diff diff(const Schema& before, const Schema& after) {
  std::optional<Schema> old_copy;
  std::optional<Schema> new_copy;
  return normalized_diff(normalized(before, old_copy), normalized(after, new_copy));
}

Diff normalized_diff(const Schema& old_schema, const Schema& new_schema) {
  assert(is_normalized(old_schema) && is_normalized(new_schema));
  Diff result;
  diff_nodes(old_schema, new_schema, result.changes);
  diff_models(old_schema, new_schema, result.changes);
  diff_objects(old_schema, new_schema, result.changes);
  detail::sort_changes(result.changes);
  const auto pairs = detail::rename_pairs(result.changes);
  result.renames = detail::propose_renames(pairs, new_schema);
  if (detail::apply_stored_name_renames(result, pairs))
    detail::sort_changes(result.changes);
  return result;
}

} // namespace crochet::schema
