// git crochet check [REV | --staged] [--base BASE] [--has Label.prop] [--hash H]: a yes/no
// question about the schema at one commit, answered with bisect-ready exit codes. Without a
// predicate: are the models at REV covered by the migrations at REV? With --base BASE, every commit
// of BASE..REV is asked that, as CI asks of a pull request.
#include <algorithm>
#include <iostream>

#include "core/history/context.hpp"
#include "core/history/migration_files.hpp"
#include "core/history/walk.hpp"
#include "core/migration/coverage.hpp"
#include "core/util/error.hpp"
#include "git-crochet/support.hpp"

namespace crochet::cli {
namespace {

// Covered: 0. A missing migration or unmerged heads: 1. Migration files that do not load: 125,
// like models with errors (bisect skips the commit).
int coverage_status(const history::HistoryContext& context, const history::Snapshot& snapshot,
                    const std::string& rev, const std::string& commit, bool staged) {
  auto read_files = [&](bool with_snapshots) {
    return staged ? history::migration_files_in_index(context, with_snapshots)
                  : history::migration_files_at(context, commit, with_snapshots);
  };
  migration::Coverage coverage = migration::check_coverage(read_files(false), snapshot.schema);
  if (coverage.state == migration::CoverageState::uncovered)
    coverage = migration::check_coverage(read_files(true), snapshot.schema); // for the detail
  const std::string models = staged ? "models in the index" : "models at " + rev;
  switch (coverage.state) {
  case migration::CoverageState::covered:
    std::cout << models << " are covered: " << coverage.message << "\n";
    return 0;
  case migration::CoverageState::invalid:
    std::cerr << "cannot evaluate " << rev << ": " << coverage.message << "\n";
    return 125;
  case migration::CoverageState::several_heads:
  case migration::CoverageState::uncovered:
    break;
  }
  std::cout << models << " are not covered: " << coverage.message << "\n";
  if (coverage.missing) {
    std::cout << "changes without a migration:\n";
    for (const schema::Change& change : coverage.missing->changes)
      std::cout << "  " << change.summary << "\n";
  }
  return 1;
}

// The hex digits of a --hash given as "sha256:<hex>" or "<hex>": all 64, or a prefix of at least
// 7 as `log` and `status` show them. Anything else cannot be an answer about a commit: 129.
std::string hash_digits(const std::string& given) {
  const std::string digits = given.starts_with("sha256:") ? given.substr(7) : given;
  const bool hex = std::all_of(digits.begin(), digits.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
  if (!hex || digits.size() < 7 || digits.size() > 64)
    throw Error("--hash '" + given + "' is not a schema hash",
                "give sha256:<hex> (lower-case), all 64 digits or the first 7 or more", 129);
  return digits;
}

struct CheckOptions {
  std::string rev = "HEAD";
  std::string base;
  std::string has;
  std::string hash; // the hex digits of --hash
  bool staged = false;
};

// The answer for one commit (`commit` empty: the index), printed, as a bisect exit code.
int check_one(const history::HistoryContext& context, const CheckOptions& options,
              const std::string& rev, const std::string& commit) {
  const bool staged = commit.empty();
  const history::Snapshot snapshot =
      staged ? context.reader->in_index() : context.reader->at_commit(commit);
  if (!snapshot.readable) {
    std::cerr << "cannot evaluate " << rev << ": models have errors: " << snapshot.first_error
              << "\n";
    return 125;
  }
  if (!options.has.empty()) {
    bool present = false;
    try {
      present = history::schema_has(snapshot.schema, options.has);
    } catch (const Error& e) {
      throw Error(e.what(), e.hint(), 129);
    }
    std::cout << options.has << (present ? " exists" : " does not exist") << " at " << rev << "\n";
    return present ? 1 : 0;
  }
  if (!options.hash.empty()) {
    const bool same = snapshot.hash.starts_with("sha256:" + options.hash);
    std::cout << "schema hash at " << rev << " is " << snapshot.hash << "\n";
    return same ? 0 : 1;
  }
  try {
    return coverage_status(context, snapshot, rev, commit, staged);
  } catch (const Error& e) {
    throw Error(e.what(), e.hint(), 129); // not an answer about the commit
  }
}

// --base: every commit of BASE..REV, oldest first (then the index with --staged), so a commit
// made with --no-verify and patched up later is caught too. Bad (1) when any commit is bad;
// else 125 when any could not be evaluated; 0 when every one is covered.
int check_range(const history::HistoryContext& context, const CheckOptions& options) {
  const git::Repository& repo = context.reader->repo();
  const std::string tip = options.staged ? "HEAD" : options.rev;
  const std::string range = options.base + ".." + tip;
  std::vector<std::string> commits;
  try {
    commits = repo.rev_list(repo.resolve_commit(options.base) + ".." + repo.resolve_commit(tip));
  } catch (const Error& e) {
    throw Error(e.what(), e.hint(), 129);
  }
  std::reverse(commits.begin(), commits.end());
  int bad = 0;
  int unreadable = 0;
  for (const std::string& commit : commits) {
    const int status = check_one(context, options, repo.short_id(commit), commit);
    bad += status == 1;
    unreadable += status == 125;
  }
  std::size_t checked = commits.size();
  if (options.staged) {
    const int status = check_one(context, options, "the index", "");
    bad += status == 1;
    unreadable += status == 125;
    ++checked;
  }
  const std::string what = std::to_string(checked) + (checked == 1 ? " commit" : " commits") +
                           " of " + range + (options.staged ? " and the index" : "");
  if (commits.empty() && !options.staged)
    std::cout << "no commits in " << range << ": nothing to check\n";
  else if (bad > 0)
    std::cout << bad << " of " << what << " not covered\n";
  else if (unreadable > 0)
    std::cout << unreadable << " of " << what << " could not be evaluated\n";
  else
    std::cout << "all " << what << " covered\n";
  return bad > 0 ? 1 : unreadable > 0 ? 125 : 0;
}

} // namespace

Action configure_check(CLI::App& app, const Globals& globals) {
  auto options = std::make_shared<CheckOptions>();
  app.footer("Exit codes (for `git bisect run git crochet check ...`): 0 good, 1 bad, 125 the "
             "models have errors at REV (cannot evaluate; bisect skips it), 129 cannot run at "
             "all (unknown revision, not a repository).\n"
             "--has: in bisect terms a commit that already has it is bad (new): exits 1 when the "
             "label/property exists at REV, 0 when not.\n"
             "Without a predicate: are the models at REV covered by the migrations at REV (the "
             "single head migration records the models' schema hash)? 0 covered, 1 not covered "
             "or several migration heads, 125 when the models or the migration files at REV do "
             "not load. `git bisect run git crochet check` finds the commit that changed the "
             "models without a migration.\n"
             "--base BASE asks that of every commit of BASE..REV (and of the index with "
             "--staged), as CI does for a pull request: 1 when any commit is not covered, else "
             "125 when any cannot be evaluated, else 0.");
  app.add_option("REV", options->rev, "The commit to check (default HEAD)");
  app.add_flag("--staged", options->staged,
               "Check the models and migrations staged in the index instead");
  auto* has =
      app.add_option("--has", options->has, "Label or Label.property; its presence is bad (1)");
  auto* hash = app.add_option("--hash", options->hash,
                              "Good (0) when the schema hash at REV is this one (sha256:<hex>, or "
                              "its first 7 or more digits)")
                   ->excludes(has); // one question at a time: neither is silently ignored
  app.add_option("--base", options->base,
                 "Check every commit of BASE..REV, oldest first, e.g. --base origin/main for a "
                 "pull request")
      ->excludes(has)
      ->excludes(hash);
  return [options, &globals]() -> int {
    std::optional<history::HistoryContext> context;
    std::string commit;
    if (!options->hash.empty())
      options->hash = hash_digits(options->hash);
    try {
      context.emplace(open_history(globals));
      if (!options->staged && options->base.empty())
        commit = context->reader->repo().resolve_commit(options->rev);
    } catch (const Error& e) {
      throw Error(e.what(), e.hint(), 129);
    }
    int status = 0;
    if (!options->base.empty())
      status = check_range(*context, *options);
    else
      status = check_one(*context, *options, options->staged ? "the index" : options->rev, commit);
    for (const std::string& warning : context->reader->cache_warnings())
      std::cerr << "warning: " << warning << "\n";
    return status;
  };
}

} // namespace crochet::cli
