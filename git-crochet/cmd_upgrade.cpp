// git crochet upgrade [--target R] [--sql [--dialect D]] [--dry-run [--json]] [--from-start]:
// bring the graph to the head migration (or R). --sql prints the exact Cypher script and
// --dry-run the plan, both without a database, starting after what the local ledger records as
// applied (--from-start: from an empty graph); the plan checks each load step's data file and
// rows (load::check_data) and fails when one would stop the upgrade.
#include <iostream>

#include "core/load/data_check.hpp"
#include "core/load/load.hpp"
#include "core/migration/folder.hpp"
#include "core/migration/plan.hpp"
#include "core/state/plan_start.hpp"
#include "core/util/advice.hpp"
#include "core/util/error.hpp"
#include "git-crochet/live.hpp"
#include "git-crochet/support.hpp"

namespace crochet::cli {
namespace {

const char* class_name(migration::StepClass step_class) {
  switch (step_class) {
  case migration::StepClass::schema:
    return "schema";
  case migration::StepClass::data:
    return "data";
  case migration::StepClass::batched_data:
    return "batched";
  }
  return "data";
}

std::string step_line(const migration::Operation& step) {
  std::string line = migration::to_string(step.kind);
  for (const char* key : {"name", "label", "rel_type", "from", "to", "property", "batch"})
    if (auto it = step.args.find(key); it != step.args.end() && it->is_string())
      line += std::string(" ") + key + "=" + it->get<std::string>();
  return line;
}

// The data check of each load step of the plan (load::check_data).
load::DataChecks check_loads(const std::vector<migration::PlannedStep>& steps,
                             const std::filesystem::path& root) {
  load::DataChecks checks;
  for (const migration::PlannedStep& step : steps)
    if (load::is_load_step(step.operation->kind))
      checks.emplace(step.operation, load::check_data(*step.operation, root));
  return checks;
}

int print_plan(const std::vector<const migration::Migration*>& path, migration::Dialect dialect,
               const state::PlanStart& start, const std::string& origin,
               const std::filesystem::path& root, bool json) {
  const std::vector<migration::PlannedStep> steps = migration::plan_steps(path, dialect);
  const load::DataChecks checks = check_loads(steps, root);
  bool renderable = true;
  for (const migration::PlannedStep& step : steps)
    renderable = renderable && step.error.empty();
  std::size_t bad_loads = 0;
  for (const auto& [operation, check] : checks)
    bad_loads += check.ok() ? 0 : 1;
  const bool runnable = renderable && bad_loads == 0;
  if (json) {
    migration::Json out = {{"dialect", migration::to_string(dialect)},
                           {"applied_from", start.from_ledger ? "ledger" : "start"},
                           {"starts", origin},
                           {"already_applied", start.applied},
                           {"migrations", migration::Json::array()},
                           {"runnable", runnable}};
    for (const migration::Migration* m : path) {
      migration::Json entry = {{"file", m->file},
                               {"revision", m->revision},
                               {"parents", m->parents},
                               {"description", m->description},
                               {"schema_hash", m->schema_hash},
                               {"rollback_safe", m->rollback_safe},
                               {"steps", migration::Json::array()}};
      for (const migration::PlannedStep& step : steps) {
        if (step.migration != m)
          continue;
        migration::Json s = step.operation->args;
        s["op"] = migration::to_string(step.operation->kind);
        s["class"] = class_name(migration::step_class(*step.operation));
        if (!step.error.empty())
          s["error"] = step.error;
        if (auto check = checks.find(step.operation); check != checks.end())
          s["data_check"] = load::to_json(check->second);
        s["statements"] = migration::Json::array();
        for (const migration::Statement& statement : step.statements)
          s["statements"].push_back({{"text", statement.text}, {"params", statement.params}});
        entry["steps"].push_back(std::move(s));
      }
      out["migrations"].push_back(std::move(entry));
    }
    std::cout << out.dump(2) << "\n";
    return runnable ? 0 : 1;
  }
  if (path.empty()) {
    std::cout << (start.from_ledger ? "nothing to upgrade: the ledger records the target as applied"
                                    : "nothing to upgrade: no migrations up to the target")
              << "\n";
    return 0;
  }
  std::cout << path.size() << " migration" << (path.size() == 1 ? "" : "s") << " to run " << origin
            << " (Neo4j " << migration::to_string(dialect) << "):\n";
  for (const migration::Migration* m : path) {
    std::cout << "  " << m->file << " (" << m->revision << ")"
              << (m->description.empty() ? "" : ": " + m->description)
              << (m->rollback_safe ? "" : "  [rollback_safe = false]") << "\n";
    for (const migration::PlannedStep& step : steps) {
      if (step.migration != m)
        continue;
      std::cout << "    " << step.index + 1 << ". ["
                << class_name(migration::step_class(*step.operation)) << "] "
                << step_line(*step.operation);
      if (!step.error.empty())
        std::cout << "  -- cannot run: " << step.error;
      std::cout << "\n";
      auto check = checks.find(step.operation);
      if (check == checks.end())
        continue;
      std::cout << "       " << load::summary(check->second) << "\n";
      for (const std::string& line : data::problem_lines(check->second.report))
        std::cerr << migration::step_name(*m, step.index, *step.operation) << ": " << line << "\n";
    }
    if (m->upgrade.empty())
      std::cout << "    (no steps)\n";
  }
  if (!renderable)
    std::cerr << "some steps cannot run on Neo4j " << migration::to_string(dialect) << "; see `"
              << advice::crochet(std::string("lint --dialect ") + migration::to_string(dialect))
              << "`\n";
  if (bad_loads > 0)
    std::cerr << "the upgrade would stop at " << bad_loads << " load step"
              << (bad_loads == 1 ? "" : "s") << " for the data problems above, and `"
              << advice::crochet("upgrade")
              << "` refuses to start "
                 "until they are fixed\n";
  return runnable ? 0 : 1;
}

// Runs the upgrade against the configured Neo4j (or, with --dry-run --live, runs its data steps
// in transactions that are rolled back).
int live_upgrade(const Globals& globals, const LiveOptions& live, const std::string& target_name,
                 bool dry_run) {
  LiveRun run = open_live(globals, live);
  const migration::Migration* target =
      target_name.empty() ? nullptr : &migration::resolve_migration(run.chain, target_name);
  const executor::RunReport report =
      dry_run ? executor::dry_run_upgrade(*run.context, run.chain, target)
              : executor::upgrade(*run.context, run.chain, target);
  if (!report.revisions.empty())
    std::cout << (dry_run ? "dry run: " : "applied ") << report.revisions.size() << " migration"
              << (report.revisions.size() == 1 ? "" : "s")
              << (dry_run ? " checked, nothing changed" : "") << "\n";
  return 0;
}

} // namespace

Action configure_upgrade(CLI::App& app, const Globals& globals) {
  struct Options {
    std::string target;
    bool sql = false;
    bool dry_run = false;
    bool json = false;
    std::string dialect = "5.x";
    bool live = false;
    bool from_start = false;
    LiveOptions connection;
  };
  auto options = std::make_shared<Options>();
  app.add_option("--target", options->target,
                 "Stop at this migration (revision id, file name or number); default the head");
  app.add_flag("--sql", options->sql, "Print the Cypher script instead of running it");
  app.add_flag("--dry-run", options->dry_run,
               "Print the plan: migrations and steps, in order, with each load step's data file "
               "and rows checked (present, pinned sha256, every row valid); exits 1 when a step "
               "would fail");
  app.add_flag("--json", options->json, "With --dry-run: print the plan as JSON");
  app.add_flag("--live", options->live,
               "With --dry-run: check the load steps' data, run the data steps against the "
               "database in transactions that are rolled back, and report Neo4j's counters");
  app.add_flag("--from-start", options->from_start,
               "With --sql or --dry-run: plan every migration up to the target, from an empty "
               "graph, instead of starting after what the ledger records as applied");
  add_live_flags(app, options->connection);
  app.add_option("--dialect", options->dialect,
                 "Cypher dialect for --sql and --dry-run: 3.x, 4.4, 5.x or 2025 (default 5.x)");
  return [options, &globals] {
    if (options->live && !options->dry_run)
      throw Error("--live goes with --dry-run", "without --dry-run, upgrade always runs live");
    if (options->from_start && (options->live || (!options->sql && !options->dry_run)))
      throw Error("--from-start goes with --sql or --dry-run",
                  "a live upgrade always starts from what the database has applied");
    if (!options->sql && (!options->dry_run || options->live))
      return live_upgrade(globals, options->connection, options->target, options->dry_run);
    if (options->sql && options->dry_run)
      throw Error("--sql and --dry-run do not go together", "pick one");
    if (options->json && !options->dry_run)
      throw Error("--json goes with --dry-run");
    const auto dialect = migration::parse_dialect(options->dialect);
    if (!dialect)
      throw Error("unknown dialect '" + options->dialect + "'", "use 3.x, 4.4, 5.x or 2025");
    const project::Project project = open_project(globals);
    RealFileSystem fs;
    const migration::MigrationsFolder folder{project.root, project.config.migrations_path};
    const migration::Chain chain =
        migration::load_chain(migration::read_migration_files(fs, folder));
    const migration::Migration* target =
        options->target.empty() ? nullptr : &migration::resolve_migration(chain, options->target);
    const std::filesystem::path ledger_path = project.root / project.config.ledger_path;
    const state::PlanStart start = state::plan_start(ledger_path, chain, options->from_start);
    const std::string origin = start.describe(project.config.ledger_path);
    for (const std::string& notice : start.notices)
      std::cerr << "warning: " << notice << "\n";
    const std::vector<const migration::Migration*> path =
        migration::upgrade_path(chain, start.applied, target);
    if (options->sql) {
      std::cout << migration::upgrade_script(path, *dialect, origin);
      return 0;
    }
    return print_plan(path, *dialect, start, origin, project.root, options->json);
  };
}

} // namespace crochet::cli
