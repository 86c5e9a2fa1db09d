#include "core/history/parsed_files.hpp"

namespace crochet::history {

std::shared_ptr<const model::FileModel> ParsedFiles::load(model::SourceFile file) {
  auto parse = [&] {
    return model::load_file_model(std::move(file), options_.display_prefix, options_.package_name);
  };
  if (file.object_id.empty())
    return parse();
  // The path is part of the key: it decides the module name and what diagnostics show.
  std::string key = file.object_id;
  key += '\0';
  key += file.path;
  {
    const std::lock_guard lock(mutex_);
    if (const auto found = files_.find(key); found != files_.end()) {
      found->second.used = true;
      return found->second.file;
    }
  }
  std::shared_ptr<const model::FileModel> parsed = parse(); // outside the lock: the slow part
  const std::lock_guard lock(mutex_);
  // Another thread may have parsed the same file meanwhile; either result is the same.
  Entry& entry = files_.try_emplace(std::move(key), Entry{std::move(parsed), false}).first->second;
  entry.used = true;
  return entry.file;
}

void ParsedFiles::trim() {
  const std::lock_guard lock(mutex_);
  std::erase_if(files_, [](const auto& item) { return !item.second.used; });
  for (auto& [key, entry] : files_)
    entry.used = false;
}

std::size_t ParsedFiles::size() const {
  const std::lock_guard lock(mutex_);
  return files_.size();
}

} // namespace crochet::history
