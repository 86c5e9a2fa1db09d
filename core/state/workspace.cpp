#include "core/state/workspace.hpp"

#include <cstdlib>

#include "core/migration/schema_snapshot.hpp"
#include "core/util/error.hpp"
#include "core/util/fs.hpp"

namespace crochet::state {

std::filesystem::path Workspace::ledger_path() const {
  return project().root / project().config.ledger_path;
}

Workspace
open_workspace(const std::filesystem::path& start,
               const std::function<model::ReadOptions(const project::Project&)>& options) {
  Workspace workspace{history::open_history(start, options), {}, {}, {}, {}};
  git::Repository& repo = workspace.repo();
  workspace.head_commit = repo.head_commit().value_or("");
  workspace.branch = repo.current_branch().value_or("");
  workspace.folder = migration::MigrationsFolder{workspace.project().root,
                                                 workspace.project().config.migrations_path};
  RealFileSystem fs;
  workspace.files = migration::read_migration_files(fs, workspace.folder);
  return workspace;
}

history::Snapshot worktree_models(Workspace& workspace) {
  RealFileSystem fs;
  model::SourceSet sources;
  try {
    sources = project::read_worktree_models(workspace.project(), fs);
  } catch (const Error& e) {
    history::Snapshot snapshot;
    snapshot.readable = false;
    snapshot.first_error = e.what();
    return snapshot;
  }
  return workspace.history.reader->from_sources(std::move(sources));
}

std::optional<migration::MigrationFile> read_snapshot_file(const Workspace& workspace,
                                                           const std::string& schema_hash) {
  const std::string relative = migration::snapshot_relative_path(schema_hash);
  RealFileSystem fs;
  if (!fs.exists(workspace.folder.dir() / relative))
    return std::nullopt;
  return migration::MigrationFile{workspace.folder.relative(relative),
                                  fs.read(workspace.folder.dir() / relative)};
}

migration::Coverage models_coverage(const Workspace& workspace, const schema::Schema& models,
                                    const migration::Chain* chain) {
  if (chain == nullptr)
    return migration::check_coverage(workspace.files, models); // reports why they do not load
  std::vector<migration::MigrationFile> snapshot;
  if (chain->heads.size() == 1)
    if (auto file = read_snapshot_file(workspace, chain->find(chain->heads.front())->schema_hash))
      snapshot.push_back(std::move(*file));
  return migration::check_coverage(*chain, snapshot, models);
}

std::string current_actor(Workspace& workspace) {
  const std::optional<std::string> name = workspace.repo().config_string("user.name");
  const std::optional<std::string> email = workspace.repo().config_string("user.email");
  if (name && email)
    return *name + " <" + *email + ">";
  if (name)
    return *name;
  if (email)
    return "<" + *email + ">";
  for (const char* variable : {"USER", "LOGNAME"})
    if (const char* login = std::getenv(variable); login != nullptr && *login != '\0')
      return login;
  return "unknown";
}

std::string redact_uri(const std::string& uri) {
  const std::size_t scheme = uri.find("://");
  const std::size_t authority = scheme == std::string::npos ? 0 : scheme + 3;
  const std::size_t end = uri.find_first_of("/?#", authority);
  const std::size_t at = uri.rfind('@', end == std::string::npos ? std::string::npos : end - 1);
  if (at == std::string::npos || at < authority)
    return uri;
  return uri.substr(0, authority) + uri.substr(at + 1);
}

} // namespace crochet::state
