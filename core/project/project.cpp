#include "core/project/project.hpp"

#include <exception>
#include <optional>

#include "core/util/advice.hpp"
#include "core/util/error.hpp"
#include "core/util/shell.hpp"
#include "core/util/trace.hpp"
#include "core/util/worker_pool.hpp"

namespace crochet::project {
namespace fs = std::filesystem;

namespace {

std::optional<Project> project_at_or_above(const fs::path& origin, const FileSystem& files,
                                           const config::EnvLookup& getenv) {
  for (fs::path dir = origin;; dir = dir.parent_path()) {
    const fs::path file = dir / kConfigFileName;
    if (files.exists(file) && !files.is_directory(file)) {
      Project project;
      project.root = dir;
      project.config = config::parse_config(files.read(file), kConfigFileName);
      config::apply_environment(project.config, getenv);
      return project;
    }
    if (dir == dir.parent_path() || dir.empty())
      break;
  }
  return std::nullopt;
}

// "found backend/graph/crochet.toml: run `git crochet -C backend/graph ...`"; the
// new-project hint when `folders` is empty.
std::string no_project_hint(const std::vector<std::string>& folders) {
  if (folders.empty())
    return "run `git crochet new-project` to create one";
  std::string found;
  for (std::size_t i = 0; i < folders.size() && i < kProjectsNamed; ++i)
    found += (i == 0 ? "" : ", ") + (fs::path(folders[i]) / kConfigFileName).generic_string();
  if (folders.size() > kProjectsNamed)
    found += ", ...";
  const std::string folder = folders.size() == 1 ? shell_word(folders[0]) : "FOLDER";
  return "found " + found + ": run `git crochet -C " + folder + " ...`" +
         (folders.size() == 1 ? "" : " with the project's folder");
}

Project find_or_throw(const fs::path& start, const FileSystem& files,
                      const config::EnvLookup& getenv, const ProjectsElsewhere& elsewhere) {
  const fs::path origin = fs::absolute(start).lexically_normal();
  if (std::optional<Project> project = project_at_or_above(origin, files, getenv))
    return std::move(*project);
  throw Error("not a crochet project: no " + std::string(kConfigFileName) + " in " +
                  origin.string() + " or any parent",
              no_project_hint(elsewhere ? elsewhere() : std::vector<std::string>()));
}

} // namespace

Project find_project(const fs::path& start, const FileSystem& files) {
  return find_or_throw(start, files, config::process_environment(), {});
}

Project find_project(const fs::path& start, const FileSystem& files,
                     const config::EnvLookup& getenv) {
  return find_or_throw(start, files, getenv, {});
}

Project find_project(const fs::path& start, const FileSystem& files,
                     const ProjectsElsewhere& elsewhere) {
  return find_or_throw(start, files, config::process_environment(), elsewhere);
}

model::SourceSet read_worktree_models(const Project& project, const FileSystem& files) {
  const fs::path dir = project.models_dir();
  if (!files.is_directory(dir))
    throw Error("models folder '" + project.config.models_path + "' not found in " +
                    project.root.string(),
                "create it (`" + advice::crochet("create-node NAME") +
                    "` does), or set [project] models_path "
                    "in crochet.toml");
  trace::StageClock clock("read models folder");
  const std::vector<std::string> paths = files.list_files(dir, ".py");
  model::SourceSet sources(paths.size());
  // Each read is a few system calls that mostly wait on the kernel: a large folder (thousands
  // of files) is read on several threads, each file into its own slot.
  constexpr std::size_t kFilesPerThread = 256;
  WorkerPool pool(useful_threads(paths.size() / kFilesPerThread + 1));
  // Failures wait in their file's slot, so the error reported is the first file's in path
  // order, whichever thread met its failure first.
  std::vector<std::exception_ptr> failures(paths.size());
  pool.for_each(paths.size(), [&](std::size_t i) {
    try {
      sources[i].path = paths[i];
      sources[i].content = files.read(dir / paths[i]);
    } catch (...) {
      failures[i] = std::current_exception();
    }
  });
  for (const std::exception_ptr& failure : failures)
    if (failure)
      std::rethrow_exception(failure);
  clock.mark_with([&] { return "read " + std::to_string(sources.size()) + " files"; });
  return sources;
}

} // namespace crochet::project
