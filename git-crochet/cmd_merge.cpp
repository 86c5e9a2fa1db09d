// git crochet merge [-m DESC] [--force]: after merging two branches that each added a
// migration, write the merge migration that joins the heads (core/hooks/merge_heads.hpp).
#include <array>
#include <iostream>

#include <fmt/format.h>

#include "core/hooks/merge_heads.hpp"
#include "core/migration/folder.hpp"
#include "core/project/kgid.hpp"
#include "core/util/advice.hpp"
#include "core/util/error.hpp"
#include "git-crochet/support.hpp"

namespace crochet::cli {
namespace {

std::string random_nonce() {
  std::array<unsigned char, 16> bytes{};
  project::SystemRandom random;
  random.fill(bytes);
  std::string hex;
  for (unsigned char byte : bytes)
    hex += fmt::format("{:02x}", byte);
  return hex;
}

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string text;
  for (const std::string& item : items)
    text += (text.empty() ? "" : separator) + item;
  return text;
}

} // namespace

Action configure_merge(CLI::App& app, const Globals& globals) {
  struct Options {
    std::string description;
    bool force = false;
  };
  auto options = std::make_shared<Options>();
  app.add_option("-m,--message", options->description,
                 "Description (default: \"merge <head> and <head>\")");
  app.add_flag("--force", options->force,
               "Write it even when the merged models differ from what the branches' migrations "
               "make (the difference then needs its own migration, which the merge cannot be)");
  app.footer("The merge migration names every head as a parent, has no steps and records the "
             "work tree models' schema hash. Labels, types and properties that both sides touch "
             "are listed: their migrations run in either order on a database, so check that "
             "they commute. A constraint or index that the steps of both branches together make "
             "but the merged models lack (one side made a property unique, the other indexed "
             "it) is refused like a change no migration makes.");
  return [options, &globals] {
    const project::Project project = open_project(globals);
    const std::string crochet = advice::crochet();
    RealFileSystem fs;
    const migration::MigrationsFolder folder{project.root, project.config.migrations_path};
    const migration::Chain chain =
        migration::load_chain(migration::read_migration_files(fs, folder));
    model::SourceSet sources = project::read_worktree_models(project, fs);
    const GateSeed gate(globals, sources);
    const schema::Schema models =
        checked_schema(model::read_models(std::move(sources), read_options(project)));
    const hooks::RecordedSchema recorded = [&](const migration::Migration& m) {
      return migration::recorded_schema(fs, folder, m);
    };
    const std::string description = options->description.empty()
                                        ? hooks::default_merge_description(chain)
                                        : options->description;
    const hooks::MergePlan plan =
        hooks::plan_merge(chain, recorded, models, description, random_nonce());

    if (!plan.unexplained.empty() && !options->force) {
      std::cerr << "the merged models differ from what the migrations of the merged branches "
                   "make:\n";
      for (const std::string& change : plan.unexplained)
        std::cerr << "  " << change << "\n";
      throw Error("refusing to write a merge migration that records a schema no migration makes",
                  "make the models match both branches (copy the extra edits aside and undo them; "
                  "not with `git stash` while a `git merge` is in progress: it ends the merge), "
                  "run `" +
                      crochet + " merge`, then put the edits back and run `" + crochet +
                      " create-migration`; or pass --force");
    }
    const std::filesystem::path file = folder.dir() / plan.file_name;
    if (fs.exists(file))
      throw Error("the migration file " + folder.relative(plan.file_name) + " exists already",
                  "rename or remove it, then run `" + crochet + " merge` again");
    const std::filesystem::path snapshot = folder.dir() / plan.snapshot_path;
    fs.create_directories(snapshot.parent_path());
    if (!fs.exists(snapshot))
      fs.write_atomic(snapshot, plan.snapshot_text);
    fs.write_atomic(file, plan.text);
    gate.remember(plan.migration.schema_hash);

    std::cout << folder.relative(plan.file_name) << "\n"
              << "revision " << plan.migration.revision << " joins " << join(plan.heads, " and ")
              << "\n";
    for (const hooks::Overlap& overlap : plan.overlaps) {
      std::vector<std::string> sides;
      for (const auto& names : overlap.by_side)
        if (!names.empty())
          sides.push_back(join(names, ", "));
      std::cerr << "warning: both branches touch " << overlap.subject << " (" << join(sides, " / ")
                << "): they run in either order on a database; check that they commute\n";
    }
    for (const std::string& change : plan.unexplained)
      std::cerr << "warning: no migration makes this change: " << change << "\n";
    for (const std::string& note : plan.notes)
      std::cerr << "note: " << note << "\n";
    std::cout << "review it, then: git add " << advice::path(folder.dir() / "")
              << " && git commit\n";
    return 0;
  };
}

} // namespace crochet::cli
