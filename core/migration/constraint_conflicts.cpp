#include "core/migration/constraint_conflicts.hpp"

#include "core/migration/render_support.hpp"

namespace crochet::migration {
namespace {

// "nodes labelled `Person`" / "relationships of type `KNOWS`".
std::string holders(const detail::Target& target) {
  return (target.relationship ? "relationships of type " : "nodes labelled ") +
         quote_identifier(target.name);
}

} // namespace

std::optional<std::string> constraint_conflicts_query(const Operation& operation) {
  if (operation.kind != OpKind::add_unique_constraint &&
      operation.kind != OpKind::add_existence_constraint)
    return std::nullopt;
  const detail::Target target = detail::target_of(operation);
  const std::string access = target.property(operation.string_arg("property"));
  const std::string match = "MATCH " + target.match_pattern() + " WHERE " + access;
  if (operation.kind == OpKind::add_existence_constraint)
    return match + " IS NULL RETURN count(*) AS missing";
  // Twenty values are enough to see the pattern; the count says how bad each one is.
  return match + " IS NOT NULL WITH " + access +
         " AS value, count(*) AS c WHERE c > 1 RETURN value, c ORDER BY c DESC LIMIT 20";
}

std::optional<std::string> constraint_conflicts_hint(const Operation& operation) {
  const std::optional<std::string> query = constraint_conflicts_query(operation);
  if (!query)
    return std::nullopt;
  const detail::Target target = detail::target_of(operation);
  const std::string property = quote_identifier(operation.string_arg("property"));
  const std::string again = "; then run the same command again: it resumes at this step";
  if (operation.kind == OpKind::add_existence_constraint)
    return "some " + holders(target) + " have no " + property +
           ", so it cannot be required; count them with:\n  " + *query +
           "\nthen either give them a value with a step before this one in the same migration "
           "(add_" +
           target.noun() + "_property with a value, or a cypher step), or drop the requirement " +
           "(required=True in the model, and this step)" + again;
  return holders(target) + " share values of " + property +
         ", so it cannot be unique; list the duplicates with:\n  " + *query +
         "\nthen either remove the duplicates with a data step (a cypher step) before this one "
         "in the same migration, or drop the uniqueness (unique_index=True in the model, and "
         "this step)" +
         again;
}

} // namespace crochet::migration
