// Environment overrides: deployment settings (and the password, which never lives in a file)
// come from CROCHET_NEO4J_* variables.
#include <cstdlib>

#include "core/config/config.hpp"
#include "core/config/validate.hpp"
#include "core/util/error.hpp"

namespace crochet::config {
namespace {

// An empty variable counts as unset, as `VAR= git crochet ...` is a common way to clear one.
std::optional<std::string> non_empty(const EnvLookup& getenv, const char* name) {
  auto value = getenv(name);
  if (value && value->empty())
    return std::nullopt;
  return value;
}

void check(const char* variable, const std::optional<std::string>& problem) {
  if (problem)
    throw Error(std::string(variable) + " " + *problem, "fix or unset " + std::string(variable));
}

} // namespace

void apply_environment(Config& config, const EnvLookup& getenv) {
  if (auto uri = non_empty(getenv, "CROCHET_NEO4J_URI")) {
    check("CROCHET_NEO4J_URI", uri_problem(*uri));
    config.neo4j.uri = *uri;
  }
  if (auto database = non_empty(getenv, "CROCHET_NEO4J_DATABASE")) {
    check("CROCHET_NEO4J_DATABASE", database_problem(*database));
    config.neo4j.database = *database;
  }
  if (auto username = non_empty(getenv, "CROCHET_NEO4J_USERNAME"))
    config.neo4j.username = *username;
  // An empty password is a real (if unwise) password, so it is taken as given.
  if (auto password = getenv("CROCHET_NEO4J_PASSWORD"))
    config.neo4j.password = *password;
}

EnvLookup process_environment() {
  return [](const char* name) -> std::optional<std::string> {
    if (const char* value = std::getenv(name))
      return std::string(value);
    return std::nullopt;
  };
}

} // namespace crochet::config
