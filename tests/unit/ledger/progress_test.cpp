// Runs step by step, dataset batches with checkpoints, schema snapshots.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/util/error.hpp"
#include "tests/unit/ledger/ledger_test_support.hpp"

namespace crochet::ledger {
namespace {

using ::testing::HasSubstr;
using namespace crochet::ledger::support;

TEST(LedgerRuns, AnInterruptedRunSaysExactlyWhichStepsCompleted) {
  TempDir dir;
  const auto path = dir.path() / "ledger.db";
  {
    Ledger ledger = Ledger::open(path, ticking_options());
    ledger.begin_run(MigrationRun{"0003_c", "upgrade", 5, "c3", "main", "Ada", ""});
    ledger.record_step("0003_c", 0, "done");
    ledger.record_step("0003_c", 1, "done", "3 nodes");
    ledger.record_step("0003_c", 2, "running");
    ledger.record_step("0003_c", 2, "failed", "Neo.ClientError.Schema.ConstraintValidationFailed");
  } // the process dies here
  Ledger ledger = Ledger::open(path);
  const std::vector<MigrationRun> runs = ledger.runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].revision, "0003_c");
  EXPECT_EQ(runs[0].direction, "upgrade");
  EXPECT_EQ(runs[0].step_count, 5);
  EXPECT_EQ(runs[0].commit_sha, "c3");
  EXPECT_EQ(runs[0].started_at, "2024-01-01T00:00:00.000Z");
  const std::vector<StepProgress> steps = ledger.steps("0003_c");
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[1].state, "done");
  EXPECT_EQ(steps[1].detail, "3 nodes");
  EXPECT_EQ(steps[2].state, "failed");
  EXPECT_THAT(steps[2].detail, HasSubstr("ConstraintValidationFailed"));
}

// Steps 2 to 4 ran in one transaction that step 4 failed: steps 2 and 3 were rolled back with it.
TEST(LedgerRuns, AFailureForgetsTheStepsRolledBackWithIt) {
  TempDir dir;
  Ledger ledger = Ledger::open(dir.path() / "ledger.db");
  ledger.begin_run(MigrationRun{"0003_c", "upgrade", 5, "", "", "Ada", ""});
  ledger.record_step("0003_c", 0, "done");
  for (int step = 1; step <= 4; ++step)
    ledger.record_step("0003_c", step, "running");
  ledger.record_failure("0003_c", 3, 1, "/ by zero",
                        NewEvent{"upgrade", "0003_c", "failed", "Ada", {{"step", 4}}});
  const std::vector<StepProgress> steps = ledger.steps("0003_c");
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].step, 0);
  EXPECT_EQ(steps[0].state, "done");
  EXPECT_EQ(steps[1].step, 3);
  EXPECT_EQ(steps[1].state, "failed");
  EXPECT_EQ(steps[1].detail, "/ by zero");
  const std::vector<Event> events = ledger.events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].outcome, "failed");
  EXPECT_THROW(
      ledger.record_failure("0003_c", 5, 1, "", NewEvent{"upgrade", "0003_c", "failed", "Ada", {}}),
      Error); // no step 6: nothing recorded
  EXPECT_EQ(ledger.steps("0003_c").size(), 2u);
  EXPECT_EQ(ledger.events().size(), 1u);
}

TEST(LedgerRuns, RestartingARunForgetsItsOldSteps) {
  TempDir dir;
  Ledger ledger = Ledger::open(dir.path() / "ledger.db");
  ledger.begin_run(MigrationRun{"0003_c", "upgrade", 2, "", "", "Ada", ""});
  ledger.record_step("0003_c", 0, "done");
  ledger.begin_run(MigrationRun{"0003_c", "downgrade", 1, "", "", "Ada", ""});
  EXPECT_TRUE(ledger.steps("0003_c").empty());
  EXPECT_EQ(ledger.find_run("0003_c")->direction, "downgrade");
}

TEST(LedgerRuns, AbandoningARunForgetsItAndItsStepsAndLogsTheEvent) {
  TempDir dir;
  Ledger ledger = Ledger::open(dir.path() / "ledger.db");
  ledger.begin_run(MigrationRun{"0004_d", "downgrade", 3, "", "", "Ada", ""});
  ledger.record_step("0004_d", 0, "done");
  ledger.abandon_run("0004_d", NewEvent{"downgrade", "0004_d", "abandoned", "Ada", {{"steps", 3}}});
  EXPECT_FALSE(ledger.find_run("0004_d"));
  EXPECT_TRUE(ledger.steps("0004_d").empty());
  const std::vector<Event> events = ledger.events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, "downgrade");
  EXPECT_EQ(events[0].outcome, "abandoned");
  EXPECT_EQ(events[0].detail, R"({"steps":3})");
  EXPECT_TRUE(ledger.verify_event_chain().intact);
}

