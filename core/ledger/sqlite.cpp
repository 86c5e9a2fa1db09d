#include "core/ledger/sqlite.hpp"

#include <utility>

#include "core/util/advice.hpp"
#include "core/util/error.hpp"

namespace crochet::ledger::sqlite {

namespace {

std::string quoted(const std::filesystem::path& path) {
  return "'" + path.string() + "'";
}

} // namespace

void fail(int code, const std::filesystem::path& path, std::string_view what,
          std::string_view detail) {
  const std::string where = quoted(path);
  const std::string why = detail.empty() ? std::string(sqlite3_errstr(code)) : std::string(detail);
  switch (code & 0xff) {
  case SQLITE_NOTADB:
    throw Error(where + " is not a crochet ledger (not an SQLite database)",
                "move the file aside, or point ledger_path in crochet.toml at another file");
  case SQLITE_CORRUPT:
    throw Error("the ledger " + where + " is corrupt (" + why + ")",
                "restore it from a backup, or move it aside and record what the database has "
                "with `" +
                    advice::crochet("stamp REV") + "`");
  case SQLITE_BUSY:
  case SQLITE_LOCKED:
    throw Error("the ledger " + where + " is busy: another git-crochet process is writing to it",
                "wait for that process to finish and run the command again");
  case SQLITE_READONLY:
  case SQLITE_PERM:
  case SQLITE_CANTOPEN:
    throw Error("cannot write the ledger " + where + " (" + why + ")",
                "check that the file and its folder exist and are writable");
  case SQLITE_FULL:
    throw Error("cannot write the ledger " + where + ": the disk is full");
  default:
    throw Error("ledger " + where + ": SQLite failed while " + std::string(what) + " (" + why +
                ")");
  }
}

Database::Database(const std::filesystem::path& path, bool create) : path_(path) {
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (create)
    flags |= SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string detail = db_ != nullptr ? sqlite3_errmsg(db_) : "";
    sqlite3_close(db_);
    db_ = nullptr;
    sqlite::fail(rc, path, "opening it", detail);
  }
  sqlite3_extended_result_codes(db_, 1);
}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    sqlite3_close(db_);
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
  }
  return *this;
}

Database::~Database() {
  sqlite3_close(db_);
}

void Database::fail(int code, std::string_view what) const {
  sqlite::fail(code, path_, what, db_ != nullptr ? sqlite3_errmsg(db_) : "");
}

void Database::exec(std::string_view sql, std::string_view what) {
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK)
    fail(rc, what);
}

std::int64_t Database::query_int(std::string_view sql) {
  Statement statement(*this, sql);
  return statement.step() ? statement.integer(0) : 0;
}

std::string Database::query_text(std::string_view sql) {
  Statement statement(*this, sql);
  return statement.step() ? statement.text(0) : std::string();
}

Statement::Statement(const Database& db, std::string_view sql) : db_(db) {
  const int rc =
      sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
  if (rc != SQLITE_OK)
    db_.fail(rc, "reading it");
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int index, std::string_view text) {
  const int rc =
      sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK)
    db_.fail(rc, "binding a value");
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  const int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK)
    db_.fail(rc, "binding a value");
  return *this;
}

Statement& Statement::bind_null(int index) {
  const int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK)
    db_.fail(rc, "binding a value");
  return *this;
}

Statement& Statement::bind_optional(int index, std::string_view text) {
  return text.empty() ? bind_null(index) : bind(index, text);
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW)
    return true;
  if (rc == SQLITE_DONE)
    return false;
  db_.fail(rc, "updating it");
}

int Statement::changes() const {
  return sqlite3_changes(db_.handle());
}

std::string Statement::text(int column) const {
  const unsigned char* value = sqlite3_column_text(stmt_, column);
  if (value == nullptr)
    return {};
  return std::string(reinterpret_cast<const char*>(value),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::int64_t Statement::integer(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

Transaction::Transaction(Database& db) : db_(db) {
  db_.exec("BEGIN IMMEDIATE", "starting a transaction");
  open_ = true;
}

Transaction::~Transaction() {
  if (open_)
    sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  db_.exec("COMMIT", "committing a transaction");
  open_ = false;
}

} // namespace crochet::ledger::sqlite
