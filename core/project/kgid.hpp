#pragma once
// Class identities (`__kgid__ = "..."`): generating fresh ones, checking user-given ones, and
// stamping them into model files that lack them (`git crochet kgid --write`).
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/reader.hpp"
#include "core/project/project.hpp"
#include "core/util/fs.hpp"

namespace crochet::project {

// Where fresh kgids get their randomness; tests substitute a deterministic source.
class RandomSource {
public:
  virtual ~RandomSource() = default;
  virtual void fill(std::span<unsigned char> bytes) = 0;
};

// The kernel's CSPRNG (getrandom(2)).
class SystemRandom final : public RandomSource {
public:
  void fill(std::span<unsigned char> bytes) override;
};

// "Person" -> "person", "HTTPServer" -> "http_server", "FriendsWith" -> "friends_with".
std::string snake_case(std::string_view class_name);

// A readable unique identity: snake_case(class_name) + "_" + 12 hex digits (48 random bits).
std::string new_kgid(std::string_view class_name, RandomSource& random);

// Throws crochet::Error unless `kgid` is 1..128 printable ASCII characters without spaces,
// quotes or backslashes (so it can be written into a Python string literal verbatim).
void validate_kgid(std::string_view kgid);

struct StampedKgid {
  std::string file; // relative to the models folder, as in model::MissingKgid::file
  std::string class_name;
  std::string kgid;
};

// Inserts `<indent>__kgid__ = "<fresh>"` before each record's insert_line, changing nothing else
// (line endings, BOM and a missing final newline are kept); a one-line class body first moves to
// a line of its own. Checks every record before writing anything; each file is written
// atomically. Throws crochet::Error for a record the file no longer matches.
std::vector<StampedKgid> stamp_kgids(FileSystem& fs, const Project& project,
                                     const std::vector<model::MissingKgid>& missing,
                                     RandomSource& random);

// The same on one file's text: returns the new text. `missing` must all belong to this file.
std::string stamp_text(std::string_view text, std::string_view display_path,
                       const std::vector<model::MissingKgid>& missing,
                       const std::vector<std::string>& kgids);

} // namespace crochet::project