TEST(LedgerRuns, RefusesBadSteps) {
  TempDir dir;
  Ledger ledger = Ledger::open(dir.path() / "ledger.db");
  EXPECT_THROW(ledger.record_step("0003_c", 0, "done"), Error); // no run
  EXPECT_THROW(ledger.begin_run(MigrationRun{"0003_c", "sideways", 2, "", "", "", ""}), Error);
  ledger.begin_run(MigrationRun{"0003_c", "upgrade", 2, "", "", "Ada", ""});
  try {
    ledger.record_step("0003_c", 2, "done");
    FAIL() << "step out of range accepted";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("migration 0003_c has no step 3 (its run has 2 steps)"));
  }
  EXPECT_THROW(ledger.record_step("0003_c", 0, "finished"), Error);
  EXPECT_TRUE(ledger.steps("0003_c").empty());
}

Batch sample_batch(const std::string& id, const std::string& revision) {
  Batch batch;
  batch.batch_id = id;
  batch.revision = revision;
  batch.step = 1;
  batch.file = "data/people.csv";
  batch.file_sha256 = "sha256:people";
  batch.loader_version = "1";
  return batch;
}

TEST(LedgerBatches, RecordsCheckpointsAndFinishes) {
  TempDir dir;
  const auto path = dir.path() / "ledger.db";
  {
    Ledger ledger = Ledger::open(path, ticking_options());
    ledger.begin_batch(sample_batch("b-1", "0004_d"));
    ledger.checkpoint_batch("b-1", 10000, R"({"offset":123456,"row":10000})");
    ledger.checkpoint_batch("b-1", 20000, R"({"offset":246913,"row":20000})");
  } // killed half-way: the checkpoint survives
  Ledger ledger = Ledger::open(path);
  std::optional<Batch> batch = ledger.find_batch("b-1");
  ASSERT_TRUE(batch.has_value());
  EXPECT_EQ(batch->state, "loading");
  EXPECT_EQ(batch->rows, 20000);
  EXPECT_EQ(batch->checkpoint, R"({"offset":246913,"row":20000})");
  EXPECT_EQ(batch->file, "data/people.csv");
  EXPECT_EQ(batch->file_sha256, "sha256:people");
  EXPECT_EQ(batch->loader_version, "1");
  EXPECT_EQ(batch->started_at, "2024-01-01T00:00:00.000Z");
  EXPECT_EQ(batch->updated_at, "2024-01-01T00:00:02.000Z");

  ledger.finish_batch("b-1");
  EXPECT_EQ(ledger.find_batch("b-1")->state, "complete");
  try {
    ledger.checkpoint_batch("b-1", 30000, "{}");
    FAIL() << "checkpoint of a complete batch accepted";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("batch b-1 is complete, not loading"));
  }
  EXPECT_EQ(ledger.find_batch("b-1")->rows, 20000);
}

TEST(LedgerBatches, ListsByMigrationAndRemoves) {
  TempDir dir;
  Ledger ledger = Ledger::open(dir.path() / "ledger.db");
  ledger.begin_batch(sample_batch("b-1", "0004_d"));
  Batch inline_rows = sample_batch("b-2", "0005_e");
  inline_rows.file.clear();
  inline_rows.file_sha256.clear();
  ledger.begin_batch(inline_rows);
  EXPECT_EQ(ledger.batches().size(), 2u);
  ASSERT_EQ(ledger.batches("0005_e").size(), 1u);
  EXPECT_EQ(ledger.batches("0005_e")[0].file, "");
  EXPECT_THROW(ledger.begin_batch(sample_batch("b-1", "0004_d")), Error);
  ledger.set_batch_state("b-1", "removing");
  ledger.remove_batch("b-1");
  EXPECT_FALSE(ledger.find_batch("b-1").has_value());
  EXPECT_THROW(ledger.remove_batch("b-1"), Error);
  EXPECT_THROW(ledger.set_batch_state("b-2", "gone"), Error);
  EXPECT_THROW(ledger.set_batch_state("b-9", "failed"), Error);
  EXPECT_THROW(ledger.checkpoint_batch("b-9", 1, "{}"), Error);
  EXPECT_THROW(ledger.checkpoint_batch("b-2", -1, "{}"), Error);
}

TEST(LedgerSnapshots, StoresOnePerHashAndRefusesAConflict) {
  TempDir dir;
  Ledger ledger = Ledger::open(dir.path() / "ledger.db");
  EXPECT_FALSE(ledger.snapshot("sha256:s1").has_value());
  ledger.put_snapshot("sha256:s1", R"({"nodes":[]})");
  ledger.put_snapshot("sha256:s1", R"({"nodes":[]})");
  EXPECT_EQ(ledger.snapshot("sha256:s1"), R"({"nodes":[]})");
  try {
    ledger.put_snapshot("sha256:s1", R"({"nodes":[1]})");
    FAIL() << "conflicting snapshot accepted";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("already holds a different schema for sha256:s1"));
  }
  EXPECT_EQ(ledger.snapshot("sha256:s1"), R"({"nodes":[]})");
}

} // namespace
} // namespace crochet::ledger
