#include "core/util/trace.hpp"

#include <atomic>
#include <cstdio>
#include <mutex>

namespace crochet::trace {
namespace {

struct State {
  std::mutex mutex; // one line at a time, and the sink is not swapped under a writer
  Sink sink;
  std::atomic<bool> enabled{false};
};

State& state() {
  static State* instance = new State; // never destroyed: threads may trace during exit
  return *instance;
}

} // namespace

void set_performance_sink(Sink sink) {
  State& s = state();
  const std::lock_guard lock(s.mutex);
  s.enabled.store(static_cast<bool>(sink), std::memory_order_relaxed);
  s.sink = std::move(sink);
}

bool performance_enabled() {
  return state().enabled.load(std::memory_order_relaxed);
}

StageClock::StageClock(std::string operation)
    : operation_(std::move(operation)), enabled_(performance_enabled()),
      last_(std::chrono::steady_clock::now()) {}

void StageClock::mark(std::string_view stage) {
  if (!enabled_)
    return;
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - last_).count();
  char time[32];
  std::snprintf(time, sizeof time, "%.3f", ms);
  std::string line = "performance: ";
  line.append(time).append(" ms: ").append(operation_).append(": ").append(stage);
  {
    State& s = state();
    const std::lock_guard lock(s.mutex);
    if (s.sink)
      s.sink(line);
  }
  last_ = std::chrono::steady_clock::now(); // reporting is not the next stage's time
}

} // namespace crochet::trace
