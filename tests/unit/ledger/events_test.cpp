// The hash-chained event log and how tampering with it is named.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/util/error.hpp"
#include "core/util/sha256.hpp"
#include "tests/unit/ledger/ledger_test_support.hpp"

namespace crochet::ledger {
namespace {

using ::testing::HasSubstr;
using namespace crochet::ledger::support;

class LedgerEvents : public ::testing::Test {
protected:
  void SetUp() override {
    path_ = dir_.path() / "ledger.db";
    Ledger ledger = Ledger::open(path_, ticking_options());
    ledger.append_event(NewEvent{"stamp", "0001_a", "ok", "Ada", Json{{"commit", "c1"}}});
    ledger.append_event(NewEvent{"upgrade", "0002_b", "ok", "Ada", Json{{"steps", 3}}});
    ledger.append_event(NewEvent{"verify", "", "failed", "Ada", Json::object()});
    ledger.append_event(NewEvent{"downgrade", "0002_b", "ok", "Ada", Json{{"steps", 3}}});
  }
  EventChainReport check() { return Ledger::open(path_).verify_event_chain(); }
  // A determined user can drop the append-only triggers; the hash chain still tells.
  void tamper(const std::string& sql) {
    RawDb raw(path_);
    raw.exec("DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;" + sql);
  }

  TempDir dir_;
  std::filesystem::path path_;
};

TEST_F(LedgerEvents, ChainsEachRowToThePreviousOne) {
  Ledger ledger = Ledger::open(path_);
  const std::vector<Event> events = ledger.events();
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].id, 1);
  EXPECT_EQ(events[0].prev_hash, "");
  EXPECT_EQ(events[0].at, "2024-01-01T00:00:00.000Z");
  EXPECT_EQ(events[1].at, "2024-01-01T00:00:01.000Z");
  for (std::size_t i = 1; i < events.size(); ++i) {
    EXPECT_EQ(events[i].id, events[i - 1].id + 1);
    EXPECT_EQ(events[i].prev_hash, events[i - 1].hash);
  }
  EXPECT_EQ(events[1].detail, R"({"steps":3})");
  const EventChainReport report = ledger.verify_event_chain();
  EXPECT_TRUE(report.intact);
  EXPECT_EQ(report.events, 4);
  EXPECT_FALSE(report.first_bad.has_value());
}

TEST_F(LedgerEvents, StoresDetailCanonically) {
  Ledger ledger = Ledger::open(path_);
  const Event event = ledger.append_event(
      NewEvent{"verify", "", "ok", "", Json{{"b", 1}, {"a", {{"d", 2}, {"c", 3}}}}});
  EXPECT_EQ(event.detail, R"({"a":{"c":3,"d":2},"b":1})");
}

TEST_F(LedgerEvents, RefusesAnEventWithoutKindOrWithANonObjectDetail) {
  Ledger ledger = Ledger::open(path_);
  EXPECT_THROW(ledger.append_event(NewEvent{"", "", "ok", "", Json::object()}), Error);
  EXPECT_THROW(ledger.append_event(NewEvent{"verify", "", "ok", "", Json(3)}), Error);
  EXPECT_EQ(ledger.events().size(), 4u);
}

TEST_F(LedgerEvents, TriggersRefuseUpdatesAndDeletes) {
  RawDb raw(path_);
  EXPECT_NE(raw.exec_code("UPDATE events SET outcome = 'ok' WHERE id = 3"), SQLITE_OK);
  EXPECT_NE(raw.exec_code("DELETE FROM events WHERE id = 4"), SQLITE_OK);
  EXPECT_EQ(raw.query_int("SELECT COUNT(*) FROM events"), 4);
}

TEST_F(LedgerEvents, NamesAnEditedRow) {
  tamper("UPDATE events SET outcome = 'ok' WHERE id = 3");
  const EventChainReport report = check();
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.first_bad, 3);
  EXPECT_THAT(report.problem, HasSubstr("event 3 (verify at 2024-01-01T00:00:02.000Z) was edited"));
}

TEST_F(LedgerEvents, NamesAnEditedDetail) {
  tamper(R"(UPDATE events SET detail = '{"steps":2}' WHERE id = 2)");
  const EventChainReport report = check();
  EXPECT_EQ(report.first_bad, 2);
  EXPECT_THAT(report.problem, HasSubstr("event 2 (upgrade 0002_b"));
  EXPECT_THAT(report.problem, HasSubstr("was edited"));
}

TEST_F(LedgerEvents, NamesARowEditedWithARecomputedHash) {
  // The forger recomputes row 2's own hash; row 3 still records the old one.
  const Event original = Ledger::open(path_).events()[1];
  const Json row = Json::array({original.id, original.at, original.kind, original.revision,
                                "failed", original.actor, original.detail});
  const std::string forged = "sha256:" + sha256_hex(original.prev_hash + "\n" + row.dump());
  tamper("UPDATE events SET outcome = 'failed', hash = '" + forged + "' WHERE id = 2");
  const EventChainReport report = check();
  EXPECT_EQ(report.first_bad, 2);
  EXPECT_THAT(report.problem, HasSubstr("event 2 (upgrade 0002_b"));
  EXPECT_THAT(report.problem, HasSubstr("it was rewritten"));
}

TEST_F(LedgerEvents, NamesADeletedRow) {
  tamper("DELETE FROM events WHERE id = 2");
  const EventChainReport report = check();
  EXPECT_EQ(report.first_bad, 2);
  EXPECT_THAT(report.problem, HasSubstr("event 2 is missing (deleted)"));
}

TEST_F(LedgerEvents, NamesADeletedFirstRow) {
  tamper("DELETE FROM events WHERE id = 1");
  const EventChainReport report = check();
  EXPECT_EQ(report.first_bad, 1);
  EXPECT_THAT(report.problem, HasSubstr("event 1 is missing"));
}

TEST_F(LedgerEvents, NamesDeletedNewestRows) {
  tamper("DELETE FROM events WHERE id >= 3");
  const EventChainReport report = check();
  EXPECT_EQ(report.first_bad, 3);
  EXPECT_THAT(report.problem, HasSubstr("event 3 is missing (deleted): the log ends at event 2"));
}

TEST_F(LedgerEvents, NamesARenumberedLog) {
  // Deleting row 2 and shifting the rest down closes the gap; the prev_hash link still breaks.
  tamper("DELETE FROM events WHERE id = 2; UPDATE events SET id = id - 1 WHERE id > 2;"
         "UPDATE event_chain_head SET last_id = 3");
  const EventChainReport report = check();
  EXPECT_FALSE(report.intact);
  EXPECT_EQ(report.first_bad, 1);
}

TEST_F(LedgerEvents, NamesARowAddedOutsideTheTool) {
  const Event last = Ledger::open(path_).events().back();
  tamper("INSERT INTO events VALUES (5, 'x', 'upgrade', '0009_z', 'ok', '', '{}', '" + last.hash +
         "', 'sha256:forged')");
  const EventChainReport report = check();
  EXPECT_EQ(report.first_bad, 5);
  EXPECT_THAT(report.problem, HasSubstr("event 5 (upgrade 0009_z at x) was added outside"));
}

TEST_F(LedgerEvents, EmptyLogIsIntact) {
  TempDir other;
  const EventChainReport report = Ledger::open(other.path() / "l.db").verify_event_chain();
  EXPECT_TRUE(report.intact);
  EXPECT_EQ(report.events, 0);
}

} // namespace
} // namespace crochet::ledger
