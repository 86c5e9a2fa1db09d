#pragma once
// The difference between two schema IRs, matched by kgid (a class keeps its kgid across renames
// and moves). Every change is classed by what applying it to a graph that already holds data
// takes: additive (nothing), destructive (something is dropped), or needs_data (existing data
// must be moved, converted or checked first, e.g. a unique constraint over duplicates).
//
// Fields the schema hash ignores (other_options, the async/semi-structured flags, the spelling of
// an already resolved relationship target, a relationship model's rel_types summary) are ignored
// here too, so two schemas have the same hash exactly when their diff is empty.
#include <string>
#include <vector>

#include "core/schema/ir.hpp"

namespace crochet::schema {

// Declaration order is the order of changes within one owner.
enum class ChangeKind {
  node_added,
  node_removed,
  node_renamed,    // class name changed, same kgid
  node_relabelled, // option: "label" (own label), "labels" (full set) or "optional_labels"
  relationship_model_added,
  relationship_model_removed,
  relationship_model_renamed,
  property_added,
  property_removed,
  property_renamed, // only from a confirmed RenameProposal (apply_renames)
  property_retyped, // type, declared_type or item_type changed
  property_option_changed,
  relationship_added, // a relationship definition on a node class
  relationship_removed,
  relationship_retyped,    // relationship type changed
  relationship_retargeted, // target node class changed
  relationship_changed,    // option: "direction", "cardinality" or "model"
  object_added,            // a derived constraint or index; a changed one is removed + added
  object_removed,
};

enum class ChangeClass { additive, destructive, needs_data };

struct Change {
  ChangeKind kind = ChangeKind::node_added;
  ChangeClass change_class = ChangeClass::additive;
  SchemaObject::Entity entity = SchemaObject::Entity::node; // node class or StructuredRel model
  std::string owner_kgid;
  std::string owner_class; // class name after the change, or before it when removed
  std::string subject;     // property, relationship or schema object name; "" for the class
  std::string option;      // for option changes and relabels, e.g. "unique_index", "label"
  Json before;         // the old state (property/node/object JSON or option value); null if none
  Json after;          // the new state; null if none
  std::string summary; // one line, e.g. "Person.email: added StringProperty (unique_index)"
  bool operator==(const Change&) const = default;
};

// A property removed and one added on the same class with the same type (and item type): maybe a
// rename. Offered only; the diff keeps them as removed + added until confirmed.
struct RenameProposal {
  std::string owner_kgid;
  std::string class_name;
  std::string label; // the node's own label; "" for a StructuredRel model
  std::string from;
  std::string to;
  // Subclasses (nodes carrying `label`) with the same pair, e.g. one inherited attribute renamed:
  // the step on `label` moves their values too, so they are offered and confirmed with this one.
  std::vector<RenameProposal> carried;
  bool operator==(const RenameProposal&) const = default;
};

struct Diff {
  std::vector<Change> changes; // in deterministic order (see diff())
  std::vector<RenameProposal> renames;
  bool empty() const { return changes.empty(); }
  bool operator==(const Diff&) const = default;
};

// What this diff makes of two given schemas. Caches of diff results (the log's) are keyed by
// it: bump it with any change of the changes a diff reports.
inline constexpr int kDiffRevision = 2; // 2: a property renamed onto its stored name

const char* to_string(ChangeKind kind);
const char* to_string(ChangeClass change_class);

// "Person.old=new": the form a user confirms a rename with.
std::string to_string(const RenameProposal& proposal);
// The same, naming the subclasses it carries: "Person.old=new (with Employee)".
std::string describe(const RenameProposal& proposal);

// The changes that turn `before` into `after`. Both are normalized copies internally, so input
// order does not matter. Changes are grouped by owner (sorted by class name, then kgid), and
// ordered within an owner by kind, then subject, then option.
Diff diff(const Schema& before, const Schema& after);
// The same for two schemas known to be normalized (see normalized_schema_hash).
Diff normalized_diff(const Schema& before, const Schema& after);

// Applies user-confirmed renames, each "Owner.old=new" where Owner is the class name or, for a
// node, its own label (a carried subclass's confirmation selects the proposal carrying it). The
// matching property_removed + property_added pair becomes one property_renamed change (needs_data:
// values move to the new db property; additive when the db property is unchanged), followed by
// option changes between the two definitions. Proposals that involve either property are withdrawn.
// Throws crochet::Error naming every confirmation that is malformed or matches no proposal (nothing
// is applied then).
void apply_renames(Diff& diff, const std::vector<std::string>& confirmations);

// Whether any change of the diff has the given class.
bool has_class(const Diff& diff, ChangeClass change_class);

Json to_json(const Change& change);
Json to_json(const RenameProposal& proposal);
Json to_json(const Diff& diff);

// The changes of one owner, for printing a diff class by class.
struct OwnerChanges {
  std::string owner_kgid;
  std::string owner_class;
  SchemaObject::Entity entity = SchemaObject::Entity::node;
  std::vector<Change> changes;
};

// Consecutive changes of the same owner, in diff order.
std::vector<OwnerChanges> group_by_owner(const Diff& diff);

} // namespace crochet::schema
