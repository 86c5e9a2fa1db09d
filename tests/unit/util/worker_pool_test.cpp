#include "core/util/worker_pool.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
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

TEST(WorkerPool, NamesEachWorkerTheSameThreadInEveryLoop) {
  WorkerPool pool(3);
  std::mutex mutex;
  std::map<std::size_t, std::set<std::thread::id>> threads_of; // by worker index
  for (int loop = 0; loop < 20; ++loop) {
    std::atomic<int> arrived{0};
    // As above, every worker takes an iteration of every loop.
    pool.for_each(3, [&](std::size_t, std::size_t worker) {
      ++arrived;
      while (arrived.load() < 3)
        std::this_thread::yield();
      const std::lock_guard lock(mutex);
      threads_of[worker].insert(std::this_thread::get_id());
    });
  }
  ASSERT_EQ(threads_of.size(), 3u);
  std::set<std::thread::id> all;
  for (const auto& [worker, threads] : threads_of) {
    EXPECT_LT(worker, pool.size());
    EXPECT_EQ(threads.size(), 1u) << "worker " << worker << " is one thread";
    all.insert(threads.begin(), threads.end());
  }
  EXPECT_EQ(all.size(), 3u) << "and each worker another";
  EXPECT_EQ(threads_of[0], std::set<std::thread::id>{std::this_thread::get_id()})
      << "worker 0 is the caller";
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
