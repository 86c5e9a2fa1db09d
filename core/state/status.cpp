#include "core/state/status.hpp"

#include <algorithm>

#include "core/state/applied_elsewhere.hpp"
#include "core/util/advice.hpp"
#include "core/util/error.hpp"

namespace crochet::state {

using ledger::Json;

namespace {

std::string display_path(const Workspace& workspace, const std::filesystem::path& path) {
  const std::filesystem::path relative = path.lexically_relative(workspace.project().root);
  if (!relative.empty() && *relative.begin() != "..")
    return relative.generic_string();
  return path.string();
}

std::vector<InterruptedRun> interrupted_runs(const ledger::Ledger& ledger) {
  const std::string abandon = advice::crochet("downgrade --interrupted");
  std::vector<InterruptedRun> result;
  for (const ledger::MigrationRun& run : ledger.runs()) {
    InterruptedRun entry{run, 0, std::nullopt, {}, advice::crochet(run.direction), ""};
    if (run.direction == "upgrade")
      entry.abandon_command = abandon;
    else if (!ledger.find_applied(run.revision)) // a downgrade of what is not applied: abandoning
      entry.finish_command = abandon;
    for (const ledger::StepProgress& step : ledger.steps(run.revision)) {
      if (step.state == "done")
        ++entry.steps_done;
      else if (step.state == "failed" && !entry.failed_step) {
        entry.failed_step = step.step;
        entry.failed_detail = step.detail;
      }
    }
    result.push_back(std::move(entry));
  }
  return result;
}

Json applied_json(const ledger::AppliedMigration& row) {
  return Json{{"revision", row.revision},
              {"parents", row.parents},
              {"file", row.file},
              {"file_sha256", row.file_sha256},
              {"chain_hash", row.chain_hash},
              {"schema_hash", row.schema_hash},
              {"commit", row.commit_sha},
              {"branch", row.branch},
              {"applied_by", row.applied_by},
              {"applied_at", row.applied_at},
              {"duration_ms", row.duration_ms},
              {"target_uri", row.target_uri},
              {"target_database", row.target_database},
              {"method", row.method}};
}

// The targets other than the configured one that `applied` was recorded against, in the order
// they first appear.
std::vector<StatusReport::OtherTarget>
other_targets(const std::vector<ledger::AppliedMigration>& applied, const StatusReport& report) {
  std::vector<StatusReport::OtherTarget> others;
  for (const ledger::AppliedMigration& row : applied) {
    if (row.target_uri == report.target_uri && row.target_database == report.target_database)
      continue;
    auto same = [&](const StatusReport::OtherTarget& t) {
      return t.uri == row.target_uri && t.database == row.target_database;
    };
    auto it = std::find_if(others.begin(), others.end(), same);
    if (it == others.end())
      it = others.insert(others.end(), {row.target_uri, row.target_database, 0});
    ++it->migrations;
  }
  return others;
}

} // namespace

StatusReport read_status(Workspace& workspace, const ledger::OpenOptions& options) {
  StatusReport report;
  report.head_commit = workspace.head_commit;
  report.branch = workspace.branch;
  report.ledger_path = display_path(workspace, workspace.ledger_path());
  report.target_uri = redact_uri(workspace.project().config.neo4j.uri);
  report.target_database = workspace.project().config.neo4j.database;

  const migration::Chain chain = migration::load_chain(workspace.files);
  std::vector<ledger::AppliedMigration> applied;
  if (std::optional<ledger::Ledger> ledger =
          ledger::Ledger::open_existing(workspace.ledger_path(), options)) {
    report.ledger_exists = true;
    applied = ledger->applied();
    report.other_targets = other_targets(applied, report);
    report.interrupted = interrupted_runs(*ledger);
  }
  report.database = compare(chain, std::move(applied));
  report.revert_advice =
      revert_advice(report.database, chain,
                    other_lines_in(workspace.repo(),
                                   project_path_in(workspace.repo(), workspace.project().root)));

  const history::Snapshot models = worktree_models(workspace);
  report.models_readable = models.readable;
  report.models_error = models.first_error;
  if (models.readable)
    report.coverage = models_coverage(workspace, models.schema, &chain);
  return report;
}

Json to_json(const StatusReport& report) {
  Json applied = Json::array();
  for (const ledger::AppliedMigration& row : report.database.applied)
    applied.push_back(applied_json(row));
  Json foreign = Json::array();
  for (const ledger::AppliedMigration& row : report.database.foreign)
    foreign.push_back(applied_json(row));
  Json changed = Json::array();
  for (const Changed& entry : report.database.changed)
    changed.push_back(Json{{"revision", entry.revision},
                           {"file", entry.file},
                           {"file_edited", entry.file_edited},
                           {"chain_changed", entry.chain_changed}});
  Json pending = Json::array();
  for (const Pending& entry : report.database.pending)
    pending.push_back(Json{{"revision", entry.revision}, {"file", entry.file}});
  Json interrupted = Json::array();
  for (const InterruptedRun& entry : report.interrupted) {
    Json item{{"revision", entry.run.revision},     {"direction", entry.run.direction},
              {"step_count", entry.run.step_count}, {"steps_done", entry.steps_done},
              {"commit", entry.run.commit_sha},     {"branch", entry.run.branch},
              {"started_by", entry.run.started_by}, {"started_at", entry.run.started_at}};
    if (entry.failed_step) {
      item["failed_step"] = *entry.failed_step + 1;
      item["failed_detail"] = entry.failed_detail;
    }
    item["finish_command"] = entry.finish_command;
    if (!entry.abandon_command.empty())
      item["abandon_command"] = entry.abandon_command;
    interrupted.push_back(std::move(item));
  }
  Json other_targets = Json::array();
  for (const StatusReport::OtherTarget& target : report.other_targets)
    other_targets.push_back(Json{
        {"uri", target.uri}, {"database", target.database}, {"migrations", target.migrations}});
  Json models{{"readable", report.models_readable}};
  if (report.models_readable) {
    models["hash"] = report.coverage.models_hash;
    models["covered"] = report.coverage.ok();
    models["coverage"] = migration::to_string(report.coverage.state);
    models["head_schema_hash"] = report.coverage.head_schema_hash;
    models["message"] = report.coverage.message;
  } else {
    models["error"] = report.models_error;
  }
  return Json{
      {"head", {{"commit", report.head_commit}, {"branch", report.branch}}},
      {"ledger",
       {{"path", report.ledger_path},
        {"exists", report.ledger_exists},
        {"other_targets", other_targets}}},
      {"target", {{"uri", report.target_uri}, {"database", report.target_database}}},
      {"position", to_string(report.database.position)},
      {"heads", report.database.heads},
      {"applied", applied},
      {"pending", pending},
      {"foreign", foreign},
      {"changed", changed},
      {"revert_target", report.database.revert_target},
      {"revert_advice", report.revert_advice},
      {"models", models},
      {"interrupted", interrupted},
  };
}

Json to_json(const VerifyReport& report) {
  Json checks = Json::array();
  for (const Check& check : report.checks) {
    Json item{{"name", check.name},
              {"result", check.passed ? "PASS" : "FAIL"},
              {"summary", check.summary},
              {"problems", check.problems}};
    if (!check.hint.empty())
      item["hint"] = check.hint;
    checks.push_back(std::move(item));
  }
  return Json{{"passed", report.passed()}, {"checks", checks}};
}

VerifyReport verify_offline(Workspace& workspace, const ledger::OpenOptions& options) {
  VerifyReport report;
  std::optional<migration::Chain> chain;
  report.checks.push_back(check_chain(workspace.files, chain));
  report.checks.push_back(check_head_snapshot(
      chain, chain && chain->heads.size() == 1
                 ? read_snapshot_file(workspace, chain->find(chain->heads.front())->schema_hash)
                 : std::nullopt));

  std::optional<ledger::Ledger> ledger;
  std::string ledger_error;
  std::string ledger_hint;
  try {
    ledger = ledger::Ledger::open_existing(workspace.ledger_path(), options);
  } catch (const Error& e) {
    ledger_error = e.what();
    ledger_hint = e.hint();
  }
  const std::string where = display_path(workspace, workspace.ledger_path());
  if (!ledger_error.empty()) {
    report.checks.push_back(ledger_unreadable("applied migrations", ledger_error, ledger_hint));
  } else if (!ledger) {
    report.checks.push_back(
        Check{"applied migrations", true, "no ledger at " + where + ": nothing applied", {}, {}});
  } else {
    report.checks.push_back(check_applied(workspace.files, chain, ledger->applied()));
  }

  const history::Snapshot models = worktree_models(workspace);
  report.checks.push_back(models.readable ? check_models(models_coverage(workspace, models.schema,
                                                                         chain ? &*chain : nullptr))
                                          : check_models_unreadable(models.first_error));

  if (!ledger_error.empty())
    report.checks.push_back(ledger_unreadable("event log", ledger_error, ledger_hint));
  else if (!ledger)
    report.checks.push_back(
        Check{"event log", true, "no ledger at " + where + ": no events", {}, {}});
  else
    report.checks.push_back(check_event_log(ledger->verify_event_chain()));
  return report;
}

std::optional<std::string> record_verify(Workspace& workspace, const VerifyReport& report,
                                         const ledger::OpenOptions& options) {
  try {
    std::optional<ledger::Ledger> ledger =
        ledger::Ledger::open_existing(workspace.ledger_path(), options);
    if (!ledger)
      return std::nullopt;
    Json failed = Json::array();
    for (const Check& check : report.checks)
      if (!check.passed)
        failed.push_back(check.name);
    ledger->append_event(ledger::NewEvent{
        ledger::event_kind::verify, "", report.passed() ? "ok" : "failed", current_actor(workspace),
        Json{{"commit", workspace.head_commit},
             {"branch", workspace.branch},
             {"checks", report.checks.size()},
             {"failed", failed}}});
  } catch (const Error& e) {
    return std::string("the verify run was not recorded in the ledger: ") + e.what();
  }
  return std::nullopt;
}

} // namespace crochet::state
