#pragma once
// Shared pieces of the ledger tests: a temporary folder, a fixed clock, sample rows, and a raw
// SQLite connection for poking at the file the way a user with the sqlite3 shell could.
#include <chrono>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "core/ledger/ledger.hpp"

namespace crochet::ledger::support {

class TempDir {
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

private:
  std::filesystem::path path_;
};

// 2024-01-01T00:00:00.000Z plus one second per call, so timestamps differ and are predictable.
OpenOptions ticking_options();

AppliedMigration sample_migration(const std::string& revision,
                                  std::vector<std::string> parents = {});
NewEvent sample_event(const std::string& kind, const std::string& revision = {});

// A raw connection; every statement must succeed.
class RawDb {
public:
  explicit RawDb(const std::filesystem::path& path);
  ~RawDb();
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;
  void exec(const std::string& sql);
  int exec_code(const std::string& sql); // the SQLite result code, without failing
  long long query_int(const std::string& sql);
  sqlite3* handle() { return db_; }

private:
  sqlite3* db_ = nullptr;
};

std::string read_bytes(const std::filesystem::path& path);
void write_bytes(const std::filesystem::path& path, const std::string& bytes);

} // namespace crochet::ledger::support
