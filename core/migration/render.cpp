// Dispatch from an operation to the renderer of its family, after refusing steps the dialect has
// no Cypher for.
#include "core/migration/render.hpp"

#include "core/migration/render_support.hpp"
#include "core/util/error.hpp"

namespace crochet::migration {
namespace {

std::vector<Statement> render_in(const Operation& operation, const detail::RenderContext& context) {
  if (auto missing = detail::missing_form(operation, context.dialect))
    throw Error(detail::describe(operation) + " has no Cypher form for Neo4j " +
                    to_string(context.dialect) + ": " + *missing,
                "choose a newer dialect with --dialect, or drop the step for this server");
  switch (operation.kind) {
  case OpKind::add_unique_constraint:
  case OpKind::drop_unique_constraint:
  case OpKind::add_existence_constraint:
  case OpKind::drop_existence_constraint:
  case OpKind::add_index:
  case OpKind::drop_index:
  case OpKind::add_fulltext_index:
  case OpKind::drop_fulltext_index:
  case OpKind::add_vector_index:
  case OpKind::drop_vector_index:
    return detail::render_schema_step(operation, context);
  case OpKind::rename_label:
  case OpKind::rename_relationship_type:
  case OpKind::add_node_property:
  case OpKind::remove_node_property:
  case OpKind::rename_node_property:
  case OpKind::add_relationship_property:
  case OpKind::remove_relationship_property:
  case OpKind::rename_relationship_property:
    return detail::render_property_step(operation, context);
  case OpKind::cypher:
  case OpKind::begin_batch:
  case OpKind::create_nodes:
  case OpKind::upsert_nodes:
  case OpKind::create_relationships:
  case OpKind::delete_nodes_by_batch:
  case OpKind::delete_relationships_by_batch:
    return detail::render_data_step(operation, context);
  }
  throw Error("internal error: operation kind without a renderer");
}

} // namespace

std::vector<Statement> render(const Operation& operation, Dialect dialect) {
  return render_in(operation, detail::context_for(dialect));
}

std::vector<Statement> render(const Operation& operation, Dialect dialect,
                              const std::vector<IndexedProperty>& indexed) {
  detail::RenderContext context = detail::context_for(dialect);
  context.indexed = &indexed;
  return render_in(operation, context);
}

std::vector<Statement> render(const Operation& operation, const ServerCapabilities& server) {
  return render_in(operation, detail::context_for(server));
}

} // namespace crochet::migration
