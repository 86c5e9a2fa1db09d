#include "core/executor/executor.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "core/executor/abandon.hpp"
#include "core/executor/lock.hpp"
#include "core/executor/mirror.hpp"
#include "core/load/data_check.hpp"
#include "core/migration/constraint_conflicts.hpp"
#include "core/migration/plan.hpp"
#include "core/migration/render.hpp"
#include "core/neo4j/http.hpp"
#include "core/neo4j/settle.hpp"
#include "core/util/advice.hpp"
#include "core/util/error.hpp"

namespace crochet::executor {
namespace {

using migration::Migration;
using migration::Operation;
using migration::Statement;
using migration::step_name;
using migration::StepClass;

enum class Direction { upgrade, downgrade };

const char* name(Direction direction) {
  return direction == Direction::upgrade ? "upgrade" : "downgrade";
}

void say(const RunContext& context, const std::string& line) {
  if (context.say)
    context.say(line);
}

ledger::AppliedMigration applied_record(const Migration& migration, const RunContext& context) {
  ledger::AppliedMigration record;
  record.revision = migration.revision;
  record.parents = migration.parents;
  record.file = migration.file;
  record.file_sha256 = migration.file_sha256;
  record.chain_hash = migration.chain_hash;
  record.schema_hash = migration.schema_hash;
  record.commit_sha = context.commit_sha;
  record.branch = context.branch;
  record.applied_by = context.actor;
  record.target_uri = context.target_uri;
  record.target_database = context.target_database;
  return record;
}

const std::vector<Operation>& steps_of(const Migration& migration, Direction direction) {
  return direction == Direction::upgrade ? migration.upgrade : migration.downgrade;
}

using load::DataChecks;

// Everything that can be known to fail is refused before the first statement is sent: steps the
// server cannot run, and load steps whose data would stop them part way (load::check_data). A
// real upgrade pays one more read of each data file for it, a small part of what loading the
// rows costs (docs/migrations.md has the figures), and in return a bad row in a later
// migration's file no longer leaves the earlier migrations applied. A load that will resume from
// a checkpoint is checked whole: the resumed load reads and converts the rows it skips too. Load
// steps before a migration's resume point (`resumes`, by migration; empty: none) finished in an
// earlier run and are not checked: their file may since have gone.
DataChecks preflight(const std::vector<const Migration*>& migrations, Direction direction,
                     const RunContext& context, const std::vector<std::int64_t>& resumes = {}) {
  const migration::ServerCapabilities& server = context.session.server().capabilities;
  std::vector<std::string> problems;
  std::size_t more_lines = 0; // lines saying a step has more problems than listed
  bool unsupported = false;
  bool bad_data = false;
  bool unsafe = false;
  DataChecks checks;
  for (std::size_t m = 0; m < migrations.size(); ++m) {
    const Migration* migration = migrations[m];
    const auto first = static_cast<std::size_t>(resumes.empty() ? 0 : resumes[m]);
    if (direction == Direction::downgrade && !migration->rollback_safe) {
      problems.push_back(migration->file + " is rollback_safe = false: its downgrade cannot "
                                           "restore the graph");
      unsafe = true;
    }
    const auto& steps = steps_of(*migration, direction);
    for (std::size_t i = 0; i < steps.size(); ++i) {
      if (auto reason = migration::unsupported_reason(steps[i], server)) {
        problems.push_back(step_name(*migration, i, steps[i]) + ": " + *reason);
        unsupported = true;
      }
      if (!load::is_load_step(steps[i].kind) || i < first)
        continue;
      const load::DataCheck& check =
          checks.emplace(&steps[i], load::check_data(steps[i], context.project_root)).first->second;
      for (const std::string& line : data::problem_lines(check.report))
        problems.push_back(step_name(*migration, i, steps[i]) + ": " + line);
      more_lines += check.report.truncated ? 1 : 0;
      bad_data = bad_data || !check.ok();
    }
  }
  if (problems.empty())
    return checks;
  const std::size_t count = problems.size() - more_lines;
  std::string message = "nothing was run: " + std::string(more_lines > 0 ? "more than " : "") +
                        std::to_string(count) + " problem" + (count == 1 ? "" : "s") +
                        " found before starting";
  for (const std::string& problem : problems)
    message += "\n  " + problem;
  // One hint per kind of problem found, each its own way out.
  std::vector<std::string> hints;
  if (unsafe)
    hints.push_back("what a rollback_safe = false migration changed cannot be undone by a "
                    "downgrade: restore the database from a backup taken before it was applied, "
                    "or move forward with a new migration");
  if (unsupported)
    hints.push_back("Neo4j " + server.version + " (" +
                    (server.enterprise ? "enterprise" : "community") + "); see `" +
                    advice::crochet(std::string("lint --dialect ") + to_string(server.dialect)) +
                    "`");
  if (bad_data)
    hints.push_back("fix the data files (or restore them), then run again; `" +
                    advice::crochet("upgrade --dry-run") +
                    "` lists every load step's problems without a database");
  std::string hint;
  for (const std::string& line : hints)
    hint += (hint.empty() ? "" : "; ") + line;
  throw Error(message, hint);
}

// Neo4j's answer to re-sending a schema step that had already taken effect.
bool already_done(const neo4j::Neo4jError& error) {
  const std::string& code = error.code();
  for (const char* marker : {"AlreadyExists", "NotFound", "DropFailed", "EquivalentSchemaRule"})
    if (code.find(marker) != std::string::npos)
      return true;
  return false;
}

// Neo4j's answer to a constraint it could not build over the data already in the graph
// (duplicate values, or a missing property): 3.x and later say ConstraintCreationFailed, some
// servers ConstraintValidationFailed.
bool refused_by_data(const neo4j::Neo4jError& error) {
  const std::string& code = error.code();
  for (const char* marker :
       {"ConstraintCreationFailed", "ConstraintValidationFailed", "ConstraintViolation"})
    if (code.find(marker) != std::string::npos)
      return true;
  return false;
}

// The hint for `step` failing with `error`. A constraint the server could not build over the
// graph's data gets the step's own (the query that shows the offending values, the ways on);
// the server names neither the query nor the ways. Otherwise the error's, or that a rerun
// resumes here.
std::string failure_hint(const Operation& step, const Error& error) {
  const auto* server = dynamic_cast<const neo4j::Neo4jError*>(&error);
  if (server != nullptr && refused_by_data(*server))
    if (std::optional<std::string> hint = migration::constraint_conflicts_hint(step))
      return *hint;
  if (!error.hint().empty())
    return error.hint();
  return "fix the cause, then run the same command again: it resumes at this step";
}

// The hint for a step failing inside the data-step group [begin, end): the rerun resumes at the
// group's first step, as the group's transaction was rolled back whole.
std::string group_failure_hint(std::size_t begin, std::size_t end, const Error& error) {
  return (error.hint().empty() ? "fix the cause" : error.hint()) + "; steps " +
         std::to_string(begin + 1) + " to " + std::to_string(end) +
         " ran in one transaction, rolled back whole: the same command run again resumes at "
         "step " +
         std::to_string(begin + 1);
}

class MigrationRunner {
public:
  MigrationRunner(RunContext& context, const Migration& migration, Direction direction,
                  GraphLock& lock)
      : context_(context), migration_(migration), direction_(direction), lock_(lock),
        steps_(steps_of(migration, direction)), done_hashes_(done_steps_hashes(steps_)),
        server_(context.session.server().capabilities) {}

