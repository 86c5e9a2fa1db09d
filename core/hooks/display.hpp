#pragma once
// How the hooks name migrations to people: the file's stem ("0003_add_email") rather than the
// revision id, which the commands also accept.
#include <filesystem>
#include <string>

namespace crochet::hooks {

// "0003_add_email" for migrations/0003_add_email.toml; `revision` when there is no file.
inline std::string display_name(const std::string& file, const std::string& revision) {
  const std::string stem = std::filesystem::path(file).stem().string();
  return stem.empty() ? revision : stem;
}

template <typename Migration> std::string display_name(const Migration& migration) {
  return display_name(migration.file, migration.revision);
}

} // namespace crochet::hooks
