// Diff -> upgrade steps. The order matters on a live graph: constraints and indexes that go away
// are dropped first (so renames and removals never trip over them), data moves next, and new
// constraints and indexes come last, over data that is already in its final shape.
#include "core/migration/autogen.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "core/migration/render.hpp"
#include "core/schema/json.hpp"

namespace crochet::migration {
namespace {

using schema::Change;
using schema::ChangeKind;
using schema::Node;
using schema::Property;
using schema::RelationshipModel;
using schema::Schema;
using schema::SchemaObject;

const Node* find_node(const Schema& schema, const std::string& kgid) {
  for (const Node& node : schema.nodes)
    if (node.kgid == kgid)
      return &node;
  return nullptr;
}

const RelationshipModel* find_model(const Schema& schema, const std::string& kgid) {
  for (const RelationshipModel& model : schema.relationships)
    if (model.kgid == kgid)
      return &model;
  return nullptr;
}

const SchemaObject* find_object(const Schema& schema, const std::string& name) {
  for (const SchemaObject& object : schema.objects)
    if (object.name == name)
      return &object;
  return nullptr;
}

const Property* find_property(const std::vector<Property>& properties, const std::string& name) {
  for (const Property& property : properties)
    if (property.name == name)
      return &property;
  return nullptr;
}

const std::string& stored_name(const Property& property) {
  return property.db_property.empty() ? property.name : property.db_property;
}

// The relationship types a StructuredRel model is used with (its own list and every resolved
// definition naming it), as derive_objects counts them.
std::vector<std::string> types_of(const RelationshipModel& model, const Schema& schema) {
  std::set<std::string> types(model.rel_types.begin(), model.rel_types.end());
  for (const Node& node : schema.nodes)
    for (const auto& relationship : node.relationships)
      if (relationship.model_kgid == model.kgid && relationship.rel_type_resolved &&
          !relationship.rel_type.empty())
        types.insert(relationship.rel_type);
  return {types.begin(), types.end()};
}

std::set<std::string> all_labels(const Schema& schema) {
  std::set<std::string> labels;
  for (const Node& node : schema.nodes)
    labels.insert(node.labels.begin(), node.labels.end());
  return labels;
}

std::set<std::string> all_types(const Schema& schema) {
  std::set<std::string> types;
  for (const Node& node : schema.nodes)
    for (const auto& relationship : node.relationships)
      if (relationship.rel_type_resolved)
        types.insert(relationship.rel_type);
  return types;
}

Operation step(OpKind kind, Json args) {
  Operation operation;
  operation.kind = kind;
  operation.args = std::move(args);
  return operation;
}

// A literal default that can be written to existing nodes lacking a new required property.
std::optional<Json> fill_value(const Property& property) {
  if (!property.default_value || property.default_value->kind != schema::Value::Kind::literal ||
      property.default_value->literal.is_null())
    return std::nullopt;
  return property.default_value->literal;
}

class Generator {
public:
  Generator(const Schema& before, const Schema& after) : before_(before), after_(after) {}

  GeneratedSteps run(const schema::Diff& diff) {
    for (const Change& change : diff.changes)
      if (change.kind == ChangeKind::object_removed)
        if (const SchemaObject* object = find_object(before_, change.subject))
          drops_.push_back(drop_object_step(*object));
    plan_label_renames(diff);
    plan_type_renames(diff);
    for (const Change& change : diff.changes)
      plan_change(change);
    for (const Change& change : diff.changes)
      if (change.kind == ChangeKind::object_added)
        if (const SchemaObject* object = find_object(after_, change.subject))
          adds_.push_back(add_object_step(*object));

    data_ = subclasses_first(std::move(data_));
    std::vector<Operation> upgrade = std::move(drops_);
    for (auto* group : {&renames_, &data_, &adds_})
      upgrade.insert(upgrade.end(), group->begin(), group->end());
    GeneratedSteps steps = downgrade_of(std::move(upgrade));
    steps.notes = std::move(notes_);
    return steps;
  }

private:
  // The labels the nodes of `label`'s class carry (its own and its bases'); none for other steps.
  std::vector<std::string> labels_of_step(const Operation& operation) const {
    auto label = operation.args.find("label");
    if (label == operation.args.end() || !label->is_string())
      return {};
    for (const Node& node : after_.nodes)
      if (node.label == label->get<std::string>())
        return node.labels;
    return {};
  }