  // Every schema step may find its work already done (or its object already gone), not only the
  // first after a resume: an interrupted upgrade's downgrade undoes steps that never ran.
  void tolerate_done_schema_steps() { tolerate_done_ = true; }

  neo4j::Counters run(std::int64_t resume_from) {
    const char* state = direction_ == Direction::upgrade ? "applying" : "reverting";
    context_.session.run(mirror_begin(applied_record(migration_, context_), state, resume_from,
                                      done_hashes_[static_cast<std::size_t>(resume_from)]),
                         neo4j::Replay::idempotent);
    context_.ledger.begin_run({migration_.revision, name(direction_),
                               static_cast<int>(steps_.size()), context_.commit_sha,
                               context_.branch, context_.actor, ""});
    for (std::int64_t i = 0; i < resume_from; ++i)
      context_.ledger.record_step(migration_.revision, static_cast<int>(i), "done", "resumed");
    std::size_t index = static_cast<std::size_t>(resume_from);
    const bool resuming = resume_from > 0;
    while (index < steps_.size()) {
      const std::size_t end = group_end(index);
      failing_step_.reset();
      try {
        run_group(index, end, resuming && index == static_cast<std::size_t>(resume_from));
      } catch (const Error& error) {
        // In a data-step group, the step whose statement failed; the whole group rolled back.
        const std::size_t failed = failing_step_.value_or(index);
        fail(index, failed, error.what());
        throw Error(step_name(migration_, failed, steps_[failed]) + ": " + error.what(),
                    failed == index ? failure_hint(steps_[failed], error)
                                    : group_failure_hint(index, end, error));
      } catch (const std::exception& error) {
        fail(index, failing_step_.value_or(index), error.what());
        throw;
      }
      index = end;
      lock_.renew();
    }
    return counters_;
  }

private:
  // Consecutive data steps share one transaction; every other step stands alone.
  std::size_t group_end(std::size_t begin) const {
    std::size_t end = begin + 1;
    if (migration::step_class(steps_[begin]) != StepClass::data)
      return end;
    while (end < steps_.size() && migration::step_class(steps_[end]) == StepClass::data)
      ++end;
    return end;
  }

  void run_group(std::size_t begin, std::size_t end, bool first_after_resume) {
    for (std::size_t i = begin; i < end; ++i)
      context_.ledger.record_step(migration_.revision, static_cast<int>(i), "running");
    const Operation& first = steps_[begin];
    const StepClass step_class = migration::step_class(first);
    std::string detail;
    if (step_class == StepClass::data) {
      if (!run_data_group(begin, end))
        detail = "committed, but its answer was lost: counters unknown";
    } else if (load::is_load_step(first.kind) || load::is_delete_step(first.kind)) {
      load::LoadContext load(context_.session, context_.ledger, context_.project_root);
      load.dialect = server_.dialect;
      load.revision = migration_.revision;
      load.step = static_cast<int>(begin);
      load.rows_per_transaction = context_.rows_per_transaction;
      // A load can outlast the lease: renew it after every committed chunk.
      load.on_progress = [this](const load::Progress& progress) {
        lock_.renew();
        if (context_.on_load_progress)
          context_.on_load_progress(progress);
      };
      const load::LoadStats stats = load::is_load_step(first.kind) ? load::run_load(first, load)
                                                                   : load::run_delete(first, load);
      counters_.add(stats.counters);
      detail = std::to_string(stats.rows) + " rows";
      if (context_.on_load_done)
        context_.on_load_done(first.string_arg("batch"), stats);
      advance_mirror(end);
    } else {
      for (const Statement& statement : migration::render(first, server_))
        if (!run_alone(statement, step_class == StepClass::schema, first_after_resume))
          detail = "already done"; // a created object already there, a dropped one gone
      advance_mirror(end);
    }
    for (std::size_t i = begin; i < end; ++i) {
      context_.ledger.record_step(migration_.revision, static_cast<int>(i), "done", detail);
      say(context_, "  " + std::to_string(i + 1) + "/" + std::to_string(steps_.size()) + " " +
                        to_string(steps_[i].kind) + (detail.empty() ? "" : " (" + detail + ")"));
    }
  }

