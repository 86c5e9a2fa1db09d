#include "core/history/history_cache.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "core/history/cache_file.hpp"
#include "core/schema/diff.hpp"
#include "core/schema/json.hpp"

namespace crochet::history {
namespace {

// Bumped whenever a file's layout or meaning changes.
constexpr int kCommitsFormat = 1;
constexpr int kLogFormat = 1;

constexpr std::size_t kIdSize = sizeof(git::ObjectId::bytes);

void put_u32(std::string& out, std::uint32_t value) {
  char bytes[sizeof value];
  std::memcpy(bytes, &value, sizeof value);
  out.append(bytes, sizeof value);
}
void put_id(std::string& out, const git::ObjectId& id) {
  out.append(reinterpret_cast<const char*>(id.bytes.data()), kIdSize);
}
void put_string(std::string& out, const std::string& text) {
  put_u32(out, static_cast<std::uint32_t>(text.size()));
  out += text;
}

// Fields off the front of a byte string; `ok` turns false on a short read.
struct Fields {
  std::string_view bytes;
  bool ok = true;
  std::string_view take(std::size_t size) {
    if (!ok || bytes.size() < size) {
      ok = false;
      return {};
    }
    const std::string_view out = bytes.substr(0, size);
    bytes.remove_prefix(size);
    return out;
  }
  std::uint32_t u32() {
    std::uint32_t value = 0;
    const std::string_view raw = take(sizeof value);
    if (ok)
      std::memcpy(&value, raw.data(), sizeof value);
    return value;
  }
  std::uint8_t u8() {
    const std::string_view raw = take(1);
    return ok ? static_cast<std::uint8_t>(raw[0]) : 0;
  }
  git::ObjectId id() {
    git::ObjectId value;
    const std::string_view raw = take(kIdSize);
    if (ok)
      std::memcpy(value.bytes.data(), raw.data(), kIdSize);
    return value;
  }
  std::string string() { return std::string(take(u32())); }
};

enum Flag : std::uint8_t { kReadable = 1, kParentReadable = 2, kListed = 4 };

} // namespace

LogCache::Key LogCache::key_of(const Trees& trees) {
  return Key{trees.first.value_or(git::ObjectId{}), trees.second.value_or(git::ObjectId{})};
}

const TreeChange* LogCache::find(const Trees& trees) const {
  const auto found = changes_.find(key_of(trees));
  return found == changes_.end() ? nullptr : &found->second;
}

const TreeChange& LogCache::add(const Trees& trees, TreeChange change) {
  modified_ = true;
  return changes_.insert_or_assign(key_of(trees), std::move(change)).first->second;
}

std::string LogCache::serialize() const {
  std::string out;
  put_u32(out, static_cast<std::uint32_t>(changes_.size()));
  for (const auto& [key, change] : changes_) {
    put_id(out, key.before);
    put_id(out, key.after);
    out += static_cast<char>((change.readable ? kReadable : 0) |
                             (change.parent_readable ? kParentReadable : 0) |
                             (change.listed ? kListed : 0));
    put_string(out, change.first_error);
    put_string(out, change.hash);
    put_string(out, change.summary);
    put_string(out, change.diff_json);
  }
  return out;
}

bool LogCache::load(std::string_view bytes) {
  changes_.clear();
  modified_ = false;
  Fields in{bytes};
  const std::uint32_t count = in.u32();
  constexpr std::size_t kSmallestEntry = 2 * kIdSize + 1 + 4 * sizeof(std::uint32_t);
  changes_.reserve(std::min<std::size_t>(count, in.bytes.size() / kSmallestEntry));
  for (std::uint32_t i = 0; i < count && in.ok; ++i) {
    Key key{in.id(), in.id()};
    TreeChange change;
    const std::uint8_t flags = in.u8();
    change.readable = flags & kReadable;
    change.parent_readable = flags & kParentReadable;
    change.listed = flags & kListed;
    change.first_error = in.string();
    change.hash = in.string();
    change.summary = in.string();
    change.diff_json = in.string();
    if (flags > (kReadable | kParentReadable | kListed))
      in.ok = false;
    changes_.insert_or_assign(key, std::move(change));
  }
  if (!in.ok || !in.bytes.empty()) {
    changes_.clear();
    return false;
  }
  return true;
}

HistoryCache::HistoryCache(ModelSnapshotReader& reader) : reader_(reader) {}

std::filesystem::path HistoryCache::file(std::string_view name) const {
  return reader_.cache_dir() / name;
}

std::string HistoryCache::commits_key() const {
  return "commits " + std::to_string(kCommitsFormat) + " " + reader_.models_path();
}

std::string HistoryCache::log_key() const {
  // The entries are model-reading and diff results: they depend on the reader's version and
  // options, and on the diff's revision.
  return "log " + std::to_string(kLogFormat) + " git-crochet " + CROCHET_VERSION + " ir " +
         std::to_string(schema::ir_version) + " diff " + std::to_string(schema::kDiffRevision) +
         " " + reader_.options_key();
}

bool HistoryCache::load_file(std::string_view name, const std::string& key,
                             const std::function<bool(std::string_view)>& load) {
  if (reader_.cache_dir().empty())
    return false;
  const CacheFileRead read = read_cache_file(file(name), key);
  std::string problem = read.problem;
  if (read.status == CacheFileRead::Status::loaded && !load(read.payload))
    problem = "malformed content";
  else if (read.status != CacheFileRead::Status::corrupt)
    return false;
  reader_.add_cache_warning("ignoring corrupt cache file " + file(name).string() + " (" + problem +
                            "); rewriting it");
  return true;
}

git::SubtreeTable& HistoryCache::commits() {
  if (!commits_) {
    commits_.emplace(reader_.models_path());
    rewrite_commits_ = load_file("commits.bin", commits_key(), [this](std::string_view bytes) {
      return commits_->load(bytes) != git::SubtreeTable::LoadResult::malformed;
    });
  }
  return *commits_;
}

LogCache& HistoryCache::log() {
  if (!log_) {
    log_.emplace();
    rewrite_log_ = load_file("log.bin", log_key(),
                             [this](std::string_view bytes) { return log_->load(bytes); });
  }
  return *log_;
}

void HistoryCache::save() {
  if (reader_.cache_dir().empty())
    return;
  try {
    // A corrupt file is replaced even when this walk added nothing, so it warns only once.
    if (commits_ && (commits_->modified() || rewrite_commits_)) {
      write_cache_file(file("commits.bin"), commits_key(), commits_->serialize());
      commits_->mark_saved();
      rewrite_commits_ = false;
    }
    if (log_ && (log_->modified() || rewrite_log_)) {
      write_cache_file(file("log.bin"), log_key(), log_->serialize());
      log_->mark_saved();
      rewrite_log_ = false;
    }
  } catch (const std::exception& e) {
    reader_.add_cache_warning(std::string("cannot write the history cache: ") + e.what());
  }
}

} // namespace crochet::history
