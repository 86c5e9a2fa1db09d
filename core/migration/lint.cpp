#include "core/migration/lint.hpp"

#include "core/migration/render.hpp"
#include "core/migration/simulate.hpp"
#include "core/util/error.hpp"

namespace crochet::migration {
namespace {

bool deletes_data(OpKind kind) {
  return kind == OpKind::remove_node_property || kind == OpKind::remove_relationship_property ||
         kind == OpKind::delete_nodes_by_batch || kind == OpKind::delete_relationships_by_batch;
}

class Linter {
public:
  Linter(const ServerCapabilities& server, const SchemaLookup& recorded)
      : server_(server), recorded_(recorded) {}

  void lint(const Chain& chain, const Migration& migration) {
    file_ = migration.file;
    bool unfaithful = false;
    bool upgrade_runs = true;
    for (const Operation& step : migration.upgrade) {
      if (!step_runs(step, "upgrade", true))
        upgrade_runs = false;
      if (deletes_data(step.kind))
        add(LintSeverity::warning, "destructive", step.line,
            std::string(to_string(step.kind)) + " deletes data that no downgrade brings back");
      if (!natural_downgrade(step).faithful)
        unfaithful = true;
    }
    // A downgrade runs only after its upgrade: when the upgrade cannot run here, its undoing
    // steps (the drop of a constraint this server lacks) cannot fail here either.
    for (const Operation& step : migration.downgrade)
      step_runs(step, "downgrade", upgrade_runs);
    if (!migration.upgrade.empty() && migration.downgrade.empty())
      add(LintSeverity::warning, "no-downgrade", 0,
          "has upgrade steps but no downgrade steps: it cannot be reverted");
    if (!migration.rollback_safe)
      add(LintSeverity::info, "rollback-unsafe", 0,
          "is marked rollback_safe = false: a downgrade does not restore the graph exactly");
    else if (unfaithful)
      add(LintSeverity::warning, "unfaithful-downgrade", 0,
          "says rollback_safe = true, but a step has no faithful inverse (it removes data or "
          "runs free Cypher); set rollback_safe = false or check the downgrade by hand");
    round_trip(chain, migration);
  }

  std::vector<LintFinding> findings;

private:
  // Whether the step can run on the server; reports it when it cannot and `report` is set.
  bool step_runs(const Operation& step, const char* direction, bool report) {
    if (step.kind == OpKind::cypher)
      add(LintSeverity::info, "free-cypher", step.line,
          std::string(direction) + " step runs free Cypher, which lint cannot check");
    const auto reason = unsupported_reason(step, server_);
    if (reason && report)
      add(LintSeverity::error, "unsupported", step.line,
          std::string(direction) + " step " + to_string(step.kind) + " cannot run on Neo4j " +
              server_.version + (server_.enterprise ? " Enterprise" : " Community") + ": " +
              *reason);
    return !reason;
  }

  void round_trip(const Chain& chain, const Migration& migration) {
    if (migration.parents.size() > 1)
      return; // a merge joins schemas; its parents are checked on their own
    std::optional<schema::Schema> before = schema::Schema{};
    std::optional<schema::Schema> after;
    try {
      if (!migration.parents.empty())
        before = recorded_(*chain.find(migration.parents.front()));
      after = recorded_(migration);
    } catch (const Error& e) {
      add(LintSeverity::error, "bad-snapshot", 0, e.what());
      return;
    }
    if (!before || !after) {
      add(LintSeverity::info, "no-snapshot", 0,
          "cannot check the round trip: the schema snapshot of " +
              std::string(!after ? "this migration" : "its parent") + " is missing");
      return;
    }
    const RoundTrip result = check_round_trip(migration, *before, *after);
    for (const std::string& problem : result.problems)
      add(LintSeverity::error, "round-trip", 0, problem);
  }

  void add(LintSeverity severity, const char* code, int line, std::string message) {
    findings.push_back({severity, code, file_, line, std::move(message)});
  }

  const ServerCapabilities& server_;
  const SchemaLookup& recorded_;
  std::string file_;
};

} // namespace

const char* to_string(LintSeverity severity) {
  switch (severity) {
  case LintSeverity::error:
    return "error";
  case LintSeverity::warning:
    return "warning";
  case LintSeverity::info:
    return "info";
  }
  return "info";
}

std::vector<LintFinding> lint_chain(const Chain& chain, const ServerCapabilities& server,
                                    const SchemaLookup& recorded) {
  Linter linter(server, recorded);
  for (const Migration& migration : chain.migrations)
    linter.lint(chain, migration);
  return std::move(linter.findings);
}

} // namespace crochet::migration
