#include "core/data/byte_source.hpp"

#include <cerrno>
#include <cstring>
#include <vector>

#include "core/util/error.hpp"
#include "core/util/sha256.hpp"

namespace crochet::data {

FileByteSource::FileByteSource(const std::filesystem::path& path)
    : file_(std::fopen(path.c_str(), "rb")), name_(path.string()) {
  if (!file_)
    throw Error("cannot open data file " + name_ + ": " + std::strerror(errno));
}

std::size_t FileByteSource::read(char* buffer, std::size_t size) {
  const std::size_t count = std::fread(buffer, 1, size, file_.get());
  if (count == 0 && std::ferror(file_.get()))
    throw Error("cannot read data file " + name_ + ": " + std::strerror(errno));
  return count;
}

std::size_t StringByteSource::read(char* buffer, std::size_t size) {
  const std::size_t count = std::min(size, bytes_.size() - offset_);
  std::memcpy(buffer, bytes_.data() + offset_, count);
  offset_ += count;
  return count;
}

std::string file_sha256(const std::filesystem::path& path) {
  FileByteSource source(path);
  Sha256 hasher;
  std::vector<char> block(1 << 16);
  while (const std::size_t count = source.read(block.data(), block.size()))
    hasher.update(std::string_view(block.data(), count));
  return "sha256:" + hasher.hex_digest();
}

} // namespace crochet::data
