#pragma once
// create-migration: the models' schema against the schema the head migration recorded, turned
// into a new migration file and the snapshot of the schema it brings the graph to.
#include <optional>
#include <string>
#include <vector>

#include "core/migration/autogen.hpp"
#include "core/migration/folder.hpp"
#include "core/migration/migration.hpp"
#include "core/schema/diff.hpp"

namespace crochet::migration {

struct CreateOptions {
  std::string description;
  std::vector<std::string> renames; // "Label.old=new" confirmations (schema::apply_renames)
  bool empty = false;               // write no generated steps, even when the models changed
  std::string nonce;                // random bytes for the revision id
};

struct NewMigration {
  Migration migration;
  std::string file_name;     // "0003_add_person_email.toml"
  std::string text;          // the file content
  std::string snapshot_path; // relative to the migrations folder
  std::string snapshot_text;
  schema::Diff diff; // head schema -> models, renames applied
  std::vector<std::string> notes;
};

// Builds the new migration. Throws crochet::Error when the description is empty, a rename
// confirmation does not apply, or nothing changed and `empty` is not set.
NewMigration prepare_migration(const Chain& chain, const schema::Schema& base,
                               const schema::Schema& models, const CreateOptions& options);

// Writes the snapshot (content-addressed, so writing it twice is harmless), then the migration
// file, each atomically. Refuses to overwrite an existing migration file.
void write_migration(FileSystem& fs, const MigrationsFolder& folder, const NewMigration& created);

} // namespace crochet::migration
