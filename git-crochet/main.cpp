// git-crochet: versioned schema and data migrations for neomodel-defined Neo4j graphs.
// main parses the command line, runs one subcommand and turns any error into one clear message.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <unistd.h>

#include "core/util/diagnostic.hpp"
#include "core/util/error.hpp"
#include "core/util/trace.hpp"
#include "git-crochet/command.hpp"

namespace crochet::cli {

std::string Globals::start_directory() const {
  namespace fs = std::filesystem;
  const fs::path base = fs::current_path();
  if (directory.empty())
    return base.string();
  const fs::path dir = fs::absolute(base / directory).lexically_normal();
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw Error("cannot change to '" + directory + "': no such directory");
  return dir.string();
}

namespace {

// `git crochet --help` never reaches us: git runs `git help crochet`, which opens the man page
// `git-crochet`. `git-crochet --help` does the same; without man or the installed page it falls
// back to the usage text. Returns only when the manual cannot be shown.
void open_manual() {
  if (std::system("man -w git-crochet >/dev/null 2>&1") != 0)
    return;
  std::fflush(stdout);
  ::execlp("man", "man", "git-crochet", static_cast<char*>(nullptr));
}

// CROCHET_TRACE_PERFORMANCE, like git's GIT_TRACE_PERFORMANCE: any value but the ones git
// reads as off ("", 0, false, no, off, in any case) reports each stage of a model read on stderr.
void trace_performance_if_asked() {
  const char* value = std::getenv("CROCHET_TRACE_PERFORMANCE");
  if (value == nullptr)
    return;
  std::string lower(value);
  for (char& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.empty() || lower == "0" || lower == "false" || lower == "no" || lower == "off")
    return;
  trace::set_performance_sink([](std::string_view line) { std::cerr << line << '\n'; });
}

// The first word of the command line but -C and its folder, when no subcommand was recognised:
// an unknown command, or an option git-crochet does not have. nullptr when there is none.
const char* first_word(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) != "-C")
      return argv[i];
    ++i;
  }
  return nullptr;
}

// A usage error reads like every other error, with the help of the command it is about. It exits
// 129, as git's do: `git bisect run git crochet check ...` then stops instead of taking a typo for
// a bad commit (any status from 1 to 127 but 125 marks one).
int usage_error(CLI::App& app, const CLI::ParseError& e, int argc, char** argv) {
  // The command the words chose ("git crochet data validate") and its App.
  CLI::App* innermost = &app;
  std::string command = "git crochet";
  while (!innermost->get_subcommands().empty()) {
    innermost = innermost->get_subcommands().front();
    command += " " + innermost->get_name();
  }
  const std::string hint = "hint: see `" + command + " --help`\n";
  if (dynamic_cast<const CLI::RequiredError*>(&e) && innermost->get_subcommands().empty() &&
      innermost->get_require_subcommand_min() > 0) {
    const std::vector<std::string> extra = app.remaining(true);
    if (extra.empty()) {
      // `git crochet` or `git crochet hooks` alone: the commands to choose from, as `git`
      // alone lists its own, rather than "A subcommand is required".
      std::cerr << app.help(); // the innermost command's, named with its parents
      return 129;
    }
    const std::string& word = extra.front();
    std::cerr << "git-crochet: error: "
              << (word.starts_with("-") ? "unknown option '" + word + "'"
                  : innermost == &app   ? "'" + word + "' is not a git-crochet command"
                                        : "'" + word + "' is not a `" + command + "` command")
              << "\n"
              << hint;
    return 129;
  }
  if (innermost == &app)
    if (const char* word = first_word(argc, argv)) {
      const std::string what = word;
      std::cerr << "git-crochet: error: "
                << (what.starts_with("-") ? "unknown option '" + what + "'"
                                          : "'" + what + "' is not a git-crochet command")
                << "\n"
                << hint;
      return 129;
    }
  std::cerr << "git-crochet: error: " << e.what() << "\n" << hint;
  return 129;
}

int run(int argc, char** argv) {
  if (argc == 2 && std::string_view(argv[1]) == "--help")
    open_manual();
  trace_performance_if_asked();
  CLI::App app{"git-crochet: versioned schema and data migrations for neomodel Neo4j graphs",
               "git crochet"};
  app.set_version_flag("--version", std::string("git-crochet ") + CROCHET_VERSION);
  app.require_subcommand(1);
  app.fallthrough();

  Globals globals;
  globals.colour = ::isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
  app.add_option("-C", globals.directory, "Run as if started in DIR")->type_name("DIR");

  Action chosen;
  for (const Command& command : command_table()) {
    CLI::App* sub = app.add_subcommand(command.name, command.summary);
    Action action = command.configure(*sub, globals);
    sub->callback([&chosen, action] { chosen = action; });
  }

  // log reads what follows `--` as paths, as git log does; CLI11 would hand those words to its
  // RANGE, or refuse them once RANGE has a word before the `--`, so log is given them here.
  int parsed_argc = argc;
  if (const char* command = first_word(argc, argv); command && std::string_view(command) == "log")
    if (const auto separator = std::find(argv + 1, argv + argc, std::string_view("--"));
        separator != argv + argc) {
      globals.after_separator.assign(separator + 1, argv + argc);
      parsed_argc = static_cast<int>(separator - argv);
    }
  try {
    app.parse(parsed_argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0)
      return app.exit(e); // --help and --version
    return usage_error(app, e, argc, argv);
  }
  return chosen ? chosen() : 0;
}

} // namespace
} // namespace crochet::cli

int main(int argc, char** argv) {
  try {
    return crochet::cli::run(argc, argv);
  } catch (const crochet::DiagnosticError& e) {
    for (const auto& diagnostic : e.diagnostics())
      std::cerr << diagnostic.format() << "\n";
    if (!e.hint().empty())
      std::cerr << "hint: " << e.hint() << "\n";
    return e.exit_code();
  } catch (const crochet::Error& e) {
    std::cerr << "git-crochet: error: " << e.what() << "\n";
    if (!e.hint().empty())
      std::cerr << "hint: " << e.hint() << "\n";
    return e.exit_code();
  } catch (const std::exception& e) {
    std::cerr << "git-crochet: internal error: " << e.what() << "\n";
    return 129;
  }
}
