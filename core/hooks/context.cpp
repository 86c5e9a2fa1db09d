#include "core/hooks/context.hpp"

#include <algorithm>
#include <cstdlib>

#include "core/migration/folder.hpp"
#include "core/util/error.hpp"
#include "core/util/fs.hpp"

namespace crochet::hooks {
namespace fs = std::filesystem;

namespace {

// The folder `path` (absolute) relative to the work tree root; throws when outside it.
std::string repository_relative(const fs::path& workdir, const fs::path& path, const char* what) {
  const fs::path relative = fs::weakly_canonical(path).lexically_relative(workdir);
  if (relative.empty() || *relative.begin() == "..")
    throw Error(std::string("the ") + what + " folder " + path.string() +
                " is outside the git work tree " + workdir.string());
  const std::string text = relative.generic_string();
  return text == "." ? std::string() : text;
}

struct Settings {
  std::string models_path;
  std::string migrations_path;
  model::ReadOptions read_options;
  std::string key() const {
    return models_path + "|" + migrations_path + "|" + model::results_key(read_options);
  }
};

// `workdir` is the canonical work tree root.
Settings settings_of(const fs::path& workdir, const HookContext& context,
                     const config::Config& config) {
  const project::Project project{context.project.root, config};
  Settings settings;
  settings.models_path = repository_relative(workdir, project.models_dir(), "models");
  settings.migrations_path = repository_relative(workdir, project.migrations_dir(), "migrations");
  settings.read_options = context.options_for(project);
  return settings;
}

Settings settings_of(HookContext& context, const config::Config& config) {
  return settings_of(fs::weakly_canonical(context.repo().workdir()), context, config);
}

// Points the context's folders, options and reader at `settings`.
void configure(HookContext& context, git::Repository repo, Settings settings) {
  context.models_path = std::move(settings.models_path);
  context.migrations_path = std::move(settings.migrations_path);
  context.read_options = std::move(settings.read_options);
  context.reader = std::make_unique<history::ModelSnapshotReader>(
      std::move(repo), context.models_path, context.read_options,
      context.project.root / ".crochet" / "cache" / "schemas");
}

} // namespace

std::string config_path(const HookContext& context) {
  return (fs::path(context.project_path) / project::kConfigFileName).generic_string();
}

std::string schema_settings_key(HookContext& context, const config::Config& config) {
  return settings_of(context, config).key();
}

void use_config(HookContext& context, config::Config config) {
  Settings settings = settings_of(context, config);
  const bool same = settings.key() == settings_of(context, context.project.config).key();
  context.project.config = std::move(config);
  if (!same)
    configure(context, std::move(context.repo()), std::move(settings));
}

std::optional<HookContext> open_hook_context(const fs::path& start, const OptionsFor& options) {
  RealFileSystem files;
  // No crochet.toml here or above: not a crochet project (or a hooks folder shared with
  // repositories that are not), so the hook has nothing to check.
  bool found = false;
  for (fs::path dir = fs::absolute(start); !found; dir = dir.parent_path()) {
    found = files.exists(dir / project::kConfigFileName);
    if (dir == dir.parent_path())
      break;
  }
  if (!found)
    return std::nullopt;
  // Git exports GIT_DIR (maybe relative to the hook's working directory, the work tree root)
  // to hooks; without it, the repository is the one around the project.
  const char* git_dir = std::getenv("GIT_DIR");
  git::Repository repo = git_dir != nullptr && *git_dir != '\0'
                             ? git::Repository::from_environment(fs::current_path())
                             : git::Repository::discover(start);
  if (repo.is_bare())
    return std::nullopt;
  project::Project project = project::find_project(start, files);
  const fs::path workdir = fs::weakly_canonical(repo.workdir());
  HookContext context;
  context.project_path = repository_relative(workdir, project.root, "project");
  context.project = std::move(project);
  context.options_for = options;
  Settings settings = settings_of(workdir, context, context.project.config);
  configure(context, std::move(repo), std::move(settings));
  return context;
}

bool is_top_level_migration(const std::string& path) {
  return path.find('/') == std::string::npos && migration::is_migration_path(path);
}

std::vector<migration::MigrationFile>
read_migration_files(const git::Repository& repo, const HookContext& context,
                     const std::vector<git::FileEntry>& entries,
                     const std::vector<std::string>& snapshots) {
  std::vector<migration::MigrationFile> files;
  const migration::MigrationsFolder folder{context.project.root,
                                           context.project.config.migrations_path};
  for (const git::FileEntry& entry : entries) {
    const bool wanted =
        is_top_level_migration(entry.path) ||
        std::find(snapshots.begin(), snapshots.end(), entry.path) != snapshots.end();
    if (wanted)
      files.push_back({folder.relative(entry.path), repo.read_blob(entry.blob_id)});
  }
  return files;
}

migration::Chain chain_at_commit(HookContext& context, const std::string& commit) {
  git::Repository& repo = context.repo();
  const auto tree = repo.subtree_id(commit, context.migrations_path);
  if (!tree)
    return {};
  return migration::load_chain(read_migration_files(repo, context, repo.list_tree(*tree, "")));
}

std::string actor(const git::Repository& repo) {
  std::optional<std::string> name, email;
  try {
    name = repo.config_string("user.name");
    email = repo.config_string("user.email");
  } catch (const Error&) {
  }
  if (name && email)
    return *name + " <" + *email + ">";
  if (name)
    return *name;
  const char* user = std::getenv("USER");
  return user != nullptr ? user : "unknown";
}

} // namespace crochet::hooks
