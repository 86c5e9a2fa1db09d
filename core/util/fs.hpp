#pragma once
// The file system seen through a narrow interface, so logic that reads and writes project files
// can be tested against an in-memory tree.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace crochet {

class FileSystem {
public:
  virtual ~FileSystem() = default;
  virtual bool exists(const std::filesystem::path& path) const = 0;
  virtual bool is_directory(const std::filesystem::path& path) const = 0;
  // Throws crochet::Error naming the path when the file cannot be read. Safe to call from
  // several threads at once (large folders are read in parallel).
  virtual std::string read(const std::filesystem::path& path) const = 0;
  // Writes through a temporary file and a rename, so readers never see half a file.
  virtual void write_atomic(const std::filesystem::path& path, std::string_view content) = 0;
  virtual void create_directories(const std::filesystem::path& path) = 0;
  // Regular files under `root` (recursively) whose names end with `suffix`, as paths relative to
  // `root` with '/' separators, sorted. Hidden directories and __pycache__ are skipped.
  virtual std::vector<std::string> list_files(const std::filesystem::path& root,
                                              std::string_view suffix) const = 0;
};

class RealFileSystem final : public FileSystem {
public:
  bool exists(const std::filesystem::path& path) const override;
  bool is_directory(const std::filesystem::path& path) const override;
  std::string read(const std::filesystem::path& path) const override;
  void write_atomic(const std::filesystem::path& path, std::string_view content) override;
  void create_directories(const std::filesystem::path& path) override;
  std::vector<std::string> list_files(const std::filesystem::path& root,
                                      std::string_view suffix) const override;
};

} // namespace crochet