  // Runs a statement that goes in an auto-commit request of its own; false when it is a schema
  // statement found already done. A schema statement may be re-sent, tolerating "already there"
  // or "already gone": on resuming (an interrupted run may have done it), and when its answer is
  // lost (up to the session's retry attempts). Data statements run here (`IN TRANSACTIONS`) are
  // never re-sent: they may have committed.
  bool run_alone(const Statement& statement, bool schema, bool resuming) {
    bool may_be_done = schema && (resuming || tolerate_done_);
    bool found_done = false;
    neo4j::send_settled(
        context_.session,
        [&] {
          try {
            counters_.add(context_.session.run(statement, neo4j::Replay::autocommit).counters);
          } catch (const neo4j::Neo4jError& error) {
            if (!(may_be_done && already_done(error)))
              throw;
            found_done = true;
          }
        },
        {.after_lost = [&] {
          may_be_done = true;
          return schema ? neo4j::Fate::resend : neo4j::Fate::unknown;
        }});
    return !found_done;
  }

  // Runs the data steps [begin, end) and the mirror's progress in one transaction that first
  // claims the mirror entry (mirror_claim). A group whose answer is lost is settled by the
  // entry: moved to `end`, the group committed; still at `begin`, it is sent again, up to the
  // session's retry attempts (the claim waits for an attempt still running on the server, and
  // refuses once that one committed). Returns false when the group committed unanswered, so its
  // counters are unknown.
  bool run_data_group(std::size_t begin, std::size_t end) {
    neo4j::Counters group;
    const neo4j::Settled settled =
        neo4j::send_settled(context_.session, [&] { group = send_data_group(begin, end); },
                            {.after_lost = [&] { return fate_of_group(begin, end); },
                             .refusal_may_mean_committed = true,
                             .exhausted = throw_unanswered_group});
    if (settled == neo4j::Settled::committed)
      return false;
    counters_.add(group);
    return true;
  }

  // One attempt at the data-step group [begin, end); returns its counters.
  neo4j::Counters send_data_group(std::size_t begin, std::size_t end) {
    neo4j::Counters group;
    context_.session.run_transaction([&](neo4j::Transaction& transaction) {
      group = {};
      failing_step_.reset();
      if (transaction.run(mirror_claim(migration_.revision, state(), begin)).rows.empty())
        throw Error("the graph's record of " + migration_.file + " (its :" + kMirrorLabel +
                        " node) is gone: something removed it while this run held the lock",
                    "see `" + advice::crochet("status") + "`, then run the same command again");
      for (std::size_t i = begin; i < end; ++i) {
        try {
          for (const Statement& statement : migration::render(steps_[i], server_))
            group.add(transaction.run(statement).counters);
        } catch (const neo4j::Neo4jError&) {
          failing_step_ = i; // Neo4j refused this step's statement; a lost answer is the group's
          throw;
        }
      }
      transaction.run(mirror_progress(migration_.revision, state(), end, done_hashes_[end]));
    });
    return group;
  }

  [[noreturn]] static void throw_unanswered_group(const neo4j::TransportFault& fault,
                                                  int attempts) {
    throw Error("its transaction was sent " + std::to_string(attempts) +
                    " times without an answer, and the graph shows none of it committed (last "
                    "attempt: " +
                    fault.what() + ")",
                "rerun once Neo4j answers again: it resumes at this step, and waits for any of "
                "these attempts still running");
  }

  // What the mirror entry says of the data-step group [begin, end).
  neo4j::Fate fate_of_group(std::size_t begin, std::size_t end) {
    std::map<std::string, MirrorEntry> mirror;
    try {
      mirror = read_mirror(context_.session);
    } catch (const Error&) {
      return neo4j::Fate::unknown;
    }
    const auto it = mirror.find(migration_.revision);
    if (it == mirror.end() || it->second.state != state())
      return neo4j::Fate::unknown;
    const auto done = static_cast<std::size_t>(std::max<std::int64_t>(0, it->second.steps_done));
    return done == end     ? neo4j::Fate::committed
           : done == begin ? neo4j::Fate::resend
                           : neo4j::Fate::unknown;
  }

  void advance_mirror(std::size_t steps_done) {
    context_.session.run(mirror_progress(migration_.revision, state(),
                                         static_cast<std::int64_t>(steps_done),
                                         done_hashes_[steps_done]),
                         neo4j::Replay::idempotent);
  }

  const char* state() const { return direction_ == Direction::upgrade ? "applying" : "reverting"; }

