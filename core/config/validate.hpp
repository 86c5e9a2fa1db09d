#pragma once
// Checks on configuration values shared by crochet.toml parsing and environment overrides.
// Each returns a sentence fragment describing the problem, or nullopt when the value is fine.
#include <optional>
#include <string>
#include <string_view>

namespace crochet::config {

// A project-relative path: not empty, not absolute, no ".." component.
std::optional<std::string> path_problem(std::string_view path);

// An HTTP(S) URL of a Neo4j server: git-crochet speaks HTTP, not Bolt.
std::optional<std::string> uri_problem(std::string_view uri);

// A Neo4j database name; it ends up in request URLs, so only a safe alphabet is accepted.
std::optional<std::string> database_problem(std::string_view database);

} // namespace crochet::config
