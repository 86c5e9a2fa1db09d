#include "git-crochet/load_progress.hpp"

#include <ostream>

#include <fmt/format.h>

#include "core/data/validate.hpp"

namespace crochet::cli {
namespace {

double seconds(std::chrono::steady_clock::duration duration) {
  return std::chrono::duration<double>(duration).count();
}

std::string clock_time(double total_seconds) {
  const auto whole = static_cast<long long>(total_seconds + 0.5);
  return fmt::format("{}:{:02}", whole / 60, whole % 60);
}

std::string rows_text(std::int64_t rows) {
  return data::rows_text(static_cast<std::size_t>(rows));
}

// What the summary says of chunks whose answer was lost: "" when none was.
std::string lost_answers(const load::LoadStats& stats) {
  const std::int64_t lost = stats.uncounted_chunks;
  if (lost == 0)
    return "";
  const std::string chunks = lost == 1 ? "the answer to 1 chunk was lost"
                                       : fmt::format("the answers to {} chunks were lost", lost);
  if (stats.removal)
    return fmt::format("; {}, and {} sent again (what {} removed is not in the count)", chunks,
                       lost == 1 ? "it was" : "they were", lost == 1 ? "it" : "they");
  return fmt::format("; {}, and the graph's checkpoint shows {} committed (not in the counts)",
                     chunks, lost == 1 ? "it" : "them");
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
  const double elapsed = seconds(elapsed_);
  drawn_ = false; // the next batch starts afresh
  elapsed_ = {};
  if (stats.already_complete) {
    out_ << batch << ": already loaded (" << rows_text(stats.rows) << ")\n";
    return;
  }
  const std::int64_t done = stats.rows - stats.resumed_from;
  out_ << batch << ": " << (stats.removal ? "removed " : "") << rows_text(stats.rows);
  if (stats.resumed_from > 0)
    out_ << " (resumed after " << stats.resumed_from << ")";
  if (elapsed > 0)
    out_ << fmt::format(" in {:.1f} s ({:.0f} rows/s)", elapsed,
                        static_cast<double>(done) / elapsed);
  if (stats.skipped > 0)
    out_ << ", " << stats.skipped << " skipped (missing endpoint)";
  out_ << lost_answers(stats) << "\n";
}

} // namespace crochet::cli
