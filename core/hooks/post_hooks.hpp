#pragma once
// The hooks that run after HEAD moved. They compare the local ledger with HEAD's migrations and
// say what to run; they never block: every problem (a corrupt ledger, migrations that do not
// load) becomes a warning line. Each returns the lines to print on stderr, none when all is well.
#include <istream>
#include <string>
#include <vector>

#include "core/hooks/context.hpp"

namespace crochet::hooks {

// After a commit (`git commit`, `git cherry-pick`, `git revert`; git runs no pre-commit for the
// last two): several migration heads, when the commit changed the migrations folder. Costs two
// tree lookups when it did not. Says nothing during a rebase: post-rewrite speaks once at its end.
std::vector<std::string> post_commit(HookContext& context);

// After `git merge` / `git pull`: pending migrations, several migration heads (suggest
// `git crochet merge`), applied revisions HEAD's migrations no longer contain.
std::vector<std::string> post_merge(HookContext& context);

// After a checkout: `flag` is "1" for a branch switch (file checkouts are ignored), and nothing
// is said when `previous` equals `current`. The ledger's head against the branch's head.
std::vector<std::string> post_checkout(HookContext& context, const std::string& previous,
                                       const std::string& current, const std::string& flag);

// After `git commit --amend` or `git rebase` (`kind`): `pairs` holds "old new" lines; the
// commit ids the ledger recorded move to their rewritten commits. After a rebase, several
// migration heads are named (an amend's were, by post-commit).
std::vector<std::string> post_rewrite(HookContext& context, const std::string& kind,
                                      std::istream& pairs);

} // namespace crochet::hooks
