#pragma once
// Small helpers shared by subcommands: finding the project, reading its models, printing.
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "core/git/repository.hpp"
#include "core/history/context.hpp"
#include "core/hooks/context.hpp"
#include "core/model/reader.hpp"
#include "core/project/project.hpp"
#include "core/state/workspace.hpp"
#include "git-crochet/command.hpp"

namespace crochet::cli {

// The project the command acts on, found from -C DIR or the current folder. Each also makes
// the advice the command prints name that project as typed in the shell's folder, which -C does
// not change (core/util/advice.hpp): `git crochet -C backend ...` from a monorepo's root.
project::Project open_project(const Globals& globals);
state::Workspace open_workspace(const Globals& globals);
history::HistoryContext open_history(const Globals& globals);
void advise_from_here(const std::filesystem::path& project_root);

// Options for reading the models of `project`: its folder name as package and display prefix.
model::ReadOptions read_options(const project::Project& project);

// Prints warnings to stderr; throws DiagnosticError when there are errors.
schema::Schema checked_schema(model::ReadResult result);

void print_warnings(const Diagnostics& diagnostics);

// Tells the commit gate the schema hash a command computed from the work tree's model files
// (hooks::remember_models), so committing them unchanged costs no second read. Never fails the
// command: outside a git work tree, or for a project the hooks cannot check, it does nothing.
class GateSeed {
public:
  GateSeed(const Globals& globals, const model::SourceSet& files);
  void remember(const std::string& schema_hash) const;

private:
  std::optional<hooks::HookContext> context_;
  std::vector<git::FileEntry> files_;
};

// Said of a shallow clone's boundary commit in log and blame: what it shows is all it has, not
// what it changed.
inline constexpr const char* kShallowBoundary =
    "(shallow clone: the history before this commit is not here; `git fetch --unshallow` "
    "fetches it)";

// YYYY-MM-DD in the author's time zone, like git's --date=short.
std::string commit_short_date(const git::CommitInfo& commit);

// ANSI colour helpers that do nothing when colour is off.
std::string paint(const Globals& globals, const char* code, const std::string& text);

} // namespace crochet::cli
