// git crochet check [REV] [--has Label.prop] [--hash H]: a yes/no question about the schema at
// one commit, answered with bisect-ready exit codes. Without a predicate: are the models at REV
// covered by the migrations at REV?
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

} // namespace

Action configure_check(CLI::App& app, const Globals& globals) {
  struct Options {
    std::string rev = "HEAD";
    std::string has;
    std::string hash;
    bool staged = false;
  };
  auto options = std::make_shared<Options>();
  app.footer("Exit codes (for `git bisect run git crochet check ...`): 0 good, 1 bad, 125 the "
             "models have errors at REV (cannot evaluate; bisect skips it), 129 cannot run at "
             "all (unknown revision, not a repository).\n"
             "--has: in bisect terms a commit that already has it is bad (new): exits 1 when the "
             "label/property exists at REV, 0 when not.\n"
             "Without a predicate: are the models at REV covered by the migrations at REV (the "
             "single head migration records the models' schema hash)? 0 covered, 1 not covered "
             "or several migration heads, 125 when the models or the migration files at REV do "
             "not load. `git bisect run git crochet check` finds the commit that changed the "
             "models without a migration.");
  app.add_option("REV", options->rev, "The commit to check (default HEAD)");
  app.add_flag("--staged", options->staged,
               "Check the models and migrations staged in the index instead");
  app.add_option("--has", options->has, "Label or Label.property; its presence is bad (1)");
  app.add_option("--hash", options->hash,
                 "Good (0) when the schema hash at REV is this one (sha256:<hex>, or its first 7 "
                 "or more digits)");
  return [options, &globals]() -> int {
    std::optional<history::HistoryContext> context;
    std::string commit;
    const std::string hash = options->hash.empty() ? "" : hash_digits(options->hash);
    try {
      context.emplace(history::open_history(globals.start_directory(), read_options));
      if (!options->staged)
        commit = context->reader->repo().resolve_commit(options->rev);
    } catch (const Error& e) {
      throw Error(e.what(), e.hint(), 129);
    }
    if (options->staged)
      options->rev = "the index";
    const history::Snapshot snapshot =
        options->staged ? context->reader->in_index() : context->reader->at_commit(commit);
    for (const std::string& warning : context->reader->cache_warnings())
      std::cerr << "warning: " << warning << "\n";
    if (!snapshot.readable) {
      std::cerr << "cannot evaluate " << options->rev
                << ": models have errors: " << snapshot.first_error << "\n";
      return 125;
    }
    if (!options->has.empty()) {
      bool present = false;
      try {
        present = history::schema_has(snapshot.schema, options->has);
      } catch (const Error& e) {
        throw Error(e.what(), e.hint(), 129);
      }
      std::cout << options->has << (present ? " exists" : " does not exist") << " at "
                << options->rev << "\n";
      return present ? 1 : 0;
    }
    if (!hash.empty()) {
      const bool same = snapshot.hash.starts_with("sha256:" + hash);
      std::cout << "schema hash at " << options->rev << " is " << snapshot.hash << "\n";
      return same ? 0 : 1;
    }
    try {
      return coverage_status(*context, snapshot, options->rev, commit, options->staged);
    } catch (const Error& e) {
      throw Error(e.what(), e.hint(), 129); // not an answer about the commit
    }
  };
}

} // namespace crochet::cli
