#include "core/history/snapshot.hpp"

#include <fstream>
#include <sstream>

#include "core/util/error.hpp"
#include "core/util/fs.hpp"

namespace crochet::history {
namespace {

constexpr int kCacheVersion = 1;

std::string first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

} // namespace

Snapshot make_snapshot(model::ReadResult result) {
  Snapshot snapshot;
  snapshot.diagnostics = std::move(result.diagnostics);
  for (const Diagnostic& d : snapshot.diagnostics) {
    if (d.severity == Severity::error) {
      snapshot.readable = false;
      snapshot.first_error = first_line(d.format());
      return snapshot;
    }
  }
  snapshot.schema = std::move(result.schema);
  snapshot.hash = !result.hash.empty() ? std::move(result.hash)
                                       : schema::normalized_schema_hash(snapshot.schema);
  return snapshot;
}

ModelSnapshotReader::ModelSnapshotReader(git::Repository repo, std::string models_path,
                                         model::ReadOptions options,
                                         std::filesystem::path cache_dir)
    : repo_(std::move(repo)), models_path_(std::move(models_path)), options_(std::move(options)),
      cache_dir_(std::move(cache_dir)), parsed_(std::make_unique<ParsedFiles>(options_)) {
  options_.hash = true; // every snapshot carries its hash
}

std::optional<std::string> ModelSnapshotReader::models_tree(const std::string& commit_id) const {
  return repo_.subtree_id(commit_id, models_path_);
}

Snapshot ModelSnapshotReader::from_sources(model::SourceSet files) const {
  return make_snapshot(
      model::read_models(std::move(files), options_, [this](model::SourceFile file) {
        return parsed_->load(std::move(file));
      }));
}

Snapshot ModelSnapshotReader::at_commit(const std::string& commit_id) {
  return at_tree(models_tree(commit_id));
}

Snapshot ModelSnapshotReader::at_tree(const std::optional<std::string>& tree_id) {
  if (!tree_id)
    return from_sources({}); // no models folder: the empty schema
  if (const auto memo = memo_.find(*tree_id); memo != memo_.end())
    return memo->second;
  if (auto cached = load_cached(*tree_id))
    return memo_.emplace(*tree_id, std::move(*cached)).first->second;
  Snapshot snapshot = from_sources(tree_sources(*tree_id));
  store_cached(*tree_id, snapshot);
  memo_.emplace(*tree_id, snapshot);
  return snapshot;
}

model::SourceSet TreeSources::read(git::Repository& repo, const std::string& tree_id) {
  model::SourceSet files;
  std::unordered_map<std::string, std::string> blobs; // this tree's, kept for the next one
  for (git::FileEntry& entry : repo.list_tree(tree_id, ".py")) {
    auto known = last_blobs_.find(entry.blob_id);
    std::string content =
        known != last_blobs_.end() ? known->second : repo.read_blob(entry.blob_id);
    blobs.emplace(entry.blob_id, content);
    files.push_back({std::move(entry.path), std::move(content), std::move(entry.blob_id)});
  }
  last_blobs_ = std::move(blobs);
  return files;
}

model::SourceSet ModelSnapshotReader::tree_sources(const std::string& tree_id) {
  return tree_sources_.read(repo_, tree_id);
}

Snapshot ModelSnapshotReader::in_index() {
  model::SourceSet files;
  const std::string prefix = models_path_.empty() ? "" : models_path_;
  for (const git::FileEntry& entry : repo_.list_index(prefix, ".py"))
    files.push_back({entry.path, repo_.read_blob(entry.blob_id), entry.blob_id});
  return from_sources(std::move(files));
}

std::string ModelSnapshotReader::options_key() const {
  return model::results_key(options_);
}

std::optional<Snapshot> ModelSnapshotReader::load_cached(const std::string& tree_id) {
  if (cache_dir_.empty())
    return std::nullopt;
  const std::filesystem::path file = cache_dir_ / (tree_id + ".json");
  std::error_code ec;
  if (!std::filesystem::exists(file, ec))
    return std::nullopt;
  try {
    std::ifstream in(file, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const schema::Json json = schema::Json::parse(buffer.str());
    if (json.at("version").get<int>() != kCacheVersion ||
        json.at("options").get<std::string>() != options_key())
      return std::nullopt; // written by another version or configuration: read again
    Snapshot snapshot;
    snapshot.readable = json.at("readable").get<bool>();
    if (snapshot.readable) {
      snapshot.schema = schema::from_json(json.at("schema"));
      schema::normalize(snapshot.schema); // a hand-edited file may list things in any order
      snapshot.hash = json.at("hash").get<std::string>();
      if (snapshot.hash != schema::schema_hash(snapshot.schema))
        throw Error("hash mismatch");
    } else {
      snapshot.first_error = json.at("error").get<std::string>();
    }
    return snapshot;
  } catch (const std::exception& e) {
    cache_warnings_.push_back("ignoring corrupt cache file " + file.string() + " (" + e.what() +
                              "); rewriting it");
    return std::nullopt;
  }
}

void ModelSnapshotReader::store_cached(const std::string& tree_id, const Snapshot& snapshot) {
  if (cache_dir_.empty())
    return;
  schema::Json json = {
      {"version", kCacheVersion}, {"options", options_key()}, {"readable", snapshot.readable}};
  if (snapshot.readable) {
    json["hash"] = snapshot.hash;
    json["schema"] = schema::to_json(snapshot.schema);
  } else {
    json["error"] = snapshot.first_error;
  }
  try {
    RealFileSystem fs;
    fs.create_directories(cache_dir_);
    fs.write_atomic(cache_dir_ / (tree_id + ".json"), json.dump());
  } catch (const std::exception& e) {
    cache_warnings_.push_back(std::string("cannot write the schema cache: ") + e.what());
  }
}

} // namespace crochet::history
