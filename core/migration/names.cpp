#include "core/migration/names.hpp"

#include <algorithm>
#include <cstdio>

#include "core/util/sha256.hpp"

namespace crochet::migration {
namespace {

bool is_hex_lower(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      diagonal = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitution});
    }
  }
  return row[b.size()];
}

} // namespace

bool is_revision_id(std::string_view text) {
  if (text.empty() || text.size() > 64 || text.front() == '.' || text.front() == '-')
    return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

bool is_schema_hash(std::string_view text) {
  constexpr std::string_view prefix = "sha256:";
  return text.size() == prefix.size() + 64 && text.substr(0, prefix.size()) == prefix &&
         std::all_of(text.begin() + prefix.size(), text.end(), is_hex_lower);
}

std::string new_revision_id(const std::vector<std::string>& parents, std::string_view schema_hash,
                            std::string_view description, std::string_view nonce) {
  Sha256 hasher;
  hasher.update("crochet-revision-v1\n");
  for (const std::string& parent : parents) {
    hasher.update(parent);
    hasher.update("\n");
  }
  hasher.update(schema_hash);
  hasher.update("\n");
  hasher.update(description);
  hasher.update("\n");
  hasher.update(nonce);
  return hasher.hex_digest().substr(0, 12);
}

namespace {

// The Latin letters U+00C0 to U+017F as lowercase ASCII ("é" -> "e", "ß" -> "ss", "Ł" -> "l"), so
// "ajout émile" names its file ajout_emile, not ajout_mile; "" for × and ÷.
constexpr const char* kLatinFolded[0x180 - 0xC0] = {
    "a", "a", "a",  "a",  "a", "a", "ae", "c",  "e",  "e", "e", "e", "i",  "i",  "i", "i", "d", "n",
    "o", "o", "o",  "o",  "o", "",  "o",  "u",  "u",  "u", "u", "y", "th", "ss", "a", "a", "a", "a",
    "a", "a", "ae", "c",  "e", "e", "e",  "e",  "i",  "i", "i", "i", "d",  "n",  "o", "o", "o", "o",
    "o", "",  "o",  "u",  "u", "u", "u",  "y",  "th", "y", "a", "a", "a",  "a",  "a", "a", "c", "c",
    "c", "c", "c",  "c",  "c", "c", "d",  "d",  "d",  "d", "e", "e", "e",  "e",  "e", "e", "e", "e",
    "e", "e", "g",  "g",  "g", "g", "g",  "g",  "g",  "g", "h", "h", "h",  "h",  "i", "i", "i", "i",
    "i", "i", "i",  "i",  "i", "i", "ij", "ij", "j",  "j", "k", "k", "k",  "l",  "l", "l", "l", "l",
    "l", "l", "l",  "l",  "l", "n", "n",  "n",  "n",  "n", "n", "n", "n",  "n",  "o", "o", "o", "o",
    "o", "o", "oe", "oe", "r", "r", "r",  "r",  "r",  "r", "s", "s", "s",  "s",  "s", "s", "s", "s",
    "t", "t", "t",  "t",  "t", "t", "u",  "u",  "u",  "u", "u", "u", "u",  "u",  "u", "u", "u", "u",
    "w", "w", "y",  "y",  "y", "z", "z",  "z",  "z",  "z", "z", "s"};

// The ASCII spelling of the letter starting at description[i], and its length in bytes; an empty
// spelling for anything else (punctuation, other scripts), which separates words.
std::pair<std::string_view, std::size_t> folded_letter(std::string_view text, std::size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
    return {text.substr(i, 1), 1};
  if (c >= 'A' && c <= 'Z') {
    static constexpr std::string_view kLower = "abcdefghijklmnopqrstuvwxyz";
    return {kLower.substr(c - 'A', 1), 1};
  }
  // U+00C0..U+017F are the two-byte sequences led by 0xC3, 0xC4 and 0xC5.
  if (c >= 0xC3 && c <= 0xC5 && i + 1 < text.size() &&
      (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80) {
    const unsigned code = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3Fu);
    return {kLatinFolded[code - 0xC0], 2};
  }
  return {{}, 1};
}

} // namespace

std::string slug(std::string_view description) {
  std::string out;
  bool gap = false;
  for (std::size_t i = 0; i < description.size() && out.size() < 48;) {
    const auto [letters, length] = folded_letter(description, i);
    i += length;
    if (letters.empty()) {
      gap = true;
      continue;
    }
    if (gap && !out.empty())
      out += '_';
    out += letters;
    gap = false;
  }
  if (out.size() > 48)
    out.resize(48);
  while (!out.empty() && out.back() == '_')
    out.pop_back();
  return out.empty() ? "migration" : out;
}

std::string migration_file_name(int number, std::string_view description) {
  char prefix[16];
  std::snprintf(prefix, sizeof prefix, "%04d", number);
  return std::string(prefix) + "_" + slug(description) + ".toml";
}

int file_number(std::string_view file_name) {
  const auto slash = file_name.rfind('/');
  if (slash != std::string_view::npos)
    file_name.remove_prefix(slash + 1);
  int number = 0;
  std::size_t digits = 0;
  for (char c : file_name) {
    if (c < '0' || c > '9' || digits == 9)
      break;
    number = number * 10 + (c - '0');
    ++digits;
  }
  return number;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates) {
  std::string_view best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 4) + 1;
  for (std::string_view candidate : candidates) {
    const std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best.empty() ? std::string() : " (did you mean `" + std::string(best) + "`?)";
}

} // namespace crochet::migration
