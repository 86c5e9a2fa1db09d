#pragma once
// How advice names git-crochet commands and project files: as the user types them where the
// advice is read. -C does not change the shell's folder, so from a monorepo's root a project in
// backend/ is `git crochet -C backend upgrade` and its files backend/migrations/...; from inside
// the project it is plain `git crochet upgrade` (found upwards). Advice is written deep in core
// (the ledger, the executor, the migration loader), far from anything that knows the shell's
// folder, so the origin is process-wide, like the trace sink: the CLI sets it once it has found
// the project, and a hook sets the work tree root, where git runs hooks. Until it is set, advice
// reads as typed in the project's root.
#include <filesystem>
#include <string>
#include <string_view>

namespace crochet::advice {

// Advice is read in `here` about the project at `project_root` (both absolute).
void set_origin(const std::filesystem::path& here, const std::filesystem::path& project_root);
// Back to the unset origin: the project's root.
void clear_origin();

// "git crochet", or "git crochet -C DIR" when the project is neither here nor above.
std::string crochet();
// crochet() followed by ARGS: crochet("upgrade --interrupted").
std::string crochet(std::string_view args);

// `path` (relative to the project's root, or absolute) as one shell word typed from here; "."
// for here itself. A path ending in "/" keeps it (a folder, as for `git add`).
std::string path(const std::filesystem::path& path);

} // namespace crochet::advice
