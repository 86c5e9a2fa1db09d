#pragma once
// How a data load shows its progress: a bar on a terminal (rows, rate, ETA from the bytes read),
// nothing while running otherwise, and one summary line at the end either way.
#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <string>

#include "core/load/load.hpp"

namespace crochet::cli {

class LoadProgress {
public:
  // `out` is where the bar is drawn (stderr); `tty` whether it is a terminal.
  LoadProgress(std::ostream& out, bool tty) : out_(out), tty_(tty) {}

  // Called by the loader after each committed chunk.
  void update(const load::Progress& progress);
  // Clears the bar and prints "people: 200000 rows in 12.3 s (16260 rows/s)" (after a removal,
  // "people: removed 200000 rows ...").
  void finish(const std::string& batch, const load::LoadStats& stats);

private:
  std::ostream& out_;
  bool tty_;
  std::chrono::steady_clock::time_point last_draw_{};
  std::chrono::steady_clock::duration elapsed_{};
  bool drawn_ = false;
};

// "[#########-----------]  45%  90000 rows  15210 rows/s  ETA 0:07" for one progress report.
std::string progress_line(const load::Progress& progress, int width = 20);

} // namespace crochet::cli
