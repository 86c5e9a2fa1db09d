// Work in progress and its by-products: the run of a migration step by step, dataset batches
// with their checkpoints, and schema snapshots.
#include <fmt/format.h>

#include "core/ledger/impl.hpp"
#include "core/util/error.hpp"

namespace crochet::ledger {

namespace {

MigrationRun read_run(const sqlite::Statement& row) {
  MigrationRun run;
  run.revision = row.text(0);
  run.direction = row.text(1);
  run.step_count = static_cast<int>(row.integer(2));
  run.commit_sha = row.text(3);
  run.branch = row.text(4);
  run.started_by = row.text(5);
  run.started_at = row.text(6);
  return run;
}

constexpr const char* kRunColumns =
    "revision, direction, step_count, commit_sha, branch, started_by, started_at";

Batch read_batch(const sqlite::Statement& row) {
  Batch batch;
  batch.batch_id = row.text(0);
  batch.revision = row.text(1);
  batch.step = static_cast<int>(row.integer(2));
  batch.file = row.text(3);
  batch.file_sha256 = row.text(4);
  batch.loader_version = row.text(5);
  batch.rows = row.integer(6);
  batch.state = row.text(7);
  batch.checkpoint = row.text(8);
  batch.started_at = row.text(9);
  batch.updated_at = row.text(10);
  return batch;
}

constexpr const char* kBatchColumns = "batch_id, revision, step, file, file_sha256, "
                                      "loader_version, rows, state, checkpoint, started_at, "
                                      "updated_at";

bool valid_batch_state(const std::string& state) {
  return state == "loading" || state == "complete" || state == "failed" || state == "removing";
}

[[noreturn]] void no_batch(const std::string& batch_id) {
  throw Error("batch " + batch_id + " is not recorded in the ledger");
}

} // namespace

// --- runs ------------------------------------------------------------------------------------

void Ledger::begin_run(const MigrationRun& run) {
  if (run.direction != "upgrade" && run.direction != "downgrade")
    throw Error("a run is an upgrade or a downgrade, not '" + run.direction + "'");
  if (run.step_count < 0)
    throw Error("a run cannot have a negative number of steps");
  sqlite::Transaction transaction(impl_->db);
  {
    sqlite::Statement remove(impl_->db, "DELETE FROM runs WHERE revision = ?");
    remove.bind(1, run.revision).run(); // its steps go with it (ON DELETE CASCADE)
  }
  sqlite::Statement insert(
      impl_->db, fmt::format("INSERT INTO runs ({}) VALUES (?, ?, ?, ?, ?, ?, ?)", kRunColumns));
  insert.bind(1, run.revision)
      .bind(2, run.direction)
      .bind(3, static_cast<std::int64_t>(run.step_count))
      .bind_optional(4, run.commit_sha)
      .bind_optional(5, run.branch)
      .bind(6, run.started_by)
      .bind(7, impl_->now())
      .run();
  transaction.commit();
}

namespace {

// Writes one step's state inside the caller's open transaction; throws when the revision has no
// run or the run no such step.
void upsert_step(Ledger::Impl& impl, const Ledger& ledger, const std::string& revision, int step,
                 const std::string& state, const std::string& detail) {
  if (state != "running" && state != "done" && state != "failed")
    throw Error("a step is running, done or failed, not '" + state + "'");
  const std::optional<MigrationRun> run = ledger.find_run(revision);
  if (!run)
    throw Error("no run of migration " + revision + " is in progress in the ledger");
  if (step < 0 || step >= run->step_count)
    throw Error(fmt::format("migration {} has no step {} (its run has {} steps)", revision,
                            step + 1, run->step_count));
  sqlite::Statement upsert(
      impl.db,
      "INSERT INTO run_steps (revision, step, state, detail, updated_at) "
      "VALUES (?, ?, ?, ?, ?) ON CONFLICT (revision, step) DO UPDATE SET "
      "state = excluded.state, detail = excluded.detail, updated_at = excluded.updated_at");
  upsert.bind(1, revision)
      .bind(2, static_cast<std::int64_t>(step))
      .bind(3, state)
      .bind(4, detail)
      .bind(5, impl.now())
      .run();
}

} // namespace

void Ledger::record_step(const std::string& revision, int step, const std::string& state,
                         const std::string& detail) {
  sqlite::Transaction transaction(impl_->db);
  upsert_step(*impl_, *this, revision, step, state, detail);
  transaction.commit();
}

void Ledger::record_failure(const std::string& revision, int failed_step, int undone_from,
                            const std::string& detail, const NewEvent& event) {
  sqlite::Transaction transaction(impl_->db);
  upsert_step(*impl_, *this, revision, failed_step, "failed", detail);
  sqlite::Statement forget(impl_->db,
                           "DELETE FROM run_steps WHERE revision = ? AND step >= ? AND step <> ?");
  forget.bind(1, revision)
      .bind(2, static_cast<std::int64_t>(undone_from))
      .bind(3, static_cast<std::int64_t>(failed_step))
      .run();
  append_event_in(*impl_, event);
  transaction.commit();
}

std::optional<MigrationRun> Ledger::find_run(const std::string& revision) const {
  sqlite::Statement query(impl_->db,
                          fmt::format("SELECT {} FROM runs WHERE revision = ?", kRunColumns));
  query.bind(1, revision);
  if (!query.step())
    return std::nullopt;
  return read_run(query);
}

std::vector<MigrationRun> Ledger::runs() const {
  sqlite::Statement query(
      impl_->db, fmt::format("SELECT {} FROM runs ORDER BY started_at, revision", kRunColumns));
  std::vector<MigrationRun> result;
  while (query.step())
    result.push_back(read_run(query));
  return result;
}

std::vector<StepProgress> Ledger::steps(const std::string& revision) const {
  sqlite::Statement query(impl_->db, "SELECT step, state, detail, updated_at FROM run_steps "
                                     "WHERE revision = ? ORDER BY step");
  query.bind(1, revision);
  std::vector<StepProgress> result;
  while (query.step())
    result.push_back(StepProgress{static_cast<int>(query.integer(0)), query.text(1), query.text(2),
                                  query.text(3)});
  return result;
}

void Ledger::abandon_run(const std::string& revision) {
  sqlite::Transaction transaction(impl_->db);
  delete_run(*impl_, revision);
  transaction.commit();
}

void Ledger::abandon_run(const std::string& revision, const NewEvent& event) {
  sqlite::Transaction transaction(impl_->db);
  delete_run(*impl_, revision);
  append_event_in(*impl_, event);
  transaction.commit();
}

// --- batches ---------------------------------------------------------------------------------

void Ledger::begin_batch(const Batch& batch) {
  if (batch.batch_id.empty())
    throw Error("a batch needs an id");
  sqlite::Transaction transaction(impl_->db);
  if (find_batch(batch.batch_id))
    throw Error("batch " + batch.batch_id + " is already recorded in the ledger");
  const std::string now = impl_->now();
  sqlite::Statement insert(
      impl_->db, fmt::format("INSERT INTO batches ({}) VALUES (?, ?, ?, ?, ?, ?, 0, 'loading', "
                             "'', ?, ?)",
                             kBatchColumns));
  insert.bind(1, batch.batch_id)
      .bind(2, batch.revision)
      .bind(3, static_cast<std::int64_t>(batch.step))
      .bind_optional(4, batch.file)
      .bind_optional(5, batch.file_sha256)
      .bind(6, batch.loader_version)
      .bind(7, now)
      .bind(8, now)
      .run();
  transaction.commit();
}

void Ledger::checkpoint_batch(const std::string& batch_id, std::int64_t rows,
                              const std::string& checkpoint) {
  if (rows < 0)
    throw Error("a batch cannot hold a negative number of rows");
  sqlite::Transaction transaction(impl_->db);
  const std::optional<Batch> batch = find_batch(batch_id);
  if (!batch)
    no_batch(batch_id);
  if (batch->state != "loading")
    throw Error("batch " + batch_id + " is " + batch->state + ", not loading",
                "only a batch being loaded takes checkpoints");
  sqlite::Statement update(impl_->db, "UPDATE batches SET rows = ?, checkpoint = ?, "
                                      "updated_at = ? WHERE batch_id = ?");
  update.bind(1, rows).bind(2, checkpoint).bind(3, impl_->now()).bind(4, batch_id).run();
  transaction.commit();
}

void Ledger::set_batch_state(const std::string& batch_id, const std::string& state) {
  if (!valid_batch_state(state))
    throw Error("a batch is loading, complete, failed or removing, not '" + state + "'");
  sqlite::Transaction transaction(impl_->db);
  sqlite::Statement update(impl_->db,
                           "UPDATE batches SET state = ?, updated_at = ? WHERE batch_id = ?");
  update.bind(1, state).bind(2, impl_->now()).bind(3, batch_id).run();
  if (update.changes() == 0)
    no_batch(batch_id);
  transaction.commit();
}

void Ledger::remove_batch(const std::string& batch_id) {
  sqlite::Transaction transaction(impl_->db);
  sqlite::Statement remove(impl_->db, "DELETE FROM batches WHERE batch_id = ?");
  remove.bind(1, batch_id).run();
  if (remove.changes() == 0)
    no_batch(batch_id);
  transaction.commit();
}

std::optional<Batch> Ledger::find_batch(const std::string& batch_id) const {
  sqlite::Statement query(impl_->db,
                          fmt::format("SELECT {} FROM batches WHERE batch_id = ?", kBatchColumns));
  query.bind(1, batch_id);
  if (!query.step())
    return std::nullopt;
  return read_batch(query);
}

std::vector<Batch> Ledger::batches(const std::string& revision) const {
  sqlite::Statement query(impl_->db,
                          fmt::format("SELECT {} FROM batches WHERE ?1 = '' OR revision = ?1 "
                                      "ORDER BY revision, step, started_at, batch_id",
                                      kBatchColumns));
  query.bind(1, revision);
  std::vector<Batch> result;
  while (query.step())
    result.push_back(read_batch(query));
  return result;
}

// --- snapshots -------------------------------------------------------------------------------

void Ledger::put_snapshot(const std::string& schema_hash, const std::string& ir_json) {
  sqlite::Transaction transaction(impl_->db);
  if (const std::optional<std::string> stored = snapshot(schema_hash)) {
    if (*stored != ir_json)
      throw Error("the ledger already holds a different schema for " + schema_hash);
    return;
  }
  sqlite::Statement insert(
      impl_->db, "INSERT INTO schema_snapshots (schema_hash, ir_json, stored_at) VALUES (?, ?, ?)");
  insert.bind(1, schema_hash).bind(2, ir_json).bind(3, impl_->now()).run();
  transaction.commit();
}

std::optional<std::string> Ledger::snapshot(const std::string& schema_hash) const {
  sqlite::Statement query(impl_->db, "SELECT ir_json FROM schema_snapshots WHERE schema_hash = ?");
  query.bind(1, schema_hash);
  if (!query.step())
    return std::nullopt;
  return query.text(0);
}

} // namespace crochet::ledger
