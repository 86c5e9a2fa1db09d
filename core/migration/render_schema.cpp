// Constraints and indexes. 3.x creates and drops them by definition (`ON ... ASSERT`, unnamed)
// and fulltext indexes through the db.index.fulltext procedures (3.5+); 4.4 and later use names
// with `IF [NOT] EXISTS`, so reruns are harmless and a graph set up by neomodel, which uses the
// same names, is already in sync. Index settings travel as parameters inside OPTIONS.
#include "core/migration/render.hpp"
#include "core/migration/render_support.hpp"

namespace crochet::migration::detail {
namespace {

Statement schema(std::string text, Json params = Json::object()) {
  return {std::move(text), std::move(params), StepClass::schema};
}

// `{key: $param, ...}` over the optional settings present in the step; "" when none is.
struct Setting {
  const char* argument;
  const char* key; // the key in the map, already quoted where Cypher needs it
};
std::string settings_map(const Operation& operation, const std::vector<Setting>& settings,
                         Json& params, bool as_strings = false) {
  std::string map;
  for (const Setting& setting : settings) {
    if (!operation.has(setting.argument))
      continue;
    const Json& value = operation.args.at(setting.argument);
    // The 3.5 procedures take every setting as a string ("true", not true).
    params[setting.argument] = as_strings && value.is_boolean() ? Json(value.dump()) : value;
    map += (map.empty() ? "" : ", ") + std::string(setting.key) + ": $" + setting.argument;
  }
  return map.empty() ? "" : "{" + map + "}";
}

std::string index_options(const Operation& operation, const std::vector<Setting>& settings,
                          Json& params) {
  const std::string map = settings_map(operation, settings, params);
  return map.empty() ? "" : " OPTIONS {indexConfig: " + map + "}";
}

const std::vector<Setting> kFulltextSettings = {
    {"analyzer", "`fulltext.analyzer`"},
    {"eventually_consistent", "`fulltext.eventually_consistent`"}};
const std::vector<Setting> kVectorSettings = {
    {"dimensions", "`vector.dimensions`"}, {"similarity_function", "`vector.similarity_function`"}};

std::vector<Statement> render_v3(const Operation& operation, const Target& target,
                                 const std::string& property) {
  const std::string assert_unique =
      target.schema_pattern() + " ASSERT " + target.property(property) + " IS UNIQUE";
  const std::string assert_exists =
      target.schema_pattern() + " ASSERT exists(" + target.property(property) + ")";
  const std::string on_label =
      ":" + quote_identifier(target.name) + "(" + quote_identifier(property) + ")";
  switch (operation.kind) {
  case OpKind::add_unique_constraint:
    return {schema("CREATE CONSTRAINT ON " + assert_unique)};
  case OpKind::drop_unique_constraint:
    return {schema("DROP CONSTRAINT ON " + assert_unique)};
  case OpKind::add_existence_constraint:
    return {schema("CREATE CONSTRAINT ON " + assert_exists)};
  case OpKind::drop_existence_constraint:
    return {schema("DROP CONSTRAINT ON " + assert_exists)};
  case OpKind::add_index:
    return {schema("CREATE INDEX ON " + on_label)};
  case OpKind::drop_index:
    return {schema("DROP INDEX ON " + on_label)};
  case OpKind::add_fulltext_index: {
    // Names, labels and properties are procedure arguments here, so they go as parameters.
    const char* token = target.relationship ? "rel_type" : "label";
    Json params = {
        {"name", operation.string_arg("name")}, {token, target.name}, {"property", property}};
    const std::string config = settings_map(
        operation, {{"analyzer", "analyzer"}, {"eventually_consistent", "eventually_consistent"}},
        params, true);
    return {schema(std::string("CALL db.index.fulltext.") +
                       (target.relationship ? "createRelationshipIndex" : "createNodeIndex") +
                       "($name, [$" + token + "], [$property]" +
                       (config.empty() ? "" : ", " + config) + ")",
                   std::move(params))};
  }
  case OpKind::drop_fulltext_index:
    return {schema("CALL db.index.fulltext.drop($name)", {{"name", operation.string_arg("name")}})};
  default:
    return {}; // vector indexes: refused by missing_form before we get here
  }
}

std::vector<Statement> render_named(const Operation& operation, const Target& target,
                                    const std::string& property) {
  const std::string name = quote_identifier(operation.string_arg("name"));
  const std::string on = " IF NOT EXISTS FOR " + target.schema_pattern();
  const std::string access = target.property(property);
  Json params = Json::object();
  switch (operation.kind) {
  case OpKind::add_unique_constraint:
    return {schema("CREATE CONSTRAINT " + name + on + " REQUIRE " + access + " IS UNIQUE")};
  case OpKind::add_existence_constraint:
    return {schema("CREATE CONSTRAINT " + name + on + " REQUIRE " + access + " IS NOT NULL")};
  case OpKind::drop_unique_constraint:
  case OpKind::drop_existence_constraint:
    return {schema("DROP CONSTRAINT " + name + " IF EXISTS")};
  case OpKind::add_index:
    return {schema("CREATE INDEX " + name + on + " ON (" + access + ")")};
  case OpKind::add_fulltext_index: {
    const std::string options = index_options(operation, kFulltextSettings, params);
    return {schema("CREATE FULLTEXT INDEX " + name + on + " ON EACH [" + access + "]" + options,
                   std::move(params))};
  }
  case OpKind::add_vector_index: {
    const std::string options = index_options(operation, kVectorSettings, params);
    return {schema("CREATE VECTOR INDEX " + name + on + " ON (" + access + ")" + options,
                   std::move(params))};
  }
  case OpKind::drop_index:
  case OpKind::drop_fulltext_index:
  case OpKind::drop_vector_index:
    return {schema("DROP INDEX " + name + " IF EXISTS")};
  default:
    return {};
  }
}

} // namespace

std::vector<Statement> render_schema_step(const Operation& operation,
                                          const RenderContext& context) {
  const Target target = target_of(operation);
  const std::string& property = operation.string_arg("property");
  if (context.dialect == Dialect::v3)
    return render_v3(operation, target, property);
  return render_named(operation, target, property);
}

} // namespace crochet::migration::detail
