#include "core/neo4j/graph_schema.hpp"

#include <algorithm>
#include <string_view>

namespace crochet::neo4j {
namespace {

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string ascii_lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower)
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  return lower;
}

std::vector<std::string> split(std::string_view text, std::string_view separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t at = text.find(separator, start);
    parts.emplace_back(text.substr(start, at == std::string_view::npos ? at : at - start));
    if (at == std::string_view::npos)
      return parts;
    start = at + separator.size();
  }
}

void mark_internal(GraphObject& object) {
  for (const std::string& token : object.tokens)
    if (starts_with(token, "__Crochet"))
      object.internal = true;
}

// "var:Label" where 3.x names the variable after the label in lower case; the label may itself
// contain ':' or spaces, so the split is where the left part is the right part lower-cased.
std::pair<std::string, std::string> split_variable(std::string_view pattern) {
  for (std::size_t at = pattern.find(':'); at != std::string_view::npos;
       at = pattern.find(':', at + 1)) {
    if (pattern.substr(0, at) == ascii_lower(pattern.substr(at + 1)))
      return {std::string(pattern.substr(0, at)), std::string(pattern.substr(at + 1))};
  }
  const std::size_t at = pattern.find(':');
  if (at == std::string_view::npos)
    return {"", std::string(pattern)};
  return {std::string(pattern.substr(0, at)), std::string(pattern.substr(at + 1))};
}

// "var.prop" -> "prop"
std::string strip_variable(std::string_view access, const std::string& variable) {
  const std::string prefix = variable + ".";
  if (starts_with(access, prefix))
    access.remove_prefix(prefix.size());
  return std::string(access);
}

const Json* column(const Result& result, std::size_t row, const char* name) {
  for (std::size_t i = 0; i < result.columns.size(); ++i)
    if (result.columns[i] == name && row < result.rows.size() && i < result.rows[row].size())
      return &result.rows[row][i];
  return nullptr;
}

std::string text_column(const Result& result, std::size_t row, const char* name) {
  const Json* value = column(result, row, name);
  return value && value->is_string() ? value->get<std::string>() : std::string();
}

std::vector<std::string> list_column(const Result& result, std::size_t row, const char* name) {
  std::vector<std::string> items;
  if (const Json* value = column(result, row, name); value && value->is_array())
    for (const Json& item : *value)
      if (item.is_string())
        items.push_back(item.get<std::string>());
  return items;
}

std::string entity_of(const std::string& entity_type) {
  return entity_type == "RELATIONSHIP" ? "relationship" : "node";
}

std::string constraint_kind(const std::string& type) {
  if (type == "UNIQUENESS" || type == "NODE_UNIQUENESS" || type == "RELATIONSHIP_UNIQUENESS")
    return "unique_constraint";
  if (type == "NODE_PROPERTY_EXISTENCE" || type == "RELATIONSHIP_PROPERTY_EXISTENCE")
    return "existence_constraint";
  if (type == "NODE_KEY" || type == "RELATIONSHIP_KEY")
    return "key_constraint";
  if (ends_with(type, "_PROPERTY_TYPE"))
    return "property_type_constraint";
  return ascii_lower(type) + "_constraint";
}

std::string index_kind(const std::string& type) {
  if (type == "RANGE" || type == "BTREE")
    return "range_index";
  return ascii_lower(type) + "_index"; // fulltext_index, vector_index, lookup_index, text_index
}

} // namespace

namespace {

// The columns SHOW CONSTRAINTS and SHOW INDEXES share.
GraphObject from_show_row(const Result& result, std::size_t row, std::string kind) {
  GraphObject object;
  object.kind = std::move(kind);
  object.entity = entity_of(text_column(result, row, "entityType"));
  object.tokens = list_column(result, row, "labelsOrTypes");
  object.properties = list_column(result, row, "properties");
  object.name = text_column(result, row, "name");
  object.description = text_column(result, row, "createStatement");
  if (object.description.empty())
    object.description = describe(object);
  mark_internal(object);
  return object;
}

} // namespace

std::string describe(const std::string& kind, const std::string& entity,
                     const std::vector<std::string>& tokens,
                     const std::vector<std::string>& properties) {
  std::string text = kind + " on ";
  std::string names;
  for (const std::string& token : tokens)
    names += (names.empty() ? "" : "|") + token;
  text += entity == "relationship" ? "-[:" + names + "]-" : ":" + names;
  std::string props;
  for (const std::string& property : properties)
    props += (props.empty() ? "" : ", ") + property;
  return text + "(" + props + ")";
}

std::string describe(const GraphObject& object) {
  std::string text = describe(object.kind, object.entity, object.tokens, object.properties);
  return object.name.empty() ? text : object.name + " (" + text + ")";
}

