#include "core/history/cache_file.hpp"

#include <cstdint>
#include <cstring>
#include <fstream>

#include "core/util/fs.hpp"

namespace crochet::history {
namespace {

constexpr std::string_view kMagic = "crochet-cache\n";
constexpr std::size_t kChecksumSize = sizeof(std::uint64_t);

// FNV-1a over 8-byte words: catches torn writes and stray damage, cheaply for large files.
std::uint64_t checksum(std::string_view bytes) {
  constexpr std::uint64_t kPrime = 0x100000001b3ULL;
  std::uint64_t hash = 0xcbf29ce484222325ULL ^ bytes.size();
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, bytes.data() + i, sizeof word);
    hash = (hash ^ word) * kPrime;
  }
  for (; i < bytes.size(); ++i)
    hash = (hash ^ static_cast<unsigned char>(bytes[i])) * kPrime;
  return hash;
}

// The key on one line.
std::string header_of(std::string_view key) {
  std::string header(key);
  for (char& c : header)
    if (c == '\n')
      c = ' ';
  return header;
}

} // namespace

CacheFileRead read_cache_file(const std::filesystem::path& file, std::string_view key) {
  CacheFileRead result;
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  if (!in) {
    std::error_code ec;
    if (std::filesystem::exists(file, ec)) {
      result.status = CacheFileRead::Status::corrupt;
      result.problem = "cannot be read";
    }
    return result;
  }
  const std::streamoff size = in.tellg();
  std::string bytes(size > 0 ? static_cast<std::size_t>(size) : 0, '\0');
  in.seekg(0);
  if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
    result.status = CacheFileRead::Status::corrupt;
    result.problem = "cannot be read";
    return result;
  }
  const std::string_view view = bytes;
  result.status = CacheFileRead::Status::corrupt;
  if (!view.starts_with(kMagic) || view.size() < kMagic.size() + kChecksumSize) {
    result.problem = "not a cache file";
    return result;
  }
  const std::string_view body = view.substr(0, view.size() - kChecksumSize);
  std::uint64_t stored;
  std::memcpy(&stored, view.data() + body.size(), sizeof stored);
  if (stored != checksum(body)) {
    result.problem = "checksum mismatch";
    return result;
  }
  const std::string_view rest = body.substr(kMagic.size());
  const std::size_t newline = rest.find('\n');
  if (newline == std::string_view::npos) {
    result.problem = "no header";
    return result;
  }
  if (rest.substr(0, newline) != header_of(key)) {
    result.status = CacheFileRead::Status::stale;
    return result;
  }
  result.status = CacheFileRead::Status::loaded;
  // Drop the header and checksum in place rather than copying the payload.
  bytes.resize(body.size());
  bytes.erase(0, kMagic.size() + newline + 1);
  result.payload = std::move(bytes);
  return result;
}

void write_cache_file(const std::filesystem::path& file, std::string_view key,
                      std::string_view payload) {
  std::string bytes;
  bytes.reserve(kMagic.size() + key.size() + 1 + payload.size() + kChecksumSize);
  bytes += kMagic;
  bytes += header_of(key);
  bytes += '\n';
  bytes += payload;
  const std::uint64_t sum = checksum(bytes);
  bytes.append(reinterpret_cast<const char*>(&sum), sizeof sum);
  RealFileSystem fs;
  fs.create_directories(file.parent_path());
  fs.write_atomic(file, bytes);
}

} // namespace crochet::history
