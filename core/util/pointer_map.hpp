#pragma once
// A map from pointers to values for lookups in about two cache misses: one for the slot of an
// open-addressing table holding the key, one for the value. std::unordered_map takes three or
// four (bucket, previous node, node), and the model read looks up tens of thousands of classes
// by their syntax node, several times each. Values never move once made (they live in a deque),
// so a reference stays valid while the map grows, as std::unordered_map's do. No erase.
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <type_traits>
#include <utility>
#include <vector>

namespace crochet {

template <typename Key, typename Value> class PointerMap {
  static_assert(std::is_pointer_v<Key>);

public:
  PointerMap() = default;
  PointerMap(const PointerMap&) = delete;
  PointerMap& operator=(const PointerMap&) = delete;

  // The value for `key`, made (default-constructed) when there was none; and whether it was made.
  std::pair<Value&, bool> try_emplace(Key key) {
    assert(key != nullptr);
    if (2 * (values_.size() + 1) > slots_.size())
      grow();
    Slot& slot = slots_[probe(key)];
    if (slot.key == key)
      return {values_[slot.index], false};
    slot.key = key;
    slot.index = static_cast<std::uint32_t>(values_.size());
    values_.emplace_back();
    return {values_.back(), true};
  }

  // The value for `key`, or nullptr.
  const Value* find(Key key) const {
    if (slots_.empty() || key == nullptr)
      return nullptr;
    const Slot& slot = slots_[probe(key)];
    return slot.key == key ? &values_[slot.index] : nullptr;
  }
  Value* find(Key key) {
    return const_cast<Value*>(static_cast<const PointerMap&>(*this).find(key));
  }

  // Makes room for `count` keys without growing the table on the way.
  void reserve(std::size_t count) {
    while (2 * count > slots_.size())
      grow();
  }
  std::size_t size() const { return values_.size(); }

private:
  struct Slot {
    Key key = nullptr; // nullptr: an empty slot (a null key is never stored)
    std::uint32_t index = 0;
  };

  // The slot holding `key`, or the empty slot where it would go. The table is at most half full.
  std::size_t probe(Key key) const {
    const std::size_t mask = slots_.size() - 1;
    // Pointers are aligned, so their low bits say little: mix before masking.
    std::size_t at = (reinterpret_cast<std::uintptr_t>(key) * 0x9E3779B97F4A7C15ULL >> 17) & mask;
    while (slots_[at].key != nullptr && slots_[at].key != key)
      at = (at + 1) & mask;
    return at;
  }

  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 16 : 2 * old.size(), Slot{});
    for (const Slot& slot : old)
      if (slot.key != nullptr)
        slots_[probe(slot.key)] = slot;
  }

  std::vector<Slot> slots_;
  std::deque<Value> values_;
};

} // namespace crochet
