// What a given server can run (BRIEF §8): refused up front, before anything is applied.
#include "core/migration/render.hpp"
#include "core/migration/render_support.hpp"
#include "core/util/error.hpp"

namespace crochet::migration {
namespace {

using detail::Version;

// The oldest release of a dialect: assumed when the server's version string cannot be read.
Version oldest(Dialect dialect) {
  switch (dialect) {
  case Dialect::v3:
    return {3, 0};
  case Dialect::v4_4:
    return {4, 4};
  case Dialect::v5:
    return {5, 0};
  case Dialect::v2025:
    return {2025, 1};
  }
  return {5, 0};
}

std::string needs(const std::string& feature, const std::string& version,
                  const ServerCapabilities& server) {
  return feature + " need Neo4j " + version + " or later (the server runs " + server.version + ")";
}

// A feature of the step the server's version or edition lacks.
std::optional<std::string> missing_feature(const Operation& operation,
                                           const ServerCapabilities& server) {
  if (auto missing = detail::missing_form(operation, server.dialect))
    return *missing;
  const Version version = detail::parse_version(server.version).value_or(oldest(server.dialect));
  const bool relationship = operation.has("rel_type");
  const bool v5 = server.dialect == Dialect::v5;
  switch (operation.kind) {
  case OpKind::add_existence_constraint:
  case OpKind::drop_existence_constraint:
    if (!server.enterprise)
      return std::string("property existence constraints need Neo4j Enterprise Edition (the "
                         "server runs Community Edition)");
    break;
  case OpKind::add_unique_constraint:
  case OpKind::drop_unique_constraint:
    if (relationship && v5 && version < Version{5, 7})
      return needs("relationship uniqueness constraints", "5.7", server);
    break;
  case OpKind::add_fulltext_index:
  case OpKind::drop_fulltext_index:
    if (server.dialect == Dialect::v3 && version < Version{3, 5})
      return needs("fulltext indexes", "3.5", server);
    // neomodel itself requires 5.16 for fulltext indexes on 5.x (BRIEF §8).
    if (v5 && version < Version{5, 16})
      return needs("fulltext indexes", "5.16", server);
    break;
  case OpKind::add_vector_index:
  case OpKind::drop_vector_index:
    if (v5 && !relationship && version < Version{5, 15})
      return needs("node vector indexes", "5.15", server);
    if (v5 && relationship && version < Version{5, 18})
      return needs("relationship vector indexes", "5.18", server);
    break;
  default:
    break;
  }
  return std::nullopt;
}

} // namespace

std::optional<std::string> unsupported_reason(const Operation& operation,
                                              const ServerCapabilities& server) {
  if (auto missing = missing_feature(operation, server))
    return missing;
  // A step no dialect can write (a name no quoting carries, a value Neo4j cannot store) is
  // refused up front too, not when the run reaches it with earlier migrations applied.
  try {
    render(operation, server);
  } catch (const Error& e) {
    return std::string(e.what());
  }
  return std::nullopt;
}

} // namespace crochet::migration
