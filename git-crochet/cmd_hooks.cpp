// git crochet hooks install [--force | --manual] | uninstall | status [--json]: the hook shims
// in the repository's hooks folder (core.hooksPath or the common git dir).
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "core/git/repository.hpp"
#include "core/hooks/install.hpp"
#include "core/util/advice.hpp"
#include "core/util/error.hpp"
#include "git-crochet/support.hpp"

namespace crochet::cli {
namespace {

namespace fs = std::filesystem;

struct HooksTarget {
  git::Repository repo;
  hooks::HooksFolder folder;
  std::string project_dir; // the project relative to the work tree root; "" at the root
};

HooksTarget open_target(const Globals& globals) {
  git::Repository repo = git::Repository::discover(globals.start_directory());
  if (repo.is_bare())
    throw Error("the repository has no work tree, so no commits are made here",
                "install the hooks from a checkout");
  const project::Project project = open_project(globals);
  const fs::path workdir = fs::weakly_canonical(repo.workdir());
  const fs::path relative = fs::weakly_canonical(project.root).lexically_relative(workdir);
  if (relative.empty() || *relative.begin() == "..")
    throw Error("the crochet project " + project.root.string() + " is outside the git work tree " +
                workdir.string());
  std::string project_dir = relative.generic_string();
  if (project_dir == ".")
    project_dir.clear();
  hooks::HooksFolder folder = hooks::hooks_folder(repo);
  return {std::move(repo), std::move(folder), std::move(project_dir)};
}

void print_folder(const hooks::HooksFolder& folder) {
  std::cout << "hooks folder: " << folder.dir.string();
  if (folder.hooks_path_config)
    std::cout << " (core.hooksPath = " << *folder.hooks_path_config << ")";
  std::cout << "\n";
}

void print_changes(const std::vector<hooks::HookChange>& changes) {
  for (const hooks::HookChange& change : changes)
    std::cout << "  " << change.name << ": " << change.what << "\n";
}

std::string describe(const hooks::HookStatus& status) {
  std::string text = hooks::state_name(status);
  if (status.state == hooks::HookState::ours) {
    text += " (shim version " + std::to_string(status.version) + ")";
    if (status.outdated)
      text += ", outdated: run `" + advice::crochet("hooks install") + "`";
    if (!status.executable)
      text += ", not executable: run `" + advice::crochet("hooks install") + "`";
  } else if (status.state == hooks::HookState::foreign) {
    text += ": `" + advice::crochet("hooks install") + "` chains it";
  }
  if (status.chained)
    text += status.state == hooks::HookState::ours
                ? ": " + status.chained->filename().string() + " runs first"
                : "; " + status.chained->filename().string() + " is left over (not run)";
  return text;
}

nlohmann::json status_json(const hooks::HooksFolder& folder,
                           const std::vector<hooks::HookStatus>& statuses) {
  nlohmann::json list = nlohmann::json::array();
  for (const hooks::HookStatus& status : statuses) {
    nlohmann::json entry = {{"name", status.name},
                            {"path", status.path.string()},
                            {"state", hooks::state_name(status)},
                            {"executable", status.executable},
                            {"chained", status.chained ? nlohmann::json(status.chained->string())
                                                       : nlohmann::json(nullptr)}};
    if (status.state == hooks::HookState::ours) {
      entry["version"] = status.version;
      entry["outdated"] = status.outdated;
    }
    list.push_back(std::move(entry));
  }
  return {{"hooks_dir", folder.dir.string()},
          {"core_hooks_path", folder.hooks_path_config ? nlohmann::json(*folder.hooks_path_config)
                                                       : nlohmann::json(nullptr)},
          {"shim_version", hooks::kShimVersion},
          {"hooks", std::move(list)}};
}

} // namespace

Action configure_hooks(CLI::App& app, const Globals& globals) {
  struct Options {
    bool force = false;
    bool manual = false;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  app.require_subcommand(1);
  app.footer("Hooks: pre-commit refuses a commit whose staged models have no migration, and "
             "pre-merge-commit a clean merge's commit the same way (two migration heads: run "
             "`git crochet merge`); post-merge, post-checkout and post-rewrite compare the local "
             "ledger with HEAD and only warn. A hook that is already there is chained: it keeps "
             "running, first. "
             "See docs/hooks.md.");
  auto action = std::make_shared<Action>();

  CLI::App* install =
      app.add_subcommand("install", "Install the hook shims (chains foreign hooks)");
  auto* force = install->add_flag("--force", options->force,
                                  "Replace foreign hooks instead of chaining them (keeps a copy)");
  install->add_flag("--manual", options->manual, "Print what to add to the hooks; change nothing")
      ->excludes(force);
  install->callback([action, options, &globals] {
    *action = [options, &globals] {
      const HooksTarget target = open_target(globals);
      if (options->manual) {
        std::cout << hooks::manual_instructions(target.folder.dir, target.project_dir);
        return 0;
      }
      // Installed before the folder is printed, so a refusal prints only itself.
      const std::vector<hooks::HookChange> changes =
          hooks::install(target.folder.dir, target.project_dir,
                         options->force ? hooks::InstallMode::force : hooks::InstallMode::chain);
      print_folder(target.folder);
      print_changes(changes);
      return 0;
    };
  });

  CLI::App* uninstall =
      app.add_subcommand("uninstall", "Remove the shims and put back the hooks they chained");
  uninstall->callback([action, &globals] {
    *action = [&globals] {
      const HooksTarget target = open_target(globals);
      const std::vector<hooks::HookChange> changes = hooks::uninstall(target.folder.dir);
      print_folder(target.folder);
      print_changes(changes);
      return 0;
    };
  });

  CLI::App* status = app.add_subcommand("status", "Each hook: ours, foreign, chained or missing");
  status->alias("list");
  status->add_flag("--json", options->json, "Machine-readable output");
  status->callback([action, options, &globals] {
    *action = [options, &globals] {
      const HooksTarget target = open_target(globals);
      const auto statuses = hooks::hook_status(target.folder.dir, target.project_dir);
      if (options->json) {
        std::cout << status_json(target.folder, statuses).dump(2) << "\n";
        return 0;
      }
      print_folder(target.folder);
      for (const hooks::HookStatus& hook : statuses)
        std::cout << "  " << hook.name << ": " << describe(hook) << "\n";
      return 0;
    };
  });

  return [action] { return *action ? (*action)() : 0; };
}

} // namespace crochet::cli
