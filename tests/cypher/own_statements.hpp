#pragma once
// The statements git-crochet writes itself around a migration's steps, with sample arguments:
// the loader's bookkeeping, the graph lock, the migration mirror, the schema reads of live
// inspection, discovery's edition query, and the queries a failed constraint step's hint gives.
// cypher_dump checks them as it checks the steps.
#include <string>
#include <utility>
#include <vector>

#include "core/executor/lock.hpp"
#include "core/executor/mirror.hpp"
#include "core/load/statements.hpp"
#include "core/migration/constraint_conflicts.hpp"
#include "core/neo4j/graph_schema.hpp"
#include "core/neo4j/session.hpp"

namespace crochet::migration::samples {

// (sample id, statement), in the order a run would send them.
inline std::vector<std::pair<std::string, Statement>> own_statements(Dialect dialect) {
  ledger::AppliedMigration applied;
  applied.revision = "0002_people";
  applied.parents = {"0001_initial"};
  applied.file_sha256 = "sha256:ab";
  applied.chain_hash = "sha256:cd";
  applied.schema_hash = "sha256:ef";
  applied.commit_sha = "0123456789abcdef0123456789abcdef01234567";
  applied.branch = "main";
  applied.applied_by = "Ada <ada@example.com>";
  const Json end = {{"label", "Person"}, {"key", {{"id", "person_id"}}}};
  const Json rows = Json::array({Json{{"person_id", 1}}, Json{{"person_id", 2}}});
  const Operation delete_nodes{OpKind::delete_nodes_by_batch,
                               {{"batch", "people"}, {"labels", {"Person"}}}};
  const Operation delete_relationships{OpKind::delete_relationships_by_batch,
                                       {{"batch", "knows"}, {"rel_type", "KNOWS"}}};
  const load::cypher::BatchWriter writer{"0002_people", "sha256:ab", "5f0c2e9a41d7b3c8"};
  const neo4j::GraphSchemaReads schema_reads = neo4j::graph_schema_reads(dialect);

  // Pasted by the user as the hint gives them: text only, no parameters.
  auto conflicts = [](OpKind kind, const char* target_key, const char* target) {
    const Operation step{kind, {{"name", "c"}, {target_key, target}, {"property", "email"}}};
    return Statement{constraint_conflicts_query(step).value()};
  };

  namespace lock = executor::lock_cypher;
  namespace load = load::cypher;
  return {
      {"own/edition", neo4j::edition_query()},
      {"own/lock/touch", lock::touch()},
      {"own/lock/take", lock::take("ci on build-7 pid 42", 60000)},
      {"own/lock/renew", lock::renew("ci on build-7 pid 42", 60000)},
      {"own/mirror/read", executor::mirror_read()},
      {"own/mirror/begin", executor::mirror_begin(applied, "upgrading", 0, "")},
      {"own/mirror/progress",
       executor::mirror_progress("0002_people", "upgrading", 3, "sha256-of-the-steps-done")},
      {"own/mirror/claim", executor::mirror_claim("0002_people", "upgrading", 3)},
      {"own/load/read_checkpoint", load::read_checkpoint("people")},
      {"own/load/open_batch", load::open_batch("people", writer)},
      {"own/load/refresh_index_samples", load::refresh_index_samples()},
      {"own/load/claim", load::claim("people", 0)},
      {"own/load/checkpoint", load::checkpoint("people", writer, 2, false)},
      {"own/load/missing_endpoint", load::missing_endpoint(end, rows)},
      {"own/load/delete_nodes_chunk", load::delete_chunk(delete_nodes, 1000)},
      {"own/load/delete_relationships_chunk", load::delete_chunk(delete_relationships, 1000)},
      {"own/load/remove_batch", load::remove_batch("people")},
      {"own/mirror/remove", executor::mirror_remove("0002_people")},
      {"own/inspect/constraints", schema_reads.constraints},
      {"own/inspect/indexes", schema_reads.indexes},
      {"own/hint/unique_node_conflicts",
       conflicts(OpKind::add_unique_constraint, "label", "Person")},
      {"own/hint/unique_relationship_conflicts",
       conflicts(OpKind::add_unique_constraint, "rel_type", "KNOWS")},
      {"own/hint/existence_node_conflicts",
       conflicts(OpKind::add_existence_constraint, "label", "Person")},
      {"own/hint/existence_relationship_conflicts",
       conflicts(OpKind::add_existence_constraint, "rel_type", "KNOWS")},
      {"own/lock/read_holder", lock::read_holder()},
      {"own/lock/release", lock::release("ci on build-7 pid 42")},
      {"own/lock/force_unlock", lock::force_unlock()},
  };
}

} // namespace crochet::migration::samples
