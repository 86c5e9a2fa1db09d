#pragma once
// The migrations folder in the work tree, read and written through the FileSystem seam.
#include <filesystem>
#include <string>
#include <vector>

#include "core/migration/migration.hpp"
#include "core/schema/ir.hpp"
#include "core/util/fs.hpp"

namespace crochet::migration {

struct MigrationsFolder {
  std::filesystem::path root; // the project root
  std::string path;           // the migrations folder relative to it, e.g. "migrations"
  std::filesystem::path dir() const { return root / path; }
  // "migrations/0003_x.toml" for "0003_x.toml".
  std::string relative(const std::string& name) const;
};

// The migration files (top-level *.toml) of the folder, sorted by name; none when the folder
// does not exist yet.
std::vector<MigrationFile> read_migration_files(const FileSystem& fs,
                                                const MigrationsFolder& folder);

// The schema the head migration brings the graph to, from its snapshot; the empty schema when
// there are no migrations. Throws crochet::Error when there are several heads (with the fix) or
// the head's snapshot is missing or corrupt.
schema::Schema head_schema(const FileSystem& fs, const MigrationsFolder& folder,
                           const Chain& chain);

// The schema recorded for one migration; nullopt when its snapshot file is absent.
std::optional<schema::Schema> recorded_schema(const FileSystem& fs, const MigrationsFolder& folder,
                                              const Migration& migration);

} // namespace crochet::migration
