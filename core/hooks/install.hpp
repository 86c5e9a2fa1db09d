#pragma once
// Installing git-crochet's hook shims (hooks/shim.sh) into a repository's hooks folder.
// A shim is ours when it carries the marker line; any other file there is foreign and is never
// overwritten silently: install chains it (renames it to <name>.crochet-chained, which the shim
// runs first), or replaces it only with --force (keeping a copy). Uninstall removes only our
// shims and puts back what they chained. Every change of a file is a rename, so git never runs a
// half-written hook.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/git/repository.hpp"

namespace crochet::hooks {

// The hooks git-crochet installs, in the order they are listed.
const std::vector<std::string>& hook_names();

// Whether the hook can refuse what git runs it for: pre-commit, and pre-merge-commit (which git
// runs instead of pre-commit for a merge commit made without conflicts).
bool can_refuse(std::string_view hook);

// Bumped when the shim's behaviour changes; an older shim is reported outdated and rewritten.
// 2: pre-merge-commit refuses like pre-commit. 3: does nothing where the project's folder is
// missing (a hooks folder shared by several repositories).
inline constexpr int kShimVersion = 3;
inline constexpr std::string_view kShimMarker = "# git-crochet-hook-shim";
inline constexpr std::string_view kChainedSuffix = ".crochet-chained";
inline constexpr std::string_view kBackupSuffix = ".crochet-backup";

// Where git looks for hooks: core.hooksPath (relative to the work tree root, like git; `~/`
// expanded), else the hooks folder of the common git dir, which linked worktrees share.
struct HooksFolder {
  std::filesystem::path dir;
  std::optional<std::string> hooks_path_config; // core.hooksPath as configured, when set
};
HooksFolder hooks_folder(const git::Repository& repo);

// The shim for one hook. `project_dir` is the crochet project's folder relative to the work tree
// root ("" when it is the root); the shim passes it to git-crochet as -C.
std::string shim_text(std::string_view hook, std::string_view project_dir);

// The shim format version of a hook file's text; nullopt when it is not one of ours.
std::optional<int> shim_version(std::string_view text);

enum class HookState {
  missing, // no file (a leftover chained hook may still be there)
  ours,    // our shim
  foreign, // someone else's hook
};
const char* to_string(HookState state);

struct HookStatus {
  std::string name;
  std::filesystem::path path;
  HookState state = HookState::missing;
  int version = 0;       // shim version when ours
  bool outdated = false; // ours, but older or different from what install writes now
  bool executable = false;
  std::optional<std::filesystem::path> chained; // <name>.crochet-chained, when present
};

// "missing", "ours", "chained" (ours, running a chained hook first) or "foreign".
std::string state_name(const HookStatus& status);

std::vector<HookStatus> hook_status(const std::filesystem::path& dir, std::string_view project_dir);

enum class InstallMode {
  chain, // chain foreign hooks; refuse when one cannot be chained
  force, // replace foreign hooks (a copy is kept as <name>.crochet-backup)
};

struct HookChange {
  std::string name;
  std::string what; // one line for people, e.g. "installed", "chained the existing hook"
};

// Writes the shims. Plans every hook before touching any file, so a refusal (a foreign hook that
// cannot be chained because <name>.crochet-chained is taken) leaves the folder untouched; throws
// crochet::Error naming the hook, with --force/--manual as the hint.
std::vector<HookChange> install(const std::filesystem::path& dir, std::string_view project_dir,
                                InstallMode mode);

// Removes our shims and renames chained hooks back; foreign hooks are left alone.
std::vector<HookChange> uninstall(const std::filesystem::path& dir);

// What to add by hand instead of installing: for each hook not already ours, the line to append
// to an existing hook, or the whole shim when there is none.
std::string manual_instructions(const std::filesystem::path& dir, std::string_view project_dir);

} // namespace crochet::hooks
