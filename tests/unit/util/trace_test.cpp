// Performance tracing: off until a sink is set, then one line per stage with its time.
#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "core/util/trace.hpp"

namespace crochet::trace {
namespace {

class Trace : public ::testing::Test {
protected:
  void TearDown() override { set_performance_sink({}); } // the sink is process-wide
  void capture() {
    set_performance_sink([this](std::string_view line) { lines.emplace_back(line); });
  }
  std::vector<std::string> lines;
};

TEST_F(Trace, OffUntilASinkIsSet) {
  EXPECT_FALSE(performance_enabled());
  StageClock clock("op");
  bool described = false;
  clock.mark_with([&] {
    described = true;
    return std::string("stage");
  });
  clock.mark("stage");
  EXPECT_FALSE(described) << "a stage's description is not built when tracing is off";
  capture();
  EXPECT_TRUE(performance_enabled());
  set_performance_sink({});
  EXPECT_FALSE(performance_enabled());
}

TEST_F(Trace, EachMarkReportsTheTimeSinceThePreviousOne) {
  capture();
  StageClock clock("read models");
  // Long enough that the next stage, marked at once, stays shorter even on a loaded machine.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  clock.mark("parse 2 files");
  clock.mark_with([] { return std::string("index names"); });
  ASSERT_EQ(lines.size(), 2u);
  const std::regex format(R"(performance: ([0-9]+\.[0-9]{3}) ms: read models: (.*))");
  std::smatch first, second;
  ASSERT_TRUE(std::regex_match(lines[0], first, format)) << lines[0];
  ASSERT_TRUE(std::regex_match(lines[1], second, format)) << lines[1];
  EXPECT_EQ(first[2], "parse 2 files");
  EXPECT_EQ(second[2], "index names");
  EXPECT_GE(std::stod(first[1]), 200.0);
  EXPECT_LT(std::stod(second[1]), std::stod(first[1]))
      << "the second stage starts at the first mark";
}

TEST_F(Trace, LinesFromSeveralThreadsArriveWhole) {
  capture();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([t] {
      StageClock clock("thread " + std::to_string(t));
      for (int i = 0; i < 50; ++i)
        clock.mark("stage " + std::to_string(i));
    });
  for (std::thread& thread : threads)
    thread.join();
  ASSERT_EQ(lines.size(), 200u);
  const std::regex format(R"(performance: [0-9]+\.[0-9]{3} ms: thread [0-3]: stage [0-9]+)");
  for (const std::string& line : lines)
    EXPECT_TRUE(std::regex_match(line, format)) << line;
}

} // namespace
} // namespace crochet::trace
