#include "core/migration/folder.hpp"

#include "core/migration/schema_snapshot.hpp"
#include "core/util/advice.hpp"
#include "core/util/error.hpp"

namespace crochet::migration {

std::string MigrationsFolder::relative(const std::string& name) const {
  const std::string folder = std::filesystem::path(path).generic_string();
  return folder.empty() || folder == "." ? name : folder + "/" + name;
}

std::vector<MigrationFile> read_migration_files(const FileSystem& fs,
                                                const MigrationsFolder& folder) {
  std::vector<MigrationFile> files;
  if (!fs.is_directory(folder.dir()))
    return files;
  for (const std::string& name : fs.list_files(folder.dir(), ".toml")) {
    if (name.find('/') != std::string::npos || !is_migration_path(name))
      continue; // migration files live at the top; sub-folders hold data files
    files.push_back({folder.relative(name), fs.read(folder.dir() / name)});
  }
  return files;
}

std::optional<schema::Schema> recorded_schema(const FileSystem& fs, const MigrationsFolder& folder,
                                              const Migration& migration) {
  const std::string relative = snapshot_relative_path(migration.schema_hash);
  const std::filesystem::path file = folder.dir() / relative;
  if (!fs.exists(file))
    return std::nullopt;
  return parse_snapshot(fs.read(file), migration.schema_hash,
                        advice::path(folder.relative(relative)));
}

schema::Schema head_schema(const FileSystem& fs, const MigrationsFolder& folder,
                           const Chain& chain) {
  const Migration* head = chain.head();
  if (head == nullptr)
    return {};
  if (auto schema = recorded_schema(fs, folder, *head))
    return std::move(*schema);
  throw Error("the schema recorded by the head migration " + head->file +
                  " is missing: " + folder.relative(snapshot_relative_path(head->schema_hash)),
              "restore it from git, or run `" + advice::crochet("create-migration") +
                  "` in a checkout whose "
                  "models have the schema hash " +
                  head->schema_hash + " (it writes the missing snapshot)");
}

} // namespace crochet::migration
