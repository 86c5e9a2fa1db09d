#pragma once
// The commit gate: the staged models must be covered by the staged migration chain (the single
// head migration records the staged models' schema hash). Staged content is read from the index
// git commits ($GIT_INDEX_FILE for `git commit -a` and `git commit <path>`). Model code is read,
// never run.
//
// Fast by construction: when no staged path under the models or migrations folder differs from
// HEAD, nothing is read at all; when the staged folders were seen before (a commit retried after
// adding its migration), their hashes come from the gate cache.
#include <string>

#include "core/hooks/context.hpp"
#include "core/schema/diff.hpp"

namespace crochet::hooks {

struct GateOutcome {
  enum class Result {
    unchanged, // nothing staged under the models or migrations folder
    covered,   // the staged migrations cover the staged models
    refused,   // not covered, several heads, bad migration files, or models that do not parse
  };
  Result result = Result::unchanged;
  std::string report;                // for stderr; "" when there is nothing to say
  std::vector<std::string> warnings; // cache problems and model warnings; never fatal
  int exit_code() const { return result == Result::refused ? 1 : 0; }
};

GateOutcome pre_commit(HookContext& context);

// The gate cache file of a project, and the keys of what is staged now: the models folder's
// *.py files and the migrations folder's top-level migration files.
std::filesystem::path gate_cache_file(const HookContext& context);
struct StagedKeys {
  std::string models;
  std::string chain;
};
StagedKeys staged_keys(HookContext& context);

// A short description for `git crochet create-migration "..."` from the changes it must cover,
// e.g. "add Person.email and 2 more changes".
std::string suggested_description(const schema::Diff& diff);

} // namespace crochet::hooks