  // A data step on a base class's label reaches its subclasses' nodes too, so each step goes
  // before the first step on one of its class's base labels: a subclass moving its own values
  // first keeps the base class's step from taking them. Other steps keep their order.
  std::vector<Operation> subclasses_first(std::vector<Operation> steps) const {
    std::vector<Operation> ordered;
    for (Operation& operation : steps) {
      const std::vector<std::string> labels = labels_of_step(operation);
      const std::string own = operation.args.value("label", std::string());
      auto base = std::find_if(ordered.begin(), ordered.end(), [&](const Operation& placed) {
        const std::string placed_label = placed.args.value("label", std::string());
        return !placed_label.empty() && placed_label != own &&
               std::find(labels.begin(), labels.end(), placed_label) != labels.end();
      });
      ordered.insert(base, std::move(operation));
    }
    return ordered;
  }

  // The own label of a node changed (same kgid): every node carrying the old label gets the new
  // one, which also carries subclasses along. Safe only when the old label disappears from the
  // models and the new one is not in use already.
  void plan_label_renames(const schema::Diff& diff) {
    const std::set<std::string> labels_before = all_labels(before_);
    const std::set<std::string> labels_after = all_labels(after_);
    for (const Change& change : diff.changes) {
      if (change.kind != ChangeKind::node_relabelled || change.option != "label")
        continue;
      const std::string from = change.before.get<std::string>();
      const std::string to = change.after.get<std::string>();
      if (labels_after.count(from) || labels_before.count(to)) {
        notes_.push_back(change.owner_class + ": label " + from + " -> " + to +
                         " was not generated as rename_label because " +
                         (labels_after.count(from) ? from + " is still used by another class"
                                                   : to + " is already used by another class") +
                         "; relabel the right nodes with a cypher step");
        continue;
      }
      label_map_[from] = to;
      renames_.push_back(step(OpKind::rename_label, {{"from", from}, {"to", to}}));
    }
  }

  // A relationship type changed on definitions: one rename_relationship_type when every
  // definition of the old type moved to the same new type, nothing else changed about them, and
  // the new type was not in use.
  void plan_type_renames(const schema::Diff& diff) {
    std::map<std::string, std::set<std::string>> targets; // old type -> new types
    std::set<std::string> impure;                         // old types with other changes
    for (const Change& change : diff.changes) {
      if (change.kind != ChangeKind::relationship_retyped)
        continue;
      if (!change.before.is_string() || !change.after.is_string())
        continue;
      targets[change.before.get<std::string>()].insert(change.after.get<std::string>());
    }
    for (const Change& change : diff.changes) {
      const bool reshaped =
          change.kind == ChangeKind::relationship_retargeted ||
          (change.kind == ChangeKind::relationship_changed && change.option == "direction");
      if (!reshaped)
        continue;
      if (const Node* node = find_node(before_, change.owner_kgid))
        for (const auto& relationship : node->relationships)
          if (relationship.name == change.subject)
            impure.insert(relationship.rel_type);
    }
    const std::set<std::string> types_before = all_types(before_);
    const std::set<std::string> types_after = all_types(after_);
    for (const auto& [from, new_types] : targets) {
      const std::string& to = *new_types.begin();
      std::string reason;
      if (new_types.size() > 1)
        reason = "its definitions moved to different types";
      else if (types_after.count(from))
        reason = from + " is still used by another definition";
      else if (types_before.count(to))
        reason = to + " is already used by another definition";
      else if (impure.count(from))
        reason = "the definitions also changed target or direction";
      else if (!resolved_everywhere(from))
        reason = "some definitions of " + from + " are not resolved statically";
      if (!reason.empty()) {
        notes_.push_back("relationship type " + from + " -> " +
                         (new_types.size() > 1 ? std::string("several types") : to) +
                         " was not generated as rename_relationship_type because " + reason +
                         "; move the relationships with a cypher step");
        continue;
      }
      renames_.push_back(step(OpKind::rename_relationship_type, {{"from", from}, {"to", to}}));
    }
  }

