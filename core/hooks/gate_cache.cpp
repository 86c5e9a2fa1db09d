#include "core/hooks/gate_cache.hpp"

#include <fstream>
#include <sstream>

#include "core/util/fs.hpp"
#include "core/util/sha256.hpp"

namespace crochet::hooks {

namespace {
constexpr const char* kHeader = "git-crochet gate cache 1";
} // namespace

std::string staged_key(const std::string& kind, const std::string& salt,
                       const std::vector<git::FileEntry>& entries) {
  Sha256 hasher;
  hasher.update(kind + "\n" + salt + "\n" + CROCHET_VERSION + "\n");
  for (const git::FileEntry& entry : entries) {
    hasher.update(entry.path);
    hasher.update(std::string_view("\0", 1));
    hasher.update(entry.blob_id);
    hasher.update("\n");
  }
  return hasher.hex_digest();
}

GateCache::GateCache(std::filesystem::path file, std::size_t capacity)
    : file_(std::move(file)), capacity_(capacity) {
  std::ifstream in(file_, std::ios::binary);
  std::string line;
  if (!in || !std::getline(in, line) || line != kHeader)
    return; // absent, or not ours: start empty
  while (std::getline(in, line)) {
    const std::size_t space = line.find(' ');
    if (space == 64 && line.size() > 65)
      entries_.emplace_back(line.substr(0, space), line.substr(space + 1));
  }
}

std::optional<std::string> GateCache::find(const std::string& key) const {
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it)
    if (it->first == key)
      return it->second;
  return std::nullopt;
}

void GateCache::put(const std::string& key, const std::string& value) {
  if (find(key) == value)
    return;
  std::erase_if(entries_, [&](const auto& entry) { return entry.first == key; });
  entries_.emplace_back(key, value);
  if (entries_.size() > capacity_)
    entries_.erase(entries_.begin(), entries_.begin() + (entries_.size() - capacity_));
  dirty_ = true;
}

std::optional<std::string> GateCache::save() {
  if (!dirty_)
    return std::nullopt;
  std::ostringstream out;
  out << kHeader << "\n";
  for (const auto& [key, value] : entries_)
    out << key << " " << value << "\n";
  try {
    RealFileSystem fs;
    fs.create_directories(file_.parent_path());
    fs.write_atomic(file_, out.str());
    dirty_ = false;
  } catch (const std::exception& e) {
    return std::string("cannot write the hook cache: ") + e.what();
  }
  return std::nullopt;
}

} // namespace crochet::hooks
