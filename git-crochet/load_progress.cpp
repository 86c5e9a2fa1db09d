#include "git-crochet/load_progress.hpp"

#include <ostream>

#include <fmt/format.h>

namespace crochet::cli {
namespace {

double seconds(std::chrono::steady_clock::duration duration) {
  return std::chrono::duration<double>(duration).count();
}

std::string clock_time(double total_seconds) {
  const auto whole = static_cast<long long>(total_seconds + 0.5);
  return fmt::format("{}:{:02}", whole / 60, whole % 60);
}

} // namespace

std::string progress_line(const load::Progress& progress, int width) {
  const double elapsed = seconds(progress.elapsed);
  const double rate = elapsed > 0 ? static_cast<double>(progress.rows) / elapsed : 0.0;
  std::string line = progress.batch + " ";
  if (progress.bytes_total > 0) {
    const double fraction = std::min(1.0, static_cast<double>(progress.bytes_done) /
                                              static_cast<double>(progress.bytes_total));
    const int filled = static_cast<int>(fraction * width);
    line += "[" + std::string(static_cast<std::size_t>(filled), '#') +
            std::string(static_cast<std::size_t>(width - filled), '-') + "] " +
            fmt::format("{:3.0f}%  ", fraction * 100);
    line += fmt::format("{} rows  {:.0f} rows/s", progress.rows, rate);
    if (fraction > 0 && fraction < 1)
      line += "  ETA " + clock_time(elapsed * (1 - fraction) / fraction);
    return line;
  }
  return line + fmt::format("{} rows  {:.0f} rows/s", progress.rows, rate);
}

void LoadProgress::update(const load::Progress& progress) {
  elapsed_ = progress.elapsed;
  if (!tty_)
    return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_draw_ < std::chrono::milliseconds(100))
    return; // redraw at most ten times a second
  last_draw_ = now;
  drawn_ = true;
  out_ << "\r\x1b[2K" << progress_line(progress) << std::flush;
}

void LoadProgress::finish(const std::string& batch, const load::LoadStats& stats) {
  if (drawn_)
    out_ << "\r\x1b[2K";
  if (stats.already_complete) {
    out_ << batch << ": already loaded (" << stats.rows << " rows)\n";
    return;
  }
  const double elapsed = seconds(elapsed_);
  const std::int64_t loaded = stats.rows - stats.resumed_from;
  out_ << batch << ": " << stats.rows << " rows";
  if (stats.resumed_from > 0)
    out_ << " (resumed after " << stats.resumed_from << ")";
  if (elapsed > 0)
    out_ << fmt::format(" in {:.1f} s ({:.0f} rows/s)", elapsed,
                        static_cast<double>(loaded) / elapsed);
  if (stats.skipped > 0)
    out_ << ", " << stats.skipped << " skipped (missing endpoint)";
  if (stats.uncounted_chunks == 1)
    out_ << "; the answer to 1 chunk was lost, and the graph's checkpoint shows it committed "
            "(not in the counts)";
  else if (stats.uncounted_chunks > 1)
    out_ << "; the answers to " << stats.uncounted_chunks
         << " chunks were lost, and the graph's checkpoint shows them committed (not in the "
            "counts)";
  out_ << "\n";
}

} // namespace crochet::cli
