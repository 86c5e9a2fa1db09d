#pragma once
// The compact caches behind history walks, beside the schema files in the reader's cache folder:
//   commits.bin  every commit walked so far with its parents, time and models tree id
//                (git::SubtreeTable), so a repeated walk reads no git object;
//   log.bin      per change of the models tree (parent tree, tree): what `log` shows for it,
//                so a repeated log reads no model file and no schema.
// Both are only caches: a missing file is rebuilt silently, a corrupt one with a warning, and one
// written by another version or configuration is ignored and rewritten.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/git/subtree_table.hpp"
#include "core/history/snapshot.hpp"

namespace crochet::history {

// What `log` shows for a commit whose models tree differs from its first parent's.
struct TreeChange {
  bool readable = true;        // the models at the commit parse
  bool parent_readable = true; // the models at the first parent parse
  std::string first_error;     // when not readable (the commit's, else the parent's)
  std::string hash;            // schema hash at the commit; "" when unreadable
  bool listed = true;          // false when the schema is the same (a comment, a moved class)
  std::string summary;         // change_tokens() of the diff
  std::string diff_json;       // to_json() of the diff, compact; empty diff when unreadable
};

class LogCache {
public:
  // nullopt stands for "no models folder" (the empty schema).
  using Trees = std::pair<std::optional<git::ObjectId>, std::optional<git::ObjectId>>;

  const TreeChange* find(const Trees& trees) const;
  const TreeChange& add(const Trees& trees, TreeChange change);
  bool modified() const { return modified_; }
  void mark_saved() { modified_ = false; }

  std::string serialize() const;
  bool load(std::string_view bytes); // false (and empty) when malformed

private:
  struct Key {
    git::ObjectId before; // all zero: none (no real object has this id)
    git::ObjectId after;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& key) const noexcept {
      return git::ObjectIdHash()(key.before) * 31 + git::ObjectIdHash()(key.after);
    }
  };
  static Key key_of(const Trees& trees);

  std::unordered_map<Key, TreeChange, KeyHash> changes_;
  bool modified_ = false;
};

// Loads the caches from the reader's cache folder on first use and saves what changed.
// Without a cache folder both start empty and nothing is written.
class HistoryCache {
public:
  explicit HistoryCache(ModelSnapshotReader& reader);

  git::SubtreeTable& commits();
  LogCache& log();
  // Writes the files whose content changed; a failure becomes a cache warning.
  void save();

private:
  std::filesystem::path file(std::string_view name) const;
  std::string commits_key() const;
  std::string log_key() const;
  // Reads a cache file into `load`; warns when it is corrupt or `load` rejects it, and then
  // returns true (the file is to be rewritten).
  bool load_file(std::string_view name, const std::string& key,
                 const std::function<bool(std::string_view)>& load);

  ModelSnapshotReader& reader_;
  std::optional<git::SubtreeTable> commits_;
  std::optional<LogCache> log_;
  bool rewrite_commits_ = false;
  bool rewrite_log_ = false;
};

} // namespace crochet::history
