// The lease keeper against the loopback protocol fake: it renews the lock's lease on a session of
// its own while the run is busy, stops when asked, carries on past a refused renewal or a session
// that cannot be opened, and reports a lock that another run took over, which the run's next
// renew() turns into its error.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/executor/lease_keeper.hpp"
#include "core/executor/lock.hpp"
#include "core/util/error.hpp"
#include "tests/unit/neo4j/fake_server.hpp"

namespace crochet::executor {
namespace {

using migration::Json;
using namespace std::chrono_literals;

constexpr const char* kOwner = "ci on runner pid 7";
constexpr const char* kRenewal = "RETURN count(l) AS renewed";

class LeaseKeeperTest : public ::testing::Test {
protected:
  void SetUp() override {
    fake_ = std::make_unique<neo4j::testing::FakeNeo4j>(
        std::vector<std::string>{"--family", "tx", "--version", "4.4.30"});
    options_.uri = fake_->uri();
  }

  SessionFactory sessions() {
    return [this](const neo4j::AbandonFlag& abandon) {
      ++opened_;
      return neo4j::connect(options_, {.abandon = abandon});
    };
  }

  // How many renewals reached the server, answered or not.
  int renewals_sent() {
    int count = 0;
    const Json state = fake_->state();
    for (const Json& request : state["requests"])
      count += request["body"].get<std::string>().find(kRenewal) != std::string::npos;
    return count;
  }

  // Renewals from now on find the lock this owner's (1) or someone else's (0).
  void renewals_find(int renewed) {
    fake_->rules(
        Json::array({{{"match", kRenewal}, {"columns", {"renewed"}}, {"rows", {{renewed}}}}}));
  }

  int renewals() {
    int count = 0;
    for (const std::string& statement : fake_->committed())
      count += statement.find(kRenewal) != std::string::npos;
    return count;
  }

  std::unique_ptr<neo4j::testing::FakeNeo4j> fake_;
  neo4j::SessionOptions options_;
  int opened_ = 0;
};

TEST_F(LeaseKeeperTest, RenewsEveryThirdOfTheLeaseUntilStopped) {
  renewals_find(1);
  {
    LeaseKeeper keeper(sessions(), kOwner, 300ms);
    std::this_thread::sleep_for(1000ms);
    EXPECT_FALSE(keeper.lost());
  }
  const int renewed = renewals();
  EXPECT_GE(renewed, 4); // ten ticks, less the time the renewals themselves took
  EXPECT_LE(renewed, 10);
  EXPECT_EQ(opened_, 1); // one session, kept
  std::this_thread::sleep_for(250ms);
  EXPECT_EQ(renewals(), renewed); // nothing once stopped
  const Json state = fake_->state();
  EXPECT_EQ(state["committed"][0]["parameters"]["owner"], kOwner);
  EXPECT_EQ(state["committed"][0]["parameters"]["lease"], 300);
}

TEST_F(LeaseKeeperTest, StopsAtOnceWhenAskedBetweenRenewals) {
  renewals_find(1);
  const auto started = std::chrono::steady_clock::now();
  { LeaseKeeper keeper(sessions(), kOwner, std::chrono::minutes(5)); }
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
  EXPECT_EQ(renewals(), 0);
}

// The run is over (or failed) while the server hangs: exiting must not wait for the renewal's
// answer, which could take the transport's whole timeout (ten minutes) for each retry.
TEST_F(LeaseKeeperTest, StopsWithinASecondWhileARenewalWaitsOnAServerThatDoesNotAnswer) {
  renewals_find(1);
  fake_->faults(
      Json::array({{{"method", "POST"}, {"body", kRenewal}, {"action", "delay"}, {"ms", 20000}}}));
  std::optional<LeaseKeeper> keeper;
  keeper.emplace(sessions(), kOwner, 150ms);
  std::this_thread::sleep_for(400ms);
  ASSERT_EQ(renewals_sent(), 1); // the first renewal waits on the server
  const auto started = std::chrono::steady_clock::now();
  keeper.reset();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
  EXPECT_EQ(renewals(), 0);
  EXPECT_EQ(renewals_sent(), 1); // given up, and not sent again
}

TEST_F(LeaseKeeperTest, ALockTakenOverIsReportedAndEndsTheKeeping) {
  renewals_find(0);
  LeaseKeeper keeper(sessions(), kOwner, 150ms);
  std::this_thread::sleep_for(400ms);
  EXPECT_TRUE(keeper.lost());
  EXPECT_EQ(renewals(), 1);
}

TEST_F(LeaseKeeperTest, ARenewalTheServerRefusesIsTriedAgainAtTheNextTick) {
  renewals_find(1);
  fake_->faults(Json::array({{{"method", "POST"},
                              {"body", kRenewal},
                              {"action", "error_in_body"},
                              {"code", "Neo.ClientError.Statement.SyntaxError"},
                              {"message", "refused"},
                              {"times", 2}}}));
  LeaseKeeper keeper(sessions(), kOwner, 150ms);
  std::this_thread::sleep_for(450ms);
  EXPECT_FALSE(keeper.lost());
  EXPECT_GE(renewals(), 1); // after the two refused ones
}

TEST_F(LeaseKeeperTest, ASessionThatCannotBeOpenedIsTriedAgainAtTheNextTick) {
  renewals_find(1);
  int attempts = 0;
  LeaseKeeper keeper(
      [&](const neo4j::AbandonFlag&) -> std::unique_ptr<neo4j::Session> {
        if (++attempts == 1)
          throw Error("no route to the server");
        return neo4j::connect(options_);
      },
      kOwner, 150ms);
  std::this_thread::sleep_for(400ms);
  EXPECT_FALSE(keeper.lost());
  EXPECT_GE(renewals(), 1);
}

// What the run sees: its next renewal between steps stops it with the lock's error, without
// asking the server again.
TEST_F(LeaseKeeperTest, TheRunsNextRenewalReportsALockTheKeeperFoundTakenOver) {
  fake_->rules(Json::array({{{"match", "MERGE"},
                             {"columns", {"owner", "expires_at", "now"}},
                             {"rows", {{nullptr, nullptr, 1000}}}}}));
  const std::unique_ptr<neo4j::Session> session = neo4j::connect(options_);
  GraphLock lock(*session, kOwner, 150ms, sessions());
  lock.acquire(0ms);
  renewals_find(0);
  std::this_thread::sleep_for(400ms);
  const int renewed = renewals();
  try {
    lock.renew();
    FAIL() << "a lock taken over went unreported";
  } catch (const Error& error) {
    EXPECT_THAT(error.what(), ::testing::HasSubstr("the migration lock was broken or taken over"));
  }
  EXPECT_EQ(renewals(), renewed);
  EXPECT_FALSE(lock.held());
}

} // namespace
} // namespace crochet::executor
