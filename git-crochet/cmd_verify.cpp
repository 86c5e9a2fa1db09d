// git crochet verify [--live] [--json]: integrity checks, PASS/FAIL each, non-zero on any FAIL.
#include <iostream>

#include "core/state/status.hpp"
#include "git-crochet/live.hpp"
#include "git-crochet/support.hpp"

namespace crochet::cli {

namespace {

void print_report(const Globals& globals, const state::VerifyReport& report) {
  std::size_t failed = 0;
  for (const state::Check& check : report.checks) {
    std::cout << (check.passed ? paint(globals, "32", "PASS") : paint(globals, "31", "FAIL"))
              << "  " << check.name << ": " << check.summary << "\n";
    for (const std::string& problem : check.problems)
      std::cout << "      - " << problem << "\n";
    if (!check.passed) {
      ++failed;
      if (!check.hint.empty())
        std::cout << "      hint: " << check.hint << "\n";
    }
  }
  if (failed == 0)
    std::cout << "verify: all " << report.checks.size() << " checks passed\n";
  else
    std::cout << "verify: " << failed << " of " << report.checks.size() << " checks failed\n";
}

} // namespace

Action configure_verify(CLI::App& app, const Globals& globals) {
  auto options = std::make_shared<InspectOptions>();
  add_inspect_flags(app, *options,
                    "Also ask the database: its constraints and indexes against the schema of its "
                    "last applied migration, its :__CrochetMigration chain against the ledger");
  app.footer("Checks: the migration chain loads with one head (checksums and chain hashes), the "
             "head migration's schema snapshot is there and intact, every "
             "applied migration's file is present and unedited, the models match the schema the "
             "head migration records, the ledger's event log is intact. With --live: the graph's "
             "constraints and indexes (missing, extra, different) and the graph's migration "
             "chain against the ledger. Exit 0 when all pass, 1 when any fails.");
  return [options, &globals]() -> int {
    state::Workspace workspace = open_workspace(globals);
    state::VerifyReport report = state::verify_offline(workspace);
    if (options->live) {
      try {
        for (state::Check& check : inspect::live_checks(read_live(workspace, options->connection)))
          report.checks.push_back(std::move(check));
      } catch (const Error& e) {
        report.checks.push_back(inspect::unreachable_check(e.what(), e.hint()));
      }
    }
    if (const std::optional<std::string> warning = state::record_verify(workspace, report))
      std::cerr << "warning: " << *warning << "\n";
    if (options->json)
      std::cout << state::to_json(report).dump(2) << "\n";
    else
      print_report(globals, report);
    return report.passed() ? 0 : 1;
  };
}

} // namespace crochet::cli
