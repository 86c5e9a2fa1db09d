#pragma once
// Autogeneration: the steps that take a graph from one schema IR to the next, derived from the
// diff, and their downgrades. Only what follows from the models unambiguously becomes a step;
// everything else (a removed relationship definition, a retyped property, a tightened choice
// list, ...) becomes a note for the reviewer, who writes a `cypher` step if data must move.
#include <string>
#include <vector>

#include "core/migration/operation.hpp"
#include "core/schema/diff.hpp"
#include "core/schema/ir.hpp"

namespace crochet::migration {

struct GeneratedSteps {
  // In a safe order: drops of constraints and indexes, then label and relationship-type
  // renames, then property renames, removals and fills, then new constraints and indexes.
  std::vector<Operation> upgrade;
  // The natural downgrade of each upgrade step, last step first.
  std::vector<Operation> downgrade;
  bool rollback_safe = true; // false when some step has no faithful inverse
  std::vector<std::string> notes;
};

// `diff` is diff(before, after), with the user's confirmed renames applied (apply_renames).
GeneratedSteps generate_steps(const schema::Schema& before, const schema::Schema& after,
                              const schema::Diff& diff);

// The downgrade of a list of upgrade steps: natural_downgrade of each, in reverse order.
GeneratedSteps downgrade_of(std::vector<Operation> upgrade);

// The operation that creates a derived schema object, and the one that drops it (both carry
// the object's full definition, so the drop can be undone and 3.x can drop by definition).
Operation add_object_step(const schema::SchemaObject& object);
Operation drop_object_step(const schema::SchemaObject& object);

} // namespace crochet::migration
