#pragma once
// Whole-file caches under .crochet/cache: a header naming the format and everything the content
// depends on (the key), the payload, and a checksum, so a torn or damaged file is told apart
// from a file written by another version or configuration.
#include <filesystem>
#include <string>
#include <string_view>

namespace crochet::history {

struct CacheFileRead {
  enum class Status {
    loaded,  // `payload` holds the content
    missing, // no such file
    stale,   // an intact file with another key: silently rebuilt
    corrupt, // unreadable, truncated or damaged: `problem` says how
  };
  Status status = Status::missing;
  std::string payload;
  std::string problem;
};

CacheFileRead read_cache_file(const std::filesystem::path& file, std::string_view key);
// Atomic (write then rename), creating the folder. Throws crochet::Error on failure.
void write_cache_file(const std::filesystem::path& file, std::string_view key,
                      std::string_view payload);

} // namespace crochet::history
