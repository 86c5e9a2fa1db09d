#include "core/migration/simulate.hpp"

#include "core/migration/autogen.hpp"

namespace crochet::migration {
namespace {

using schema::SchemaObject;

const char* object_kind(OpKind kind) {
  switch (kind) {
  case OpKind::add_unique_constraint:
  case OpKind::drop_unique_constraint:
    return "unique_constraint";
  case OpKind::add_existence_constraint:
  case OpKind::drop_existence_constraint:
    return "existence_constraint";
  case OpKind::add_index:
  case OpKind::drop_index:
    return "range_index";
  case OpKind::add_fulltext_index:
  case OpKind::drop_fulltext_index:
    return "fulltext_index";
  case OpKind::add_vector_index:
  case OpKind::drop_vector_index:
    return "vector_index";
  default:
    return nullptr;
  }
}

bool is_add(OpKind kind) {
  return kind == OpKind::add_unique_constraint || kind == OpKind::add_existence_constraint ||
         kind == OpKind::add_index || kind == OpKind::add_fulltext_index ||
         kind == OpKind::add_vector_index;
}

// An object's definition as the add/drop step spells it, so objects from the IR and objects
// created by steps compare equal exactly when they are the same constraint or index.
Json definition(const Operation& step) {
  Json args = step.args;
  args.erase("name");
  args["kind"] = object_kind(step.kind);
  return args;
}

template <typename Set, typename Key>
void rename_keys(Set& set, const Key& from, const Key& to, bool first) {
  Set out;
  for (auto item : set) {
    auto& key = first ? item.first : item.second;
    if (key == from)
      key = to;
    out.insert(item);
  }
  set = std::move(out);
}

class Simulator {
public:
  Simulator(GraphModel& graph, std::string what) : graph_(graph), what_(std::move(what)) {}

  void apply(const Operation& step, std::size_t index) {
    where_ = what_ + " step " + std::to_string(index + 1) + " (" + to_string(step.kind) + ")";
    if (object_kind(step.kind)) {
      object_step(step);
      return;
    }
    const Json& a = step.args;
    auto text = [&](const char* name) { return a.value(name, std::string()); };
    switch (step.kind) {
    case OpKind::rename_label:
      rename_in(graph_.labels, graph_.node_properties, text("from"), text("to"), "label");
      return;
    case OpKind::rename_relationship_type:
      rename_in(graph_.rel_types, graph_.relationship_properties, text("from"), text("to"),
                "relationship type");
      return;
    case OpKind::rename_node_property:
      move_property(graph_.node_properties, text("label"), text("from"), text("to"));
      return;
    case OpKind::rename_relationship_property:
      move_property(graph_.relationship_properties, text("rel_type"), text("from"), text("to"));
      return;
    case OpKind::add_node_property:
      graph_.node_properties.insert({text("label"), text("property")});
      return;
    case OpKind::add_relationship_property:
      graph_.relationship_properties.insert({text("rel_type"), text("property")});
      return;
    case OpKind::remove_node_property:
      graph_.node_properties.erase({text("label"), text("property")});
      return;
    case OpKind::remove_relationship_property:
      graph_.relationship_properties.erase({text("rel_type"), text("property")});
      return;
    case OpKind::cypher:
      (a.value("schema", false) ? graph_.opaque_objects : graph_.opaque_data) = true;
      return;
    default:
      return; // batch loads add and remove their own batch only: no schema effect
    }
  }

  std::vector<std::string> problems;

private:
  void object_step(const Operation& step) {
    const std::string name = step.args.value("name", std::string());
    if (graph_.opaque_objects)
      return;
    auto it = graph_.objects.find(name);
    if (is_add(step.kind)) {
      if (it != graph_.objects.end())
        problems.push_back(where_ + ": " + name + " exists already");
      graph_.objects[name] = definition(step);
      return;
    }
    if (it == graph_.objects.end()) {
      problems.push_back(where_ + ": drops " + name + ", which does not exist");
      return;
    }
    if (it->second.value("kind", std::string()) != object_kind(step.kind))
      problems.push_back(where_ + ": " + name + " is a " + it->second.value("kind", "") +
                         ", not a " + object_kind(step.kind));
    graph_.objects.erase(it);
  }

