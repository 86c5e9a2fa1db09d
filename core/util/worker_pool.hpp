#pragma once
// A fixed set of threads that run the iterations of one loop at a time. Starting threads for
// every small loop costs more than the loop when it runs hundreds of times (`log` reads its
// changes in rounds): each start is a clone, and each exit tears down the thread's allocator
// heap. These threads start once and wait between loops.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace crochet {

// Threads worth starting for `tasks` independent tasks, the caller counted: one per core, at
// most 8, at most one per task, at least 1. The cores are counted once per process: each
// std::thread::hardware_concurrency() call reads /sys (about 8 ms of a cold `log`, which
// reads a thousand small trees).
std::size_t useful_threads(std::size_t tasks);

class WorkerPool {
public:
  // `threads` counts the calling thread, which takes part in every loop: 1 starts none. Fewer
  // start when the system refuses more; every loop still runs to completion.
  explicit WorkerPool(std::size_t threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Threads taking part in a loop, the caller included.
  std::size_t size() const { return threads_.size() + 1; }

  // Runs work(0) ... work(count - 1), each once, on the pool and the calling thread, and returns
  // when all have finished. The first exception thrown is rethrown here; iterations not yet
  // started when it was thrown are skipped. One loop at a time: call it from one thread, and
  // never from inside `work` (the pool's threads are all taken by the running loop).
  void for_each(std::size_t count, const std::function<void(std::size_t)>& work);
  // The same, also passing the worker that runs each iteration: 0 is the calling thread, 1 to
  // size() - 1 the pool's threads, each the same thread in every loop. State that is not
  // thread-safe (a memo, scratch space) can be kept per worker, and memory can be freed by the
  // thread that allocated it.
  using WorkerLoop = std::function<void(std::size_t index, std::size_t worker)>;
  void for_each(std::size_t count, const WorkerLoop& work);

private:
  void serve(std::size_t worker);
  void run_iterations(std::size_t worker);

  std::mutex mutex_;
  std::condition_variable wake_; // a loop started, or the pool is stopping
  std::condition_variable done_; // the last worker finished its part of the loop
  std::uint64_t generation_ = 0; // loops started so far
  std::size_t busy_ = 0;         // workers still in the current loop
  bool stopping_ = false;
  // The current loop; written under the mutex before generation_ moves on.
  const WorkerLoop* work_ = nullptr;
  std::size_t count_ = 0;
  std::atomic<std::size_t> next_{0};
  std::atomic<bool> failed_{false};
  std::exception_ptr failure_;
  std::vector<std::thread> threads_;
};

} // namespace crochet