GraphObject parse_v3_constraint(const std::string& description) {
  GraphObject object;
  object.kind = "other";
  object.description = description;
  std::string_view rest = description;
  std::string variable;
  if (starts_with(rest, "CONSTRAINT ON ( ")) {
    rest.remove_prefix(16);
    const std::size_t end = rest.find(" ) ASSERT ");
    if (end == std::string_view::npos)
      return object;
    auto [var, label] = split_variable(rest.substr(0, end));
    variable = var;
    object.tokens = {label};
    rest.remove_prefix(end + 10);
  } else if (starts_with(rest, "CONSTRAINT ON ()-[ ")) {
    rest.remove_prefix(19);
    const std::size_t end = rest.find(" ]-() ASSERT ");
    if (end == std::string_view::npos)
      return object;
    auto [var, type] = split_variable(rest.substr(0, end));
    variable = var;
    object.entity = "relationship";
    object.tokens = {type};
    rest.remove_prefix(end + 13);
  } else {
    return object;
  }
  mark_internal(object);
  if (ends_with(rest, " IS UNIQUE")) {
    object.kind = "unique_constraint";
    object.properties = {strip_variable(rest.substr(0, rest.size() - 10), variable)};
  } else if (starts_with(rest, "exists(") && ends_with(rest, ")")) {
    object.kind = "existence_constraint";
    object.properties = {strip_variable(rest.substr(7, rest.size() - 8), variable)};
  } else if (starts_with(rest, "(") && ends_with(rest, ") IS NODE KEY")) {
    object.kind = "key_constraint";
    for (const std::string& access : split(rest.substr(1, rest.size() - 14), ", "))
      object.properties.push_back(strip_variable(access, variable));
  }
  return object;
}

GraphObject parse_v3_index(const std::string& description, const std::string& state,
                           const std::string& type) {
  GraphObject object;
  object.description = description;
  object.state = state.empty() ? "ONLINE" : state;
  object.kind = type == "node_label_property" || type == "node_unique_property" ? "range_index"
                : ends_with(type, "_fulltext")                                  ? "fulltext_index"
                                                                                : type;
  object.backs_constraint = type == "node_unique_property";
  std::string_view rest = description;
  if (!starts_with(rest, "INDEX ON ")) {
    object.kind = "other";
    return object;
  }
  rest.remove_prefix(9);
  // 3.5 fulltext indexes: "INDEX ON NODE:A, B(p, q)"; the others: "INDEX ON :Label(p)".
  const bool multi = object.kind == "fulltext_index";
  if (starts_with(rest, "RELATIONSHIP:")) {
    object.entity = "relationship";
    rest.remove_prefix(13);
  } else if (starts_with(rest, "NODE:")) {
    rest.remove_prefix(5);
  } else if (starts_with(rest, ":")) {
    rest.remove_prefix(1);
  }
  const std::size_t open = rest.find('(');
  if (open == std::string_view::npos || !ends_with(rest, ")")) {
    object.kind = "other";
    return object;
  }
  const std::string_view tokens = rest.substr(0, open);
  object.tokens = multi ? split(tokens, ", ") : std::vector<std::string>{std::string(tokens)};
  object.properties = split(rest.substr(open + 1, rest.size() - open - 2), ", ");
  mark_internal(object);
  return object;
}

std::vector<GraphObject> from_show_constraints(const Result& result) {
  std::vector<GraphObject> objects;
  for (std::size_t row = 0; row < result.rows.size(); ++row)
    objects.push_back(
        from_show_row(result, row, constraint_kind(text_column(result, row, "type"))));
  return objects;
}

std::vector<GraphObject> from_show_indexes(const Result& result) {
  std::vector<GraphObject> objects;
  for (std::size_t row = 0; row < result.rows.size(); ++row) {
    GraphObject object = from_show_row(result, row, index_kind(text_column(result, row, "type")));
    object.state = text_column(result, row, "state");
    if (object.state.empty())
      object.state = "ONLINE";
    // 4.4 says which indexes back a constraint with uniqueness, 5.x with owningConstraint.
    const Json* owner = column(result, row, "owningConstraint");
    object.backs_constraint =
        (owner && owner->is_string()) || text_column(result, row, "uniqueness") == "UNIQUE";
    object.internal = object.internal || object.kind == "lookup_index";
    objects.push_back(std::move(object));
  }
  return objects;
}

GraphSchemaReads graph_schema_reads(migration::Dialect dialect) {
  if (dialect == migration::Dialect::v3)
    return {Statement{"CALL db.constraints()"}, Statement{"CALL db.indexes()"}};
  return {Statement{"SHOW CONSTRAINTS YIELD *"}, Statement{"SHOW INDEXES YIELD *"}};
}

std::vector<GraphObject> read_graph_schema(Session& session) {
  const migration::Dialect dialect = session.server().capabilities.dialect;
  const GraphSchemaReads reads = graph_schema_reads(dialect);
  const Result constraints = session.run(reads.constraints, Replay::idempotent);
  const Result indexes = session.run(reads.indexes, Replay::idempotent);
  if (dialect != migration::Dialect::v3) {
    std::vector<GraphObject> objects = from_show_constraints(constraints);
    std::vector<GraphObject> index_objects = from_show_indexes(indexes);
    std::move(index_objects.begin(), index_objects.end(), std::back_inserter(objects));
    return objects;
  }
  std::vector<GraphObject> objects;
  for (std::size_t row = 0; row < constraints.rows.size(); ++row)
    objects.push_back(parse_v3_constraint(text_column(constraints, row, "description")));
  for (std::size_t row = 0; row < indexes.rows.size(); ++row)
    objects.push_back(parse_v3_index(text_column(indexes, row, "description"),
                                     text_column(indexes, row, "state"),
                                     text_column(indexes, row, "type")));
  return objects;
}

} // namespace crochet::neo4j