  // `index` is where the run stopped (its steps before are done); `failed` the step that failed,
  // a later one of the same data-step group when that group's transaction failed there.
  void fail(std::size_t index, std::size_t failed, const std::string& what) {
    try {
      // The group's steps from `index` on were rolled back with the failed one: not done.
      context_.ledger.record_failure(migration_.revision, static_cast<int>(failed),
                                     static_cast<int>(index), what,
                                     {name(direction_),
                                      migration_.revision,
                                      "failed",
                                      context_.actor,
                                      {{"step", failed + 1}, {"error", what}}});
      // A failed downgrade stays "reverting", so that rerunning it resumes here; "failed" is an
      // upgrade's, which a downgrade would refuse to run under.
      const char* stopped = direction_ == Direction::upgrade ? "failed" : state();
      context_.session.run(mirror_progress(migration_.revision, stopped,
                                           static_cast<std::int64_t>(index), done_hashes_[index]),
                           neo4j::Replay::idempotent);
    } catch (const std::exception&) {
      // Recording the failure must not hide it; the rerun reads the graph anyway.
    }
  }

  RunContext& context_;
  const Migration& migration_;
  Direction direction_;
  GraphLock& lock_;
  const std::vector<Operation>& steps_;
  const std::vector<std::string> done_hashes_; // done_steps_hashes(steps_)
  migration::ServerCapabilities server_;
  neo4j::Counters counters_;
  bool tolerate_done_ = false;
  // The data step of the group whose statement Neo4j refused, failing the group's transaction.
  std::optional<std::size_t> failing_step_;
};

// Where an interrupted run of `migration` in `direction` stands, per the graph. Throws when the
// file no longer starts with the steps that run did: resuming by index would then skip a step
// inserted before that point, or leave an edited one as it ran.
std::int64_t resume_point(const std::map<std::string, MirrorEntry>& mirror,
                          const Migration& migration, Direction direction) {
  auto it = mirror.find(migration.revision);
  if (it == mirror.end())
    return 0;
  const MirrorEntry& entry = it->second;
  // Pending, yet being reverted: `downgrade --interrupted` stopped part way through it.
  if (direction == Direction::upgrade && entry.state == "reverting")
    throw Error(migration.file + ": `" + advice::crochet("downgrade --interrupted") +
                    "` was reverting its "
                    "interrupted upgrade and stopped after step " +
                    std::to_string(entry.steps_done) + " of " +
                    std::to_string(migration.downgrade.size()) +
                    " of its downgrade; an upgrade now would run over what is left. Nothing "
                    "was run",
                "run `" + advice::crochet("downgrade --interrupted") +
                    "` again to finish it, then upgrade");
  const bool same_direction = direction == Direction::upgrade
                                  ? (entry.state == "applying" || entry.state == "failed")
                                  : entry.state == "reverting";
  if (!same_direction || entry.steps_done <= 0)
    return 0;
  const auto done = static_cast<std::size_t>(entry.steps_done);
  if (!starts_with_done_steps(entry, steps_of(migration, direction)))
    throw Error(migration.file + ": its " + name(direction) + " was interrupted after step " +
                    std::to_string(done) + ", and the file's steps 1 to " + std::to_string(done) +
                    " are no longer the ones that ran; resuming at step " +
                    std::to_string(done + 1) + " would skip or repeat work. Nothing was run",
                "restore steps 1 to " + std::to_string(done) +
                    " as they were (`git diff` the file) and run again; edit only the steps "
                    "after step " +
                    std::to_string(done) + ", or put new work in a new migration" +
                    (direction == Direction::upgrade
                         ? "; to change them, restore them, revert what ran with `" +
                               advice::crochet("downgrade --interrupted") +
                               "`, then edit and upgrade"
                         : ""));
  return entry.steps_done;
}

// A downgrade reverts applied migrations, newest first. With an upgrade interrupted part way (or
// the `downgrade --interrupted` that abandons it), it would revert the migration under it and
// leave the interrupted one's steps in the graph.
void refuse_under_interrupted_upgrade(const std::map<std::string, MirrorEntry>& mirror,
                                      const std::set<std::string>& applied,
                                      const migration::Chain& chain, const Migration& next) {
  for (const auto& [revision, entry] : mirror) {
    const bool abandoning = is_abandoning(entry, applied);
    if (entry.state != "applying" && entry.state != "failed" && !abandoning)
      continue;
    const Migration* interrupted = chain.find(revision);
    const std::string what = interrupted ? interrupted->file : revision;
    const std::string after = std::to_string(entry.steps_done);
    const bool any_done = entry.steps_done > 0;
    if (abandoning)
      throw Error("`" + advice::crochet("downgrade --interrupted") +
                      "` was reverting the interrupted upgrade of " + what +
                      " and stopped after step " + after + ": a downgrade now would revert " +
                      next.file + " underneath it. Nothing was run",
                  "finish it first: run `" + advice::crochet("downgrade --interrupted") +
                      "` again");
    const std::string stopped =
        any_done ? "after step " + after +
                       (interrupted ? " of " + std::to_string(interrupted->upgrade.size()) : "")
                 : std::string("before its first step finished");
    throw Error("the upgrade of " + what + " was interrupted " + stopped +
                    ": a downgrade now would revert " + next.file + " underneath it" +
                    (any_done ? " and leave its steps in the graph" : "") + ". Nothing was run",
                "finish it first: fix the cause and run `" + advice::crochet("upgrade") +
                    "` (it resumes at step " + std::to_string(entry.steps_done + 1) +
                    "), then downgrade; or, " +
                    (any_done
                         ? "when the cause lies in steps 1 to " + after + ", revert what ran with "
                         : std::string("to give it up, run ")) +
                    "`" + advice::crochet("downgrade --interrupted") + "`");
  }
}

// resume_point of each migration of a run, all checked before the first one starts.
std::vector<std::int64_t> resume_points(const std::map<std::string, MirrorEntry>& mirror,
                                        const std::vector<const Migration*>& run,
                                        Direction direction) {
  std::vector<std::int64_t> points;
  for (const Migration* migration : run)
    points.push_back(resume_point(mirror, *migration, direction));
  return points;
}

// An applied migration as messages name it: its file, or its revision when the file is unknown.
std::string shown(const ledger::AppliedMigration& row) {
  return row.file.empty() ? row.revision : row.file;
}

std::vector<ledger::AppliedMigration>::iterator
find_row(std::vector<ledger::AppliedMigration>& rows, const std::string& revision) {
  return std::find_if(rows.begin(), rows.end(), [&](const ledger::AppliedMigration& row) {
    return row.revision == revision;
  });
}

std::string first_and_count(const std::vector<std::string>& names) {
  return names.front() +
         (names.size() > 1 ? " and " + std::to_string(names.size() - 1) + " more" : std::string());
}

} // namespace

namespace {

// The revisions of the downgrade runs among the ledger's `runs`: stopped part way, or after the
// graph's revert and before the ledger's.
std::set<std::string> downgrade_runs(const std::vector<ledger::MigrationRun>& runs) {
  std::set<std::string> revisions;
  for (const ledger::MigrationRun& run : runs)
    if (run.direction == "downgrade")
      revisions.insert(run.revision);
  return revisions;
}

// Every migration run against a graph leaves its node there. A graph without the node of a
// migration the ledger says was run on it was reset, restored from an earlier backup, or is
// another database than the ledger's: what it has is unknown, so nothing is run (an upgrade
// trusting the ledger would report "up to date" over an empty graph). A new ledger starts from
// what the graph records.
[[noreturn]] void refuse_unknown_to_graph(const RunContext& context,
                                          const std::vector<std::string>& unknown) {
  const std::filesystem::path ledger = context.ledger.path();
  const std::filesystem::path relative = ledger.lexically_relative(context.project_root);
  const std::string shown_ledger =
      !relative.empty() && *relative.begin() != ".." ? advice::path(relative) : ledger.string();
  throw Error(
      "the graph at " + context.target_uri + " (database " + context.target_database +
          ") has no record of " + std::to_string(unknown.size()) + " migration" +
          (unknown.size() == 1 ? "" : "s") + " the ledger records as run (" +
          first_and_count(unknown) + "). Nothing was run",
      "if the database was reset, restored from an earlier backup or is another one, move the "
      "ledger " +
          shown_ledger +
          " aside and run the command again: a new ledger takes what the graph records and "
          "runs the rest. If this is not the database meant, check [neo4j] in crochet.toml and "
          "CROCHET_NEO4J_URI. `" +
          advice::crochet("status --live") + "` compares the two");
}

// The revisions the database has: the ledger's `rows`, plus any the graph mirror records as
// applied that this ledger has not seen (another machine applied them); those are added to the
// ledger and to `rows`. `runs` are the ledger's as the run read them.
std::set<std::string> sync_applied(RunContext& context, const migration::Chain& chain,
                                   std::vector<ledger::AppliedMigration>& rows,
                                   const std::vector<ledger::MigrationRun>& runs,
                                   const std::map<std::string, MirrorEntry>& mirror) {
  std::set<std::string> applied;
  // Every migration run against a graph leaves its node there; a stamp does not. Nor does a
  // downgrade that stopped after the graph's revert, before the ledger's: its run is left, and
  // upgrade and downgrade finish it (finish_recorded_reverts); `--interrupted` names it.
  const std::set<std::string> reverting = downgrade_runs(runs);
  std::vector<std::string> unknown_to_graph;
  for (const ledger::AppliedMigration& migration : rows) {
    applied.insert(migration.revision);
    if (migration.method != "stamp" && !mirror.count(migration.revision) &&
        !reverting.count(migration.revision))
      unknown_to_graph.push_back(shown(migration));
  }
  if (!unknown_to_graph.empty())
    refuse_unknown_to_graph(context, unknown_to_graph);
  for (const auto& [revision, entry] : mirror) {
    if (entry.state != "applied" || applied.count(revision))
      continue;
    const Migration* migration = chain.find(revision);
    ledger::AppliedMigration record;
    record.revision = revision;
    record.parents = entry.parents;
    record.file = migration ? migration->file : "";
    record.file_sha256 = migration ? migration->file_sha256 : "";
    record.chain_hash = entry.chain_hash;
    record.schema_hash = entry.schema_hash;
    record.commit_sha = entry.commit_sha;
    record.branch = entry.branch;
    record.applied_by = entry.applied_by;
    record.target_uri = context.target_uri;
    record.target_database = context.target_database;
    record.method = "mirror";
    context.ledger.record_applied(
        record, {"sync", revision, "ok", context.actor, {{"from", "graph mirror"}}});
    applied.insert(revision);
    rows.push_back(std::move(record));
  }
  return applied;
}

// What an upgrade leaves as it is, said before it runs: applied files edited since (their edits
// are not applied), and applied migrations from another line of history (after the upgrade the
// database matches no branch's migrations).
void warn_about_applied(const RunContext& context, const migration::Chain& chain,
                        const std::vector<ledger::AppliedMigration>& rows) {
  std::vector<std::string> edited;
  std::vector<std::string> foreign;
  for (const ledger::AppliedMigration& row : rows) {
    const Migration* migration = chain.find(row.revision);
    if (migration == nullptr)
      foreign.push_back(shown(row));
    else if (!row.file_sha256.empty() && row.file_sha256 != migration->file_sha256)
      edited.push_back(migration->file);
  }
  if (!edited.empty())
    say(context, "warning: " + first_and_count(edited) +
                     " changed since applied; an upgrade does not apply edits to an applied "
                     "migration (see `" +
                     advice::crochet("verify") + "`)");
  if (!foreign.empty())
    say(context, "warning: the database has " + std::to_string(foreign.size()) + " migration" +
                     (foreign.size() == 1 ? "" : "s") + " these files do not have (" +
                     first_and_count(foreign) +
                     "), from another line of history: it will match no branch's migrations "
                     "(see `" +
                     advice::crochet("status") + "`)");
}

// The applied rows (newest first) a downgrade reverts: those after `target` (nullptr: the newest
// `steps`).
std::vector<const ledger::AppliedMigration*>
rows_to_revert(const std::vector<ledger::AppliedMigration>& newest_first,
               const migration::Chain& chain, const Migration* target, int steps) {
  std::vector<const ledger::AppliedMigration*> rows;
  const std::set<std::string> keep =
      target ? migration::lineage(chain, *target) : std::set<std::string>{};
  for (const ledger::AppliedMigration& row : newest_first)
    if (target ? !keep.count(row.revision) : static_cast<int>(rows.size()) < steps)
      rows.push_back(&row);
  return rows;
}

// An applied migration the chain lacks, as it was applied (context.applied_elsewhere).
Migration read_elsewhere(const RunContext& context, const ledger::AppliedMigration& row) {
  if (!context.applied_elsewhere)
    throw Error("applied migration " + row.revision +
                    (row.file.empty() ? "" : " (" + row.file + ")") +
                    " is not in the migrations folder; cannot run its downgrade",
                "check out the branch it came from, or see `" + advice::crochet("status") + "`");
  try {
    return context.applied_elsewhere(row);
  } catch (const Error& error) {
    throw Error(std::string(error.what()) + ". Nothing was run", error.hint());
  }
}

// The graph mirror as a run finds it once it holds the lock, read on first use and then kept:
// nothing else writes it while the lock is held, and the run reads it only before its own writes.
class MirrorView {
public:
  explicit MirrorView(neo4j::Session& session) : session_(session) {}
  const std::map<std::string, MirrorEntry>& entries() {
    if (!entries_)
      entries_ = read_mirror(session_);
    return *entries_;
  }

private:
  neo4j::Session& session_;
  std::optional<std::map<std::string, MirrorEntry>> entries_;
};

// A downgrade stopped after it removed a migration's mirror node and before the ledger recorded
// the revert leaves the graph reverted and the ledger saying applied, with the downgrade's run
// left behind (begin_run comes after the node's "reverting", so the node was there). Run again,
// the downgrade would revert the migration a second time, over a graph that no longer has it.
// Records the reverts the graph finished, as `downgrade --interrupted` forgets the run of an
// abandon that stopped at the same point; returns their revisions. Only for the ledger's own
// database: another database's graph lacks the node for another reason.
std::vector<std::string> finish_recorded_reverts(RunContext& context,
                                                 std::vector<ledger::AppliedMigration>& rows,
                                                 const std::vector<ledger::MigrationRun>& runs,
                                                 MirrorView& mirror) {
  std::vector<std::string> finished;
  // The ledger first: the graph is asked only about a downgrade run of a row it applies.
  for (const ledger::MigrationRun& run : runs) {
    if (run.direction != "downgrade")
      continue;
    const auto row = find_row(rows, run.revision);
    if (row == rows.end() || row->target_uri != context.target_uri ||
        row->target_database != context.target_database)
      continue; // not applied: an abandoned upgrade's, which `downgrade --interrupted` finishes
    if (mirror.entries().count(run.revision))
      continue;
    context.ledger.record_reverted(
        run.revision, {ledger::event_kind::downgrade,
                       run.revision,
                       "ok",
                       context.actor,
                       {{"steps", run.step_count}, {"finished_from", "graph mirror"}}});
    say(context, "the downgrade of " + shown(*row) +
                     " finished in the graph, but stopped before the ledger recorded it: "
                     "recorded as reverted now");
    finished.push_back(run.revision);
    rows.erase(row);
  }
  return finished;
}

} // namespace

RunReport upgrade(RunContext& context, const migration::Chain& chain, const Migration* target) {
  GraphLock lock(context.session, lock_owner_name(context.actor), context.lease,
                 context.keeper_session);
  lock.acquire(context.wait);
  std::vector<ledger::AppliedMigration> rows = context.ledger.applied();
  // Read once the lock is held; what the run itself changes in them it knows.
  const std::vector<ledger::MigrationRun> runs = context.ledger.runs();
  MirrorView mirror(context.session);
  finish_recorded_reverts(context, rows, runs, mirror); // pending again: the upgrade applies them
  const std::vector<const Migration*> path = migration::upgrade_path(
      chain, sync_applied(context, chain, rows, runs, mirror.entries()), target);
  warn_about_applied(context, chain, rows);
  RunReport report;
  if (path.empty()) {
    say(context, "already up to date");
    return report;
  }
  // Both read only: everything is checked before the first write.
  const std::vector<std::int64_t> resumes =
      resume_points(mirror.entries(), path, Direction::upgrade);
  preflight(path, Direction::upgrade, context, resumes);
  for (std::size_t i = 0; i < path.size(); ++i) {
    const Migration* migration = path[i];
    const std::int64_t resume = resumes[i];
    say(context, "applying " + migration->file +
                     (resume > 0 ? " (resuming at step " + std::to_string(resume + 1) + ")" : ""));
    const auto started = std::chrono::steady_clock::now();
    MigrationRunner runner(context, *migration, Direction::upgrade, lock);
    report.counters.add(runner.run(resume));
    ledger::AppliedMigration record = applied_record(*migration, context);
    record.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now() - started)
                             .count();
    context.session.run(mirror_progress(migration->revision, "applied",
                                        static_cast<std::int64_t>(migration->upgrade.size()),
                                        done_steps_hashes(migration->upgrade).back()),
                        neo4j::Replay::idempotent);
    context.ledger.record_applied(record, {"upgrade",
                                           migration->revision,
                                           "ok",
                                           context.actor,
                                           {{"steps", migration->upgrade.size()}}});
    report.revisions.push_back(migration->revision);
  }
  return report;
}

