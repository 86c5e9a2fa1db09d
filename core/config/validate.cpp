#include "core/config/validate.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace crochet::config {
namespace {

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size())
    return false;
  return std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
  });
}

} // namespace

std::optional<std::string> path_problem(std::string_view path) {
  if (path.empty())
    return "must not be empty";
  const std::filesystem::path p{std::string(path)};
  if (p.is_absolute() || p.has_root_directory() || p.has_root_name())
    return "must be relative to the project folder, not absolute";
  for (const auto& part : p)
    if (part == "..")
      return "must stay inside the project folder (no \"..\")";
  if (path.find('\0') != std::string_view::npos)
    return "must not contain NUL characters";
  return std::nullopt;
}

std::optional<std::string> uri_problem(std::string_view uri) {
  for (std::string_view scheme : {"http://", "https://"}) {
    if (!starts_with_ignoring_case(uri, scheme))
      continue;
    const std::string_view rest = uri.substr(scheme.size());
    if (rest.empty() || rest.front() == '/')
      return "has no host";
    if (std::any_of(rest.begin(), rest.end(),
                    [](char c) { return std::isspace(static_cast<unsigned char>(c)) || c == 0; }))
      return "must not contain spaces";
    return std::nullopt;
  }
  for (std::string_view bolt :
       {"bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://"})
    if (starts_with_ignoring_case(uri, bolt))
      return "uses the Bolt protocol; git-crochet talks to Neo4j over HTTP: use the server's "
             "HTTP address, e.g. http://localhost:7474";
  return "must be an http:// or https:// URL, e.g. http://localhost:7474";
}

std::optional<std::string> database_problem(std::string_view database) {
  if (database.empty())
    return "must not be empty";
  if (database.size() > 63)
    return "is longer than 63 characters";
  if (!std::isalpha(static_cast<unsigned char>(database.front())))
    return "must start with an ASCII letter";
  const bool safe = std::all_of(database.begin(), database.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
  });
  if (!safe)
    return "may contain only ASCII letters, digits, '.', '-' and '_'";
  return std::nullopt;
}

} // namespace crochet::config
