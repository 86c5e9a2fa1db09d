#include "core/history/context.hpp"

#include "core/util/error.hpp"
#include "core/util/fs.hpp"

namespace crochet::history {
namespace fs = std::filesystem;

std::vector<std::string> staged_projects(const git::Repository& repo) {
  std::vector<std::string> folders;
  try {
    const fs::path here = fs::weakly_canonical(fs::current_path());
    const fs::path workdir = fs::weakly_canonical(repo.workdir());
    // The index lists every tracked path without reading a file: cheap even in a large
    // monorepo, and only asked when a command found no project.
    for (const git::FileEntry& entry : repo.list_index("", project::kConfigFileName)) {
      const fs::path path(entry.path);
      if (path.filename() != project::kConfigFileName)
        continue;
      const fs::path folder = (workdir / path.parent_path()).lexically_relative(here);
      folders.push_back(folder.empty() ? "." : folder.generic_string());
      if (folders.size() > project::kProjectsNamed)
        break;
    }
  } catch (const std::exception&) {
    // A conflicted or unreadable index only costs the hint.
  }
  return folders;
}

project::ProjectsElsewhere projects_around(const fs::path& start) {
  return [start] {
    try {
      const git::Repository repo = git::Repository::discover(start);
      return repo.is_bare() ? std::vector<std::string>() : staged_projects(repo);
    } catch (const std::exception&) {
      return std::vector<std::string>(); // not in a git work tree
    }
  };
}

HistoryContext
open_history(const std::filesystem::path& start,
             const std::function<model::ReadOptions(const project::Project&)>& options) {
  git::Repository repo = git::Repository::discover(start);
  // Checked first: in a bare repository there is no crochet.toml to find, and "not a crochet
  // project" would send the user to new-project.
  if (repo.is_bare())
    throw Error("the repository at " + repo.git_dir().string() +
                    " is bare: git-crochet reads crochet.toml and the models from a work tree",
                "run the command in a checkout (e.g. `git worktree add` or a clone); in a "
                "server-side hook, check out the pushed commit first");
  RealFileSystem fs;
  project::Project project =
      project::find_project(start, fs, [&repo] { return staged_projects(repo); });
  const std::filesystem::path workdir = std::filesystem::weakly_canonical(repo.workdir());
  const std::filesystem::path models =
      std::filesystem::weakly_canonical(project.root / project.config.models_path);
  const std::filesystem::path relative = models.lexically_relative(workdir);
  if (relative.empty() || *relative.begin() == "..")
    throw Error("the models folder " + models.string() + " is outside the git work tree " +
                workdir.string());
  std::string models_path = relative.generic_string();
  if (models_path == ".")
    models_path.clear();
  HistoryContext context{std::move(project), nullptr};
  context.reader = std::make_unique<ModelSnapshotReader>(
      std::move(repo), models_path, options(context.project),
      context.project.root / ".crochet" / "cache" / "schemas");
  return context;
}

} // namespace crochet::history
