// The natural inverse of each step. A step is faithful when running its inverse after it gives
// back the graph it started from; a migration with an unfaithful step is rollback_safe = false.
#include "core/migration/render.hpp"

namespace crochet::migration {
namespace {

Operation make(OpKind kind, Json args) {
  Operation operation;
  operation.kind = kind;
  operation.args = std::move(args);
  return operation;
}

Json swapped(const Operation& operation) {
  Json args = operation.args;
  std::swap(args["from"], args["to"]);
  return args;
}

// Only the arguments named in `keep` that the step has.
Json subset(const Operation& operation, std::initializer_list<const char*> keep) {
  Json args = Json::object();
  for (const char* name : keep)
    if (operation.has(name))
      args[name] = operation.args.at(name);
  return args;
}

// Re-creating a dropped index restores it exactly only when the drop step carries every
// setting; otherwise the server's defaults would replace the ones the index had.
bool carries(const Operation& operation, std::initializer_list<const char*> settings) {
  for (const char* name : settings)
    if (!operation.has(name))
      return false;
  return true;
}

} // namespace

Downgrade natural_downgrade(const Operation& operation) {
  using K = OpKind;
  const Json& args = operation.args;
  switch (operation.kind) {
  case K::add_unique_constraint:
    return {{make(K::drop_unique_constraint, args)}, true};
  case K::drop_unique_constraint:
    return {{make(K::add_unique_constraint, args)}, true};
  case K::add_existence_constraint:
    return {{make(K::drop_existence_constraint, args)}, true};
  case K::drop_existence_constraint:
    return {{make(K::add_existence_constraint, args)}, true};
  case K::add_index:
    return {{make(K::drop_index, args)}, true};
  case K::drop_index:
    return {{make(K::add_index, args)}, true};
  case K::add_fulltext_index:
    return {{make(K::drop_fulltext_index, args)}, true};
  case K::drop_fulltext_index:
    return {{make(K::add_fulltext_index, args)},
            carries(operation, {"analyzer", "eventually_consistent"})};
  case K::add_vector_index:
    return {{make(K::drop_vector_index, args)}, true};
  case K::drop_vector_index:
    return {{make(K::add_vector_index, args)},
            carries(operation, {"dimensions", "similarity_function"})};
  case K::rename_label:
  case K::rename_relationship_type:
  case K::rename_node_property:
  case K::rename_relationship_property:
    return {{make(operation.kind, swapped(operation))}, true};
  // Adding a property the model introduces is undone by removing it again. Values written
  // before the upgrade are not told apart (the step only fills nodes lacking the property),
  // which is why a property the graph already holds should not be "added".
  case K::add_node_property:
    return {{make(K::remove_node_property, subset(operation, {"label", "property"}))}, true};
  case K::add_relationship_property:
    return {{make(K::remove_relationship_property, subset(operation, {"rel_type", "property"}))},
            true};
  // The removed values are gone: the property can come back, its values cannot.
  case K::remove_node_property:
    return {{make(K::add_node_property, args)}, false};
  case K::remove_relationship_property:
    return {{make(K::add_relationship_property, args)}, false};
  case K::cypher: // free text: only the file's own downgrade can undo it
    return {{}, false};
  case K::begin_batch:
    return {{}, true};
  case K::create_nodes:
    return {{make(K::delete_nodes_by_batch,
                  subset(operation, {"batch", "labels", "rows_per_transaction"}))},
            true};
  // Only the nodes the upsert created carry the batch id; updates of existing nodes stay.
  case K::upsert_nodes:
    return {{make(K::delete_nodes_by_batch,
                  subset(operation, {"batch", "labels", "rows_per_transaction"}))},
            false};
  case K::create_relationships:
    return {{make(K::delete_relationships_by_batch,
                  subset(operation, {"batch", "rel_type", "rows_per_transaction"}))},
            true};
  case K::delete_nodes_by_batch:
  case K::delete_relationships_by_batch:
    return {{}, false};
  }
  return {{}, false};
}

} // namespace crochet::migration
