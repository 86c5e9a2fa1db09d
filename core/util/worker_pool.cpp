#include "core/util/worker_pool.hpp"

#include <algorithm>
#include <system_error>
#include <utility>

namespace crochet {

std::size_t useful_threads(std::size_t tasks) {
  static const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  return std::max(std::size_t{1}, std::min({cores, std::size_t{8}, tasks}));
}

WorkerPool::WorkerPool(std::size_t threads) {
  threads_.reserve(threads > 1 ? threads - 1 : 0);
  for (std::size_t t = 1; t < threads; ++t) {
    try {
      threads_.emplace_back([this, t] { serve(t); });
    } catch (const std::system_error&) {
      break; // the caller and the threads started so far do the work
    }
  }
}

WorkerPool::~WorkerPool() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& thread : threads_)
    thread.join();
}

void WorkerPool::for_each(std::size_t count, const std::function<void(std::size_t)>& work) {
  for_each(count, [&work](std::size_t index, std::size_t) { work(index); });
}

void WorkerPool::for_each(std::size_t count, const WorkerLoop& work) {
  if (count == 0)
    return;
  {
    const std::lock_guard lock(mutex_);
    work_ = &work;
    count_ = count;
    next_ = 0;
    failed_ = false;
    failure_ = nullptr;
    busy_ = threads_.size();
    ++generation_;
  }
  wake_.notify_all();
  run_iterations(0);
  std::exception_ptr failure;
  {
    // Every worker takes part in every loop, so none can still see this one's work afterwards.
    std::unique_lock lock(mutex_);
    done_.wait(lock, [this] { return busy_ == 0; });
    work_ = nullptr;
    failure = std::exchange(failure_, nullptr);
  }
  if (failure)
    std::rethrow_exception(failure);
}

void WorkerPool::serve(std::size_t worker) {
  std::uint64_t seen = 0;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || generation_ != seen; });
      if (stopping_)
        return;
      seen = generation_;
    }
    run_iterations(worker);
    const std::lock_guard lock(mutex_);
    if (--busy_ == 0)
      done_.notify_one();
  }
}

void WorkerPool::run_iterations(std::size_t worker) {
  try {
    for (std::size_t i = next_++; i < count_ && !failed_; i = next_++)
      (*work_)(i, worker);
  } catch (...) {
    const std::lock_guard lock(mutex_);
    if (!failure_)
      failure_ = std::current_exception();
    failed_ = true;
  }
}

} // namespace crochet
