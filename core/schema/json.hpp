#pragma once
// JSON forms of the pieces of the schema IR, shared by the schema serializer (ir.hpp) and the
// diff, whose changes carry the before/after state of a property, node or object as JSON.
//
// Shape rules (they keep old hashes stable when optional fields are added later):
// - keys are snake_case; required fields are always written;
// - std::optional fields are written only when set, booleans only when true, and empty
//   strings/collections that mean "none" (declared_type, alias_of, optional_labels,
//   other_options) only when non-empty;
// - a Value is {"literal": <json>} | {"callable": "<name>"} | {"unresolved": "<source text>"}.
#include <string>
#include <string_view>

#include "core/schema/ir.hpp"

namespace crochet::schema {

Json to_json(const Value& value);
Json to_json(const FulltextIndex& index);
Json to_json(const VectorIndex& index);
Json to_json(const Property& property);
Json to_json(const RelationshipDef& relationship);
Json to_json(const Node& node);
Json to_json(const RelationshipModel& model);
Json to_json(const SchemaObject& object);

// Inverse of to_json(const Property&), validating like from_json(const Json&); `path` names the
// property in error messages.
Property property_from_json(const Json& json, const std::string& path = "property");

// Inverse of the to_string() overloads of ir.hpp; throw crochet::Error on an unknown name.
Direction parse_direction(std::string_view text);
SchemaObject::Kind parse_object_kind(std::string_view text);
SchemaObject::Entity parse_object_entity(std::string_view text);

// The schema version written as "ir_version"; from_json refuses any other.
inline constexpr int ir_version = 1;

} // namespace crochet::schema
