#include "core/util/worker_pool.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

namespace crochet {
namespace {

TEST(UsefulThreads, OnePerCoreAtMostEightAndNoMoreThanTasks) {
  const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  EXPECT_EQ(useful_threads(0), 1u); // the caller always takes part
  EXPECT_EQ(useful_threads(1), 1u);
  for (std::size_t tasks : {2u, 3u, 7u, 8u, 9u, 1000u})
    EXPECT_EQ(useful_threads(tasks), std::min({cores, std::size_t{8}, tasks})) << tasks;
}

TEST(WorkerPool, RunsEveryIterationOnceInEachOfManyLoops) {
  WorkerPool pool(4);
  EXPECT_EQ(pool.size(), 4u);
  for (std::size_t loop = 0; loop < 200; ++loop) {
    const std::size_t count = loop % 7; // including empty loops
    std::vector<std::atomic<int>> runs(count);
    pool.for_each(count, [&](std::size_t i) { ++runs[i]; });
    for (std::size_t i = 0; i < count; ++i)
      ASSERT_EQ(runs[i].load(), 1) << "loop " << loop << " iteration " << i;
  }
}

TEST(WorkerPool, SpreadsALoopOverItsThreads) {
  WorkerPool pool(3);
  std::mutex mutex;
  std::set<std::thread::id> seen;
  std::atomic<int> arrived{0};
  // Each iteration waits until all three have started, so three threads must have taken one.
  pool.for_each(3, [&](std::size_t) {
    ++arrived;
    while (arrived.load() < 3)
      std::this_thread::yield();
    const std::lock_guard lock(mutex);
    seen.insert(std::this_thread::get_id());
  });
  EXPECT_EQ(seen.size(), 3u);
  EXPECT_TRUE(seen.count(std::this_thread::get_id())) << "the caller takes part";
}

TEST(WorkerPool, OneThreadRunsOnTheCaller) {
  WorkerPool pool(1);
  EXPECT_EQ(pool.size(), 1u);
  std::set<std::thread::id> seen;
  pool.for_each(5, [&](std::size_t) { seen.insert(std::this_thread::get_id()); });
  EXPECT_EQ(seen, std::set<std::thread::id>{std::this_thread::get_id()});
}

TEST(WorkerPool, RethrowsTheFirstFailureAndStaysUsable) {
  WorkerPool pool(2);
  std::atomic<int> ran{0};
  EXPECT_THROW(pool.for_each(1000,
                             [&](std::size_t i) {
                               ++ran;
                               if (i == 3)
                                 throw std::runtime_error("iteration 3");
                               // Slow enough that the failure stops the loop long before its end.
                               std::this_thread::sleep_for(std::chrono::microseconds(200));
                             }),
               std::runtime_error);
  EXPECT_LT(ran.load(), 1000) << "iterations after the failure are skipped";
  std::atomic<int> after{0};
  pool.for_each(10, [&](std::size_t) { ++after; });
  EXPECT_EQ(after.load(), 10);
}

} // namespace
} // namespace crochet
