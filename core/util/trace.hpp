#pragma once
// Performance tracing, as git's GIT_TRACE_PERFORMANCE: when a sink is set (the CLI sets one from
// CROCHET_TRACE_PERFORMANCE), long operations report the wall time of each of their stages, so a
// slow hook or command can be taken apart without a profiler (always to stderr, unlike git's,
// which also takes a path). Off by default: a clock then costs one relaxed load and a clock
// reading when made, and a stage one branch.
#include <chrono>
#include <functional>
#include <string>
#include <string_view>

namespace crochet::trace {

// Receives one line per stage, without a newline. May be called from several threads, never at
// once. An empty sink turns tracing off.
using Sink = std::function<void(std::string_view line)>;
void set_performance_sink(Sink sink);
bool performance_enabled();

// Times the consecutive stages of one operation: each mark reports the time since the previous
// one (or since construction) as "performance: 12.345 ms: <operation>: <stage>".
class StageClock {
public:
  explicit StageClock(std::string operation);
  void mark(std::string_view stage);
  // The same, with the stage's name built by describe() only when tracing is on.
  template <typename Describe> void mark_with(Describe describe) {
    if (enabled_)
      mark(describe());
  }

private:
  std::string operation_;
  bool enabled_;
  std::chrono::steady_clock::time_point last_;
};

} // namespace crochet::trace
