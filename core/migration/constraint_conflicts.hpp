#pragma once
// What stops a constraint step from being created over data already in the graph, said so that
// the user can act on it: a ready-to-run query that lists the offending values, and the ways on.
#include <optional>
#include <string>

#include "core/migration/operation.hpp"

namespace crochet::migration {

// A read-only query that shows what keeps `operation` from being created over the graph's data:
// the values more than one node (or relationship) holds, for add_unique_constraint; how many
// lack the property, for add_existence_constraint. Identifiers are quoted as the renderer quotes
// them, and the query has no parameters, so it can be pasted as it is. nullopt for other steps.
std::optional<std::string> constraint_conflicts_query(const Operation& operation);

// The hint for such a step that the server refused over the graph's data: which label (or type)
// and property, the query, and the ways on. nullopt for other steps.
std::optional<std::string> constraint_conflicts_hint(const Operation& operation);

} // namespace crochet::migration
