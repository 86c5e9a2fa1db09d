// Label, relationship type and property steps: plain data statements, the same in every dialect
// (3.1 already has everything they use), run inside the migration's transaction.
#include "core/migration/render.hpp"
#include "core/migration/render_support.hpp"
#include "core/util/error.hpp"

namespace crochet::migration::detail {
namespace {

Statement data(std::string text, Json params = Json::object()) {
  return {std::move(text), std::move(params), StepClass::data};
}

void refuse_self_rename(const Operation& operation) {
  if (operation.string_arg("from") == operation.string_arg("to"))
    throw Error(describe(operation) + " renames \"" + operation.string_arg("from") + "\" to itself",
                "give `to` a different name, or remove the step");
}

// A value Neo4j can store as a property: a scalar or a list of scalars.
void check_property_value(const Operation& operation, const Json& value) {
  auto scalar = [](const Json& v) { return v.is_string() || v.is_number() || v.is_boolean(); };
  bool ok = scalar(value);
  if (value.is_array()) {
    ok = true;
    for (const Json& item : value)
      ok = ok && scalar(item);
  }
  if (!ok)
    throw Error(describe(operation) +
                    ": `value` must be a string, number, boolean or a list of them",
                "Neo4j cannot store tables or nested lists as property values");
}

Statement rename_relationship_type(const Operation& operation) {
  // No APOC: copy each relationship under the new type with the same endpoints and properties,
  // then delete the original.
  return data("MATCH (a)-[r:" + quote_identifier(operation.string_arg("from")) +
              "]->(b) CREATE (a)-[renamed:" + quote_identifier(operation.string_arg("to")) +
              "]->(b) SET renamed = properties(r) DELETE r");
}

} // namespace

std::vector<Statement> render_property_step(const Operation& operation,
                                            const RenderContext& /*context*/) {
  switch (operation.kind) {
  case OpKind::rename_label: {
    refuse_self_rename(operation);
    const std::string from = quote_identifier(operation.string_arg("from"));
    return {data("MATCH (n:" + from + ") SET n:" + quote_identifier(operation.string_arg("to")) +
                 " REMOVE n:" + from)};
  }
  case OpKind::rename_relationship_type:
    refuse_self_rename(operation);
    return {rename_relationship_type(operation)};
  case OpKind::add_node_property:
  case OpKind::add_relationship_property: {
    // Without a value the step declares the property only: no stored data changes.
    if (!operation.has("value"))
      return {};
    const Json& value = operation.args.at("value");
    check_property_value(operation, value);
    const Target target = target_of(operation);
    const std::string access = target.property(operation.string_arg("property"));
    return {data("MATCH " + target.match_pattern() + " WHERE " + access + " IS NULL SET " + access +
                     " = $value",
                 {{"value", value}})};
  }
  case OpKind::remove_node_property:
  case OpKind::remove_relationship_property: {
    const Target target = target_of(operation);
    const std::string access = target.property(operation.string_arg("property"));
    return {data("MATCH " + target.match_pattern() + " WHERE " + access + " IS NOT NULL REMOVE " +
                 access)};
  }
  case OpKind::rename_node_property:
  case OpKind::rename_relationship_property: {
    refuse_self_rename(operation);
    const Target target = target_of(operation);
    const std::string from = target.property(operation.string_arg("from"));
    const std::string to = target.property(operation.string_arg("to"));
    return {data("MATCH " + target.match_pattern() + " WHERE " + from + " IS NOT NULL SET " + to +
                 " = " + from + " REMOVE " + from)};
  }
  default:
    return {};
  }
}

} // namespace crochet::migration::detail
