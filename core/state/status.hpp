#pragma once
// `git crochet status`: what the ledger says is applied, what is pending, where the database
// stands relative to the work tree's migrations, whether the models are covered by the head
// migration, and any migration whose run was interrupted.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ledger/ledger.hpp"
#include "core/migration/coverage.hpp"
#include "core/state/compare.hpp"
#include "core/state/revert_advice.hpp"
#include "core/state/verify.hpp"
#include "core/state/workspace.hpp"

namespace crochet::state {

struct InterruptedRun {
  ledger::MigrationRun run;
  int steps_done = 0;
  std::optional<int> failed_step; // 0-based
  std::string failed_detail;
  // The commands that take it further: finish it, and (for an upgrade) the way back when the
  // cause lies in the steps that already ran; "" when there is none.
  std::string finish_command;
  std::string abandon_command;
};

struct StatusReport {
  std::string head_commit;
  std::string branch;
  std::string ledger_path; // relative to the project root when inside it
  bool ledger_exists = false;
  std::string target_uri; // configured target, credentials removed
  std::string target_database;
  // The other targets the ledger's applied migrations were recorded against, each with how many:
  // the database lines then describe that database, not the configured one.
  struct OtherTarget {
    std::string uri;
    std::string database;
    std::size_t migrations = 0;
  };
  std::vector<OtherTarget> other_targets;
  DatabaseStatus database;
  std::vector<std::string> revert_advice; // for the foreign migrations (state::revert_advice)
  bool models_readable = true;
  std::string models_error;
  migration::Coverage coverage;
  std::vector<InterruptedRun> interrupted;
};

// Throws crochet::Error when the migration files do not load or the ledger cannot be read.
// The commands the report names start as the reader types them (core/util/advice.hpp).
StatusReport read_status(Workspace& workspace, const ledger::OpenOptions& options = {});

ledger::Json to_json(const StatusReport& report);
ledger::Json to_json(const VerifyReport& report);

// verify's offline checks: migration chain, applied files, models against the head migration,
// event log. Problems reading the ledger become failed checks, never exceptions.
VerifyReport verify_offline(Workspace& workspace, const ledger::OpenOptions& options = {});

// Appends a "verify" event with the outcome to an existing ledger. Returns a warning when it
// cannot (the ledger is unreadable or busy); creates no ledger.
std::optional<std::string> record_verify(Workspace& workspace, const VerifyReport& report,
                                         const ledger::OpenOptions& options = {});

} // namespace crochet::state
