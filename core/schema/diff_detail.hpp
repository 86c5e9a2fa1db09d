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

// A property removed and one added on the same class that are stored under the same name in
// the graph are one property whose Python attribute was renamed: nothing in the graph changes,
// so the pair becomes a property_renamed change without being confirmed. Leaves the changes
// unsorted; says whether it renamed any.
bool apply_stored_name_renames(Diff& diff);

// The diff order: by owner class name, owner kgid, kind, subject, option.
void sort_changes(std::vector<Change>& changes);

} // namespace crochet::schema::detail
