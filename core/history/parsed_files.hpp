#pragma once
// Parsed model files by path and blob id, shared by the reads of many revisions: neighbouring
// commits share all model files but the changed ones, so a history walk parses each file
// content once instead of once per commit. Files without a blob id (the work tree) are parsed
// every time. Thread-safe: trees are read on several threads.
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/model/file_model.hpp"
#include "core/model/reader.hpp"

namespace crochet::history {

class ParsedFiles {
public:
  explicit ParsedFiles(const model::ReadOptions& options) : options_(options) {}

  // The parsed form of `file`, as model::load_file_model gives it under the reader's options.
  std::shared_ptr<const model::FileModel> load(model::SourceFile file);
  // Forgets the files no load() asked for since the last trim, so memory stays bounded by the
  // files of the revisions read between two trims.
  void trim();
  std::size_t size() const;

private:
  struct Entry {
    std::shared_ptr<const model::FileModel> file;
    bool used = false;
  };

  const model::ReadOptions options_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> files_; // by blob id + '\0' + path
};

} // namespace crochet::history
