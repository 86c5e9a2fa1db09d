#pragma once
// Sample steps covering every operation of the table, in its node and relationship forms and
// with names built to break naive quoting. Shared by the golden render test, the dump tool that
// feeds Neo4j's Cypher front end, and the generated part of docs/migrations.md.
#include <string>
#include <vector>

#include "core/migration/render.hpp"

namespace crochet::migration::samples {

struct Sample {
  std::string id;  // "add_index/node", "create_nodes/hostile", ...
  Operation step;  // validated against the operation table
  bool documented; // shown in docs/migrations.md
};

// Names that must come out as one quoted identifier each: backticks, spaces, Cypher
// punctuation, a would-be comment and clause, quotes, a parameter sigil, non-ASCII letters.
inline const std::vector<std::string>& hostile_names() {
  static const std::vector<std::string> names = {
      "Per`son",
      "``",
      "Weird Label) DETACH DELETE n //",
      "x`) MATCH (m) DETACH DELETE m //",
      "it's \"quoted\"",
      "$value",
      "a.b:c{d}[e]",
      "back\\slash",
      "Größe 東京 🚀",
      "  padded  ",
  };
  return names;
}

inline Sample make_sample(std::string id, const char* op, Json args, bool documented = true) {
  const OpSpec* spec = find_spec(op);
  Operation step;
  step.kind = spec ? spec->kind : OpKind::cypher;
  step.args = std::move(args);
  validate_operation(step, "sample " + id);
  return {std::move(id), std::move(step), documented};
}

inline std::vector<Sample> build_samples() {
  std::vector<Sample> out;
  auto add = [&](std::string id, const char* op, Json args, bool documented = true) {
    out.push_back(make_sample(std::move(id), op, std::move(args), documented));
  };
  // Constraints and indexes, named as neomodel's install_labels names them.
  const struct {
    const char* add;
    const char* drop;
    const char* prefix;
    Json node_settings;
    Json rel_settings;
  } schema_ops[] = {
      {"add_unique_constraint", "drop_unique_constraint", "constraint_unique_", Json::object(),
       Json::object()},
      {"add_existence_constraint", "drop_existence_constraint", "constraint_existence_",
       Json::object(), Json::object()},
      {"add_index", "drop_index", "index_", Json::object(), Json::object()},
      {"add_fulltext_index",
       "drop_fulltext_index",
       "fulltext_index_",
       {{"analyzer", "english"}, {"eventually_consistent", true}},
       Json::object()},
      {"add_vector_index",
       "drop_vector_index",
       "vector_index_",
       {{"dimensions", 1536}, {"similarity_function", "cosine"}},
       {{"dimensions", 768}, {"similarity_function", "euclidean"}}},
  };
  for (const auto& ops : schema_ops) {
    for (const char* op : {ops.add, ops.drop}) {
      Json node = {{"name", std::string(ops.prefix) + "Person_email"},
                   {"label", "Person"},
                   {"property", "email"}};
      node.update(ops.node_settings);
      Json rel = {{"name", std::string(ops.prefix) + "WORKS_AT_since"},
                  {"rel_type", "WORKS_AT"},
                  {"property", "since"}};
      rel.update(ops.rel_settings);
      add(std::string(op) + "/node", op, node);
      add(std::string(op) + "/relationship", op, rel);
    }
    // Hostile names, in an order a real server can run: add then drop the same objects.
    const Json hostile_node = {{"name", hostile_names()[0]},
                               {"label", hostile_names()[2]},
                               {"property", hostile_names()[3]}};
    const Json hostile_rel = {{"name", hostile_names()[6]},
                              {"rel_type", hostile_names()[4]},
                              {"property", hostile_names()[8]}};
    add(std::string(ops.add) + "/hostile", ops.add, hostile_node, false);
    add(std::string(ops.add) + "/hostile_relationship", ops.add, hostile_rel, false);
    add(std::string(ops.drop) + "/hostile", ops.drop, hostile_node, false);
    add(std::string(ops.drop) + "/hostile_relationship", ops.drop, hostile_rel, false);
  }
  add("add_fulltext_index/defaults", "add_fulltext_index",
      {{"name", "fulltext_index_Note_body"}, {"label", "Note"}, {"property", "body"}}, false);

  // Labels, types and properties.
  add("rename_label", "rename_label", {{"from", "Person"}, {"to", "Human"}});
  add("rename_relationship_type", "rename_relationship_type",
      {{"from", "KNOWS"}, {"to", "FRIEND_OF"}});
  add("add_node_property", "add_node_property",
      {{"label", "Person"}, {"property", "country"}, {"value", "unknown"}});
  add("add_node_property/no_value", "add_node_property",
      {{"label", "Person"}, {"property", "nickname"}});
  add("add_node_property/list", "add_node_property",
      {{"label", "Person"}, {"property", "tags"}, {"value", {"a", "b"}}}, false);
  add("remove_node_property", "remove_node_property", {{"label", "Person"}, {"property", "fax"}});
  add("rename_node_property", "rename_node_property",
      {{"label", "Person"}, {"from", "mail"}, {"to", "email"}});
  add("add_relationship_property", "add_relationship_property",
      {{"rel_type", "WORKS_AT"}, {"property", "verified"}, {"value", false}});
  add("remove_relationship_property", "remove_relationship_property",
      {{"rel_type", "WORKS_AT"}, {"property", "note"}});
  add("rename_relationship_property", "rename_relationship_property",
      {{"rel_type", "WORKS_AT"}, {"from", "start"}, {"to", "since"}});
  for (std::size_t i = 0; i + 1 < hostile_names().size(); ++i) {
    const std::string& a = hostile_names()[i];
    const std::string& b = hostile_names()[i + 1];
    const std::string n = std::to_string(i);
    add("rename_label/hostile" + n, "rename_label", {{"from", a}, {"to", b}}, false);
    add("rename_relationship_type/hostile" + n, "rename_relationship_type",
        {{"from", a}, {"to", b}}, false);
    add("rename_node_property/hostile" + n, "rename_node_property",
        {{"label", b}, {"from", a}, {"to", b}}, false);
    add("add_relationship_property/hostile" + n, "add_relationship_property",
        {{"rel_type", a}, {"property", b}, {"value", a}}, false);
    add("remove_node_property/hostile" + n, "remove_node_property", {{"label", a}, {"property", b}},
        false);
  }

  // Free Cypher.
  add("cypher", "cypher",
      {{"statement", "MATCH (n:Person) WHERE n.age >= $adult SET n.adult = true"},
       {"params", {{"adult", 18}}}});
  add("cypher/schema", "cypher",
      {{"statement", "CREATE TEXT INDEX person_name_text IF NOT EXISTS FOR (n:Person) ON (n.name)"},
       {"schema", true}});
  add("cypher/in_transactions", "cypher",
      {{"statement", "MATCH (n:Person) WHERE n.legacy = true CALL { WITH n DETACH DELETE n } IN "
                     "TRANSACTIONS OF 1000 ROWS"},
       {"in_transactions", true}});

  // Data.
  add("begin_batch", "begin_batch",
      {{"batch", "people-2024-06"}, {"description", "HR export of June 2024"}});
  add("create_nodes", "create_nodes",
      {{"batch", "people-2024-06"},
       {"labels", {"Person", "Employee"}},
       {"source", {{"path", "data/people.csv"}, {"sha256", "sha256:" + std::string(64, '0')}}},
       {"columns", {{"id", "integer"}, {"name", "string"}, {"born", "date"}}},
       {"rows_per_transaction", 5000}});
  add("create_nodes/inline", "create_nodes",
      {{"batch", "seed"},
       {"labels", {"Country"}},
       {"rows", {{{"code", "FR"}, {"name", "France"}}, {{"code", "JP"}, {"name", "Japan"}}}}});
  add("upsert_nodes", "upsert_nodes",
      {{"batch", "people-2024-07"},
       {"labels", {"Person", "Employee"}},
       {"keys", {"id"}},
       {"columns", {{"id", "integer"}, {"updated", "datetime"}, {"holidays", "list<date>"}}}});
  add("create_relationships", "create_relationships",
      {{"batch", "jobs-2024-06"},
       {"rel_type", "WORKS_AT"},
       {"from", {{"label", "Person"}, {"key", {{"id", "person_id"}}}}},
       {"to", {{"label", "Company"}, {"key", {{"id", "company_id"}}}}},
       {"columns", {{"person_id", "integer"}, {"company_id", "integer"}, {"since", "date"}}}});
  add("create_relationships/skip_missing", "create_relationships",
      {{"batch", "jobs-2024-06"},
       {"rel_type", "WORKS_AT"},
       {"from", {{"label", "Person"}, {"key", {{"id", "person_id"}}}}},
       {"to", {{"label", "Company"}, {"key", {{"code", "company"}, {"country", "country"}}}}},
       {"on_missing", "skip"}});
  add("delete_nodes_by_batch", "delete_nodes_by_batch",
      {{"batch", "people-2024-06"},
       {"labels", {"Person", "Employee"}},
       {"rows_per_transaction", 5000}});
  add("delete_nodes_by_batch/any_label", "delete_nodes_by_batch", {{"batch", "seed"}});
  add("delete_relationships_by_batch", "delete_relationships_by_batch",
      {{"batch", "jobs-2024-06"}, {"rel_type", "WORKS_AT"}});
  add("delete_relationships_by_batch/any_type", "delete_relationships_by_batch",
      {{"batch", "seed"}, {"rows_per_transaction", 100}});

  // Data steps with hostile labels, keys, columns and batch ids.
  const auto& h = hostile_names();
  add("create_nodes/hostile", "create_nodes",
      {{"batch", "x') DETACH DELETE n //"},
       {"labels", {h[0], h[2], h[8]}},
       {"columns", {{h[3], "date"}, {h[4], "list<datetime>"}}}},
      false);
  add("upsert_nodes/hostile", "upsert_nodes",
      {{"batch", h[5]},
       {"labels", {h[2], h[1]}},
       {"keys", {h[3], h[6]}},
       {"columns", {{h[3], "datetime"}}}},
      false);
  add("create_relationships/hostile", "create_relationships",
      {{"batch", h[4]},
       {"rel_type", h[3]},
       {"from", {{"label", h[2]}, {"key", {{h[0], h[3]}}}}},
       {"to", {{"label", h[8]}, {"key", {{h[6], h[7]}, {h[9], h[3]}}}}},
       {"columns", {{h[7], "date"}, {h[5], "datetime"}}},
       {"on_missing", "skip"}},
      false);
  add("delete_nodes_by_batch/hostile", "delete_nodes_by_batch",
      {{"batch", h[2]}, {"labels", {h[0], h[3]}}, {"rows_per_transaction", 10}}, false);
  add("delete_relationships_by_batch/hostile", "delete_relationships_by_batch",
      {{"batch", h[2]}, {"rel_type", h[3]}}, false);
  return out;
}

inline const std::vector<Sample>& all_samples() {
  static const std::vector<Sample> samples = build_samples();
  return samples;
}

// The ways statements are rendered: each dialect, plus the 5.x dialect for a known 5.23+ server.
struct Variant {
  const char* id;   // "3.x", "4.4", "5.x", "5.23", "2025"
  const char* file; // golden file stem
  Dialect dialect;
  std::vector<Statement> (*render)(const Operation&);
};

inline const std::vector<Variant>& variants() {
  static const std::vector<Variant> all = {
      {"3.x", "v3", Dialect::v3, [](const Operation& s) { return render(s, Dialect::v3); }},
      {"4.4", "v4_4", Dialect::v4_4, [](const Operation& s) { return render(s, Dialect::v4_4); }},
      {"5.x", "v5", Dialect::v5, [](const Operation& s) { return render(s, Dialect::v5); }},
      {"5.23", "v5_23", Dialect::v5,
       [](const Operation& s) {
         return render(s, ServerCapabilities{Dialect::v5, "5.23.0", true});
       }},
      {"2025", "v2025", Dialect::v2025,
       [](const Operation& s) { return render(s, Dialect::v2025); }},
  };
  return all;
}

} // namespace crochet::migration::samples
