// git crochet create-migration DESC [--empty] [--rename Label.old=new ...] [--json]: diff the
// work-tree models against the schema the head migration recorded and write the next migration.
#include <algorithm>
#include <array>
#include <iostream>

#include <fmt/format.h>

#include "core/migration/create.hpp"
#include "core/migration/schema_snapshot.hpp"
#include "core/project/kgid.hpp"
#include "core/schema/diff.hpp"
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

// The base for the diff: the head migration's snapshot. A head whose snapshot is missing but
// whose recorded hash matches the models gets its snapshot back (it is exactly the models).
schema::Schema diff_base(FileSystem& fs, const migration::MigrationsFolder& folder,
                         const migration::Chain& chain, const schema::Schema& models) {
  const migration::Migration* head = chain.head();
  const std::filesystem::path file =
      head ? folder.dir() / migration::snapshot_relative_path(head->schema_hash)
           : std::filesystem::path();
  if (head && !fs.exists(file) && head->schema_hash == schema::schema_hash(models)) {
    fs.create_directories(file.parent_path());
    fs.write_atomic(file, migration::snapshot_text(models));
    std::cerr << "restored the schema snapshot of " << head->file << ": "
              << folder.relative(migration::snapshot_relative_path(head->schema_hash)) << "\n";
  }
  return migration::head_schema(fs, folder, chain);
}

void print_steps(const char* title, const std::vector<migration::Operation>& steps) {
  std::cout << title << ":" << (steps.empty() ? " none" : "") << "\n";
  for (const migration::Operation& step : steps) {
    std::string line = migration::to_string(step.kind);
    for (const char* key : {"name", "label", "rel_type", "from", "to", "property"})
      if (auto it = step.args.find(key); it != step.args.end() && it->is_string())
        line += std::string(" ") + key + "=" + it->get<std::string>();
    std::cout << "  " << line << "\n";
  }
}

// The command that takes back what this run wrote, so that it can run again with --rename: the
// migration file and its snapshot. A snapshot that an earlier migration records too (the schema
// came back to one it had) is theirs as well, and stays. Paths as typed from the current folder.
std::string removal_command(const migration::MigrationsFolder& folder,
                            const migration::Chain& chain, const migration::NewMigration& created) {
  std::string command = "rm " + advice::path(folder.dir() / created.file_name);
  const bool shared = std::any_of(chain.migrations.begin(), chain.migrations.end(),
                                  [&](const migration::Migration& other) {
                                    return other.schema_hash == created.migration.schema_hash;
                                  });
  if (!shared)
    command += " " + advice::path(folder.dir() / created.snapshot_path);
  return command;
}

} // namespace

Action configure_create_migration(CLI::App& app, const Globals& globals) {
  struct Options {
    std::string description;
    std::vector<std::string> renames;
    bool empty = false;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  app.add_option("DESC", options->description, "What the migration does, e.g. \"add email\"")
      ->required();
  app.add_flag("--empty", options->empty,
               "Write a migration without generated steps (for hand-written steps); allowed when "
               "nothing changed");
  app.add_option("--rename", options->renames,
                 "Confirm a proposed property rename, Label.old=new (repeatable); without it a "
                 "rename is a removal plus an addition (unless the new attribute keeps the old "
                 "stored name with db_property, which is a rename already)")
      ->type_name("Label.old=new");
  app.add_flag("--json", options->json, "Print what was written as JSON");
  app.footer("The models of the work tree are compared with the schema the head migration "
             "recorded (migrations/snapshots/<hash>.json), so this works on a fresh clone.");
  return [options, &globals] {
    const project::Project project = open_project(globals);
    RealFileSystem fs;
    const migration::MigrationsFolder folder{project.root, project.config.migrations_path};
    const migration::Chain chain =
        migration::load_chain(migration::read_migration_files(fs, folder));
    model::SourceSet sources = project::read_worktree_models(project, fs);
    const GateSeed gate(globals, sources);
    const schema::Schema models =
        checked_schema(model::read_models(std::move(sources), read_options(project)));
    const schema::Schema base = diff_base(fs, folder, chain, models);

    migration::CreateOptions create;
    create.description = options->description;
    create.renames = options->renames;
    create.empty = options->empty;
    create.nonce = random_nonce();
    const migration::NewMigration created =
        migration::prepare_migration(chain, base, models, create);
    migration::write_migration(fs, folder, created);
    gate.remember(created.migration.schema_hash);

    const migration::Migration& m = created.migration;
    const std::string path = folder.relative(created.file_name);
    if (options->json) {
      migration::Json out = {{"file", path},
                             {"revision", m.revision},
                             {"parents", m.parents},
                             {"schema_hash", m.schema_hash},
                             {"snapshot", folder.relative(created.snapshot_path)},
                             {"rollback_safe", m.rollback_safe},
                             {"upgrade", migration::Json::array()},
                             {"downgrade", migration::Json::array()},
                             {"notes", created.notes},
                             {"diff", schema::to_json(created.diff)}};
      for (const auto* list : {&m.upgrade, &m.downgrade})
        for (const migration::Operation& step : *list) {
          migration::Json entry = step.args;
          entry["op"] = migration::to_string(step.kind);
          out[list == &m.upgrade ? "upgrade" : "downgrade"].push_back(entry);
        }
      std::cout << out.dump(2) << "\n";
      return 0;
    }
    std::cout << path << "\n";
    std::cout << "revision " << m.revision << (m.parents.empty() ? "" : " (parent ")
              << (m.parents.empty() ? "" : m.parents.front() + ")") << ", "
              << created.diff.changes.size() << " schema change"
              << (created.diff.changes.size() == 1 ? "" : "s")
              << (m.rollback_safe ? "" : ", rollback_safe = false") << "\n";
    print_steps("upgrade", m.upgrade);
    print_steps("downgrade", m.downgrade);
    for (const std::string& note : created.notes)
      std::cout << "note: " << note << "\n";
    for (const schema::RenameProposal& rename : created.diff.renames)
      std::cout << "hint: possible rename " << schema::describe(rename)
                << " was written as a removal plus an addition; to move the values instead, "
                   "run again with --rename "
                << schema::to_string(rename) << "\n";
    if (!created.diff.renames.empty())
      std::cout << "hint: before running again, remove what this wrote: "
                << removal_command(folder, chain, created) << "\n";
    return 0;
  };
}

} // namespace crochet::cli
