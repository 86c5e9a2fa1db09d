#pragma once
// The rows the ledger keeps (BRIEF §7), as plain values. Timestamps are UTC ISO-8601 text with
// milliseconds ("2024-01-01T00:00:00.000Z"), written from the ledger's clock.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace crochet::ledger {

using Json = nlohmann::json;

// One migration the target database has, and where it came from.
struct AppliedMigration {
  std::string revision;
  std::vector<std::string> parents;
  std::string file;        // path relative to the project root
  std::string file_sha256; // "sha256:<hex>" of the file bytes when it was applied
  std::string chain_hash;
  std::string schema_hash;
  std::string commit_sha; // HEAD when it was applied; "" outside a commit (unborn HEAD)
  std::string branch;     // "" when HEAD was detached
  std::string applied_by; // "Name <email>" or the login name
  std::string applied_at; // set by the ledger
  std::int64_t duration_ms = 0;
  std::string target_uri;
  std::string target_database;
  // "upgrade" (ran its steps), "stamp" (recorded only) or "mirror" (learnt from the graph:
  // another machine applied it)
  std::string method = "upgrade";
};

// Event kinds of the log; any other non-empty kind is accepted for later commands.
namespace event_kind {
inline constexpr const char* upgrade = "upgrade";
inline constexpr const char* downgrade = "downgrade";
inline constexpr const char* stamp = "stamp";
inline constexpr const char* verify = "verify";
inline constexpr const char* unlock = "unlock";
inline constexpr const char* remap = "remap";
inline constexpr const char* batch = "batch";
} // namespace event_kind

struct NewEvent {
  std::string kind;
  std::string revision; // "" when the event is not about one migration
  std::string outcome;  // "ok", "failed", "interrupted", ...
  std::string actor;
  Json detail = Json::object(); // stored canonically (sorted keys, no whitespace)
};

struct Event {
  std::int64_t id = 0; // 1, 2, 3, ... without gaps
  std::string at;
  std::string kind;
  std::string revision;
  std::string outcome;
  std::string actor;
  std::string detail; // canonical JSON text, exactly as hashed
  std::string prev_hash;
  std::string hash; // "sha256:<hex>" over prev_hash and the canonical row
};

// The result of walking the event log from its first row.
struct EventChainReport {
  bool intact = true;
  std::int64_t events = 0;               // rows read
  std::optional<std::int64_t> first_bad; // id of the first row that fails (or is missing)
  std::string problem;                   // one sentence naming that row; "" when intact
};

// A migration whose steps are being run: created before the first step, removed in the same
// transaction that records the migration applied or reverted. Left behind, it says exactly
// which steps of an interrupted run completed.
struct MigrationRun {
  std::string revision;
  std::string direction; // "upgrade" or "downgrade"
  int step_count = 0;
  std::string commit_sha;
  std::string branch;
  std::string started_by;
  std::string started_at;
};

struct StepProgress {
  int step = 0;       // 0-based index into the migration's upgrade or downgrade steps
  std::string state;  // "running", "done" or "failed"
  std::string detail; // free text: counters, the error
  std::string updated_at;
};

// A dataset load (BRIEF §12): one per loading step of a migration. The checkpoint is opaque to
// the ledger (the loader's resume point, e.g. rows and byte offset as JSON).
struct Batch {
  std::string batch_id;
  std::string revision;
  int step = 0;
  std::string file;        // "" for inline rows
  std::string file_sha256; // "" for inline rows
  std::string loader_version;
  std::int64_t rows = 0; // rows committed so far
  std::string state;     // "loading", "complete", "failed", "removing"
  std::string checkpoint;
  std::string started_at;
  std::string updated_at;
};

} // namespace crochet::ledger