  void rename_in(std::set<std::string>& names, std::set<std::pair<std::string, std::string>>& props,
                 const std::string& from, const std::string& to, const char* what) {
    if (graph_.opaque_data)
      return;
    if (!names.count(from))
      problems.push_back(where_ + ": no " + what + " " + from + " to rename");
    if (names.count(to))
      problems.push_back(where_ + ": " + what + " " + to + " is in use already");
    names.erase(from);
    names.insert(to);
    rename_keys(props, from, to, true);
  }

  void move_property(std::set<std::pair<std::string, std::string>>& props, const std::string& owner,
                     const std::string& from, const std::string& to) {
    if (graph_.opaque_data)
      return;
    if (props.erase({owner, from}) == 0)
      problems.push_back(where_ + ": " + owner + " stores no property " + from);
    props.insert({owner, to});
  }

  GraphModel& graph_;
  std::string what_;
  std::string where_;
};

std::string object_list(const std::map<std::string, Json>& objects,
                        const std::map<std::string, Json>& other) {
  std::string text;
  for (const auto& [name, definition] : objects) {
    auto it = other.find(name);
    if (it == other.end() || it->second != definition)
      text += (text.empty() ? "" : ", ") + name;
  }
  return text.empty() ? "none" : text;
}

void compare_objects(const GraphModel& got, const GraphModel& want, const std::string& what,
                     std::vector<std::string>& problems) {
  if (got.objects == want.objects)
    return;
  problems.push_back(what + ": constraints and indexes differ (extra or changed: " +
                     object_list(got.objects, want.objects) +
                     "; missing or changed: " + object_list(want.objects, got.objects) + ")");
}

} // namespace

GraphModel model_of(const schema::Schema& schema) {
  GraphModel graph;
  for (const SchemaObject& object : schema.objects) {
    const Operation step = add_object_step(object);
    graph.objects[object.name] = definition(step);
  }
  for (const schema::Node& node : schema.nodes) {
    graph.labels.insert(node.labels.begin(), node.labels.end());
    for (const schema::Property& property : node.properties)
      if (property.alias_of.empty() && !node.label.empty())
        graph.node_properties.insert(
            {node.label, property.db_property.empty() ? property.name : property.db_property});
  }
  std::map<std::string, const schema::RelationshipModel*> models;
  for (const schema::RelationshipModel& model : schema.relationships)
    models[model.kgid] = &model;
  for (const schema::Node& node : schema.nodes)
    for (const schema::RelationshipDef& relationship : node.relationships) {
      if (!relationship.rel_type_resolved || relationship.rel_type.empty())
        continue;
      graph.rel_types.insert(relationship.rel_type);
      auto model = models.find(relationship.model_kgid);
      if (model == models.end())
        continue;
      for (const schema::Property& property : model->second->properties)
        if (property.alias_of.empty())
          graph.relationship_properties.insert({relationship.rel_type, property.db_property.empty()
                                                                           ? property.name
                                                                           : property.db_property});
    }
  return graph;
}

std::vector<std::string> apply_steps(GraphModel& graph, const std::vector<Operation>& steps,
                                     const std::string& what) {
  Simulator simulator(graph, what);
  for (std::size_t i = 0; i < steps.size(); ++i)
    simulator.apply(steps[i], i);
  return std::move(simulator.problems);
}

RoundTrip check_round_trip(const Migration& migration, const schema::Schema& before,
                           const schema::Schema& after) {
  RoundTrip result;
  const GraphModel start = model_of(before);
  GraphModel graph = start;
  auto problems = apply_steps(graph, migration.upgrade, "upgrade");
  result.problems.insert(result.problems.end(), problems.begin(), problems.end());
  result.checked_objects = !graph.opaque_objects;
  if (result.checked_objects)
    compare_objects(graph, model_of(after), "after the upgrade", result.problems);

  problems = apply_steps(graph, migration.downgrade, "downgrade");
  result.problems.insert(result.problems.end(), problems.begin(), problems.end());
  result.checked_objects = result.checked_objects && !graph.opaque_objects;
  result.checked_data = !graph.opaque_data;
  if (result.checked_objects)
    compare_objects(graph, start, "after upgrade and downgrade", result.problems);
  if (result.checked_data && migration.rollback_safe) {
    if (graph.labels != start.labels || graph.rel_types != start.rel_types)
      result.problems.push_back(
          "after upgrade and downgrade: labels or relationship types differ from the start");
    if (graph.node_properties != start.node_properties ||
        graph.relationship_properties != start.relationship_properties)
      result.problems.push_back(
          "after upgrade and downgrade: stored properties differ from the start");
  }
  return result;
}

} // namespace crochet::migration