RunReport dry_run_upgrade(RunContext& context, const migration::Chain& chain,
                          const Migration* target) {
  std::set<std::string> applied;
  for (const ledger::AppliedMigration& migration : context.ledger.applied())
    applied.insert(migration.revision);
  for (const auto& [revision, entry] : read_mirror(context.session))
    if (entry.state == "applied")
      applied.insert(revision);
  const std::vector<const Migration*> path = migration::upgrade_path(chain, applied, target);
  RunReport report;
  report.dry_run = true;
  const DataChecks checks = preflight(path, Direction::upgrade, context);
  const migration::ServerCapabilities server = context.session.server().capabilities;
  for (const Migration* migration : path) {
    say(context, "would apply " + migration->file);
    neo4j::Transaction transaction = context.session.begin();
    for (std::size_t i = 0; i < migration->upgrade.size(); ++i) {
      const Operation& step = migration->upgrade[i];
      if (migration::step_class(step) != StepClass::data) {
        auto check = checks.find(&step);
        say(context, "  " + std::to_string(i + 1) + ". " + to_string(step.kind) +
                         " (not run in a dry run: " +
                         (migration::step_class(step) == StepClass::schema ? "schema step"
                                                                           : "batched step") +
                         (check == checks.end() ? "" : "; " + load::summary(check->second)) + ")");
        continue;
      }
      neo4j::Counters counters;
      for (const Statement& statement : migration::render(step, server))
        counters.add(transaction.run(statement).counters);
      std::string summary;
      for (const auto& [key, value] : counters.values)
        if (value != 0)
          summary += (summary.empty() ? "" : ", ") + key + " " + std::to_string(value);
      say(context, "  " + std::to_string(i + 1) + ". " + to_string(step.kind) + ": " +
                       (summary.empty() ? "no changes" : summary));
      report.counters.add(counters);
    }
    transaction.rollback();
    report.revisions.push_back(migration->revision);
  }
  return report;
}

