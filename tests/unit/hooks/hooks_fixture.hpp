#pragma once
// Real repositories with a crochet project for the hook tests, and a stand-in for
// `git crochet create-migration` built on the migration layer.
#include "core/hooks/context.hpp"
#include "core/migration/create.hpp"
#include "core/migration/folder.hpp"
#include "core/model/reader.hpp"
#include "core/project/project.hpp"
#include "core/util/fs.hpp"
#include "tests/unit/git/git_fixture.hpp"

namespace crochet::hooks::testing {

inline std::string person(const std::string& extra = "") {
  return "from neomodel import StructuredNode, StringProperty\n\n"
         "class Person(StructuredNode):\n"
         "    __kgid__ = \"k-person\"\n"
         "    name = StringProperty()\n" +
         extra;
}

// As the CLI derives them (git-crochet/support.cpp): the schema follows crochet.toml.
inline model::ReadOptions test_read_options(const project::Project& project) {
  model::ReadOptions options;
  const std::filesystem::path models(project.config.models_path);
  options.display_prefix = models.generic_string() + "/";
  options.package_name = models.filename().string();
  options.existence_constraints = project.config.existence_constraints;
  return options;
}

class HookSandbox : public git::testing::GitSandbox {
protected:
  void SetUp() override {
    GitSandbox::SetUp();
    repo_ = init_repo("repo");
    write_file(repo_, "crochet.toml", "[project]\nname = \"g\"\n");
    write_file(repo_, "models/__init__.py", "");
    write_file(repo_, "models/person.py", person());
    create_migration("add person");
    c_first_ = commit(repo_, "first");
  }

  // What `git crochet create-migration DESCRIPTION` writes, from the work tree models.
  std::string create_migration(const std::string& description) {
    RealFileSystem fs;
    const project::Project project = project::find_project(repo_, fs);
    const schema::Schema models =
        model::read_schema(project::read_worktree_models(project, fs), test_read_options(project));
    const migration::MigrationsFolder folder{project.root, project.config.migrations_path};
    const migration::Chain chain =
        migration::load_chain(migration::read_migration_files(fs, folder));
    migration::CreateOptions options;
    options.description = description;
    options.nonce = description;
    const migration::NewMigration created = migration::prepare_migration(
        chain, migration::head_schema(fs, folder, chain), models, options);
    migration::write_migration(fs, folder, created);
    return created.migration.revision;
  }

  HookContext context() {
    auto opened = open_hook_context(repo_, test_read_options);
    if (!opened)
      throw std::runtime_error("no crochet project in " + repo_.string());
    return std::move(*opened);
  }

  std::filesystem::path repo_;
  std::string c_first_;
};

} // namespace crochet::hooks::testing
