#pragma once
// The commits history walks have read, with what a walk over one directory needs of each: the
// commit time, the parents and the directory's tree id. A walk reads a commit from git only when
// the table lacks it, and the caller may save the table and load it in a later run: commits are
// immutable, so an entry never goes stale. Parents are stored as the commit names them; shallow
// boundaries and missing commits are applied by the walk, so a deepened clone needs no rebuild.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/git/repository.hpp"

namespace crochet::git {

class SubtreeTable {
public:
  struct Entry {
    ObjectId commit;
    std::optional<ObjectId> tree;   // the directory at this commit; nullopt when absent
    long long commit_time = 0;      // committer time, seconds since the epoch
    std::uint32_t first_parent = 0; // index of the first parent in the table's parent list
    std::uint32_t parent_count = 0;
  };

  // `dir_path` is the directory relative to the repository root ("" = root, "app/models").
  explicit SubtreeTable(std::string_view dir_path);

  const std::string& dir_path() const { return dir_path_; }
  std::size_t size() const { return entries_.size(); }
  // True when entries were added since construction or the last load()/mark_saved().
  bool modified() const { return modified_; }
  void mark_saved() { modified_ = false; }

  const Entry* find(const ObjectId& commit) const;
  std::span<const ObjectId> parents(const Entry& entry) const;
  // Adds a commit (ignored when present); returns its entry.
  const Entry& add(const ObjectId& commit, long long commit_time, std::span<const ObjectId> parents,
                   const std::optional<ObjectId>& tree);

  // Called with the new entry each time add() adds a commit, on the adding thread: a history
  // walk announces commits as it finds them, so reading their trees can start before it ends.
  void on_add(std::function<void(const Entry&)> listener) { listener_ = std::move(listener); }

  // A compact binary form, for a cache file.
  std::string serialize() const;
  enum class LoadResult {
    loaded,
    other_directory, // a well-formed table of another directory: the table stays empty
    malformed,       // not a table (truncated, corrupt): the table stays empty
  };
  LoadResult load(std::string_view bytes);

private:
  void clear();

  std::string dir_path_;
  std::vector<Entry> entries_;
  std::vector<ObjectId> parents_;
  std::unordered_map<ObjectId, std::uint32_t, ObjectIdHash> index_;
  bool modified_ = false;
  std::function<void(const Entry&)> listener_;
};

} // namespace crochet::git