  bool resolved_everywhere(const std::string& type) const {
    for (const Node& node : before_.nodes)
      for (const auto& relationship : node.relationships)
        if (!relationship.rel_type_resolved && relationship.rel_type == type)
          return false;
    return true;
  }

  void plan_change(const Change& change) {
    const bool node = change.entity == SchemaObject::Entity::node;
    switch (change.kind) {
    case ChangeKind::property_removed:
      node ? remove_node_property(change) : remove_relationship_property(change);
      return;
    case ChangeKind::property_renamed:
      rename_property(change, node);
      return;
    case ChangeKind::property_added:
      fill_property(change, node);
      return;
    case ChangeKind::property_option_changed:
      plan_option(change, node);
      return;
    case ChangeKind::property_retyped:
      notes_.push_back(change.summary +
                       ": stored values keep their old type; convert them with a cypher step "
                       "if needed");
      return;
    case ChangeKind::node_removed:
      notes_.push_back(change.summary + ": its nodes stay in the graph; delete them with a "
                                        "cypher step if they should go");
      return;
    case ChangeKind::relationship_model_removed:
      notes_.push_back(change.summary + ": relationships keep their properties");
      return;
    case ChangeKind::relationship_removed:
      notes_.push_back(change.summary + ": existing relationships stay in the graph");
      return;
    case ChangeKind::relationship_retargeted:
      notes_.push_back(change.summary + ": existing relationships still point at the old "
                                        "target; move them with a cypher step");
      return;
    case ChangeKind::relationship_changed:
      if (change.option != "model")
        notes_.push_back(change.summary + ": existing relationships are not changed");
      return;
    case ChangeKind::relationship_added:
      if (change.change_class == schema::ChangeClass::needs_data)
        notes_.push_back(change.summary + ": existing nodes have no such relationship yet");
      return;
    case ChangeKind::node_relabelled:
      if (change.option == "labels")
        plan_label_set(change);
      return;
    default:
      return;
    }
  }

  // The label set of a class changed; fine when the label renames explain it.
  void plan_label_set(const Change& change) {
    std::set<std::string> mapped;
    for (const auto& label : change.before)
      mapped.insert(rename(label_map_, label.get<std::string>()));
    std::set<std::string> wanted;
    for (const auto& label : change.after)
      wanted.insert(label.get<std::string>());
    if (mapped != wanted)
      notes_.push_back(change.summary + ": existing nodes keep their labels; add or remove "
                                        "labels with a cypher step");
  }

  static std::string rename(const std::map<std::string, std::string>& map,
                            const std::string& name) {
    auto it = map.find(name);
    return it == map.end() ? name : it->second;
  }

  std::optional<std::string> node_label(const Change& change) const {
    const Node* node = find_node(after_, change.owner_kgid);
    if (node == nullptr || node->label.empty())
      return std::nullopt;
    return node->label;
  }

  std::vector<std::string> model_types(const Change& change) const {
    const RelationshipModel* model = find_model(after_, change.owner_kgid);
    return model ? types_of(*model, after_) : std::vector<std::string>{};
  }

  const Property* property_in(const Schema& schema, const Change& change,
                              const std::string& name) const {
    if (change.entity == SchemaObject::Entity::node) {
      const Node* node = find_node(schema, change.owner_kgid);
      return node ? find_property(node->properties, name) : nullptr;
    }
    const RelationshipModel* model = find_model(schema, change.owner_kgid);
    return model ? find_property(model->properties, name) : nullptr;
  }

