#include "core/migration/create.hpp"

#include <algorithm>

#include "core/migration/names.hpp"
#include "core/migration/schema_snapshot.hpp"
#include "core/util/advice.hpp"
#include "core/util/error.hpp"

namespace crochet::migration {
namespace {

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos)
    return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

int next_number(const Chain& chain) {
  int highest = 0;
  for (const Migration& migration : chain.migrations)
    highest = std::max(highest, file_number(migration.file));
  return highest + 1;
}

std::vector<std::string> header_comments(const NewMigration& created) {
  std::vector<std::string> lines = {
      "Written by `git crochet create-migration`. Review the steps before committing."};
  if (!created.notes.empty()) {
    lines.push_back("");
    lines.push_back("Changes without a generated step (add `cypher` steps if data must move):");
    for (const std::string& note : created.notes)
      lines.push_back("- " + note);
  }
  return lines;
}

} // namespace

NewMigration prepare_migration(const Chain& chain, const schema::Schema& base,
                               const schema::Schema& models, const CreateOptions& options) {
  const std::string description = trimmed(options.description);
  if (description.empty())
    throw Error("the migration needs a description",
                "e.g. " + advice::crochet("create-migration \"add Person.email\""));
  if (description.find_first_of("\n\r") != std::string::npos)
    throw Error("the migration description must be one line");
  const Migration* head = chain.head(); // throws with the fix when there are several heads

  NewMigration created;
  created.diff = schema::diff(base, models);
  schema::apply_renames(created.diff, options.renames);
  if (created.diff.empty() && !options.empty)
    throw Error("nothing changed: the models match the schema of " +
                    (head ? head->file : std::string("an empty project")),
                "use --empty for a migration without schema changes (e.g. a data migration)");

  Migration& migration = created.migration;
  if (head)
    migration.parents = {head->revision};
  migration.schema_hash = schema::schema_hash(models);
  created.snapshot_text = snapshot_text(models);
  migration.description = description;
  migration.revision =
      new_revision_id(migration.parents, migration.schema_hash, description, options.nonce);
  if (!options.empty) {
    GeneratedSteps steps = generate_steps(base, models, created.diff);
    migration.upgrade = std::move(steps.upgrade);
    migration.downgrade = std::move(steps.downgrade);
    migration.rollback_safe = steps.rollback_safe;
    created.notes = std::move(steps.notes);
  } else if (!created.diff.empty()) {
    created.notes.push_back(std::to_string(created.diff.changes.size()) +
                            " schema change(s) recorded without generated steps (--empty)");
  }
  created.file_name = migration_file_name(next_number(chain), description);
  created.text = format_migration(migration, header_comments(created));
  created.snapshot_path = snapshot_relative_path(migration.schema_hash);
  // What we write must load: the same checks a teammate's checkout will run.
  migration = parse_migration({created.file_name, created.text});
  return created;
}

void write_migration(FileSystem& fs, const MigrationsFolder& folder, const NewMigration& created) {
  const std::filesystem::path file = folder.dir() / created.file_name;
  if (fs.exists(file))
    throw Error("the migration file " + folder.relative(created.file_name) + " exists already",
                "rename or remove it, then run create-migration again");
  const std::filesystem::path snapshot = folder.dir() / created.snapshot_path;
  fs.create_directories(snapshot.parent_path());
  if (!fs.exists(snapshot))
    fs.write_atomic(snapshot, created.snapshot_text);
  fs.write_atomic(file, created.text);
}

} // namespace crochet::migration