RunReport downgrade(RunContext& context, const migration::Chain& chain, const Migration* target,
                    int steps) {
  // What the downgrade would revert as the ledger stands, read from git where the chain lacks it,
  // before the lock is taken: a file that cannot be read leaves nothing locked or written.
  std::map<std::string, Migration> from_elsewhere; // stable addresses for `revert`
  {
    std::vector<ledger::AppliedMigration> rows = context.ledger.applied();
    std::reverse(rows.begin(), rows.end());
    // A downgrade's run: the graph may have finished it.
    const std::set<std::string> reverting = downgrade_runs(context.ledger.runs());
    for (const ledger::AppliedMigration* row : rows_to_revert(rows, chain, target, steps))
      if (!chain.find(row->revision) && !reverting.count(row->revision))
        from_elsewhere.emplace(row->revision, read_elsewhere(context, *row));
  }
  GraphLock lock(context.session, lock_owner_name(context.actor), context.lease,
                 context.keeper_session);
  lock.acquire(context.wait);
  RunReport report;
  // Read again under the lock: the look-ahead above read them before another run could finish.
  std::vector<ledger::AppliedMigration> rows = context.ledger.applied();
  const std::vector<ledger::MigrationRun> runs = context.ledger.runs();
  MirrorView mirror(context.session);
  // A revert the graph finished counts as one of the `steps` asked for: the rerun of a downgrade
  // that stopped there reverts no more than the first run would have.
  report.revisions = finish_recorded_reverts(context, rows, runs, mirror);
  steps -= static_cast<int>(report.revisions.size());
  const std::set<std::string> applied = sync_applied(context, chain, rows, runs, mirror.entries());
  if (target && !applied.count(target->revision))
    throw Error("target " + target->file + " is not applied",
                "see `" + advice::crochet("status") + "`");
  // Newest first: the ledger's order of application, reversed.
  std::vector<ledger::AppliedMigration> order = std::move(rows);
  std::reverse(order.begin(), order.end());
  std::vector<const Migration*> revert;
  for (const ledger::AppliedMigration* row : rows_to_revert(order, chain, target, steps)) {
    if (const Migration* migration = chain.find(row->revision))
      revert.push_back(migration);
    else if (auto read = from_elsewhere.find(row->revision); read != from_elsewhere.end())
      revert.push_back(&read->second);
    else // not foreseen from the ledger alone: a row the graph's mirror added, say
      revert.push_back(
          &from_elsewhere.emplace(row->revision, read_elsewhere(context, *row)).first->second);
  }
  if (revert.empty()) {
    if (report.revisions.empty())
      say(context, "nothing to downgrade");
    return report;
  }
  refuse_under_interrupted_upgrade(mirror.entries(), applied, chain, *revert.front());
  const std::vector<std::int64_t> resumes =
      resume_points(mirror.entries(), revert, Direction::downgrade);
  preflight(revert, Direction::downgrade, context, resumes);
  for (std::size_t i = 0; i < revert.size(); ++i) {
    const Migration* migration = revert[i];
    const std::int64_t resume = resumes[i];
    std::string notes = chain.find(migration->revision) ? "" : "from another branch, read from git";
    if (resume > 0) // a failed downgrade of it stayed "reverting"
      notes += (notes.empty() ? "" : "; ") + ("resuming at step " + std::to_string(resume + 1));
    say(context, "reverting " + migration->file + (notes.empty() ? "" : " (" + notes + ")"));
    MigrationRunner runner(context, *migration, Direction::downgrade, lock);
    report.counters.add(runner.run(resume));
    context.session.run(mirror_remove(migration->revision), neo4j::Replay::idempotent);
    context.ledger.record_reverted(migration->revision, {"downgrade",
                                                         migration->revision,
                                                         "ok",
                                                         context.actor,
                                                         {{"steps", migration->downgrade.size()}}});
    report.revisions.push_back(migration->revision);
  }
  return report;
}