  // The class name of another class of the new models that still stores `stored` on nodes
  // labelled `label` (a subclass, or a class sharing the label), or on relationships of type
  // `label`; "" when none does. A step on all of them would reach its values too.
  std::string other_class_storing(const std::string& label, const std::string& stored,
                                  const std::string& owner_kgid, bool node) const {
    if (node) {
      for (const Node& other : after_.nodes)
        if (other.kgid != owner_kgid && stores(other.properties, stored) &&
            std::find(other.labels.begin(), other.labels.end(), label) != other.labels.end())
          return other.class_name;
      return "";
    }
    for (const RelationshipModel& other : after_.relationships) {
      if (other.kgid == owner_kgid || !stores(other.properties, stored))
        continue;
      const auto types = types_of(other, after_);
      if (std::find(types.begin(), types.end(), label) != types.end())
        return other.class_name;
    }
    return "";
  }

  static bool stores(const std::vector<Property>& properties, const std::string& stored) {
    return std::any_of(properties.begin(), properties.end(), [&](const Property& p) {
      return p.alias_of.empty() && stored_name(p) == stored;
    });
  }

  // Whether another class still stores `stored` where the step would write; notes that no
  // `what` step was generated if so.
  bool shared_with_another_class(const Change& change, const std::string& label_or_type,
                                 const std::string& stored, bool node, const char* what) {
    const std::string other = other_class_storing(label_or_type, stored, change.owner_kgid, node);
    if (other.empty())
      return false;
    notes_.push_back(change.summary + ": " + other + " still stores " + stored + " on " +
                     (node ? "nodes labelled " : "relationships of type ") + label_or_type +
                     ", so no " + what + " step was generated; change only the " +
                     (node ? "nodes" : "relationships") + " that should " +
                     (std::string(what) == "rename" ? "have it moved" : "lose it") +
                     " with a cypher step");
    return true;
  }

  void remove_node_property(const Change& change) {
    const Property* property = property_in(before_, change, change.subject);
    if (property == nullptr || !property->alias_of.empty())
      return; // an alias stores nothing
    auto label = node_label(change);
    if (!label ||
        shared_with_another_class(change, *label, stored_name(*property), true, "removal"))
      return;
    data_.push_back(step(OpKind::remove_node_property,
                         {{"label", *label}, {"property", stored_name(*property)}}));
  }

  void remove_relationship_property(const Change& change) {
    const Property* property = property_in(before_, change, change.subject);
    if (property == nullptr || !property->alias_of.empty())
      return;
    const auto types = model_types(change);
    if (types.empty())
      notes_.push_back(change.summary + ": the model is used with no known relationship type, "
                                        "so no removal step was generated");
    for (const std::string& type : types)
      if (!shared_with_another_class(change, type, stored_name(*property), false, "removal"))
        data_.push_back(step(OpKind::remove_relationship_property,
                             {{"rel_type", type}, {"property", stored_name(*property)}}));
  }

  // Values move only when the stored name changes (a Python attribute rename with the same
  // db_property needs nothing).
  void move_values(const Change& change, bool node, const std::string& from,
                   const std::string& to) {
    if (from == to)
      return;
    if (node) {
      if (auto label = node_label(change);
          label && !shared_with_another_class(change, *label, from, true, "rename"))
        data_.push_back(
            step(OpKind::rename_node_property, {{"label", *label}, {"from", from}, {"to", to}}));
      return;
    }
    const auto types = model_types(change);
    if (types.empty())
      notes_.push_back(change.summary + ": the model is used with no known relationship type, "
                                        "so no rename step was generated");
    for (const std::string& type : types)
      if (!shared_with_another_class(change, type, from, false, "rename"))
        data_.push_back(step(OpKind::rename_relationship_property,
                             {{"rel_type", type}, {"from", from}, {"to", to}}));
  }

  void rename_property(const Change& change, bool node) {
    const Property before = schema::property_from_json(change.before);
    const Property after = schema::property_from_json(change.after);
    if (!before.alias_of.empty() || !after.alias_of.empty())
      return;
    move_values(change, node, stored_name(before), stored_name(after));
  }

