#pragma once
// Shared pieces of the Cypher renderers (render_*.cpp): what a step targets, quoted property
// access, server versions, and the error every renderer throws for a step it cannot express.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/migration/dialect.hpp"
#include "core/migration/operation.hpp"
#include "core/migration/render.hpp"

namespace crochet::migration::detail {

// A server version reduced to what selects syntax: "5.26.0" -> {5, 26}, "2025.01.0" -> {2025, 1},
// "5.27-aura" -> {5, 27}. nullopt when the text does not start with "<major>.<minor>".
struct Version {
  int major = 0;
  int minor = 0;
  auto operator<=>(const Version&) const = default;
};
std::optional<Version> parse_version(std::string_view text);

// How statements are written for one server: the dialect, and whether `CALL (x) { ... }`
// (variable scope clause, Neo4j 5.23+) replaces the importing `CALL { WITH x ... }`.
struct RenderContext {
  Dialect dialect = Dialect::v5;
  bool scoped_subquery = false;
  const std::vector<IndexedProperty>* indexed = nullptr; // for index hints; null when unknown
};
RenderContext context_for(Dialect dialect);
RenderContext context_for(const ServerCapabilities& server);

// The node label or relationship type a schema or property step is about.
struct Target {
  bool relationship = false;
  std::string name;
  const char* variable() const { return relationship ? "r" : "n"; }
  // Schema command form: "(n:`L`)" or "()-[r:`T`]-()".
  std::string schema_pattern() const;
  // Data form, directed so that every relationship is matched once: "(n:`L`)" or "()-[r:`T`]->()".
  std::string match_pattern() const;
  // "n.`p`" / "r.`p`".
  std::string property(std::string_view name) const;
  const char* noun() const { return relationship ? "relationship" : "node"; }
};
Target target_of(const Operation& operation); // `label` or `rel_type`

// "`A`:`B`" for a label list, each quoted.
std::string label_list(const std::vector<std::string>& labels);

// The statement a data step subquery becomes: `CALL { WITH v body }` or `CALL (v) { body }`,
// followed by `IN TRANSACTIONS [OF ... ROWS]` with the batch size from `rows_per_transaction`.
std::string in_transactions(const RenderContext& context, const std::string& variable,
                            const std::string& body, const Operation& operation, Json& params);

// Why `dialect` has no Cypher at all for this step (a relationship uniqueness constraint on 4.4,
// a vector index on 3.x, ...), or nullopt.
std::optional<std::string> missing_form(const Operation& operation, Dialect dialect);

// "op add_index (line 12)" / "op add_index": names the step in messages.
std::string describe(const Operation& operation);

// Renderers for each family of operations (render_schema.cpp, render_property.cpp,
// render_data.cpp).
std::vector<Statement> render_schema_step(const Operation& operation, const RenderContext& context);
std::vector<Statement> render_property_step(const Operation& operation,
                                            const RenderContext& context);
std::vector<Statement> render_data_step(const Operation& operation, const RenderContext& context);

} // namespace crochet::migration::detail
