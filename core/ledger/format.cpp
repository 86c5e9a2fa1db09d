#include "core/ledger/format.hpp"

#include <string>

#include "core/ledger/ledger.hpp"
#include "core/util/error.hpp"

namespace crochet::ledger::format {

namespace {

// Format 1. Later formats append a step; a step never edits an earlier one, so every ledger in
// the field reaches the same shape.
constexpr const char* kVersion1 = R"sql(
CREATE TABLE ledger_info (
  key TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE applied_migrations (
  revision TEXT PRIMARY KEY NOT NULL,
  seq INTEGER NOT NULL UNIQUE,
  parents TEXT NOT NULL,
  file TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  chain_hash TEXT NOT NULL,
  schema_hash TEXT NOT NULL,
  commit_sha TEXT,
  branch TEXT,
  applied_by TEXT NOT NULL,
  applied_at TEXT NOT NULL,
  duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
  target_uri TEXT NOT NULL,
  target_database TEXT NOT NULL,
  method TEXT NOT NULL CHECK (method IN ('upgrade', 'stamp', 'mirror'))
);
CREATE INDEX applied_migrations_commit ON applied_migrations (commit_sha);

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind <> ''),
  revision TEXT NOT NULL,
  outcome TEXT NOT NULL,
  actor TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE TABLE event_chain_head (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  last_id INTEGER NOT NULL,
  last_hash TEXT NOT NULL
);
INSERT INTO event_chain_head (singleton, last_id, last_hash) VALUES (1, 0, '');
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;

CREATE TABLE runs (
  revision TEXT PRIMARY KEY NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('upgrade', 'downgrade')),
  step_count INTEGER NOT NULL CHECK (step_count >= 0),
  commit_sha TEXT,
  branch TEXT,
  started_by TEXT NOT NULL,
  started_at TEXT NOT NULL
);
CREATE TABLE run_steps (
  revision TEXT NOT NULL REFERENCES runs (revision) ON DELETE CASCADE,
  step INTEGER NOT NULL CHECK (step >= 0),
  state TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed')),
  detail TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (revision, step)
);

CREATE TABLE batches (
  batch_id TEXT PRIMARY KEY NOT NULL,
  revision TEXT NOT NULL,
  step INTEGER NOT NULL CHECK (step >= 0),
  file TEXT,
  file_sha256 TEXT,
  loader_version TEXT NOT NULL,
  rows INTEGER NOT NULL DEFAULT 0 CHECK (rows >= 0),
  state TEXT NOT NULL CHECK (state IN ('loading', 'complete', 'failed', 'removing')),
  checkpoint TEXT NOT NULL DEFAULT '',
  started_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX batches_revision ON batches (revision);

CREATE TABLE schema_snapshots (
  schema_hash TEXT PRIMARY KEY NOT NULL,
  ir_json TEXT NOT NULL,
  stored_at TEXT NOT NULL
);
)sql";

constexpr const char* kSteps[] = {kVersion1};
static_assert(sizeof(kSteps) / sizeof(kSteps[0]) == kFormatVersion);

std::string quoted(const sqlite::Database& db) {
  return "'" + db.path().string() + "'";
}

} // namespace

void upgrade(sqlite::Database& db, int from) {
  for (int version = from; version < kFormatVersion; ++version)
    db.exec(kSteps[version], "upgrading its format");
  if (from == 0) {
    db.exec("PRAGMA application_id = " + std::to_string(kApplicationId), "creating it");
    sqlite::Statement info(db, "INSERT INTO ledger_info (key, value) VALUES ('created_by', ?)");
    info.bind(1, std::string("git-crochet ") + CROCHET_VERSION).run();
  }
  db.exec("PRAGMA user_version = " + std::to_string(kFormatVersion), "upgrading its format");
}

int check_identity(sqlite::Database& db) {
  const std::int64_t application_id = db.query_int("PRAGMA application_id");
  if (application_id != kApplicationId) {
    const bool empty = db.query_int("PRAGMA page_count") == 0;
    throw Error(
        quoted(db) + " is not a crochet ledger (" +
            (empty ? std::string("an empty file") : "an SQLite database of another application") +
            ")",
        "move the file aside, or point ledger_path in crochet.toml at another file");
  }
  const std::int64_t version = db.query_int("PRAGMA user_version");
  if (version > kFormatVersion)
    throw Error("the ledger " + quoted(db) + " was written by a newer git-crochet (ledger format " +
                    std::to_string(version) + "; this one reads up to format " +
                    std::to_string(kFormatVersion) + ")",
                "upgrade git-crochet to use this ledger");
  if (version < 0)
    throw Error("the ledger " + quoted(db) + " is corrupt (format version " +
                std::to_string(version) + ")");
  return static_cast<int>(version);
}

} // namespace crochet::ledger::format