  // A property that becomes required: existing nodes lacking it get its literal default.
  void fill_property(const Change& change, bool node) {
    const Property* property = property_in(after_, change, change.subject);
    if (property == nullptr || !property->required || !property->alias_of.empty())
      return;
    auto value = fill_value(*property);
    if (!value) {
      notes_.push_back(change.summary + ": existing " + (node ? "nodes" : "relationships") +
                       " lack a value and there is no literal default to fill in");
      return;
    }
    if (node) {
      if (auto label = node_label(change))
        data_.push_back(
            step(OpKind::add_node_property,
                 {{"label", *label}, {"property", stored_name(*property)}, {"value", *value}}));
      return;
    }
    for (const std::string& type : model_types(change))
      data_.push_back(
          step(OpKind::add_relationship_property,
               {{"rel_type", type}, {"property", stored_name(*property)}, {"value", *value}}));
  }

  void plan_option(const Change& change, bool node) {
    // Filling nodes that lack a property the graph already holds could not be undone without
    // also removing the values that were there before, so it is left to the reviewer.
    if (change.option == "required" && change.after == Json(true)) {
      notes_.push_back(change.summary + ": existing " + (node ? "nodes" : "relationships") +
                       " may lack a value; fill them with a cypher step");
      return;
    }
    if (change.option == "db_property" && change.before.is_string() && change.after.is_string()) {
      move_values(change, node, change.before.get<std::string>(), change.after.get<std::string>());
      return;
    }
    if (change.change_class != schema::ChangeClass::additive &&
        (change.option == "choices" || change.option == "max_length" || change.option == "crs" ||
         change.option == "alias_of"))
      notes_.push_back(change.summary + ": existing values are not checked or converted");
  }

  const Schema& before_;
  const Schema& after_;
  std::map<std::string, std::string> label_map_;
  std::vector<Operation> drops_, renames_, data_, adds_;
  std::vector<std::string> notes_;
};

Json object_args(const SchemaObject& object) {
  Json args = {{"name", object.name}, {"property", object.property}};
  args[object.entity == SchemaObject::Entity::node ? "label" : "rel_type"] = object.label;
  if (object.kind == SchemaObject::Kind::fulltext_index) {
    const schema::FulltextIndex options = object.fulltext.value_or(schema::FulltextIndex{});
    args["analyzer"] = options.analyzer;
    args["eventually_consistent"] = options.eventually_consistent;
  }
  if (object.kind == SchemaObject::Kind::vector_index) {
    const schema::VectorIndex options = object.vector.value_or(schema::VectorIndex{});
    args["dimensions"] = options.dimensions;
    args["similarity_function"] = options.similarity_function;
  }
  return args;
}

std::pair<OpKind, OpKind> object_ops(SchemaObject::Kind kind) {
  switch (kind) {
  case SchemaObject::Kind::unique_constraint:
    return {OpKind::add_unique_constraint, OpKind::drop_unique_constraint};
  case SchemaObject::Kind::existence_constraint:
    return {OpKind::add_existence_constraint, OpKind::drop_existence_constraint};
  case SchemaObject::Kind::range_index:
    return {OpKind::add_index, OpKind::drop_index};
  case SchemaObject::Kind::fulltext_index:
    return {OpKind::add_fulltext_index, OpKind::drop_fulltext_index};
  case SchemaObject::Kind::vector_index:
    return {OpKind::add_vector_index, OpKind::drop_vector_index};
  }
  return {OpKind::add_index, OpKind::drop_index};
}

} // namespace

Operation add_object_step(const SchemaObject& object) {
  return step(object_ops(object.kind).first, object_args(object));
}

Operation drop_object_step(const SchemaObject& object) {
  return step(object_ops(object.kind).second, object_args(object));
}

GeneratedSteps downgrade_of(std::vector<Operation> upgrade) {
  GeneratedSteps steps;
  for (auto it = upgrade.rbegin(); it != upgrade.rend(); ++it) {
    Downgrade inverse = natural_downgrade(*it);
    steps.rollback_safe = steps.rollback_safe && inverse.faithful;
    for (Operation& operation : inverse.steps)
      steps.downgrade.push_back(std::move(operation));
  }
  steps.upgrade = std::move(upgrade);
  return steps;
}

GeneratedSteps generate_steps(const Schema& before, const Schema& after, const schema::Diff& diff) {
  return Generator(before, after).run(diff);
}

} // namespace crochet::migration
