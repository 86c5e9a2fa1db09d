// The crochet.toml written by `git crochet new-project`: every setting spelled out with its
// default, so users see what they can change.
#include <cstdio>

#include "core/config/config.hpp"

namespace crochet::config {
namespace {

std::string toml_basic_string(std::string_view text) {
  std::string out = "\"";
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20 || c == 0x7F) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04X", c);
      out += escaped;
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

} // namespace

std::string default_config_text(std::string_view project_name) {
  const Config defaults;
  std::string out;
  out += "# git-crochet project configuration. Paths are relative to this file's folder.\n";
  out += "\n";
  out += "[project]\n";
  out += "name = " + toml_basic_string(project_name) + "\n";
  out += "models_path = " + toml_basic_string(defaults.models_path) +
         "          # neomodel model files (*.py)\n";
  out += "migrations_path = " + toml_basic_string(defaults.migrations_path) +
         "  # versioned migration files\n";
  out += "\n";
  out += "[neo4j]\n";
  out += "# git-crochet talks to Neo4j over HTTP. CROCHET_NEO4J_URI, CROCHET_NEO4J_DATABASE and\n";
  out += "# CROCHET_NEO4J_USERNAME override these values.\n";
  out += "uri = " + toml_basic_string(defaults.neo4j.uri) + "\n";
  out += "database = " + toml_basic_string(defaults.neo4j.database) + "\n";
  out += "username = " + toml_basic_string(defaults.neo4j.username) + "\n";
  out += "# The password is never stored here: set CROCHET_NEO4J_PASSWORD or type it when asked.\n";
  out += "\n";
  out += "[ledger]\n";
  out += "# SQLite record of the migrations applied from this checkout; keep it out of git.\n";
  out += "path = " + toml_basic_string(defaults.ledger_path) + "\n";
  out += "\n";
  out += "[schema]\n";
  out += "# Derive existence constraints for required properties (Neo4j Enterprise only).\n";
  out += std::string("existence_constraints = ") +
         (defaults.existence_constraints ? "true" : "false") + "\n";
  return out;
}

} // namespace crochet::config
