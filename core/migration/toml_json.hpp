#pragma once
// TOML values <-> JSON for migration files. Internal to core/migration (the only layer besides
// config that includes toml++): operation arguments are JSON everywhere else.
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "core/migration/operation.hpp"

namespace crochet::migration::detail {

// A TOML value as JSON. Throws LocatedProblem for dates and times, and for floats JSON cannot
// carry (nan, inf), pointing at the offending value.
struct LocatedProblem {
  toml::source_position where;
  std::string message;
};
Json to_json(const toml::node& node);

// TOML text for a key: bare when it can be, else a quoted basic string.
std::string toml_key(std::string_view key);
// TOML text for a string: a basic string, or a multi-line basic string when it has line breaks.
std::string toml_string(std::string_view text);
// TOML text for a JSON value (inline tables and arrays). Throws crochet::Error for null and for
// numbers TOML cannot hold.
std::string toml_value(const Json& value);

} // namespace crochet::migration::detail
