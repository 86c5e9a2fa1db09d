#pragma once
// Pieces of the diff engine shared by diff.cpp and rename.cpp. Not part of the layer's API.
#include <string>
#include <vector>

#include "core/schema/diff.hpp"

namespace crochet::schema::detail {

// The class or model a change belongs to.
struct Owner {
  SchemaObject::Entity entity = SchemaObject::Entity::node;
  std::string kgid;
  std::string class_name;
};

Change make_change(const Owner& owner, ChangeKind kind, ChangeClass change_class,
                   std::string subject, std::string summary);

// "ArrayProperty(StringProperty)", or the declared subclass name when there is one.
std::string type_text(const Property& property);

// The retype and option changes between two definitions of one property (`after.name` is the
// subject). db_property is compared only when `compare_db_property` is set: a confirmed rename
// reports the move of the db property itself.
void compare_property(const Owner& owner, const Property& before, const Property& after,
                      bool compare_db_property, std::vector<Change>& out);

// A property removed and one added on one class, neither an alias: the one pairing pass behind
// both the renames a diff proposes and the ones it makes itself.
struct RenamePair {
  RenameProposal proposal; // label not filled in
  SchemaObject::Entity entity;
  bool stored_name_kept; // both are stored under one name in the graph: certainly a rename
  bool same_type;        // same type and item type: plausibly a rename, so it is proposed
};
std::vector<RenamePair> rename_pairs(const std::vector<Change>& changes);

// The same-type pairs, offered for confirmation (`after` gives node labels).
std::vector<RenameProposal> propose_renames(const std::vector<RenamePair>& pairs,
                                            const Schema& after);

// Makes every stored-name-kept pair a property_renamed change without confirmation: nothing in
// the graph changes. Leaves the changes unsorted; says whether it renamed any.
bool apply_stored_name_renames(Diff& diff, const std::vector<RenamePair>& pairs);

// The diff order: by owner class name, owner kgid, kind, subject, option.
void sort_changes(std::vector<Change>& changes);

} // namespace crochet::schema::detail
