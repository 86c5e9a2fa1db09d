#include "core/hooks/post_hooks.hpp"

#include <map>
#include <sstream>

#include "core/hooks/display.hpp"
#include "core/ledger/ledger.hpp"
#include "core/state/applied_elsewhere.hpp"
#include "core/state/compare.hpp"
#include "core/state/revert_advice.hpp"
#include "core/state/workspace.hpp"
#include "core/util/advice.hpp"
#include "core/util/error.hpp"

namespace crochet::hooks {
namespace {

constexpr const char* kPrefix = "git-crochet: ";

std::string warning(const std::string& text) {
  return std::string(kPrefix) + "warning: " + text;
}

std::string list_names(const std::vector<state::Pending>& pending, std::size_t limit = 5) {
  std::string text;
  for (std::size_t i = 0; i < pending.size() && i < limit; ++i)
    text += (i == 0 ? "" : ", ") + display_name(pending[i]);
  if (pending.size() > limit)
    text += ", ...";
  return text;
}

// The configured database, as `git crochet status` names it (no credentials).
// The database the ledger's `rows` describe: the one its newest row was recorded against, which
// is not the configured one when the target was switched since; the configured one for none.
std::string target_name(const HookContext& context,
                        const std::vector<ledger::AppliedMigration>& rows) {
  if (!rows.empty())
    return rows.back().target_uri + " (" + rows.back().target_database + ")";
  const config::Neo4jSettings& neo4j = context.project.config.neo4j;
  return state::redact_uri(neo4j.uri) + " (" + neo4j.database + ")";
}

std::string plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// HEAD's migrations; a warning instead when they do not load.
std::optional<migration::Chain> head_chain(HookContext& context, std::vector<std::string>& out) {
  try {
    const auto head = context.repo().head_commit();
    if (!head)
      return std::nullopt;
    return chain_at_commit(context, *head);
  } catch (const std::exception& e) {
    out.push_back(warning(std::string("cannot read HEAD's migrations: ") + e.what()));
    return std::nullopt;
  }
}

// The ledger's applied migrations; nullopt when there is no ledger (nothing was ever applied
// here) or it cannot be read (a warning then).
std::optional<std::vector<ledger::AppliedMigration>> applied(HookContext& context,
                                                             std::vector<std::string>& out) {
  const std::filesystem::path path = context.project.root / context.project.config.ledger_path;
  try {
    ledger::OpenOptions options;
    options.create = false;
    options.busy_timeout = std::chrono::milliseconds(2000);
    std::optional<ledger::Ledger> ledger = ledger::Ledger::open_existing(path, options);
    if (!ledger)
      return std::nullopt;
    return ledger->applied();
  } catch (const std::exception& e) {
    out.push_back(warning(std::string("cannot read the ledger ") + path.string() + ": " + e.what() +
                          " (the database check is skipped)"));
    return std::nullopt;
  }
}

void several_heads(const migration::Chain& chain, std::vector<std::string>& out) {
  if (chain.heads.size() < 2)
    return;
  std::string names;
  for (const std::string& head : chain.heads)
    names += (names.empty() ? "" : ", ") + display_name(*chain.find(head));
  out.push_back(std::string(kPrefix) + "the migrations now have " +
                std::to_string(chain.heads.size()) + " heads (" + names + "): join them with `" +
                advice::crochet("merge") + "`, then commit the merge migration");
}

std::string origin(const ledger::AppliedMigration& row, git::Repository& repo) {
  std::string text = "applied from ";
  if (row.commit_sha.empty()) {
    text += "no commit";
  } else {
    std::string id = row.commit_sha;
    try {
      id = repo.short_id(row.commit_sha);
    } catch (const Error&) {
      id = row.commit_sha.substr(0, 7); // the commit may be gone (rewritten, garbage collected)
    }
    text += "commit " + id;
  }
  if (!row.branch.empty())
    text += " on branch " + row.branch;
  return text;
}

// The lines that bring the database in line with `where` ("HEAD", "branch x").
void advise(const state::DatabaseStatus& db, const migration::Chain& chain,
            const std::string& target, const std::string& where, HookContext& context,
            std::vector<std::string>& out) {
  git::Repository& repo = context.repo();
  for (const state::Changed& changed : db.changed)
    out.push_back(warning(display_name(changed.file, changed.revision) +
                          (changed.file_edited ? " was edited" : " has an edited ancestor") +
                          " after it was applied to " + target + " (`" + advice::crochet("verify") +
                          "` shows the details)"));
  for (const ledger::AppliedMigration& row : db.foreign)
    out.push_back(std::string(kPrefix) + target + " has " + display_name(row) + " (" +
                  row.revision + ") " + origin(row, repo) + ", which " + where +
                  "'s migrations do not contain");
  if (!db.foreign.empty()) {
    const std::vector<std::string> ways_back =
        state::revert_advice(db, chain, state::other_lines_in(repo, context.project_path));
    for (const std::string& line : ways_back)
      out.push_back(std::string(kPrefix) + "  " + line);
    if (ways_back.empty() && db.position == state::Position::ahead)
      out.push_back(std::string(kPrefix) +
                    "  the database is ahead: check out a newer commit to get their files");
  } else if (!db.pending.empty()) {
    out.push_back(std::string(kPrefix) + plural(db.pending.size(), "migration") + " pending on " +
                  target + " (" + list_names(db.pending) + "): run `" + advice::crochet("upgrade") +
                  "`");
  }
}

std::string where_name(git::Repository& repo) {
  try {
    if (const auto branch = repo.current_branch())
      return "branch " + *branch;
    if (const auto head = repo.head_commit())
      return "HEAD (" + repo.short_id(*head) + ")";
  } catch (const Error&) {
  }
  return "HEAD";
}

// A rebase in progress: git runs post-commit for each commit it picks, and post-checkout when it
// moves to the commit it rebases onto.
bool rebasing(const git::Repository& repo) {
  std::error_code ec;
  return std::filesystem::exists(repo.git_dir() / "rebase-merge", ec) ||
         std::filesystem::exists(repo.git_dir() / "rebase-apply", ec);
}

// A bisect in progress: each step checks out a commit to test, not one to run the database at.
bool bisecting(const git::Repository& repo) {
  std::error_code ec;
  return std::filesystem::exists(repo.git_dir() / "BISECT_START", ec);
}

} // namespace

std::vector<std::string> post_commit(HookContext& context) {
  std::vector<std::string> out;
  git::Repository& repo = context.repo();
  const auto head = repo.head_commit();
  if (!head || rebasing(repo))
    return out;
  const git::CommitInfo commit = repo.commit_info(*head);
  const auto migrations = repo.subtree_id(*head, context.migrations_path);
  const auto before = commit.parents.empty()
                          ? std::nullopt
                          : repo.subtree_id(commit.parents.front(), context.migrations_path);
  if (migrations == before)
    return out; // the commit left the migrations alone: nothing new to say
  if (const auto chain = head_chain(context, out))
    several_heads(*chain, out);
  return out;
}

std::vector<std::string> post_merge(HookContext& context) {
  std::vector<std::string> out;
  const auto chain = head_chain(context, out);
  if (!chain)
    return out;
  several_heads(*chain, out);
  if (auto rows = applied(context, out)) {
    const std::string target = target_name(context, *rows);
    advise(state::compare(*chain, std::move(*rows)), *chain, target, "HEAD", context, out);
  }
  return out;
}

// The commit a checkout moved to, when it is not HEAD: git runs the hook with HEAD there, but the
// hook run by hand (`git crochet hook post-checkout A B 1`) previews a switch to B. nullopt for
// HEAD, or for what names no commit.
std::optional<std::string> previewed_commit(HookContext& context, const std::string& current) {
  try {
    const std::string commit = context.repo().resolve_commit(current);
    if (commit != context.repo().head_commit())
      return commit;
  } catch (const Error&) {
  }
  return std::nullopt;
}

std::vector<std::string> post_checkout(HookContext& context, const std::string& previous,
                                       const std::string& current, const std::string& flag) {
  std::vector<std::string> out;
  if (flag != "1" || previous == current)
    return out; // a file checkout, or HEAD did not move
  if (rebasing(context.repo()) || bisecting(context.repo()))
    return out; // a passing commit: post-rewrite speaks at a rebase's end
  const std::optional<std::string> preview = previewed_commit(context, current);
  std::optional<migration::Chain> chain;
  if (preview) {
    try {
      chain = chain_at_commit(context, *preview);
    } catch (const std::exception& e) {
      out.push_back(warning("cannot read " + current + "'s migrations: " + e.what()));
    }
  } else {
    chain = head_chain(context, out);
  }
  if (!chain)
    return out;
  several_heads(*chain, out);
  auto rows = applied(context, out);
  if (!rows)
    return out;
  const std::string target = target_name(context, *rows);
  const state::DatabaseStatus db = state::compare(*chain, std::move(*rows));
  if (db.foreign.empty() && db.pending.empty() && db.changed.empty())
    return out;
  std::string where = where_name(context.repo());
  if (preview)
    where = current == *preview ? "commit " + context.repo().short_id(*preview)
                                : current + " (" + context.repo().short_id(*preview) + ")";
  std::string branch_head = chain->heads.empty() ? "no migration" : "";
  for (const std::string& head : chain->heads)
    branch_head += (branch_head.empty() ? "" : ", ") + display_name(*chain->find(head));
  if (chain->heads.size() > 1)
    branch_head = std::to_string(chain->heads.size()) + " heads (" + branch_head + ")";
  const std::string db_head = db.applied.empty() ? "no migration" : display_name(db.applied.back());
  out.push_back(std::string(kPrefix) + where + "'s migrations end at " + branch_head + "; " +
                target + " is at " + db_head);
  advise(db, *chain, target, where, context, out);
  return out;
}

std::vector<std::string> post_rewrite(HookContext& context, const std::string& kind,
                                      std::istream& pairs) {
  std::vector<std::string> out;
  std::map<std::string, std::string> old_to_new;
  for (std::string line; std::getline(pairs, line);) {
    std::istringstream fields(line);
    std::string old_id, new_id;
    if (fields >> old_id >> new_id)
      old_to_new[old_id] = new_id;
  }
  if (old_to_new.empty())
    return out;
  // A rebase commits without pre-commit: two branches' migrations on one parent end up in a
  // row, each its own head, and nothing else would say so before `check` fails in CI. An
  // amend's commit was checked by post-commit already.
  if (kind != "amend")
    if (const auto chain = head_chain(context, out))
      several_heads(*chain, out);
  const std::filesystem::path path = context.project.root / context.project.config.ledger_path;
  try {
    ledger::OpenOptions options;
    options.create = false;
    std::optional<ledger::Ledger> ledger = ledger::Ledger::open_existing(path, options);
    if (!ledger)
      return out;
    const int moved = ledger->remap_commits(old_to_new, actor(context.repo()));
    if (moved > 0)
      out.push_back(std::string(kPrefix) + "the ledger now names the rewritten commits (" + kind +
                    ") for " + plural(static_cast<std::size_t>(moved), "applied migration"));
  } catch (const std::exception& e) {
    out.push_back(warning(std::string("cannot update the ledger ") + path.string() + " after the " +
                          kind + ": " + e.what()));
  }
  return out;
}

} // namespace crochet::hooks
