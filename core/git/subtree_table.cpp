#include "core/git/subtree_table.hpp"

#include <cstring>

#include "core/git/repository_impl.hpp"

namespace crochet::git {
namespace {

// Host byte order; a table written on a machine of the other order fails the magic check and
// is rebuilt.
constexpr std::uint32_t kMagic = 0x54535243; // "CRST"
constexpr std::size_t kIdSize = sizeof(ObjectId::bytes);
constexpr std::size_t kEntrySize =
    2 * kIdSize + 1 + sizeof(std::int64_t) + 2 * sizeof(std::uint32_t);

template <typename T> void put(std::string& out, T value) {
  char bytes[sizeof value];
  std::memcpy(bytes, &value, sizeof value);
  out.append(bytes, sizeof value);
}
void put(std::string& out, const ObjectId& id) {
  out.append(reinterpret_cast<const char*>(id.bytes.data()), kIdSize);
}

// Reads fixed-size fields off the front of a byte string; `ok` turns false on a short read.
struct Reader {
  std::string_view bytes;
  bool ok = true;
  template <typename T> T get() {
    T value{};
    if (bytes.size() < sizeof value) {
      ok = false;
      return value;
    }
    std::memcpy(&value, bytes.data(), sizeof value);
    bytes.remove_prefix(sizeof value);
    return value;
  }
  ObjectId id() {
    ObjectId value;
    if (bytes.size() < kIdSize) {
      ok = false;
      return value;
    }
    std::memcpy(value.bytes.data(), bytes.data(), kIdSize);
    bytes.remove_prefix(kIdSize);
    return value;
  }
  std::string_view take(std::size_t size) {
    if (bytes.size() < size) {
      ok = false;
      return {};
    }
    const std::string_view out = bytes.substr(0, size);
    bytes.remove_prefix(size);
    return out;
  }
};

} // namespace

SubtreeTable::SubtreeTable(std::string_view dir_path) : dir_path_(normalize_directory(dir_path)) {}

const SubtreeTable::Entry* SubtreeTable::find(const ObjectId& commit) const {
  const auto found = index_.find(commit);
  return found == index_.end() ? nullptr : &entries_[found->second];
}

std::span<const ObjectId> SubtreeTable::parents(const Entry& entry) const {
  return std::span<const ObjectId>(parents_).subspan(entry.first_parent, entry.parent_count);
}

const SubtreeTable::Entry& SubtreeTable::add(const ObjectId& commit, long long commit_time,
                                             std::span<const ObjectId> parents,
                                             const std::optional<ObjectId>& tree) {
  const auto [found, inserted] =
      index_.emplace(commit, static_cast<std::uint32_t>(entries_.size()));
  if (!inserted)
    return entries_[found->second];
  entries_.push_back(Entry{commit, tree, commit_time, static_cast<std::uint32_t>(parents_.size()),
                           static_cast<std::uint32_t>(parents.size())});
  parents_.insert(parents_.end(), parents.begin(), parents.end());
  modified_ = true;
  if (listener_)
    listener_(entries_.back());
  return entries_.back();
}

std::string SubtreeTable::serialize() const {
  std::string out;
  out.reserve(16 + dir_path_.size() + entries_.size() * kEntrySize + parents_.size() * kIdSize);
  put(out, kMagic);
  put(out, static_cast<std::uint32_t>(dir_path_.size()));
  out += dir_path_;
  put(out, static_cast<std::uint32_t>(entries_.size()));
  put(out, static_cast<std::uint32_t>(parents_.size()));
  for (const Entry& entry : entries_) {
    put(out, entry.commit);
    put(out, entry.tree.value_or(ObjectId{}));
    put(out, static_cast<std::uint8_t>(entry.tree ? 1 : 0));
    put(out, static_cast<std::int64_t>(entry.commit_time));
    put(out, entry.first_parent);
    put(out, entry.parent_count);
  }
  for (const ObjectId& parent : parents_)
    put(out, parent);
  return out;
}

SubtreeTable::LoadResult SubtreeTable::load(std::string_view bytes) {
  clear();
  Reader in{bytes};
  if (in.get<std::uint32_t>() != kMagic || !in.ok)
    return LoadResult::malformed;
  const std::string_view dir = in.take(in.get<std::uint32_t>());
  if (!in.ok)
    return LoadResult::malformed;
  if (dir != dir_path_)
    return LoadResult::other_directory;
  const auto entry_count = in.get<std::uint32_t>();
  const auto parent_count = in.get<std::uint32_t>();
  if (!in.ok || in.bytes.size() !=
                    std::size_t{entry_count} * kEntrySize + std::size_t{parent_count} * kIdSize)
    return LoadResult::malformed;
  entries_.reserve(entry_count);
  index_.reserve(entry_count);
  for (std::uint32_t i = 0; i < entry_count; ++i) {
    Entry entry;
    entry.commit = in.id();
    const ObjectId tree = in.id();
    const auto has_tree = in.get<std::uint8_t>();
    entry.commit_time = in.get<std::int64_t>();
    entry.first_parent = in.get<std::uint32_t>();
    entry.parent_count = in.get<std::uint32_t>();
    if (has_tree > 1 || std::size_t{entry.first_parent} + entry.parent_count > parent_count ||
        !index_.emplace(entry.commit, i).second) {
      clear();
      return LoadResult::malformed;
    }
    if (has_tree)
      entry.tree = tree;
    entries_.push_back(entry);
  }
  parents_.resize(parent_count);
  for (ObjectId& parent : parents_)
    parent = in.id();
  return LoadResult::loaded;
}

void SubtreeTable::clear() {
  entries_.clear();
  parents_.clear();
  index_.clear();
  modified_ = false;
}

} // namespace crochet::git
