#pragma once
// The SQLite ledger at .crochet/ledger.db (BRIEF §7): what the target database has applied,
// from which commit and branch, by whom; an append-only, hash-chained event log; the progress of
// a migration being run; dataset batches; schema snapshots. The only layer that knows SQLite.
//
// The file is in WAL mode with foreign keys on and carries its own application_id and format
// version (user_version), so another application's database, a newer ledger format, garbage or
// a truncated file are refused with one clear sentence. Every write is one transaction: a
// failure leaves nothing half-written. A Ledger is one connection; use one per thread.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/ledger/records.hpp"

namespace crochet::ledger {

using Clock = std::function<std::chrono::system_clock::time_point()>;

// "2024-01-01T00:00:00.000Z"
std::string format_timestamp(std::chrono::system_clock::time_point time);

// The format this build writes; a file with a higher user_version is refused.
inline constexpr int kFormatVersion = 1;
// PRAGMA application_id of every crochet ledger ("CRCH").
inline constexpr std::int32_t kApplicationId = 0x43524348;

struct OpenOptions {
  bool create = true; // create the file when it is missing
  Clock clock = [] { return std::chrono::system_clock::now(); };
  std::chrono::milliseconds busy_timeout{10000}; // wait this long for another writer
};

class Ledger {
public:
  // Opens (or creates) the ledger at `path`. A new file is built under a temporary name and
  // linked into place once complete, so a crash never leaves a half-made ledger behind.
  // Throws crochet::Error: not a crochet ledger, written by a newer git-crochet, corrupt, busy,
  // missing (with create = false), unreadable.
  static Ledger open(const std::filesystem::path& path, const OpenOptions& options = {});
  // nullopt when there is no file at `path` (nothing has been recorded yet).
  static std::optional<Ledger> open_existing(const std::filesystem::path& path,
                                             const OpenOptions& options = {});

  Ledger(Ledger&&) noexcept;
  Ledger& operator=(Ledger&&) noexcept;
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;
  ~Ledger();

  const std::filesystem::path& path() const;
  int format_version() const;

  // --- applied migrations -----------------------------------------------------------------
  // Records `migration` (applied_at from the clock) and appends its event in one transaction;
  // clears the migration's run, if any. Throws when the revision is already recorded.
  void record_applied(const AppliedMigration& migration, const NewEvent& event);
  // Several at once (stamp of a revision and its ancestors): all or nothing, one event each.
  void record_applied(const std::vector<std::pair<AppliedMigration, NewEvent>>& migrations);
  // Removes the revision's row and appends `event` in one transaction; clears its run.
  // Throws when the revision is not recorded.
  void record_reverted(const std::string& revision, const NewEvent& event);
  // In the order they were applied.
  std::vector<AppliedMigration> applied() const;
  std::optional<AppliedMigration> find_applied(const std::string& revision) const;

  // --- event log ------------------------------------------------------------------------
  // Appends one event (its own transaction) and returns it with id, time and hash.
  Event append_event(const NewEvent& event);
  std::vector<Event> events() const;
  // Walks the whole log: each row's hash against its contents, each prev_hash against the row
  // before, ids without gaps, and the last row against the recorded chain head (so deleting the
  // newest rows is seen too). Names the first row that fails.
  EventChainReport verify_event_chain() const;

  // --- runs in progress -----------------------------------------------------------------
  // Starts (or restarts, replacing an earlier one) the run of one migration.
  void begin_run(const MigrationRun& run);
  // Records the state of one step of the revision's run; throws when there is no run.
  void record_step(const std::string& revision, int step, const std::string& state,
                   const std::string& detail = {});
  // A step of the run failed: records it "failed" with `detail`, forgets every other step from
  // `undone_from` on (the steps of a data-step group ran in the failed step's transaction and
  // were rolled back with it: they read as not reached, as the steps after them) and appends
  // `event`, in one transaction.
  void record_failure(const std::string& revision, int failed_step, int undone_from,
                      const std::string& detail, const NewEvent& event);
  std::optional<MigrationRun> find_run(const std::string& revision) const;
  std::vector<MigrationRun> runs() const; // every run left behind (interrupted or in progress)
  std::vector<StepProgress> steps(const std::string& revision) const;
  void abandon_run(const std::string& revision);
  // An interrupted run given up (`downgrade --interrupted`): removes the revision's run, its
  // steps with it, and appends `event` in one transaction.
  void abandon_run(const std::string& revision, const NewEvent& event);

  // --- dataset batches ------------------------------------------------------------------
  // Records a new batch in state "loading" (rows 0, empty checkpoint). Throws when the id exists.
  void begin_batch(const Batch& batch);
  // After each committed chunk: rows so far and the loader's resume point.
  void checkpoint_batch(const std::string& batch_id, std::int64_t rows,
                        const std::string& checkpoint);
  // "complete", "failed", "removing", ...
  void set_batch_state(const std::string& batch_id, const std::string& state);
  void finish_batch(const std::string& batch_id) { set_batch_state(batch_id, "complete"); }
  // After a downgrade deleted the batch's data.
  void remove_batch(const std::string& batch_id);
  std::optional<Batch> find_batch(const std::string& batch_id) const;
  std::vector<Batch> batches(const std::string& revision = {}) const; // all when revision = ""

  // --- schema snapshots -----------------------------------------------------------------
  // Stores the canonical IR JSON of a schema hash; storing the same pair again is a no-op,
  // a different JSON for a stored hash is an error.
  void put_snapshot(const std::string& schema_hash, const std::string& ir_json);
  std::optional<std::string> snapshot(const std::string& schema_hash) const;

  // --- history rewrites -----------------------------------------------------------------
  // After amend/rebase: replaces recorded commit SHAs (old -> new) in applied migrations and
  // runs, and appends a "remap" event listing what moved, all in one transaction. Returns the
  // number of applied migrations changed; appends nothing when nothing matched.
  int remap_commits(const std::map<std::string, std::string>& old_to_new,
                    const std::string& actor = {});

  struct Impl;

private:
  explicit Ledger(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

} // namespace crochet::ledger
