#include "core/hooks/merge_heads.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/hooks/display.hpp"
#include "core/migration/names.hpp"
#include "core/migration/plan.hpp"
#include "core/migration/schema_snapshot.hpp"
#include "core/migration/simulate.hpp"
#include "core/schema/diff.hpp"
#include "core/util/advice.hpp"
#include "core/util/error.hpp"

namespace crochet::hooks {
namespace {

using migration::Chain;
using migration::Migration;

// What one migration touches: keys are "kgid:<kgid>[.<prop>]" from its schema change (stable
// across class renames) and "label:", "type:" from its steps; values are display names.
using Touched = std::map<std::string, std::string>;

bool is_object_change(const schema::Change& change) {
  return change.kind == schema::ChangeKind::object_added ||
         change.kind == schema::ChangeKind::object_removed;
}

std::pair<std::string, std::string> change_key(const schema::Change& change) {
  std::string key = "kgid:" + change.owner_kgid;
  std::string display = change.owner_class;
  if (!change.subject.empty()) {
    key += "." + change.subject;
    display += "." + change.subject;
  }
  return {key, display};
}

void add_name(Touched& touched, const char* kind, const std::string& name,
              const std::string& property = {}) {
  if (name.empty())
    return;
  const std::string prefix = std::string(kind) + ":";
  if (property.empty())
    touched[prefix + name] = std::string(kind) + " " + name;
  else
    touched[prefix + name + "." + property] = name + "." + property;
}

std::string string_arg(const migration::Operation& step, const char* name) {
  const auto it = step.args.find(name);
  return it != step.args.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void touched_by_steps(const Migration& m, Touched& touched, std::vector<std::string>& notes) {
  using K = migration::OpKind;
  for (const migration::Operation& step : m.upgrade) {
    const std::string label = string_arg(step, "label");
    const std::string type = string_arg(step, "rel_type");
    const char* kind = label.empty() ? "type" : "label";
    const std::string& owner = label.empty() ? type : label;
    switch (step.kind) {
    case K::cypher:
      notes.push_back("free Cypher steps are not compared (" + display_name(m) + ")");
      break;
    case K::rename_label:
      add_name(touched, "label", string_arg(step, "from"));
      add_name(touched, "label", string_arg(step, "to"));
      break;
    case K::rename_relationship_type:
      add_name(touched, "type", string_arg(step, "from"));
      add_name(touched, "type", string_arg(step, "to"));
      break;
    case K::rename_node_property:
    case K::rename_relationship_property:
      add_name(touched, kind, owner, string_arg(step, "from"));
      add_name(touched, kind, owner, string_arg(step, "to"));
      break;
    case K::create_nodes:
    case K::upsert_nodes:
    case K::delete_nodes_by_batch:
      if (const auto it = step.args.find("labels"); it != step.args.end() && it->is_array())
        for (const auto& name : *it)
          if (name.is_string())
            add_name(touched, "label", name.get<std::string>());
      break;
    default:
      add_name(touched, kind, owner, string_arg(step, "property"));
      break;
    }
  }
}

// The schema before `m`: its single parent's recorded schema, the empty schema for a first
// migration; nullopt for a merge migration or a missing snapshot.
std::optional<schema::Schema> schema_before(const Chain& chain, const Migration& m,
                                            const RecordedSchema& recorded) {
  if (m.parents.empty())
    return schema::Schema{};
  if (m.parents.size() > 1)
    return std::nullopt;
  const Migration* parent = chain.find(m.parents[0]);
  return parent ? recorded(*parent) : std::nullopt;
}

// A class the migration adds touches each of its members: another side that lacks the class
// (a second root of the chain, say) gets all of them from this side.
void touch_members(const schema::Schema& after, const schema::Change& added, Touched& touched) {
  auto touch = [&](const std::string& member) {
    touched.emplace("kgid:" + added.owner_kgid + "." + member, added.owner_class + "." + member);
  };
  for (const schema::Node& node : after.nodes)
    if (node.kgid == added.owner_kgid) {
      for (const schema::Property& property : node.properties)
        touch(property.name);
      for (const schema::RelationshipDef& relationship : node.relationships)
        touch(relationship.name);
    }
  for (const schema::RelationshipModel& model : after.relationships)
    if (model.kgid == added.owner_kgid)
      for (const schema::Property& property : model.properties)
        touch(property.name);
}

Touched touched_by(const Chain& chain, const Migration& m, const RecordedSchema& recorded,
                   std::vector<std::string>& notes) {
  Touched touched;
  touched_by_steps(m, touched, notes);
  const auto before = schema_before(chain, m, recorded);
  const auto after = recorded(m);
  if (before && after) {
    for (const schema::Change& change : schema::diff(*before, *after).changes) {
      if (is_object_change(change))
        continue;
      touched.insert(change_key(change));
      if (change.kind == schema::ChangeKind::node_added ||
          change.kind == schema::ChangeKind::relationship_model_added)
        touch_members(*after, change, touched);
    }
  } else if (m.parents.size() <= 1) {
    notes.push_back("the schema snapshot of " + display_name(m) +
                    " (or of its parent) is missing: only its steps are compared");
  }
  return touched;
}

// For each head, the migrations only its side has, in chain order.
std::vector<std::vector<const Migration*>> sides_of(const Chain& chain) {
  std::vector<std::set<std::string>> lines;
  for (const std::string& head : chain.heads)
    lines.push_back(migration::lineage(chain, *chain.find(head)));
  std::vector<std::vector<const Migration*>> sides(lines.size());
  for (const Migration& m : chain.migrations) {
    std::vector<std::size_t> on;
    for (std::size_t i = 0; i < lines.size(); ++i)
      if (lines[i].contains(m.revision))
        on.push_back(i);
    if (on.size() == 1)
      sides[on[0]].push_back(&m);
  }
  return sides;
}

// Both sides' steps run on a database. Two sides changing one property differently (one adds a
// uniqueness constraint, the other an index) leave both objects, which the merged models, like
// either side's, do not have: the steps of every migration are run symbolically and what they
// make beyond the models' derived objects is reported.
void extra_objects(const Chain& chain, const schema::Schema& models, MergePlan& plan) {
  migration::GraphModel graph;
  for (const Migration& m : chain.migrations) // parents first
    migration::apply_steps(graph, m.upgrade, display_name(m));
  if (graph.opaque_objects) {
    plan.notes.push_back("a free cypher step hides what the migrations make: the constraints and "
                         "indexes of both branches together are not checked");
    return;
  }
  const migration::GraphModel wanted = migration::model_of(models);
  for (const auto& [name, definition] : graph.objects) {
    const auto it = wanted.objects.find(name);
    if (it == wanted.objects.end())
      plan.unexplained.push_back(name + ": the migrations of both branches make it, but the "
                                        "merged models do not have it");
    else if (it->second != definition)
      plan.unexplained.push_back(name + ": the migrations of both branches make it differently "
                                        "from the merged models");
  }
}

int next_number(const Chain& chain) {
  int highest = 0;
  for (const Migration& m : chain.migrations)
    highest = std::max(highest,
                       migration::file_number(std::filesystem::path(m.file).filename().string()));
  return highest + 1;
}

std::string join_names(const std::vector<std::string>& names) {
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i)
    text += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
  return text;
}

} // namespace

std::string default_merge_description(const Chain& chain) {
  std::vector<std::string> names;
  for (const std::string& head : chain.heads)
    names.push_back(display_name(*chain.find(head)));
  return "merge " + join_names(names);
}

MergePlan plan_merge(const Chain& chain, const RecordedSchema& recorded,
                     const schema::Schema& models, const std::string& description,
                     const std::string& nonce) {
  if (chain.heads.size() < 2)
    throw Error(chain.heads.empty() ? "there are no migrations to merge"
                                    : "nothing to merge: the migrations have a single head (" +
                                          display_name(*chain.find(chain.heads[0])) + ")",
                "`" + advice::crochet("merge") +
                    "` joins the heads that two branches leave after a merge");
  MergePlan plan;
  for (const std::string& head : chain.heads)
    plan.heads.push_back(display_name(*chain.find(head)));

  // What each side touches, and where two sides meet.
  const auto sides = sides_of(chain);
  std::vector<std::map<std::string, std::vector<std::string>>> side_keys(sides.size());
  std::map<std::string, std::string> displays;
  for (std::size_t i = 0; i < sides.size(); ++i)
    for (const Migration* m : sides[i])
      for (const auto& [key, display] : touched_by(chain, *m, recorded, plan.notes)) {
        side_keys[i][key].push_back(display_name(*m));
        displays[key] = display;
      }
  for (const auto& [key, display] : displays) {
    Overlap overlap{display, {}};
    std::size_t sides_touching = 0;
    for (const auto& keys : side_keys) {
      const auto it = keys.find(key);
      overlap.by_side.push_back(it == keys.end() ? std::vector<std::string>{} : it->second);
      sides_touching += it == keys.end() ? 0 : 1;
    }
    if (sides_touching < 2)
      continue;
    // The same subject touched by a step and by a schema change is one overlap.
    const auto same = std::find_if(plan.overlaps.begin(), plan.overlaps.end(),
                                   [&](const Overlap& o) { return o.subject == display; });
    if (same == plan.overlaps.end()) {
      plan.overlaps.push_back(std::move(overlap));
      continue;
    }
    for (std::size_t i = 0; i < same->by_side.size(); ++i)
      for (std::string& name : overlap.by_side[i])
        if (std::find(same->by_side[i].begin(), same->by_side[i].end(), name) ==
            same->by_side[i].end())
          same->by_side[i].push_back(std::move(name));
  }

  // Every difference between a head's schema and the merged models must come from another side.
  for (std::size_t i = 0; i < chain.heads.size(); ++i) {
    const Migration& head = *chain.find(chain.heads[i]);
    const auto head_schema = recorded(head);
    if (!head_schema) {
      plan.notes.push_back("the schema snapshot of " + display_name(head) +
                           " is missing: the merged models are not checked against it");
      continue;
    }
    for (const schema::Change& change : schema::diff(*head_schema, models).changes) {
      if (is_object_change(change))
        continue;
      const std::string key = change_key(change).first;
      bool explained = false;
      for (std::size_t j = 0; j < side_keys.size(); ++j)
        explained = explained || (j != i && side_keys[j].contains(key));
      if (!explained && std::find(plan.unexplained.begin(), plan.unexplained.end(),
                                  change.summary) == plan.unexplained.end())
        plan.unexplained.push_back(change.summary);
    }
  }
  extra_objects(chain, models, plan);
  std::sort(plan.notes.begin(), plan.notes.end());
  plan.notes.erase(std::unique(plan.notes.begin(), plan.notes.end()), plan.notes.end());

  Migration& m = plan.migration;
  m.parents = chain.heads;
  m.schema_hash = schema::schema_hash(models);
  m.description = description;
  m.rollback_safe = true;
  m.revision = migration::new_revision_id(m.parents, m.schema_hash, description, nonce);
  plan.file_name = migration::migration_file_name(next_number(chain), description);
  plan.text = migration::format_migration(
      m, {"Written by `git crochet merge`: joins the heads " + join_names(plan.heads) + ".",
          "It has no steps of its own: each side's migrations make the changes."});
  plan.snapshot_path = migration::snapshot_relative_path(m.schema_hash);
  plan.snapshot_text = migration::snapshot_text(models);
  m = migration::parse_migration({plan.file_name, plan.text}); // what we write must load
  return plan;
}

} // namespace crochet::hooks
