#pragma once
// What a hook works on: the repository git runs it for (honouring $GIT_DIR, $GIT_WORK_TREE and,
// for pre-commit, $GIT_INDEX_FILE), the crochet project, and where its models and migrations
// folders sit in the repository.
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/git/repository.hpp"
#include "core/history/snapshot.hpp"
#include "core/migration/migration.hpp"
#include "core/project/project.hpp"

namespace crochet::hooks {

using OptionsFor = std::function<model::ReadOptions(const project::Project&)>;

struct HookContext {
  project::Project project;
  std::string project_path;    // the project folder relative to the repository root, "" = root
  std::string models_path;     // relative to the repository root, "" = the root
  std::string migrations_path; // relative to the repository root
  model::ReadOptions read_options;
  OptionsFor options_for; // how read_options follow from the configuration
  std::unique_ptr<history::ModelSnapshotReader> reader; // owns the repository
  git::Repository& repo() { return reader->repo(); }
};

// `start` is where the project is looked for (the work tree root, or -C). Returns nullopt when
// there is no crochet project there: a hook then has nothing to do. Throws crochet::Error for a
// broken configuration or a project outside the work tree.
std::optional<HookContext> open_hook_context(const std::filesystem::path& start,
                                             const OptionsFor& options);

// crochet.toml's path relative to the repository root.
std::string config_path(const HookContext& context);

// What the schema read and the migration chain depend on in a configuration, resolved for this
// repository: the folders and the read options. Equal keys read the same schema from the same
// files.
std::string schema_settings_key(HookContext& context, const config::Config& config);

// Makes `context` read as `config` says (the gate takes the staged crochet.toml). When the
// folders or read options change, the reader is rebuilt: references to repo() taken before are
// then invalid.
void use_config(HookContext& context, config::Config config);

// The migrations folder's files as check_coverage and load_chain take them (paths relative to
// the project root): the top-level *.toml files, plus the snapshot files named in `snapshots`
// ("snapshots/<hex>.json", relative to the folder) that are present.
std::vector<migration::MigrationFile>
read_migration_files(const git::Repository& repo, const HookContext& context,
                     const std::vector<git::FileEntry>& entries,
                     const std::vector<std::string>& snapshots = {});

// Whether a path (relative to the migrations folder) is a migration file: top level, *.toml.
bool is_top_level_migration(const std::string& path);

// The migrations at a commit (top-level *.toml), loaded as a chain. Throws crochet::Error when
// they do not load.
migration::Chain chain_at_commit(HookContext& context, const std::string& commit);

// "Name <email>" from git's configuration, else the login name.
std::string actor(const git::Repository& repo);

} // namespace crochet::hooks
