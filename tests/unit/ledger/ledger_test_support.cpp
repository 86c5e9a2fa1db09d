#include "tests/unit/ledger/ledger_test_support.hpp"

#include <atomic>
#include <fstream>
#include <random>
#include <sstream>

namespace crochet::ledger::support {

TempDir::TempDir() {
  std::random_device random;
  path_ = std::filesystem::temp_directory_path() /
          ("crochet-ledger-test-" + std::to_string(random()) + std::to_string(random()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

OpenOptions ticking_options() {
  OpenOptions options;
  auto ticks = std::make_shared<std::atomic<int>>(0);
  options.clock = [ticks] {
    return std::chrono::system_clock::time_point(std::chrono::seconds(1704067200 + (*ticks)++));
  };
  return options;
}

AppliedMigration sample_migration(const std::string& revision, std::vector<std::string> parents) {
  AppliedMigration m;
  m.revision = revision;
  m.parents = std::move(parents);
  m.file = "migrations/" + revision + ".toml";
  m.file_sha256 = "sha256:file-" + revision;
  m.chain_hash = "sha256:chain-" + revision;
  m.schema_hash = "sha256:schema-" + revision;
  m.commit_sha = std::string(40, 'a');
  m.branch = "main";
  m.applied_by = "Ada <ada@example.com>";
  m.duration_ms = 12;
  m.target_uri = "http://localhost:7474";
  m.target_database = "neo4j";
  return m;
}

NewEvent sample_event(const std::string& kind, const std::string& revision) {
  return NewEvent{kind, revision, "ok", "Ada <ada@example.com>", Json{{"note", "x"}}};
}

RawDb::RawDb(const std::filesystem::path& path) {
  if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK)
    ADD_FAILURE() << "cannot open " << path;
}

RawDb::~RawDb() {
  sqlite3_close(db_);
}

void RawDb::exec(const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK)
    ADD_FAILURE() << sql << ": " << (message ? message : "?");
  sqlite3_free(message);
}

int RawDb::exec_code(const std::string& sql) {
  return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
}

long long RawDb::query_int(const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  long long value = -1;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW)
    value = sqlite3_column_int64(stmt, 0);
  else
    ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db_);
  sqlite3_finalize(stmt);
  return value;
}

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write_bytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

} // namespace crochet::ledger::support
