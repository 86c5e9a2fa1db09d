#include "core/project/project.hpp"

#include "core/util/error.hpp"

namespace crochet::project {
namespace fs = std::filesystem;

Project find_project(const fs::path& start, const FileSystem& files) {
  return find_project(start, files, config::process_environment());
}

Project find_project(const fs::path& start, const FileSystem& files,
                     const config::EnvLookup& getenv) {
  const fs::path origin = fs::absolute(start).lexically_normal();
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
  throw Error("not a crochet project: no " + std::string(kConfigFileName) + " in " +
                  origin.string() + " or any parent",
              "run `git crochet new-project` to create one");
}

model::SourceSet read_worktree_models(const Project& project, const FileSystem& files) {
  const fs::path dir = project.models_dir();
  if (!files.is_directory(dir))
    throw Error("models folder '" + project.config.models_path + "' not found in " +
                    project.root.string(),
                "create it (`git crochet create-node NAME` does), or set [project] models_path "
                "in crochet.toml");
  model::SourceSet sources;
  for (const std::string& relative : files.list_files(dir, ".py")) {
    model::SourceFile source;
    source.path = relative;
    source.content = files.read(dir / relative);
    sources.push_back(std::move(source));
  }
  return sources;
}

} // namespace crochet::project
