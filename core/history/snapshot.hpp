#pragma once
// The schema the models folder defines at a commit, in the index or in the work tree.
// Schemas of commits are cached on disk by the models folder's tree id: two commits with the
// same models tree have the same schema, so history walks read each distinct tree once. The
// cache is only a cache: deleting it changes no answer, a corrupt entry is ignored and rewritten.
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/git/repository.hpp"
#include "core/history/parsed_files.hpp"
#include "core/model/reader.hpp"
#include "core/schema/ir.hpp"

namespace crochet::history {

struct Snapshot {
  bool readable = true;    // false when the models have errors
  std::string first_error; // one line, "file:line:col: error: ..." when unreadable
  schema::Schema schema;   // normalized; empty when unreadable or without a models folder
  std::string hash;        // schema_hash(schema); "" when unreadable
  Diagnostics diagnostics; // warnings and errors; empty when served from the cache
};

// Snapshots already read, by models tree (nullopt: no models folder).
using KnownSnapshots = std::map<std::optional<git::ObjectId>, std::shared_ptr<const Snapshot>>;

// Builds a snapshot from a model read: unreadable with the first error, or the schema and hash.
Snapshot make_snapshot(model::ReadResult result);

// The model files of models trees, read one tree after another: the trees of consecutive
// commits share all files but the changed ones, so the blobs of the tree read last are reused.
class TreeSources {
public:
  model::SourceSet read(git::Repository& repo, const std::string& tree_id);

private:
  std::unordered_map<std::string, std::string> last_blobs_; // by blob id
};

class ModelSnapshotReader {
public:
  // `models_path` is the models folder relative to the repository root ("" = root, "app/models").
  // `cache_dir` is where schema files go; empty disables the disk cache.
  ModelSnapshotReader(git::Repository repo, std::string models_path, model::ReadOptions options,
                      std::filesystem::path cache_dir = {});

  git::Repository& repo() { return repo_; }
  const git::Repository& repo() const { return repo_; }
  const std::string& models_path() const { return models_path_; }
  const std::filesystem::path& cache_dir() const { return cache_dir_; }
  // What schemas depend on besides the model files (the reader's revision and options): cached
  // results are keyed by it.
  std::string options_key() const;

  // The models folder's tree id at a commit; nullopt when the commit has no such folder.
  std::optional<std::string> models_tree(const std::string& commit_id) const;
  Snapshot at_commit(const std::string& commit_id);
  Snapshot at_tree(const std::optional<std::string>& tree_id);
  Snapshot in_index();
  // Thread-safe: reads no git object. Files with a blob id are parsed once per reader.
  Snapshot from_sources(model::SourceSet files) const;
  // Forgets parsed files not used since the last call (history walks call it between batches).
  // Only the memo changes, which from_sources() updates too.
  void trim_parsed_files() const { parsed_->trim(); }
  // The model files of a models tree.
  model::SourceSet tree_sources(const std::string& tree_id);

  // Problems with the cache (corrupt files, unwritable folder); never fatal.
  const std::vector<std::string>& cache_warnings() const { return cache_warnings_; }
  void add_cache_warning(std::string warning) { cache_warnings_.push_back(std::move(warning)); }

private:
  std::optional<Snapshot> load_cached(const std::string& tree_id);
  void store_cached(const std::string& tree_id, const Snapshot& snapshot);

  git::Repository repo_;
  std::string models_path_;
  model::ReadOptions options_;
  std::filesystem::path cache_dir_;
  std::vector<std::string> cache_warnings_;
  std::map<std::string, Snapshot> memo_; // by tree id, for this process
  std::unique_ptr<ParsedFiles> parsed_;
  TreeSources tree_sources_;
};

} // namespace crochet::history
