#pragma once
// What the pre-commit hook learnt about staged content, so a retried commit (refused, then a
// migration added) and a repeated one cost no model reading: the schema hash of a staged models
// folder and the head schema hash of a staged migrations folder, each keyed by a digest of the
// staged paths and blob ids (plus the reader's options and this build's version). Content-
// addressed, so an entry can only be stale by being absent; the file keeps the newest entries.
// Only a cache: deleting it changes no answer, and a damaged file is ignored and rewritten.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/git/repository.hpp"

namespace crochet::hooks {

// A digest of a staged folder: `kind` and `salt` (e.g. the read options) and every entry.
std::string staged_key(const std::string& kind, const std::string& salt,
                       const std::vector<git::FileEntry>& entries);

class GateCache {
public:
  explicit GateCache(std::filesystem::path file, std::size_t capacity = 64);

  std::optional<std::string> find(const std::string& key) const;
  void put(const std::string& key, const std::string& value);
  // Writes the entries back when they changed; returns a warning when that fails.
  std::optional<std::string> save();

private:
  std::filesystem::path file_;
  std::size_t capacity_;
  std::vector<std::pair<std::string, std::string>> entries_; // oldest first
  bool dirty_ = false;
};

} // namespace crochet::hooks
