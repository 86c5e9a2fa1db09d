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
