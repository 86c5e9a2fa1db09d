#pragma once
// Thin RAII over the SQLite C API, private to the ledger layer (no other layer includes
// <sqlite3.h>). Every failure becomes a crochet::Error that names the ledger file.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <sqlite3.h>

namespace crochet::ledger::sqlite {

// Throws the crochet::Error for SQLite result `code` while doing `what` on the file at `path`:
// corrupt / not a database / busy / read-only / full / other, each with its own hint.
[[noreturn]] void fail(int code, const std::filesystem::path& path, std::string_view what,
                       std::string_view detail);

class Database {
public:
  // Opens an existing file (flags without SQLITE_OPEN_CREATE) or creates one.
  Database(const std::filesystem::path& path, bool create);
  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  sqlite3* handle() const { return db_; }
  const std::filesystem::path& path() const { return path_; }

  // Runs one or more statements without results.
  void exec(std::string_view sql, std::string_view what = "updating it");
  // The integer result of a one-value query such as "PRAGMA user_version".
  std::int64_t query_int(std::string_view sql);
  std::string query_text(std::string_view sql);
  [[noreturn]] void fail(int code, std::string_view what) const;

private:
  sqlite3* db_ = nullptr;
  std::filesystem::path path_;
};

class Statement {
public:
  Statement(const Database& db, std::string_view sql);
  Statement(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Parameters are 1-based, like SQLite's.
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, std::int64_t value);
  Statement& bind_null(int index);
  Statement& bind_optional(int index, std::string_view text); // "" binds NULL

  bool step();                        // true while a row is available
  void run() { (void)step(); }        // for statements without results
  int changes() const;                // rows changed by the last run()
  std::string text(int column) const; // NULL reads as ""
  std::int64_t integer(int column) const;
  bool is_null(int column) const;

private:
  const Database& db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// BEGIN IMMEDIATE (take the write lock up front, so two writers wait for each other instead of
// deadlocking on a lock upgrade); rolled back unless commit() ran.
class Transaction {
public:
  explicit Transaction(Database& db);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void commit();

private:
  Database& db_;
  bool open_ = false;
};

} // namespace crochet::ledger::sqlite
