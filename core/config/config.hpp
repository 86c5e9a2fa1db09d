#pragma once
// crochet.toml: the project's configuration. Unknown keys and wrong types are errors that name
// the key and its line. The Neo4j password is never read from the file: only from
// CROCHET_NEO4J_PASSWORD or a prompt.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace crochet::config {

struct Neo4jSettings {
  std::string uri = "http://localhost:7474";
  std::string database = "neo4j";
  std::string username = "neo4j";
  std::optional<std::string> password; // from the environment only; never written anywhere
};

struct Config {
  std::string project_name;
  std::string models_path = "models";         // relative to the project root
  std::string migrations_path = "migrations"; // relative to the project root
  std::string ledger_path = ".crochet/ledger.db";
  bool existence_constraints = false; // [schema] existence_constraints (Enterprise)
  Neo4jSettings neo4j;
};

// Parses crochet.toml text. `path` is used in diagnostics. Throws DiagnosticError.
Config parse_config(std::string_view text, std::string_view path);

// Applies CROCHET_NEO4J_URI / _USERNAME / _PASSWORD / _DATABASE from `getenv`.
using EnvLookup = std::function<std::optional<std::string>(const char*)>;
void apply_environment(Config& config, const EnvLookup& getenv);
EnvLookup process_environment();

// The crochet.toml that new-project writes.
std::string default_config_text(std::string_view project_name);

} // namespace crochet::config
