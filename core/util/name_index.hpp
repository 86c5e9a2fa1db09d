#pragma once
// Values grouped by name, found by name in about two cache misses: one for the slot of an
// open-addressing table, one for the group's first value, which holds the name. A node-based
// std::unordered_map takes three or four (bucket, previous node, node, key), and a large models
// folder looks up a class by name for nearly every relationship target.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

namespace crochet {

// The hash NameIndex files names by, for callers that hash a name once for several lookups.
inline std::size_t name_hash(std::string_view name) {
  return std::hash<std::string_view>()(name);
}

template <typename T> class NameIndex {
public:
  NameIndex() = default;
  // `name_of(value)` is each value's name, a view into the value itself (so it stays valid where
  // the index keeps the value). Values keep their order within a name.
  template <typename NameOf> NameIndex(std::vector<T> values, NameOf name_of) {
    std::size_t capacity = 16;
    while (capacity < values.size() * 2)
      capacity *= 2;
    slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
    std::vector<std::size_t> slot_of(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
      const std::string_view name = name_of(values[i]);
      const std::size_t hash = name_hash(name);
      const std::size_t at = probe(name, hash);
      Slot& slot = slots_[at];
      if (slot.count == 0) {
        slot.hash = hash;
        slot.name = name;
      }
      ++slot.count;
      slot_of[i] = at;
    }
    std::uint32_t next = 0;
    for (Slot& slot : slots_) {
      slot.first = next;
      next += slot.count;
    }
    // Each group's values side by side, in their original order.
    std::vector<std::uint32_t> placed(slots_.size(), 0);
    std::vector<std::size_t> order(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
      const std::size_t at = slot_of[i];
      order[slots_[at].first + placed[at]++] = i;
    }
    values_.reserve(values.size());
    for (const std::size_t i : order)
      values_.push_back(std::move(values[i]));
    // The names viewed the moved-from values until now.
    for (Slot& slot : slots_)
      if (slot.count != 0)
        slot.name = name_of(values_[slot.first]);
  }
  // Moving keeps the values where they are; a copy would view the original's names.
  NameIndex(NameIndex&&) noexcept = default;
  NameIndex& operator=(NameIndex&&) noexcept = default;
  NameIndex(const NameIndex&) = delete;
  NameIndex& operator=(const NameIndex&) = delete;

  // The values called `name`, in their original order; empty when there are none.
  std::span<const T> find(std::string_view name) const { return find(name, name_hash(name)); }
  // The same, for a caller that has name_hash(name) already.
  std::span<const T> find(std::string_view name, std::size_t hash) const {
    if (slots_.empty())
      return {};
    const Slot& slot = slots_[probe(name, hash)];
    return {values_.data() + slot.first, slot.count};
  }

private:
  struct Slot {
    std::size_t hash = 0;
    std::string_view name;
    std::uint32_t first = 0;
    std::uint32_t count = 0; // 0: an empty slot
  };

  // The slot holding `name`, or the empty slot where it would go. The table is at most half
  // full, so a probe ends.
  std::size_t probe(std::string_view name, std::size_t hash) const {
    std::size_t at = hash & mask_;
    while (slots_[at].count != 0 && !(slots_[at].hash == hash && slots_[at].name == name))
      at = (at + 1) & mask_;
    return at;
  }

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::vector<T> values_;
};

} // namespace crochet
