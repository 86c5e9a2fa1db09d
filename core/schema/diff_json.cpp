// Names, JSON form and per-owner grouping of a diff, for printing and for the scaffolder.
#include <string>

#include "core/schema/diff.hpp"

namespace crochet::schema {

const char* to_string(ChangeKind kind) {
  switch (kind) {
  case ChangeKind::node_added:
    return "node_added";
  case ChangeKind::node_removed:
    return "node_removed";
  case ChangeKind::node_renamed:
    return "node_renamed";
  case ChangeKind::node_relabelled:
    return "node_relabelled";
  case ChangeKind::relationship_model_added:
    return "relationship_model_added";
  case ChangeKind::relationship_model_removed:
    return "relationship_model_removed";
  case ChangeKind::relationship_model_renamed:
    return "relationship_model_renamed";
  case ChangeKind::property_added:
    return "property_added";
  case ChangeKind::property_removed:
    return "property_removed";
  case ChangeKind::property_renamed:
    return "property_renamed";
  case ChangeKind::property_retyped:
    return "property_retyped";
  case ChangeKind::property_option_changed:
    return "property_option_changed";
  case ChangeKind::relationship_added:
    return "relationship_added";
  case ChangeKind::relationship_removed:
    return "relationship_removed";
  case ChangeKind::relationship_retyped:
    return "relationship_retyped";
  case ChangeKind::relationship_retargeted:
    return "relationship_retargeted";
  case ChangeKind::relationship_changed:
    return "relationship_changed";
  case ChangeKind::object_added:
    return "object_added";
  case ChangeKind::object_removed:
    return "object_removed";
  }
  return "unknown";
}

const char* to_string(ChangeClass change_class) {
  switch (change_class) {
  case ChangeClass::additive:
    return "additive";
  case ChangeClass::destructive:
    return "destructive";
  case ChangeClass::needs_data:
    return "needs_data";
  }
  return "unknown";
}

bool has_class(const Diff& diff, ChangeClass change_class) {
  for (const auto& change : diff.changes)
    if (change.change_class == change_class)
      return true;
  return false;
}

Json to_json(const Change& change) {
  Json json{{"kind", to_string(change.kind)},     {"class", to_string(change.change_class)},
            {"entity", to_string(change.entity)}, {"owner_kgid", change.owner_kgid},
            {"owner_class", change.owner_class},  {"summary", change.summary}};
  if (!change.subject.empty())
    json["subject"] = change.subject;
  if (!change.option.empty())
    json["option"] = change.option;
  if (!change.before.is_null())
    json["before"] = change.before;
  if (!change.after.is_null())
    json["after"] = change.after;
  return json;
}

Json to_json(const RenameProposal& proposal) {
  Json json{{"owner_kgid", proposal.owner_kgid},
            {"class_name", proposal.class_name},
            {"from", proposal.from},
            {"to", proposal.to},
            {"confirm", to_string(proposal)}};
  if (!proposal.label.empty())
    json["label"] = proposal.label;
  if (!proposal.carried.empty()) {
    json["carries"] = Json::array();
    for (const auto& carried : proposal.carried)
      json["carries"].push_back(to_json(carried));
  }
  return json;
}

Json to_json(const Diff& diff) {
  Json changes = Json::array();
  for (const auto& change : diff.changes)
    changes.push_back(to_json(change));
  Json renames = Json::array();
  for (const auto& proposal : diff.renames)
    renames.push_back(to_json(proposal));
  return Json{{"changes", std::move(changes)}, {"renames", std::move(renames)}};
}

std::vector<OwnerChanges> group_by_owner(const Diff& diff) {
  std::vector<OwnerChanges> groups;
  for (const auto& change : diff.changes) {
    if (groups.empty() || groups.back().owner_kgid != change.owner_kgid ||
        groups.back().owner_class != change.owner_class || groups.back().entity != change.entity)
      groups.push_back({change.owner_kgid, change.owner_class, change.entity, {}});
    groups.back().changes.push_back(change);
  }
  return groups;
}

} // namespace crochet::schema
