// git crochet hook <name> [args]: what the installed shims run. pre-commit and pre-merge-commit
// (the same gate, for a merge commit made without conflicts) exit 1 to refuse a commit;
// post-commit, post-merge, post-checkout and post-rewrite only print and always exit 0, whatever
// goes wrong (git makes post-checkout's status the status of `git checkout`).
#include <cstdlib>
#include <iostream>

#include "core/hooks/install.hpp"
#include "core/hooks/post_hooks.hpp"
#include "core/hooks/pre_commit.hpp"
#include "core/util/error.hpp"
#include "core/util/keep_until_exit.hpp"
#include "git-crochet/support.hpp"

namespace crochet::cli {
namespace {

// Set while a hook runs, so a git command started inside it (by a chained hook) does not run
// the same checks again; the shim sets it for the hook it chains.
constexpr const char* kGuard = "GIT_CROCHET_HOOK";

std::optional<hooks::HookContext> context_for(const Globals& globals) {
  std::optional<hooks::HookContext> context =
      hooks::open_hook_context(globals.start_directory(), read_options);
  if (context) // git runs hooks at the work tree root: advice is typed from there
    advise_from_here(context->project.root);
  return context;
}

int run_gate(const Globals& globals, hooks::GateHook hook) {
  try {
    auto context = context_for(globals);
    if (!context)
      return 0; // not a crochet project: nothing to check
    const hooks::GateOutcome outcome = hooks::pre_commit(*context, hook);
    keep_until_exit(std::move(*context)); // its parsed model files, freed at exit instead
    for (const std::string& warning : outcome.warnings)
      if (outcome.result == hooks::GateOutcome::Result::refused ||
          warning.find("cache") != std::string::npos)
        std::cerr << "git-crochet: warning: " << warning << "\n";
    std::cerr << outcome.report;
    return outcome.exit_code();
  } catch (const DiagnosticError& e) {
    std::cerr << "git-crochet: commit refused:\n";
    for (const Diagnostic& diagnostic : e.diagnostics())
      std::cerr << diagnostic.format() << "\n";
    std::cerr << hooks::bypass_advice(hook);
    return 1;
  } catch (const Error& e) {
    std::cerr << "git-crochet: commit refused: " << e.what() << "\n";
    if (!e.hint().empty())
      std::cerr << "hint: " << e.hint() << "\n";
    std::cerr << hooks::bypass_advice(hook);
    return 1;
  }
}

int run_post_hook(const Globals& globals, const std::string& name,
                  const std::vector<std::string>& args) {
  try {
    auto context = context_for(globals);
    if (!context)
      return 0;
    std::vector<std::string> lines;
    const auto arg = [&](std::size_t i) { return i < args.size() ? args[i] : std::string(); };
    // The pre-commit framework passes post-checkout's arguments in its environment instead.
    const auto from_env = [&](std::size_t i, const char* variable) {
      const char* value = std::getenv(variable);
      return args.empty() && value != nullptr ? std::string(value) : arg(i);
    };
    if (name == "post-commit")
      lines = hooks::post_commit(*context);
    else if (name == "post-merge")
      lines = hooks::post_merge(*context);
    else if (name == "post-checkout")
      lines = hooks::post_checkout(*context, from_env(0, "PRE_COMMIT_FROM_REF"),
                                   from_env(1, "PRE_COMMIT_TO_REF"),
                                   from_env(2, "PRE_COMMIT_CHECKOUT_TYPE"));
    else
      lines = hooks::post_rewrite(*context, arg(0), std::cin);
    for (const std::string& line : lines)
      std::cerr << line << "\n";
  } catch (const std::exception& e) {
    std::cerr << "git-crochet: warning: the " << name
              << " hook could not check the database: " << e.what() << "\n";
  }
  return 0;
}

} // namespace

Action configure_hook(CLI::App& app, const Globals& globals) {
  struct Options {
    std::string name;
    std::vector<std::string> args;
  };
  auto options = std::make_shared<Options>();
  app.footer("Run by the shims `git crochet hooks install` writes; also usable by hand, e.g. "
             "`git crochet hook pre-commit` checks the staged changes without committing. "
             "pre-commit and pre-merge-commit exit 1 when they refuse; the post-* hooks always "
             "exit 0.");
  app.add_option(
         "NAME", options->name,
         "pre-commit, pre-merge-commit, post-commit, post-merge, post-checkout or post-rewrite")
      ->required()
      ->check(CLI::IsMember(hooks::hook_names()));
  app.add_option("ARGS", options->args, "The arguments git passes to the hook");
  return [options, &globals]() -> int {
    if (std::getenv(kGuard) != nullptr)
      return 0; // inside a hook that already runs these checks
    ::setenv(kGuard, options->name.c_str(), 1);
    if (options->name == "pre-commit")
      return run_gate(globals, hooks::GateHook::pre_commit);
    if (options->name == "pre-merge-commit")
      return run_gate(globals, hooks::GateHook::pre_merge_commit);
    return run_post_hook(globals, options->name, options->args);
  };
}

} // namespace crochet::cli
