#pragma once
// An in-memory FileSystem for tests: files and folders keyed by normalised absolute path, so a
// test can snapshot the whole tree and compare it after a refused operation.
#include <map>
#include <set>
#include <span>
#include <string>

#include "core/project/kgid.hpp"
#include "core/util/error.hpp"
#include "core/util/fs.hpp"

namespace crochet::testing {

class MemoryFileSystem final : public FileSystem {
public:
  MemoryFileSystem() { dirs_.insert("/"); }

  bool exists(const std::filesystem::path& path) const override {
    const std::string key = normal(path);
    return files_.count(key) != 0 || dirs_.count(key) != 0;
  }
  bool is_directory(const std::filesystem::path& path) const override {
    return dirs_.count(normal(path)) != 0;
  }
  std::string read(const std::filesystem::path& path) const override {
    const auto it = files_.find(normal(path));
    if (it == files_.end())
      throw Error("cannot read " + path.string() + ": No such file or directory");
    return it->second;
  }
  void write_atomic(const std::filesystem::path& path, std::string_view content) override {
    const std::string key = normal(path);
    if (dirs_.count(normal(std::filesystem::path(key).parent_path())) == 0)
      throw Error("cannot write " + key + ": No such file or directory");
    if (dirs_.count(key) != 0)
      throw Error("cannot write " + key + ": Is a directory");
    files_[key] = std::string(content);
    ++writes;
  }
  void create_directories(const std::filesystem::path& path) override {
    for (std::filesystem::path p = normal(path); p != p.parent_path(); p = p.parent_path()) {
      if (files_.count(p.string()) != 0)
        throw Error("cannot create directory " + p.string() + ": File exists");
      dirs_.insert(p.string());
    }
  }
  std::vector<std::string> list_files(const std::filesystem::path& root,
                                      std::string_view suffix) const override {
    std::vector<std::string> out;
    const std::string prefix = normal(root) + "/";
    for (const auto& [key, content] : files_) {
      if (!key.starts_with(prefix) || !key.ends_with(suffix))
        continue;
      const std::string relative = key.substr(prefix.size());
      bool hidden = false;
      for (const auto& part : std::filesystem::path(relative).parent_path())
        hidden = hidden || part.string().starts_with('.') || part == "__pycache__";
      if (!hidden)
        out.push_back(relative);
    }
    return out; // std::map keeps them sorted
  }

  // Test helpers.
  void add(const std::filesystem::path& path, std::string_view content) {
    create_directories(std::filesystem::path(normal(path)).parent_path());
    files_[normal(path)] = std::string(content);
  }
  const std::map<std::string, std::string>& files() const { return files_; }
  const std::set<std::string>& dirs() const { return dirs_; }
  int writes = 0;

private:
  static std::string normal(const std::filesystem::path& path) {
    std::string s = std::filesystem::path("/" / path).lexically_normal().generic_string();
    while (s.size() > 1 && s.back() == '/')
      s.pop_back();
    return s;
  }
  std::map<std::string, std::string> files_;
  std::set<std::string> dirs_;
};

// Deterministic randomness: bytes 0x00, 0x11, 0x22, ... continuing across calls.
class CountingRandom final : public project::RandomSource {
public:
  void fill(std::span<unsigned char> bytes) override {
    for (auto& b : bytes)
      b = static_cast<unsigned char>(0x11 * next_++);
  }

private:
  unsigned next_ = 0;
};

} // namespace crochet::testing
