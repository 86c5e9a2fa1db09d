#include "core/migration/operation.hpp"

#include <algorithm>

#include "core/util/error.hpp"

namespace crochet::migration {
namespace {

constexpr bool req = true;
constexpr bool opt = false;

// Arguments shared by the constraint and index steps.
std::vector<ArgSpec> schema_object_args(std::vector<ArgSpec> extra = {}) {
  std::vector<ArgSpec> args = {{"name", ArgType::string, req},
                               {"label", ArgType::string, opt},
                               {"rel_type", ArgType::string, opt},
                               {"property", ArgType::string, req}};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

// Arguments shared by the data-loading steps.
std::vector<ArgSpec> load_args(std::vector<ArgSpec> extra) {
  std::vector<ArgSpec> args = {{"batch", ArgType::string, req},
                               {"rows", ArgType::any, opt},
                               {"source", ArgType::table, opt},
                               {"columns", ArgType::table, opt},
                               {"rows_per_transaction", ArgType::integer, opt}};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

std::vector<OpSpec> build_table() {
  using K = OpKind;
  using S = StepClass;
  using R = Reach;
  const std::vector<ArgSpec> fulltext = {{"analyzer", ArgType::string, opt},
                                         {"eventually_consistent", ArgType::boolean, opt}};
  const std::vector<ArgSpec> vector = {{"dimensions", ArgType::integer, opt},
                                       {"similarity_function", ArgType::string, opt}};
  const std::vector<ArgSpec> rename = {{"from", ArgType::string, req},
                                       {"to", ArgType::string, req}};
  return {
      {K::add_unique_constraint, "add_unique_constraint", S::schema, R::own_work,
       schema_object_args(), true},
      {K::drop_unique_constraint, "drop_unique_constraint", S::schema, R::own_work,
       schema_object_args(), true},
      {K::add_existence_constraint, "add_existence_constraint", S::schema, R::own_work,
       schema_object_args(), true},
      {K::drop_existence_constraint, "drop_existence_constraint", S::schema, R::own_work,
       schema_object_args(), true},
      {K::add_index, "add_index", S::schema, R::own_work, schema_object_args(), true},
      {K::drop_index, "drop_index", S::schema, R::own_work, schema_object_args(), true},
      {K::add_fulltext_index, "add_fulltext_index", S::schema, R::own_work,
       schema_object_args(fulltext), true},
      {K::drop_fulltext_index, "drop_fulltext_index", S::schema, R::own_work,
       schema_object_args(fulltext), true},
      {K::add_vector_index, "add_vector_index", S::schema, R::own_work, schema_object_args(vector),
       true},
      {K::drop_vector_index, "drop_vector_index", S::schema, R::own_work,
       schema_object_args(vector), true},
      {K::rename_label, "rename_label", S::data, R::any_data, rename},
      {K::rename_relationship_type, "rename_relationship_type", S::data, R::any_data, rename},
      {K::add_node_property,
       "add_node_property",
       S::data,
       R::own_work,
       {{"label", ArgType::string, req},
        {"property", ArgType::string, req},
        {"value", ArgType::any, opt}}},
      {K::remove_node_property,
       "remove_node_property",
       S::data,
       R::own_work,
       {{"label", ArgType::string, req}, {"property", ArgType::string, req}}},
      {K::rename_node_property,
       "rename_node_property",
       S::data,
       R::any_data,
       {{"label", ArgType::string, req},
        {"from", ArgType::string, req},
        {"to", ArgType::string, req}}},
      {K::add_relationship_property,
       "add_relationship_property",
       S::data,
       R::own_work,
       {{"rel_type", ArgType::string, req},
        {"property", ArgType::string, req},
        {"value", ArgType::any, opt}}},
      {K::remove_relationship_property,
       "remove_relationship_property",
       S::data,
       R::own_work,
       {{"rel_type", ArgType::string, req}, {"property", ArgType::string, req}}},
      {K::rename_relationship_property,
       "rename_relationship_property",
       S::data,
       R::any_data,
       {{"rel_type", ArgType::string, req},
        {"from", ArgType::string, req},
        {"to", ArgType::string, req}}},
      {K::cypher,
       "cypher",
       S::data,
       R::any_data,
       {{"statement", ArgType::string, req},
        {"params", ArgType::table, opt},
        {"schema", ArgType::boolean, opt},
        {"in_transactions", ArgType::boolean, opt}}},
      {K::begin_batch,
       "begin_batch",
       S::data,
       R::own_work,
       {{"batch", ArgType::string, req}, {"description", ArgType::string, opt}}},
      {K::create_nodes, "create_nodes", S::batched_data, R::any_data,
       load_args({{"labels", ArgType::string_list, req}})},
      {K::upsert_nodes, "upsert_nodes", S::batched_data, R::any_data,
       load_args({{"labels", ArgType::string_list, req}, {"keys", ArgType::string_list, req}})},
      {K::create_relationships, "create_relationships", S::batched_data, R::any_data,
       load_args({{"rel_type", ArgType::string, req},
                  {"from", ArgType::table, req},
                  {"to", ArgType::table, req},
                  {"on_missing", ArgType::string, opt}})},
      {K::delete_nodes_by_batch,
       "delete_nodes_by_batch",
       S::batched_data,
       R::own_work,
       {{"batch", ArgType::string, req},
        {"labels", ArgType::string_list, opt},
        {"rows_per_transaction", ArgType::integer, opt}}},
      {K::delete_relationships_by_batch,
       "delete_relationships_by_batch",
       S::batched_data,
       R::own_work,
       {{"batch", ArgType::string, req},
        {"rel_type", ArgType::string, opt},
        {"rows_per_transaction", ArgType::integer, opt}}},
  };
}

bool has_type(const Json& value, ArgType type) {
  switch (type) {
  case ArgType::string:
    return value.is_string();
  case ArgType::string_list:
    return value.is_array() &&
           std::all_of(value.begin(), value.end(), [](const Json& v) { return v.is_string(); });
  case ArgType::integer:
    return value.is_number_integer();
  case ArgType::boolean:
    return value.is_boolean();
  case ArgType::table:
    return value.is_object();
  case ArgType::any:
    return true;
  }
  return false;
}

const char* type_name(ArgType type) {
  switch (type) {
  case ArgType::string:
    return "a string";
  case ArgType::string_list:
    return "a list of strings";
  case ArgType::integer:
    return "an integer";
  case ArgType::boolean:
    return "a boolean";
  case ArgType::table:
    return "a table";
  case ArgType::any:
    return "a value";
  }
  return "a value";
}

} // namespace

const std::vector<OpSpec>& operation_table() {
  static const std::vector<OpSpec> table = build_table();
  return table;
}

const OpSpec& spec_of(OpKind kind) {
  for (const OpSpec& spec : operation_table())
    if (spec.kind == kind)
      return spec;
  throw Error("internal error: operation kind without a table entry");
}

const OpSpec* find_spec(std::string_view name) {
  for (const OpSpec& spec : operation_table())
    if (name == spec.name)
      return &spec;
  return nullptr;
}

const char* to_string(OpKind kind) {
  return spec_of(kind).name;
}

const std::string& Operation::string_arg(const char* name) const {
  auto it = args.find(name);
  if (it == args.end() || !it->is_string())
    throw Error(std::string("internal error: operation ") + to_string(kind) + " has no string '" +
                name + "'");
  return it->get_ref<const std::string&>();
}

void validate_operation(const Operation& operation, const std::string& where) {
  const OpSpec& spec = spec_of(operation.kind);
  const std::string op = spec.name;
  if (!operation.args.is_object())
    throw Error(where + ": operation " + op + " must be a table");
  for (const auto& item : operation.args.items()) {
    // Named copies: clang 14 cannot capture structured bindings in a lambda.
    const std::string& key = item.key();
    const Json& value = item.value();
    auto arg = std::find_if(spec.args.begin(), spec.args.end(),
                            [&](const ArgSpec& a) { return key == a.name; });
    if (arg == spec.args.end())
      throw Error(where + ": unknown argument '" + key + "' for op " + op,
                  "see docs/migrations.md for the arguments each operation takes");
    if (!has_type(value, arg->type))
      throw Error(where + ": argument '" + key + "' of op " + op + " must be " +
                  type_name(arg->type));
    if (arg->type == ArgType::string && value.get_ref<const std::string&>().empty())
      throw Error(where + ": argument '" + key + "' of op " + op + " must not be empty");
  }
  for (const ArgSpec& arg : spec.args)
    if (arg.required && !operation.args.contains(arg.name))
      throw Error(where + ": op " + op + " needs argument '" + arg.name + "'");
  // A rename (of a label, type or property) onto its own name: refused where the file loads, so
  // the commit gate and `verify` reject it, not only the run.
  if (auto from = operation.args.find("from"), to = operation.args.find("to");
      from != operation.args.end() && to != operation.args.end() && from->is_string() &&
      *from == *to)
    throw Error(where + ": op " + op + " renames \"" + from->get<std::string>() + "\" to itself",
                "give `to` a different name, or remove the step");
  if (spec.label_or_rel_type) {
    const bool label = operation.args.contains("label");
    const bool rel_type = operation.args.contains("rel_type");
    if (label == rel_type)
      throw Error(where + ": op " + op + " needs exactly one of 'label' and 'rel_type'");
  }
}

StepClass step_class(const Operation& operation) {
  if (operation.kind == OpKind::cypher) {
    if (operation.args.value("schema", false))
      return StepClass::schema;
    if (operation.args.value("in_transactions", false))
      return StepClass::batched_data;
  }
  return spec_of(operation.kind).step_class;
}

} // namespace crochet::migration
