// crochet.toml parsing with toml++. Every problem becomes a located diagnostic; all of them are
// collected so the user can fix the file in one go.
#include "core/config/config.hpp"

#include <algorithm>
#include <array>
#include <toml++/toml.h>
#include <tuple>

#include "core/config/validate.hpp"
#include "core/util/diagnostic.hpp"

namespace crochet::config {
namespace {

enum class Kind { text, path, uri, database, flag };

struct KeySpec {
  std::string_view section;
  std::string_view key;
  Kind kind;
  std::string* (*text)(Config&);
  bool* (*flag)(Config&);
};

const std::array<KeySpec, 8> kKeys = {{
    {"project", "name", Kind::text, [](Config& c) { return &c.project_name; }, nullptr},
    {"project", "models_path", Kind::path, [](Config& c) { return &c.models_path; }, nullptr},
    {"project", "migrations_path", Kind::path, [](Config& c) { return &c.migrations_path; },
     nullptr},
    {"neo4j", "uri", Kind::uri, [](Config& c) { return &c.neo4j.uri; }, nullptr},
    {"neo4j", "database", Kind::database, [](Config& c) { return &c.neo4j.database; }, nullptr},
    {"neo4j", "username", Kind::text, [](Config& c) { return &c.neo4j.username; }, nullptr},
    {"ledger", "path", Kind::path, [](Config& c) { return &c.ledger_path; }, nullptr},
    {"schema", "existence_constraints", Kind::flag, nullptr,
     [](Config& c) { return &c.existence_constraints; }},
}};

constexpr std::array<std::string_view, 4> kSections = {"project", "neo4j", "ledger", "schema"};

std::string_view type_name(toml::node_type type) {
  switch (type) {
  case toml::node_type::table:
    return "a table";
  case toml::node_type::array:
    return "an array";
  case toml::node_type::string:
    return "a string";
  case toml::node_type::integer:
    return "an integer";
  case toml::node_type::floating_point:
    return "a float";
  case toml::node_type::boolean:
    return "a boolean";
  case toml::node_type::date:
    return "a date";
  case toml::node_type::time:
    return "a time";
  case toml::node_type::date_time:
    return "a date-time";
  case toml::node_type::none:
    break;
  }
  return "nothing";
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      diagonal = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitution});
    }
  }
  return row[b.size()];
}

