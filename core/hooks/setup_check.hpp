#pragma once
// Whether the hooks of a repository do git-crochet's checks, for `status`: a fresh clone has
// none installed, and a shim from an older version no longer does what install writes now.
#include <string>
#include <string_view>
#include <vector>

#include "core/git/repository.hpp"

namespace crochet::hooks {

struct HooksSetup {
  std::vector<std::string> missing; // no hook, or another tool's hook that never runs ours
  std::vector<std::string> stale;   // our shim, outdated or not executable
  bool complete() const { return missing.empty() && stale.empty(); }
};

// A foreign hook that runs git-crochet (added by hand, `hooks install --manual`), or the
// pre-commit framework's hook when .pre-commit-config.yaml uses git-crochet, counts as in place.
HooksSetup check_setup(const git::Repository& repo, std::string_view project_dir);

// One line for people: what is missing or stale and `git crochet hooks install`; "" when the
// setup is complete.
std::string describe(const HooksSetup& setup);

} // namespace crochet::hooks
