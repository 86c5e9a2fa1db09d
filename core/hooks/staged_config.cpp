#include "core/hooks/staged_config.hpp"

#include "core/util/error.hpp"

namespace crochet::hooks {
namespace {

config::Config parse_blob(const git::Repository& repo, const std::string& blob,
                          const std::string& path) {
  config::Config config = config::parse_config(repo.read_blob(blob), path);
  // As for the work tree's file: the environment's overrides (none of them touch the schema).
  config::apply_environment(config, config::process_environment());
  return config;
}

} // namespace

StagedConfig use_staged_config(HookContext& context, const std::optional<std::string>& head) {
  StagedConfig result;
  const git::Repository& repo = context.repo();
  const std::string path = config_path(context);
  const std::optional<std::string> staged = repo.index_file_blob(path);
  const std::optional<std::string> committed = head ? repo.file_blob(*head, path) : std::nullopt;
  if (!staged) {
    result.schema_settings_changed = committed.has_value(); // its removal is staged
    return result;
  }
  config::Config config;
  try {
    config = parse_blob(repo, *staged, path);
  } catch (const DiagnosticError& e) {
    // A broken file committed before is not this commit's doing: the work tree's stays in use.
    if (staged != committed)
      result.errors = e.diagnostics();
    return result;
  }
  if (staged != committed) {
    result.schema_settings_changed = true;
    if (committed) {
      try {
        result.schema_settings_changed =
            schema_settings_key(context, config) !=
            schema_settings_key(context, parse_blob(repo, *committed, path));
      } catch (const DiagnosticError&) {
        // HEAD's does not parse: compare nothing, check the schema.
      }
    }
  }
  use_config(context, std::move(config));
  return result;
}

} // namespace crochet::hooks
