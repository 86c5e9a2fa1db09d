#pragma once
// The tool table: every subcommand lives in its own cmd_*.cpp and registers itself with CLI11
// through one function listed in commands.cpp. Command files only parse flags and print;
// the work is done by core/.
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace crochet::cli {

// Options shared by every subcommand, filled in before a subcommand's action runs.
struct Globals {
  std::string directory;               // -C DIR, "" for the current directory
  bool colour = false;                 // stdout is a terminal and NO_COLOR is unset
  std::string start_directory() const; // absolute directory the command acts in
  // log's words after the command line's first "--", paths as git log reads them, which CLI11
  // would take for revisions (main keeps them from it).
  std::vector<std::string> after_separator;
};

// A subcommand's action returns the process exit code; errors are thrown as crochet::Error.
using Action = std::function<int()>;

struct Command {
  const char* name;
  const char* summary;
  // Adds the subcommand's flags to `sub`; returns the action to run when it is chosen.
  Action (*configure)(CLI::App& sub, const Globals& globals);
};

// commands.cpp
const std::vector<Command>& command_table();

} // namespace crochet::cli
