#pragma once
// The crochet.toml a commit records is the index's, not the work tree's. The schema depends on
// some of its settings (the models and migrations folders, [schema]), so the commit gate reads
// them from there, and a staged change to one of them is checked like a staged model change.
#include <optional>
#include <string>

#include "core/hooks/context.hpp"
#include "core/util/diagnostic.hpp"

namespace crochet::hooks {

struct StagedConfig {
  bool schema_settings_changed = false; // the staged settings read another schema than HEAD's
  Diagnostics errors;                   // the staged crochet.toml, changed, does not parse
};

// Makes `context` read with the staged crochet.toml (use_config) and compares its schema
// settings with those of `head`'s. Without a staged crochet.toml (not tracked) the work tree's
// stays in use.
StagedConfig use_staged_config(HookContext& context, const std::optional<std::string>& head);

} // namespace crochet::hooks
