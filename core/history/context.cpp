#include "core/history/context.hpp"

#include "core/util/error.hpp"
#include "core/util/fs.hpp"

namespace crochet::history {

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
  project::Project project = project::find_project(start, fs);
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
