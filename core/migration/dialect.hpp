#pragma once
// Cypher dialects by server version (BRIEF §8) and the statements a step renders to.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/migration/operation.hpp"

namespace crochet::migration {

// v3: Neo4j 3.x (`ON ... ASSERT`, unnamed, drop by definition).
// v4_4: Neo4j 4.4 (`FOR ... REQUIRE`, names, IF [NOT] EXISTS, `CALL { WITH x ... }`).
// v5: Neo4j 5.x (5.23+ has `CALL (x) { ... } IN TRANSACTIONS`).
// v2025: Neo4j 2025.x and later (calendar versions), Cypher 5 default.
enum class Dialect { v3, v4_4, v5, v2025 };

const char* to_string(Dialect dialect);                      // "3.x", "4.4", "5.x", "2025"
std::optional<Dialect> parse_dialect(std::string_view text); // accepts the to_string forms
// The dialect of a server version string such as "3.1.1", "4.4.30", "5.26.0", "2025.01.0".
Dialect dialect_for_version(std::string_view version);

// What the server in front of us can run: its dialect and edition (Community lacks existence,
// key and type constraints).
struct ServerCapabilities {
  Dialect dialect = Dialect::v5;
  std::string version = "5.26.0"; // as reported by the server
  bool enterprise = false;
};

// One Cypher statement with its parameters, and how it must be sent.
struct Statement {
  std::string text;
  Json params = Json::object();
  StepClass step_class = StepClass::data;
  bool operator==(const Statement&) const = default;
};

} // namespace crochet::migration
