#pragma once
// A located message about a source file: "file:line:col: error: text", then the offending line
// and a caret. Used by the Python reader, model resolution, config and migration loading.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/error.hpp"

namespace crochet {

enum class Severity { warning, error };

struct Diagnostic {
  Severity severity = Severity::error;
  std::string file;         // path relative to the project root, '/'-separated
  std::uint32_t line = 0;   // 1-based; 0 when the message is about the whole file
  std::uint32_t column = 0; // 1-based, in characters (code points)
  std::string message;
  std::string source_line; // the text of `line`, without its newline; may be empty

  // "file:line:col: severity: message" followed by the source line and a caret, when known.
  std::string format() const;
};

using Diagnostics = std::vector<Diagnostic>;

bool has_errors(const Diagnostics& diagnostics);

// The line of the first marker of a git merge conflict left in `text` (<<<<<<<, then =======,
// then >>>>>>>, each opening a line), or 0. A file that stopped parsing because of one is
// reported as that, rather than as the syntax error its markers make.
std::uint32_t conflict_marker_line(std::string_view text);

// The line `line` (1-based) of `text`, without its line terminator; empty when out of range.
std::string line_of(std::string_view text, std::uint32_t line);

// Thrown when reading input produced at least one error diagnostic. what() is the first error,
// formatted; all diagnostics are kept so callers can print every one.
class DiagnosticError : public Error {
public:
  explicit DiagnosticError(Diagnostics diagnostics);
  const Diagnostics& diagnostics() const { return diagnostics_; }

private:
  Diagnostics diagnostics_;
};

} // namespace crochet
