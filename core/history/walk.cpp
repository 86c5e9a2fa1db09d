#include "core/history/walk.hpp"

#include <algorithm>
#include <map>

#include "core/util/error.hpp"

namespace crochet::history {
namespace {

struct Target {
  std::string label;
  std::string property; // "" for the whole class
};

Target parse_target(std::string_view text) {
  const auto dot = text.find('.');
  Target target{std::string(text.substr(0, dot)),
                dot == std::string_view::npos ? "" : std::string(text.substr(dot + 1))};
  if (target.label.empty() || (dot != std::string_view::npos && target.property.empty()))
    throw Error("bad target '" + std::string(text) + "'",
                "write Label or Label.property, e.g. Person.email", 129);
  return target;
}

bool has_property(const std::vector<schema::Property>& properties, const std::string& name) {
  return std::any_of(properties.begin(), properties.end(), [&](const schema::Property& p) {
    return p.name == name || p.db_property == name;
  });
}

// The kgid of the class the target names in `schema`, if any has the property too.
std::optional<std::string> find_owner(const schema::Schema& schema, const Target& target) {
  for (const schema::Node& node : schema.nodes)
    if ((node.label == target.label || node.class_name == target.label) &&
        (target.property.empty() || has_property(node.properties, target.property)))
      return node.kgid;
  for (const schema::RelationshipModel& model : schema.relationships)
    if (model.class_name == target.label &&
        (target.property.empty() || has_property(model.properties, target.property)))
      return model.kgid;
  return std::nullopt;
}

std::string change_token(const schema::Change& c) {
  using K = schema::ChangeKind;
  const std::string name = c.owner_class + (c.subject.empty() ? "" : "." + c.subject);
  switch (c.kind) {
  case K::node_added:
  case K::relationship_model_added:
  case K::property_added:
  case K::relationship_added:
  case K::object_added:
    return "+" + name;
  case K::node_removed:
  case K::relationship_model_removed:
  case K::property_removed:
  case K::relationship_removed:
  case K::object_removed:
    return "-" + name;
  default:
    return "~" + name;
  }
}

// The models tree of each commit, looked up once: a walk asks for most commits twice (as a
// commit and as the parent of the next one).
class TreeLookup {
public:
  explicit TreeLookup(ModelSnapshotReader& reader) : reader_(reader) {}
  std::optional<std::string> operator()(const std::string& commit_id) {
    if (auto found = trees_.find(commit_id); found != trees_.end())
      return found->second;
    return trees_.emplace(commit_id, reader_.models_tree(commit_id)).first->second;
  }

private:
  ModelSnapshotReader& reader_;
  std::map<std::string, std::optional<std::string>> trees_;
};

} // namespace

std::string change_tokens(const schema::Diff& diff, std::size_t limit) {
  std::string out;
  std::size_t shown = 0;
  for (const schema::Change& change : diff.changes) {
    // Derived constraints and indexes follow from property changes already listed.
    if (change.kind == schema::ChangeKind::object_added ||
        change.kind == schema::ChangeKind::object_removed)
      continue;
    if (shown == limit) {
      out += ", ...";
      break;
    }
    out += (shown++ == 0 ? "" : ", ") + change_token(change);
  }
  if (out.empty() && !diff.empty())
    out = change_token(diff.changes.front());
  return out;
}

bool schema_has(const schema::Schema& schema, std::string_view target) {
  return find_owner(schema, parse_target(target)).has_value();
}

std::vector<LogEntry> schema_log(ModelSnapshotReader& reader, std::string_view range) {
  git::Repository& repo = reader.repo();
  const std::vector<std::string> commits = repo.rev_list(range);
  TreeLookup trees(reader);
  if (commits.empty())
    throw Error("no commits in range '" + std::string(range) + "'");
  std::vector<LogEntry> entries;
  for (const std::string& id : commits) {
    git::CommitInfo info = repo.commit_info(id);
    const auto tree = trees(id);
    const auto parent_tree = info.parents.empty() ? std::nullopt : trees(info.parents.front());
    if (tree == parent_tree)
      continue; // the models did not change: nothing to read
    LogEntry entry;
    entry.merge = info.parents.size() > 1;
    entry.commit = std::move(info);
    const Snapshot after = reader.at_tree(tree);
    const Snapshot before = reader.at_tree(parent_tree);
    entry.readable = after.readable;
    entry.parent_readable = before.readable;
    entry.hash = after.hash;
    entry.first_error = after.readable ? before.first_error : after.first_error;
    if (after.readable && before.readable)
      entry.diff = schema::diff(before.schema, after.schema);
    // A tree change that leaves the schema unchanged (a comment, a moved class) is not listed.
    if (entry.readable && entry.parent_readable && entry.diff.empty())
      continue;
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::vector<BlameEntry> blame(ModelSnapshotReader& reader, std::string_view target_text,
                              std::string_view rev) {
  const Target target = parse_target(target_text);
  git::Repository& repo = reader.repo();
  std::vector<std::string> commits = repo.rev_list(rev);
  std::reverse(commits.begin(), commits.end());
  TreeLookup trees(reader);
  std::vector<BlameEntry> entries;
  for (const std::string& id : commits) {
    git::CommitInfo info = repo.commit_info(id);
    const auto tree = trees(id);
    const auto parent_tree = info.parents.empty() ? std::nullopt : trees(info.parents.front());
    if (tree == parent_tree)
      continue;
    const Snapshot after = reader.at_tree(tree);
    const Snapshot before = reader.at_tree(parent_tree);
    if (!after.readable || !before.readable)
      continue; // cannot tell; the next readable commit shows the net change
    const auto owner_before = find_owner(before.schema, target);
    const auto owner_after = find_owner(after.schema, target);
    if (!owner_before && !owner_after)
      continue;
    BlameEntry entry;
    const std::string owner = owner_after ? *owner_after : *owner_before;
    for (const schema::Change& change : schema::diff(before.schema, after.schema).changes)
      if (change.owner_kgid == owner &&
          (target.property.empty() || change.subject == target.property || change.subject.empty()))
        entry.changes.push_back(change);
    if (!owner_before)
      entry.what = "introduced";
    else if (!owner_after)
      entry.what = "removed";
    else if (!entry.changes.empty())
      entry.what = "changed";
    else
      continue;
    entry.commit = std::move(info);
    entries.push_back(std::move(entry));
  }
  if (entries.empty())
    throw Error("'" + std::string(target_text) + "' does not appear in the history of '" +
                    std::string(rev) + "'",
                "name a node label or class, optionally with a property: Person.email");
  return entries;
}

} // namespace crochet::history
