#include "core/util/diagnostic.hpp"

#include <algorithm>

namespace crochet {
namespace {

std::string first_error_text(const Diagnostics& diagnostics) {
  auto it = std::find_if(diagnostics.begin(), diagnostics.end(),
                         [](const Diagnostic& d) { return d.severity == Severity::error; });
  if (it == diagnostics.end())
    return "invalid input";
  std::string text = it->format();
  const auto more = std::count_if(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) {
    return d.severity == Severity::error;
  });
  if (more > 1)
    text.append("\n(")
        .append(std::to_string(more - 1))
        .append(more > 2 ? " more errors)" : " more error)");
  return text;
}

} // namespace

std::string Diagnostic::format() const {
  std::string out = file;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (column > 0)
      out += ":" + std::to_string(column);
  }
  out += severity == Severity::error ? ": error: " : ": warning: ";
  out += message;
  if (line > 0 && !source_line.empty()) {
    const std::string number = std::to_string(line);
    // Plain appends: GCC 12 warns falsely (-Wrestrict) on "literal" + std::string chains.
    out.append("\n ").append(number).append(" | ").append(source_line);
    if (column > 0) {
      // Keep tabs so the caret lines up under the offending character in a terminal.
      std::string pad;
      std::uint32_t seen = 0;
      for (std::size_t i = 0; i < source_line.size() && seen + 1 < column; ++i) {
        const unsigned char c = static_cast<unsigned char>(source_line[i]);
        if ((c & 0xC0) == 0x80)
          continue;
        pad += c == '\t' ? '\t' : ' ';
        ++seen;
      }
      out.append("\n ").append(number.size(), ' ').append(" | ").append(pad).append("^");
    }
  }
  return out;
}

bool has_errors(const Diagnostics& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::error; });
}

std::uint32_t conflict_marker_line(std::string_view source) {
  static constexpr std::string_view markers[] = {"<<<<<<<", "=======", ">>>>>>>"};
  std::uint32_t line = 1, first = 0;
  std::size_t seen = 0;
  for (std::size_t at = 0; at < source.size() && seen < 3; ++line) {
    std::size_t end = source.find_first_of("\r\n", at);
    if (end == std::string_view::npos)
      end = source.size();
    const std::string_view text = source.substr(at, end - at);
    const std::string_view marker = markers[seen];
    // "<<<<<<< HEAD", "=======" alone, ">>>>>>> topic"
    if (text.starts_with(marker) &&
        (text.size() == marker.size() || (seen != 1 && text[marker.size()] == ' '))) {
      if (seen == 0)
        first = line;
      ++seen;
    }
    at = end + (source.compare(end, 2, "\r\n") == 0 ? 2 : 1);
  }
  return seen == 3 ? first : 0;
}

std::string line_of(std::string_view text, std::uint32_t line) {
  if (line == 0)
    return {};
  std::size_t start = 0;
  for (std::uint32_t current = 1; current < line; ++current) {
    const auto next = text.find('\n', start);
    if (next == std::string_view::npos)
      return {};
    start = next + 1;
  }
  auto end = text.find('\n', start);
  if (end == std::string_view::npos)
    end = text.size();
  if (end > start && text[end - 1] == '\r')
    --end;
  return std::string(text.substr(start, end - start));
}

DiagnosticError::DiagnosticError(Diagnostics diagnostics)
    : Error(first_error_text(diagnostics)), diagnostics_(std::move(diagnostics)) {}

} // namespace crochet