// The closest candidate within a couple of typos, for "did you mean" hints.
std::string closest(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 4) + 1;
  for (const auto& candidate : candidates) {
    const std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string did_you_mean(const std::string& suggestion) {
  return suggestion.empty() ? std::string() : " (did you mean `" + suggestion + "`?)";
}

class Parser {
public:
  Parser(std::string_view text, std::string_view path) : text_(text), path_(path) {}

  Config parse() {
    Config config;
    toml::table root;
#if TOML_EXCEPTIONS
    try {
      root = toml::parse(text_, path_);
    } catch (const toml::parse_error& e) {
      syntax_error(e);
    }
#else
    toml::parse_result result = toml::parse(text_, path_);
    if (!result)
      syntax_error(result.error());
    root = std::move(result).table();
#endif
    for (auto&& [key, node] : root)
      read_section(config, key, node);
    if (has_errors(diagnostics_)) {
      std::stable_sort(diagnostics_.begin(), diagnostics_.end(), [](const auto& a, const auto& b) {
        return std::tie(a.line, a.column) < std::tie(b.line, b.column);
      });
      throw DiagnosticError(std::move(diagnostics_));
    }
    return config;
  }

private:
  [[noreturn]] void syntax_error(const toml::parse_error& e) {
    error(e.source(), "invalid TOML: " + std::string(e.description()));
    throw DiagnosticError(std::move(diagnostics_));
  }

  void error(const toml::source_region& where, std::string message) {
    Diagnostic d;
    d.file = std::string(path_);
    d.line = static_cast<std::uint32_t>(where.begin.line);
    d.column = static_cast<std::uint32_t>(where.begin.column);
    d.message = std::move(message);
    d.source_line = line_of(text_, d.line);
    diagnostics_.push_back(std::move(d));
  }

  // Keys carry their own position; fall back to the value's when toml++ has none.
  static const toml::source_region& where(const toml::key& key, const toml::node& node) {
    return key.source().begin.line > 0 ? key.source() : node.source();
  }

  void read_section(Config& config, const toml::key& key, const toml::node& node) {
    const std::string name(key.str());
    const bool known = std::find(kSections.begin(), kSections.end(), name) != kSections.end();
    if (!known) {
      std::vector<std::string> candidates(kSections.begin(), kSections.end());
      std::string suggestion = closest(name, candidates);
      if (suggestion.empty() && !node.is_table()) {
        // A key written above every section header, e.g. `name = "x"` instead of [project].
        candidates.clear();
        for (const auto& spec : kKeys)
          candidates.push_back(std::string(spec.section) + "." + std::string(spec.key));
        for (const auto& candidate : candidates)
          if (candidate.substr(candidate.find('.') + 1) == name)
            suggestion = candidate;
      }
      const char* what = node.is_table() ? "unknown section `" : "unknown top-level key `";
      error(where(key, node), what + name + "`" + did_you_mean(suggestion));
      return;
    }
    const toml::table* table = node.as_table();
    if (table == nullptr) {
      error(node.source(), "`" + name + "` must be a table ([" + name + "]), not " +
                               std::string(type_name(node.type())));
      return;
    }
    for (auto&& [sub_key, value] : *table)
      read_key(config, name, sub_key, value);
  }

  void read_key(Config& config, const std::string& section, const toml::key& key,
                const toml::node& node) {
    const std::string name(key.str());
    const std::string dotted = section + "." + name;
    if (dotted == "neo4j.password") {
      error(where(key, node), "`neo4j.password` is not allowed in crochet.toml: the password is "
                              "never stored in a file; set CROCHET_NEO4J_PASSWORD instead");
      return;
    }
    const auto spec = std::find_if(kKeys.begin(), kKeys.end(), [&](const KeySpec& s) {
      return s.section == section && s.key == name;
    });
    if (spec == kKeys.end()) {
      std::vector<std::string> candidates;
      for (const auto& s : kKeys)
        if (s.section == section)
          candidates.push_back(section + "." + std::string(s.key));
      error(where(key, node),
            "unknown key `" + dotted + "`" + did_you_mean(closest(dotted, candidates)));
      return;
    }
    if (spec->kind == Kind::flag) {
      if (const auto* value = node.as_boolean())
        *spec->flag(config) = value->get();
      else
        wrong_type(dotted, "a boolean (true or false)", node);
      return;
    }
    const auto* value = node.as_string();
    if (value == nullptr) {
      wrong_type(dotted, "a string", node);
      return;
    }
    const std::string& text = value->get();
    std::optional<std::string> problem;
    switch (spec->kind) {
    case Kind::path:
      problem = path_problem(text);
      break;
    case Kind::uri:
      problem = uri_problem(text);
      break;
    case Kind::database:
      problem = database_problem(text);
      break;
    case Kind::text:
    case Kind::flag:
      break;
    }
    if (problem) {
      error(node.source(), "`" + dotted + "` " + *problem);
      return;
    }
    *spec->text(config) = text;
  }

  void wrong_type(const std::string& dotted, std::string_view expected, const toml::node& node) {
    error(node.source(), "`" + dotted + "` must be " + std::string(expected) + ", not " +
                             std::string(type_name(node.type())));
  }

  std::string_view text_;
  std::string_view path_;
  Diagnostics diagnostics_;
};

} // namespace

Config parse_config(std::string_view text, std::string_view path) {
  return Parser(text, path).parse();
}

} // namespace crochet::config
