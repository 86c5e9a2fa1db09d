#pragma once
// Where the bytes of a data file come from: a file read in fixed-size blocks (memory stays flat
// in the file size) or, in tests, a string. Every byte read is also fed to a SHA-256 so the
// loader can check the file's pinned checksum in the same pass that reads it.
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

namespace crochet::data {

class ByteSource {
public:
  virtual ~ByteSource() = default;
  // Reads up to `size` bytes into `buffer`; returns 0 at the end. Throws crochet::Error.
  virtual std::size_t read(char* buffer, std::size_t size) = 0;
};

class FileByteSource final : public ByteSource {
public:
  explicit FileByteSource(const std::filesystem::path& path); // throws when it cannot open
  std::size_t read(char* buffer, std::size_t size) override;

private:
  struct Close {
    void operator()(std::FILE* file) const { std::fclose(file); }
  };
  std::unique_ptr<std::FILE, Close> file_;
  std::string name_;
};

class StringByteSource final : public ByteSource {
public:
  explicit StringByteSource(std::string bytes) : bytes_(std::move(bytes)) {}
  std::size_t read(char* buffer, std::size_t size) override;

private:
  std::string bytes_;
  std::size_t offset_ = 0;
};

// Counts the bytes that pass through another source (progress of a load through its file).
class CountingByteSource final : public ByteSource {
public:
  CountingByteSource(std::unique_ptr<ByteSource> inner, std::shared_ptr<std::size_t> counter)
      : inner_(std::move(inner)), counter_(std::move(counter)) {}
  std::size_t read(char* buffer, std::size_t size) override {
    const std::size_t count = inner_->read(buffer, size);
    *counter_ += count;
    return count;
  }

private:
  std::unique_ptr<ByteSource> inner_;
  std::shared_ptr<std::size_t> counter_;
};

// "sha256:<hex>" of a whole file, streamed in blocks.
std::string file_sha256(const std::filesystem::path& path);

} // namespace crochet::data
