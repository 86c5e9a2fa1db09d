#pragma once
// The commit gate: the staged models must be covered by the staged migration chain (the single
// head migration records the staged models' schema hash). Staged content is read from the index
// git commits ($GIT_INDEX_FILE for `git commit -a` and `git commit <path>`). Model code is read,
// never run.
//
// Fast by construction: when no staged path under the models or migrations folder differs from
// HEAD, and the staged crochet.toml changes no setting the schema depends on, nothing more is
// read; when the staged folders were seen before (a commit retried after
// adding its migration), their hashes come from the gate cache.
#include <optional>
#include <string>
#include <vector>

#include "core/hooks/context.hpp"
#include "core/schema/diff.hpp"

namespace crochet::hooks {

struct GateOutcome {
  enum class Result {
    unchanged, // nothing staged under the models or migrations folder
    covered,   // the staged migrations cover the staged models
    refused,   // not covered, several heads, bad migration files, or models with errors
  };
  Result result = Result::unchanged;
  std::string report;                // for stderr; "" when there is nothing to say
  std::vector<std::string> warnings; // cache problems and model warnings; never fatal
  int exit_code() const { return result == Result::refused ? 1 : 0; }
};

// The hook the gate runs for. git runs pre-merge-commit instead of pre-commit for the commit of a
// merge without conflicts (with the merge's index); only the advice differs.
enum class GateHook { pre_commit, pre_merge_commit };

// Reads the project's settings from the staged crochet.toml first (staged_config.hpp).
GateOutcome pre_commit(HookContext& context, GateHook hook = GateHook::pre_commit);

// "  (`git commit --no-verify` skips this check once)\n", or `git merge` for a merge.
std::string bypass_advice(GateHook hook);

// The gate cache file of a project, and the keys of what is staged now: the models folder's
// *.py files and the migrations folder's top-level migration files, as the staged crochet.toml
// places and reads them.
std::filesystem::path gate_cache_file(const HookContext& context);
struct StagedKeys {
  std::string models;
  std::string chain;
};
StagedKeys staged_keys(HookContext& context);

// What a command that read the work tree's models (create-migration, merge) tells the gate: the
// schema hash of exactly those bytes, keyed as the index will list them once staged, so the
// commit that stages them unchanged is answered from the gate cache instead of reading them
// again. `as_staged` keys the files (their blob ids); `remember_models` returns a warning when
// the cache cannot be written.
std::vector<git::FileEntry> as_staged(const git::Repository& repo, const model::SourceSet& files);
std::optional<std::string> remember_models(const HookContext& context,
                                           const std::vector<git::FileEntry>& files,
                                           const std::string& schema_hash);

// A short description for `git crochet create-migration "..."` from the changes it must cover,
// e.g. "add Person.email and 2 more changes".
std::string suggested_description(const schema::Diff& diff);

} // namespace crochet::hooks
