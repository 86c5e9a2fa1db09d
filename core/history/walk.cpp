#include "core/history/walk.hpp"

#include <algorithm>
#include <map>

#include "core/history/change_reader.hpp"
#include "core/history/history_cache.hpp"
#include "core/history/prefetch.hpp"
#include "core/util/error.hpp"

namespace crochet::history {
namespace {

// Changes read ahead during a walk at most: bounds the memory they hold.
constexpr std::size_t kPrefetchLimit = 4096;

struct Target {
  std::string label;
  std::string property; // "" for the whole class
  // The class's kgid at the blamed revision, when it has the class: the class is then followed
  // by identity through renames of the class and its label.
  std::string kgid;
};

Target parse_target(std::string_view text) {
  const auto dot = text.find('.');
  Target target{std::string(text.substr(0, dot)),
                dot == std::string_view::npos ? "" : std::string(text.substr(dot + 1)),
                {}};
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
  auto named = [&](const std::string& kgid, const std::string& class_name,
                   const std::string& label) {
    return target.kgid.empty() ? class_name == target.label || label == target.label
                               : kgid == target.kgid;
  };
  // A node's relationship definitions are members as its properties are (Person.friends).
  const auto has_relationship = [&](const schema::Node& node) {
    return std::any_of(node.relationships.begin(), node.relationships.end(),
                       [&](const schema::RelationshipDef& r) { return r.name == target.property; });
  };
  for (const schema::Node& node : schema.nodes)
    if (named(node.kgid, node.class_name, node.label) &&
        (target.property.empty() || has_property(node.properties, target.property) ||
         has_relationship(node)))
      return node.kgid;
  for (const schema::RelationshipModel& model : schema.relationships)
    if (named(model.kgid, model.class_name, model.class_name) &&
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

std::optional<std::string> hex_of(const std::optional<git::ObjectId>& id) {
  return id ? std::optional<std::string>(id->hex()) : std::nullopt;
}

} // namespace

std::string change_tokens(const schema::Diff& diff, std::size_t limit) {
  std::string out;
  std::vector<std::string> tokens; // shown so far
  std::size_t shown = 0;
  for (const schema::Change& change : diff.changes) {
    // Derived constraints and indexes follow from property changes already listed.
    if (change.kind == schema::ChangeKind::object_added ||
        change.kind == schema::ChangeKind::object_removed)
      continue;
    // A class rename is two changes of one class (label and label set): one token.
    const std::string token = change_token(change);
    if (std::find(tokens.begin(), tokens.end(), token) != tokens.end())
      continue;
    if (shown == limit) {
      out += ", ...";
      break;
    }
    out += (shown++ == 0 ? "" : ", ") + token;
    tokens.push_back(token);
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
  HistoryCache cache(reader);
  // Commits the table lacks are read from git, which is slow: the changes of their trees are
  // read meanwhile, on another thread started with the first such commit, and this thread
  // joins in once the walk ends.
  std::optional<ChangePrefetcher> prefetcher;
  git::SubtreeTable& commits = cache.commits();
  commits.on_add([&](const git::SubtreeTable::Entry& entry) {
    if (!prefetcher)
      prefetcher.emplace(reader, kPrefetchLimit);
    prefetcher->announce(commits, entry);
  });
  const std::vector<git::SubtreeStep> steps = repo.subtree_history(range, commits);
  commits.on_add(nullptr);
  Prefetched known = prefetcher ? prefetcher->drain(repo) : Prefetched{};
  if (steps.empty())
    throw Error("no commits in range '" + std::string(range) + "'");
  std::vector<std::pair<const git::SubtreeStep*, LogCache::Trees>> changed;
  for (const git::SubtreeStep& step : steps)
    if (step.tree != step.parent_tree) // else the models did not change: nothing to read
      changed.emplace_back(&step, LogCache::Trees{step.parent_tree, step.tree});
  std::vector<LogCache::Trees> changes;
  changes.reserve(changed.size());
  for (const auto& [step, trees] : changed)
    changes.push_back(trees);
  read_changes(reader, changes, cache.log(), std::move(known));

  std::vector<LogEntry> entries;
  for (const auto& [step, trees] : changed) {
    const TreeChange& change = *cache.log().find(trees);
    // A tree change that leaves the schema unchanged (a comment, a moved class) is not listed.
    if (!change.listed)
      continue;
    LogEntry entry;
    entry.commit = repo.commit_info(step->commit.hex());
    entry.merge = step->parent_count > 1;
    entry.shallow_boundary = step->shallow_boundary;
    entry.readable = change.readable;
    entry.parent_readable = change.parent_readable;
    entry.first_error = change.first_error;
    entry.hash = change.hash;
    entry.summary = change.summary;
    entry.diff_json = change.diff_json;
    entries.push_back(std::move(entry));
  }
  cache.save();
  return entries;
}

namespace {

// What one models change did to the target: `what` stays empty when it left it alone.
BlameEntry blame_step(const schema::Schema& before, const schema::Schema& after,
                      const Target& target) {
  BlameEntry entry;
  const auto owner_before = find_owner(before, target);
  const auto owner_after = find_owner(after, target);
  if (!owner_before && !owner_after)
    return entry;
  const std::string owner = owner_after ? *owner_after : *owner_before;
  bool renamed = false; // the target property, or its class, is one side of a rename
  for (const schema::Change& change : schema::diff(before, after).changes) {
    if (change.owner_kgid != owner)
      continue;
    const bool rename_of_target =
        !target.property.empty() && change.kind == schema::ChangeKind::property_renamed &&
        (change.subject == target.property || change.before.value("name", "") == target.property);
    const bool rename_of_class = change.kind == schema::ChangeKind::node_renamed ||
                                 change.kind == schema::ChangeKind::relationship_model_renamed ||
                                 (change.kind == schema::ChangeKind::node_relabelled &&
                                  change.subject.empty() && change.option == "label");
    renamed = renamed || rename_of_target || rename_of_class;
    if (target.property.empty() || change.subject == target.property || change.subject.empty() ||
        rename_of_target)
      entry.changes.push_back(change);
  }
  if (renamed)
    entry.what = "renamed";
  else if (!owner_before)
    entry.what = "introduced";
  else if (!owner_after)
    entry.what = "removed";
  else if (!entry.changes.empty())
    entry.what = "changed";
  return entry;
}

// Whether a merge took the target as some parent other than the first already had it: then the
// change belongs to that parent's side of history, where the walk reports it (as `git log`
// leaves out a merge that matches one of its parents). Parents whose models do not read are no
// evidence either way.
bool target_came_from_another_parent(ModelSnapshotReader& reader, const git::SubtreeStep& step,
                                     const std::string& dir_path, const schema::Schema& after,
                                     const Target& target) {
  git::Repository& repo = reader.repo();
  const std::vector<std::string> parents = repo.commit_info(step.commit.hex()).parents;
  for (std::size_t i = 1; i < parents.size(); ++i) {
    const std::optional<std::string> tree = repo.subtree_id(parents[i], dir_path);
    if (tree == hex_of(step.tree))
      return true;
    const Snapshot side = reader.at_tree(tree);
    if (side.readable && blame_step(side.schema, after, target).what.empty())
      return true;
  }
  return false;
}

} // namespace

std::vector<BlameEntry> blame(ModelSnapshotReader& reader, std::string_view target_text,
                              std::string_view rev) {
  Target target = parse_target(target_text);
  git::Repository& repo = reader.repo();
  if (const Snapshot at_rev = reader.at_commit(repo.resolve_commit(rev)); at_rev.readable)
    if (const std::optional<std::string> kgid = find_owner(at_rev.schema, target))
      target.kgid = *kgid;
  HistoryCache cache(reader);
  const std::vector<git::SubtreeStep> steps = repo.subtree_history(rev, cache.commits());
  const LogCache& log = cache.log();
  const std::string dir_path = cache.commits().dir_path();
  cache.save();
  std::vector<BlameEntry> entries;
  for (auto step = steps.rbegin(); step != steps.rend(); ++step) {
    if (step->tree == step->parent_tree)
      continue;
    // A change log has seen leave the schema as it was (both sides readable, empty diff): the
    // target is in both or in neither, with no change to report.
    if (const TreeChange* change = log.find({step->parent_tree, step->tree});
        change != nullptr && !change->listed)
      continue;
    const Snapshot after = reader.at_tree(hex_of(step->tree));
    const Snapshot before = reader.at_tree(hex_of(step->parent_tree));
    reader.trim_parsed_files(); // the next step shares this one's files
    if (!after.readable || !before.readable)
      continue; // cannot tell; the next readable commit shows the net change
    BlameEntry entry = blame_step(before.schema, after.schema, target);
    if (entry.what.empty())
      continue;
    if (step->parent_count > 1 &&
        target_came_from_another_parent(reader, *step, dir_path, after.schema, target))
      continue;
    entry.commit = repo.commit_info(step->commit.hex());
    entry.shallow_boundary = step->shallow_boundary;
    entries.push_back(std::move(entry));
  }
  if (entries.empty())
    throw Error("'" + std::string(target_text) + "' does not appear in the history of '" +
                    std::string(rev) + "'",
                "name a node label or class, optionally with a property: Person.email");
  return entries;
}

} // namespace crochet::history
