#pragma once
// One step of a migration file: `op = "..."` plus its arguments. The arguments stay JSON (they
// round-trip to and from TOML tables), but every operation is checked against its entry in the
// operation table below before anything else sees it, so renderers and executors can rely on
// each required argument being present with the right type and on no unknown argument.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace crochet::migration {

using Json = nlohmann::json;

// Schema steps, property steps, free Cypher and data steps. The *_constraint / *_index steps
// and the property steps have a node form (`label = "..."`) and a relationship form
// (`rel_type = "..."`); exactly one of the two is given.
enum class OpKind {
  add_unique_constraint,
  drop_unique_constraint,
  add_existence_constraint,
  drop_existence_constraint,
  add_index,
  drop_index,
  add_fulltext_index,
  drop_fulltext_index,
  add_vector_index,
  drop_vector_index,
  rename_label,
  rename_relationship_type,
  add_node_property, // sets `value` (a parameter) on every node of `label` lacking the property
  remove_node_property,
  rename_node_property,
  add_relationship_property,
  remove_relationship_property,
  rename_relationship_property,
  cypher, // free Cypher: `statement`, optional `params`, `schema`, `in_transactions`
  begin_batch,
  create_nodes,
  upsert_nodes,
  create_relationships,
  delete_nodes_by_batch,
  delete_relationships_by_batch,
};

// How a step must be sent to Neo4j (BRIEF §8): schema statements in their own auto-commit
// request, data statements inside the migration's explicit transaction, and statements using
// `CALL { } IN TRANSACTIONS` in an auto-commit request of their own.
enum class StepClass { schema, data, batched_data };

// What a step changes on a graph where the step it undoes never ran, as when `downgrade
// --interrupted` runs a whole downgrade after only some upgrade steps: `own_work` steps change
// nothing there (a schema object found already there or gone is tolerated, a batch delete finds
// no batch, a property step touches only nodes lacking or holding the property, a batch is only
// named); `any_data` steps act on whatever the graph holds (free Cypher, renames, loads).
enum class Reach { own_work, any_data };

enum class ArgType { string, string_list, integer, boolean, table, any };

struct ArgSpec {
  const char* name;
  ArgType type;
  bool required;
};

struct OpSpec {
  OpKind kind;
  const char* name; // the `op` value in the file
  StepClass step_class;
  Reach reach; // stated by every entry, so no new kind is taken as harmless by default
  std::vector<ArgSpec> args;
  // Node/relationship twins: exactly one of `label` and `rel_type` must be present (both
  // are listed in `args` as optional).
  bool label_or_rel_type = false;
};

struct Operation {
  OpKind kind = OpKind::cypher;
  Json args = Json::object(); // validated: see validate_operation()
  int line = 0;               // 1-based line of the operation in its file; 0 when generated

  const std::string& string_arg(const char* name) const; // throws if absent (a bug)
  bool has(const char* name) const { return args.contains(name); }
  bool operator==(const Operation& other) const { return kind == other.kind && args == other.args; }
};

const std::vector<OpSpec>& operation_table();
const OpSpec& spec_of(OpKind kind);
const OpSpec* find_spec(std::string_view name); // nullptr for an unknown op
const char* to_string(OpKind kind);

// Checks `args` against the table: unknown arguments, missing required ones, wrong types,
// label/rel_type exclusivity, empty identifiers. Throws crochet::Error naming `where`
// (e.g. "migrations/0003_x.toml:12") and the argument.
void validate_operation(const Operation& operation, const std::string& where);

// The step class of this particular operation (a `cypher` step says so in its arguments).
StepClass step_class(const Operation& operation);

} // namespace crochet::migration
