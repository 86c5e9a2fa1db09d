// Free Cypher and the data steps. Loads render the statement for one chunk of rows (`UNWIND
// $rows AS row`), sent by the executor once per chunk; every node and relationship they create
// carries the batch id in kBatchProperty, which the delete_*_by_batch steps match on.
#include <algorithm>

#include "core/migration/render.hpp"
#include "core/migration/render_support.hpp"
#include "core/util/error.hpp"

namespace crochet::migration::detail {
namespace {

Statement batched(std::string text, Json params) {
  return {std::move(text), std::move(params), StepClass::batched_data};
}

std::string batch_property(const char* variable) {
  return std::string(variable) + "." + quote_identifier(kBatchProperty);
}

// The inline rows of the step (a list of tables), or an empty list the executor fills with each
// chunk of the step's data file.
Json rows_param(const Operation& operation) {
  if (!operation.has("rows"))
    return Json::array();
  const Json& rows = operation.args.at("rows");
  bool ok = rows.is_array();
  for (const Json& row : rows)
    ok = ok && row.is_object();
  if (!ok)
    throw Error(describe(operation) + ": `rows` must be a list of tables",
                "write rows as [{ id = 1, name = \"Ada\" }, ...]");
  return rows;
}

// `row.`c``, converted to a temporal value when the column is declared date or datetime (or a
// list of them) and the server has temporal types; 3.x keeps the ISO 8601 text.
std::string row_value(const Operation& operation, const std::string& column,
                      const RenderContext& context) {
  const std::string raw = "row." + quote_identifier(column);
  if (context.dialect == Dialect::v3 || !operation.has("columns"))
    return raw;
  const Json& columns = operation.args.at("columns");
  const auto type = columns.find(column);
  if (type == columns.end())
    return raw;
  if (!type->is_string())
    throw Error(describe(operation) + ": the type of column \"" + column + "\" must be a string",
                "declare it as e.g. \"integer\", \"date\" or \"list<string>\"");
  const std::string& name = type->get_ref<const std::string&>();
  if (name == "date" || name == "datetime")
    return name + "(" + raw + ")";
  if (name == "list<date>" || name == "list<datetime>")
    return "[item IN " + raw + " | " + name.substr(5, name.size() - 6) + "(item)]";
  return raw;
}

// `, n.`c` = date(row.`c`)` for every converted column not in `skip`.
std::string conversions(const Operation& operation, const char* variable,
                        const RenderContext& context, const std::vector<std::string>& skip = {}) {
  std::string text;
  if (!operation.has("columns"))
    return text;
  for (const auto& [column, type] : operation.args.at("columns").items()) {
    const std::string value = row_value(operation, column, context);
    if (value == "row." + quote_identifier(column) ||
        std::find(skip.begin(), skip.end(), column) != skip.end())
      continue;
    text += ", " + std::string(variable) + "." + quote_identifier(column) + " = " + value;
  }
  return text;
}

std::vector<std::string> string_list(const Operation& operation, const char* name) {
  auto list = operation.args.at(name).get<std::vector<std::string>>();
  if (list.empty())
    throw Error(describe(operation) + ": `" + std::string(name) + "` must not be empty");
  return list;
}

Statement create_nodes(const Operation& operation, const RenderContext& context) {
  return batched("UNWIND $rows AS row CREATE (n:" + label_list(string_list(operation, "labels")) +
                     ") SET n += row, " + batch_property("n") + " = $batch" +
                     conversions(operation, "n", context),
                 {{"rows", rows_param(operation)}, {"batch", operation.string_arg("batch")}});
}

Statement upsert_nodes(const Operation& operation, const RenderContext& context) {
  // MERGE on the first label and the keys, so a node that exists without the other labels is
  // found (and given them) rather than duplicated.
  const auto labels = string_list(operation, "labels");
  std::string keys;
  for (const auto& key : string_list(operation, "keys"))
    keys += (keys.empty() ? "" : ", ") + quote_identifier(key) + ": " +
            row_value(operation, key, context);
  std::string extra_labels;
  if (labels.size() > 1)
    extra_labels = "n:" + label_list({labels.begin() + 1, labels.end()}) + ", ";
  return batched("UNWIND $rows AS row MERGE (n:" + quote_identifier(labels.front()) + " {" + keys +
                     "}) ON CREATE SET " + batch_property("n") + " = $batch SET " + extra_labels +
                     "n += row" + conversions(operation, "n", context),
                 {{"rows", rows_param(operation)}, {"batch", operation.string_arg("batch")}});
}

// One end of create_relationships: { label = "Person", key = { id = "person_id" } } matches the
// `Person` node whose `id` equals the row's `person_id` column.
struct Endpoint {
  std::string pattern; // "(a:`Person` {`id`: row.`person_id`})", and its index hint if any
  std::vector<std::string> columns; // the key columns, not stored on the relationship
};

Endpoint endpoint(const Operation& operation, const char* side, const char* variable,
                  const RenderContext& context) {
  const Json& table = operation.args.at(side);
  const std::string where = describe(operation) + ": `" + side + "`";
  const std::string hint =
      std::string(side) + " = { label = \"Person\", key = { id = \"person_id\" } }";
  for (const auto& [key, value] : table.items())
    if (key != "label" && key != "key")
      throw Error(where + " has an unknown entry '" + key + "'", hint);
  if (!table.contains("label") || !table["label"].is_string())
    throw Error(where + " needs a `label` string", hint);
  if (!table.contains("key") || !table["key"].is_object() || table["key"].empty())
    throw Error(where + " needs a `key` table mapping node properties to row columns", hint);
  Endpoint result;
  const std::string label = table["label"].get<std::string>();
  std::string key, hint_property;
  for (const auto& [property, column] : table["key"].items()) {
    if (!column.is_string())
      throw Error(where + ": the column for key property '" + property + "' must be a string",
                  hint);
    const std::string& name = column.get_ref<const std::string&>();
    key += (key.empty() ? "" : ", ") + quote_identifier(property) + ": " +
           row_value(operation, name, context);
    result.columns.push_back(name);
    if (hint_property.empty() && context.indexed &&
        std::find(context.indexed->begin(), context.indexed->end(),
                  IndexedProperty{label, property}) != context.indexed->end())
      hint_property = property;
  }
  result.pattern = "(" + std::string(variable) + ":" + quote_identifier(label) + " {" + key + "})";
  if (!hint_property.empty())
    result.pattern += " USING INDEX " + std::string(variable) + ":" + quote_identifier(label) +
                      "(" + quote_identifier(hint_property) + ")";
  return result;
}

Statement create_relationships(const Operation& operation, const RenderContext& context) {
  const std::string on_missing = operation.args.value("on_missing", std::string("error"));
  if (on_missing != "error" && on_missing != "skip")
    throw Error(
        describe(operation) + ": on_missing must be \"error\" or \"skip\", not \"" + on_missing +
            "\"",
        "\"error\" fails the load when an endpoint is missing; \"skip\" leaves the row out");
  // CREATE with an endpoint that OPTIONAL MATCH did not find fails the statement (Neo4j reports
  // the missing node), so "error" needs no procedure library.
  const std::string match = on_missing == "skip" ? "MATCH " : "OPTIONAL MATCH ";
  const Endpoint from = endpoint(operation, "from", "a", context);
  const Endpoint to = endpoint(operation, "to", "b", context);
  std::vector<std::string> key_columns = from.columns;
  for (const auto& column : to.columns)
    if (std::find(key_columns.begin(), key_columns.end(), column) == key_columns.end())
      key_columns.push_back(column);
  std::string remove;
  for (const auto& column : key_columns)
    remove += (remove.empty() ? " REMOVE " : ", ") + std::string("r.") + quote_identifier(column);
  return batched("UNWIND $rows AS row " + match + from.pattern + " " + match + to.pattern +
                     " CREATE (a)-[r:" + quote_identifier(operation.string_arg("rel_type")) +
                     "]->(b) SET r += row, " + batch_property("r") + " = $batch" +
                     conversions(operation, "r", context, key_columns) + remove,
                 {{"rows", rows_param(operation)}, {"batch", operation.string_arg("batch")}});
}

// MATCH ... WHERE <batch> then the delete, in inner transactions where the server has them.
Statement delete_by_batch(const Operation& operation, const RenderContext& context,
                          const std::string& pattern, const char* variable,
                          const std::string& deletion) {
  Json params = {{"batch", operation.string_arg("batch")}};
  std::string text = "MATCH " + pattern + " WHERE " + batch_property(variable) + " = $batch ";
  if (context.dialect == Dialect::v3)
    text += deletion; // no inner transactions before 4.4: one transaction for the batch
  else
    text += in_transactions(context, variable, deletion, operation, params);
  return batched(std::move(text), std::move(params));
}

} // namespace

std::vector<Statement> render_data_step(const Operation& operation, const RenderContext& context) {
  switch (operation.kind) {
  case OpKind::cypher:
    return {{operation.string_arg("statement"), operation.args.value("params", Json::object()),
             step_class(operation)}};
  case OpKind::begin_batch:
    return {}; // names the batch the following steps tag; the ledger records it
  case OpKind::create_nodes:
    return {create_nodes(operation, context)};
  case OpKind::upsert_nodes:
    return {upsert_nodes(operation, context)};
  case OpKind::create_relationships:
    return {create_relationships(operation, context)};
  case OpKind::delete_nodes_by_batch: {
    std::string pattern = "(n)";
    if (operation.has("labels"))
      pattern = "(n:" + label_list(string_list(operation, "labels")) + ")";
    return {delete_by_batch(operation, context, pattern, "n", "DETACH DELETE n")};
  }
  case OpKind::delete_relationships_by_batch: {
    std::string pattern = "()-[r]->()";
    if (operation.has("rel_type"))
      pattern = "()-[r:" + quote_identifier(operation.string_arg("rel_type")) + "]->()";
    return {delete_by_batch(operation, context, pattern, "r", "DELETE r")};
  }
  default:
    return {};
  }
}

} // namespace crochet::migration::detail
