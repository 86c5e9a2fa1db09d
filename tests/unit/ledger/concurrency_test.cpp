// Two connections to one ledger: readers never wait for a writer (WAL), writers wait for each
// other up to the busy timeout and then fail with a clear message.
#include <chrono>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/util/error.hpp"
#include "tests/unit/ledger/ledger_test_support.hpp"

namespace crochet::ledger {
namespace {

using ::testing::HasSubstr;
using namespace crochet::ledger::support;
using namespace std::chrono_literals;

TEST(LedgerConcurrency, ReadersSeeTheLastCommitWhileAWriterHoldsTheLock) {
  TempDir dir;
  const auto path = dir.path() / "ledger.db";
  Ledger ledger = Ledger::open(path);
  ledger.record_applied(sample_migration("0001_a"), sample_event("upgrade", "0001_a"));
  RawDb writer(path);
  writer.exec("BEGIN IMMEDIATE; DELETE FROM applied_migrations;");
  OpenOptions options;
  options.busy_timeout = 50ms;
  Ledger reader = Ledger::open(path, options);
  EXPECT_EQ(reader.applied().size(), 1u);
  EXPECT_TRUE(reader.verify_event_chain().intact);
  writer.exec("ROLLBACK");
}

TEST(LedgerConcurrency, AWriterGivesUpAfterTheBusyTimeoutWithAClearError) {
  TempDir dir;
  const auto path = dir.path() / "ledger.db";
  OpenOptions options;
  options.busy_timeout = 200ms;
  Ledger ledger = Ledger::open(path, options);
  RawDb other(path);
  other.exec("BEGIN IMMEDIATE");
  const auto start = std::chrono::steady_clock::now();
  try {
    ledger.record_applied(sample_migration("0001_a"), sample_event("upgrade", "0001_a"));
    FAIL() << "write went through another writer's lock";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("is busy: another git-crochet process is writing to it"));
  }
  EXPECT_GE(std::chrono::steady_clock::now() - start, 150ms);
  other.exec("ROLLBACK");
  EXPECT_TRUE(ledger.applied().empty());
  ledger.record_applied(sample_migration("0001_a"), sample_event("upgrade", "0001_a"));
  EXPECT_EQ(ledger.applied().size(), 1u);
}

TEST(LedgerConcurrency, AWriterWaitsForTheOtherToFinish) {
  TempDir dir;
  const auto path = dir.path() / "ledger.db";
  Ledger ledger = Ledger::open(path); // default timeout: seconds
  RawDb other(path);
  other.exec("BEGIN IMMEDIATE");
  std::thread release([&other] {
    std::this_thread::sleep_for(150ms);
    other.exec("COMMIT");
  });
  ledger.record_applied(sample_migration("0001_a"), sample_event("upgrade", "0001_a"));
  release.join();
  EXPECT_EQ(ledger.applied().size(), 1u);
}

TEST(LedgerConcurrency, TwoConnectionsAppendingAtOnceKeepOneUnbrokenChain) {
  TempDir dir;
  const auto path = dir.path() / "ledger.db";
  Ledger::open(path);
  constexpr int kPerThread = 50;
  auto append = [&path](const std::string& who) {
    Ledger ledger = Ledger::open(path);
    for (int i = 0; i < kPerThread; ++i)
      ledger.append_event(NewEvent{"verify", "", "ok", who, Json{{"i", i}}});
  };
  std::thread first(append, "first");
  std::thread second(append, "second");
  first.join();
  second.join();
  Ledger ledger = Ledger::open(path);
  const EventChainReport report = ledger.verify_event_chain();
  EXPECT_TRUE(report.intact) << report.problem;
  EXPECT_EQ(report.events, 2 * kPerThread);
}

TEST(LedgerConcurrency, TwoProcessesCreatingTheLedgerAtOnceAgreeOnOneFile) {
  TempDir dir;
  const auto path = dir.path() / ".crochet" / "ledger.db";
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&path] {
      Ledger ledger = Ledger::open(path);
      ledger.append_event(NewEvent{"verify", "", "ok", "", Json::object()});
    });
  for (std::thread& thread : threads)
    thread.join();
  EXPECT_EQ(Ledger::open(path).events().size(), 4u);
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(path.parent_path()))
    files += entry.path().filename() == "ledger.db" ? 1 : 0;
  EXPECT_EQ(files, 1);
}

} // namespace
} // namespace crochet::ledger
