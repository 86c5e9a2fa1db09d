// Opening and creating the ledger file, and every way a file at its path can be wrong.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/util/error.hpp"
#include "tests/unit/ledger/ledger_test_support.hpp"

namespace crochet::ledger {
namespace {

using ::testing::HasSubstr;
using namespace crochet::ledger::support;

std::string open_error(const std::filesystem::path& path, OpenOptions options = {}) {
  try {
    Ledger::open(path, options);
  } catch (const Error& e) {
    return e.what();
  }
  return "(opened)";
}

TEST(LedgerOpen, CreatesAWalLedgerWithItsIdentityAndNoTemporaryFiles) {
  TempDir dir;
  const auto path = dir.path() / ".crochet" / "ledger.db";
  {
    Ledger ledger = Ledger::open(path);
    EXPECT_EQ(ledger.format_version(), kFormatVersion);
    EXPECT_EQ(ledger.path(), path);
  }
  RawDb raw(path);
  EXPECT_EQ(raw.query_int("PRAGMA application_id"), kApplicationId);
  EXPECT_EQ(raw.query_int("PRAGMA user_version"), kFormatVersion);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw.handle(), "PRAGMA journal_mode", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "wal");
  sqlite3_finalize(stmt);
  for (const auto& entry : std::filesystem::directory_iterator(path.parent_path()))
    EXPECT_EQ(entry.path().filename().string().find(".new-"), std::string::npos) << entry.path();
}

TEST(LedgerOpen, KeepsWhatWasRecordedAcrossOpens) {
  TempDir dir;
  const auto path = dir.path() / "ledger.db";
  Ledger::open(path).record_applied(sample_migration("0001_a"), sample_event("stamp", "0001_a"));
  Ledger again = Ledger::open(path);
  ASSERT_EQ(again.applied().size(), 1u);
  EXPECT_EQ(again.applied()[0].revision, "0001_a");
  EXPECT_EQ(again.events().size(), 1u);
}

TEST(LedgerOpen, OpenExistingDoesNotCreateAFile) {
  TempDir dir;
  const auto path = dir.path() / ".crochet" / "ledger.db";
  EXPECT_FALSE(Ledger::open_existing(path).has_value());
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path.parent_path()));
  OpenOptions options;
  options.create = false;
  EXPECT_THAT(open_error(path, options), HasSubstr("there is no ledger at"));
  Ledger::open(path);
  EXPECT_TRUE(Ledger::open_existing(path).has_value());
}

TEST(LedgerOpen, RefusesAFileThatIsNotSqlite) {
  TempDir dir;
  const auto path = dir.path() / "ledger.db";
  const std::string garbage = "this is a text file, not a database\n" + std::string(4096, 'x');
  write_bytes(path, garbage);
  EXPECT_THAT(open_error(path), HasSubstr("is not a crochet ledger (not an SQLite database)"));
  EXPECT_EQ(read_bytes(path), garbage); // untouched
}

TEST(LedgerOpen, RefusesAnotherApplicationsSqliteDatabaseWithoutWritingToIt) {
  TempDir dir;
  const auto path = dir.path() / "ledger.db";
  {
    RawDb raw(path);
    raw.exec("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);"
             "INSERT INTO customers (name) VALUES ('Ada');");
  }
  const std::string before = read_bytes(path);
  EXPECT_THAT(open_error(path),
              HasSubstr("is not a crochet ledger (an SQLite database of another application)"));
  EXPECT_EQ(read_bytes(path), before);
  EXPECT_FALSE(std::filesystem::exists(path.string() + "-wal"));
}

TEST(LedgerOpen, RefusesAnEmptyFile) {
  TempDir dir;
  const auto path = dir.path() / "ledger.db";
  write_bytes(path, "");
  EXPECT_THAT(open_error(path), HasSubstr("is not a crochet ledger (an empty file)"));
  EXPECT_EQ(std::filesystem::file_size(path), 0u);
}

TEST(LedgerOpen, RefusesALedgerFromANewerVersion) {
  TempDir dir;
  const auto path = dir.path() / "ledger.db";
  Ledger::open(path);
  {
    RawDb raw(path);
    raw.exec("PRAGMA user_version = " + std::to_string(kFormatVersion + 1));
  }
  const std::string message = open_error(path);
  EXPECT_THAT(message, HasSubstr("was written by a newer git-crochet"));
  EXPECT_THAT(message, HasSubstr("ledger format " + std::to_string(kFormatVersion + 1)));
}

// Fills a ledger with enough rows to span many pages, then cuts the file.
std::filesystem::path truncated_ledger(const TempDir& dir, double keep) {
  const auto path = dir.path() / "ledger.db";
  {
    Ledger ledger = Ledger::open(path);
    for (int i = 0; i < 30; ++i)
      ledger.append_event(NewEvent{"verify", "", "ok", "", Json{{"pad", std::string(3000, 'p')}}});
  }
  // The last connection checkpointed the WAL into the main file and removed it.
  EXPECT_FALSE(std::filesystem::exists(path.string() + "-wal"));
  const auto size = std::filesystem::file_size(path);
  std::filesystem::resize_file(path, static_cast<std::uintmax_t>(size * keep));
  return path;
}

TEST(LedgerOpen, RefusesATruncatedLedgerAsCorrupt) {
  TempDir dir;
  const auto path = truncated_ledger(dir, 0.5);
  const std::string before = read_bytes(path);
  EXPECT_THAT(open_error(path), HasSubstr("is corrupt"));
  EXPECT_EQ(read_bytes(path), before);
}

TEST(LedgerOpen, RefusesALedgerCutInsideItsHeader) {
  TempDir dir;
  const auto path = dir.path() / "ledger.db";
  Ledger::open(path);
  std::filesystem::resize_file(path, 60);
  const std::string message = open_error(path);
  EXPECT_THAT(message,
              ::testing::AnyOf(HasSubstr("is corrupt"), HasSubstr("is not a crochet ledger")));
}

TEST(LedgerOpen, RefusesAFolderAtItsPath) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "ledger.db");
  EXPECT_THAT(open_error(dir.path() / "ledger.db"), HasSubstr("is a folder"));
}

TEST(LedgerOpen, ForeignKeysAreEnforcedSoARunTakesItsStepsWithIt) {
  TempDir dir;
  Ledger ledger = Ledger::open(dir.path() / "ledger.db");
  ledger.begin_run(MigrationRun{"0001_a", "upgrade", 3, "", "", "Ada", ""});
  ledger.record_step("0001_a", 0, "done");
  ledger.abandon_run("0001_a");
  ledger.begin_run(MigrationRun{"0001_a", "upgrade", 3, "", "", "Ada", ""});
  EXPECT_TRUE(ledger.steps("0001_a").empty());
}

TEST(LedgerTimestamp, FormatsUtcWithMilliseconds) {
  using namespace std::chrono;
  EXPECT_EQ(format_timestamp(system_clock::time_point(milliseconds(1704067200123))),
            "2024-01-01T00:00:00.123Z");
  EXPECT_EQ(format_timestamp(system_clock::time_point(milliseconds(-1))),
            "1969-12-31T23:59:59.999Z");
}

} // namespace
} // namespace crochet::ledger
