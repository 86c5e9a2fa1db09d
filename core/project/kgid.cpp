#include "core/project/kgid.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <sys/random.h>

#include "core/util/error.hpp"

namespace crochet::project {

void SystemRandom::fill(std::span<unsigned char> bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t got = ::getrandom(bytes.data() + done, bytes.size() - done, 0);
    if (got < 0) {
      if (errno == EINTR)
        continue;
      throw Error(std::string("cannot read random bytes: ") + std::strerror(errno));
    }
    done += static_cast<std::size_t>(got);
  }
}

std::string snake_case(std::string_view name) {
  const auto upper = [](char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; };
  const auto lower_or_digit = [](char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c));
  };
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (upper(c) && i > 0) {
      const bool after_word = lower_or_digit(name[i - 1]);
      const bool acronym_end = upper(name[i - 1]) && i + 1 < name.size() &&
                               std::islower(static_cast<unsigned char>(name[i + 1]));
      if ((after_word || acronym_end) && out.back() != '_')
        out += '_';
    }
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string new_kgid(std::string_view class_name, RandomSource& random) {
  unsigned char bytes[6];
  random.fill(bytes);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = snake_case(class_name) + "_";
  for (const unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 0xF];
  }
  return out;
}

void validate_kgid(std::string_view kgid) {
  const auto bad = [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c <= 0x20 || c >= 0x7F || ch == '"' || ch == '\'' || ch == '\\';
  };
  if (kgid.empty() || kgid.size() > 128 ||
      std::find_if(kgid.begin(), kgid.end(), bad) != kgid.end())
    throw Error("invalid kgid '" + std::string(kgid) +
                    "': a kgid is 1 to 128 printable ASCII characters without spaces, quotes or "
                    "backslashes",
                "omit --kgid to get a fresh one");
}

} // namespace crochet::project