namespace {

// The ledger's part of abandoning an interrupted upgrade, after the graph's: the run forgotten
// with its steps, the event logged.
void forget_abandoned_run(RunContext& context, const std::string& revision, ledger::Json detail) {
  context.ledger.abandon_run(revision, {ledger::event_kind::downgrade, revision, "abandoned",
                                        context.actor, std::move(detail)});
}

} // namespace

RunReport abandon_interrupted(RunContext& context, const migration::Chain& chain,
                              bool trust_downgrade) {
  GraphLock lock(context.session, lock_owner_name(context.actor), context.lease,
                 context.keeper_session);
  lock.acquire(context.wait);
  std::vector<ledger::AppliedMigration> rows = context.ledger.applied();
  const std::vector<ledger::MigrationRun> runs = context.ledger.runs();
  const std::map<std::string, MirrorEntry> mirror = read_mirror(context.session);
  const std::set<std::string> applied = sync_applied(context, chain, rows, runs, mirror);
  RunReport report;
  std::vector<std::string> plain_downgrades; // interrupted, of applied migrations
  for (const ledger::MigrationRun& run : runs) {
    if (run.direction != "downgrade")
      continue;
    if (const auto row = find_row(rows, run.revision); row != rows.end()) {
      plain_downgrades.push_back(shown(*row));
    } else if (!mirror.count(run.revision)) {
      // Stopped after its mirror node went and before the ledger forgot the run: only that is
      // left.
      forget_abandoned_run(context, run.revision, {{"steps", run.step_count}});
      say(context, "the graph has no trace of " + run.revision + " left: its run is forgotten");
      report.revisions.push_back(run.revision);
      return report;
    }
  }
  const MirrorEntry& entry = interrupted_entry(mirror, applied, plain_downgrades);
  const Migration* migration = chain.find(entry.revision);
  if (migration == nullptr)
    throw Error("the interrupted upgrade of " + entry.revision +
                    " cannot be reverted: its file is not in the migrations folder. Nothing was "
                    "run",
                "restore the file as it was when its upgrade ran (from commit " +
                    entry.commit_sha.substr(0, 12) + "), then run again");
  // Reverting already: resume there (resume_point checks the downgrade's steps); otherwise its
  // downgrade starts at step 1 whatever the upgrade's count.
  const bool resuming = is_abandoning(entry, applied);
  const std::int64_t resume = resuming ? resume_point(mirror, *migration, Direction::downgrade) : 0;
  preflight({migration}, Direction::downgrade, context, {resume});
  check_abandon(entry, *migration, trust_downgrade);
  const std::string ran = entry.steps_done == 0
                              ? "no step finished"
                              : "steps 1 to " + std::to_string(entry.steps_done) + " ran";
  say(context, "reverting the interrupted upgrade of " + migration->file + " (" +
                   (resuming ? "resuming at step " + std::to_string(resume + 1) : ran) + ")");
  MigrationRunner runner(context, *migration, Direction::downgrade, lock);
  runner.tolerate_done_schema_steps();
  report.counters.add(runner.run(resume));
  context.session.run(mirror_remove(migration->revision), neo4j::Replay::idempotent);
  ledger::Json detail{{"steps", migration->downgrade.size()}};
  if (!resuming)
    detail["upgrade_steps_done"] = entry.steps_done;
  forget_abandoned_run(context, migration->revision, std::move(detail));
  report.revisions.push_back(migration->revision);
  return report;
}

} // namespace crochet::executor
