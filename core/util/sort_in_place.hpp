#pragma once
// Sorting large elements (schema nodes, derived objects: hundreds of bytes, several strings
// each) by their indices, then putting each element in its place with one move. std::sort moves
// elements about n log n times; here only 4-byte indices are shuffled, and the elements stay in
// the storage they already occupy (no second array of them is faulted in).
#include <algorithm>
#include <cassert>
#include <cstdint>
#include <numeric>
#include <utility>
#include <vector>

namespace crochet {

// Sorts `items` by `less`, as std::sort would (not stable).
template <typename T, typename Less> void sort_by_index(std::vector<T>& items, const Less& less) {
  assert(items.size() <= UINT32_MAX);
  // from[k]: the index of the element that belongs at position k.
  std::vector<std::uint32_t> from(items.size());
  std::iota(from.begin(), from.end(), 0u);
  std::sort(from.begin(), from.end(),
            [&](std::uint32_t a, std::uint32_t b) { return less(items[a], items[b]); });
  // Follow each cycle of the permutation once, holding one element aside.
  for (std::size_t start = 0; start < from.size(); ++start) {
    if (from[start] == start)
      continue;
    T held = std::move(items[start]);
    std::size_t at = start;
    while (from[at] != start) {
      const std::size_t next = from[at];
      items[at] = std::move(items[next]);
      from[at] = static_cast<std::uint32_t>(at);
      at = next;
    }
    items[at] = std::move(held);
    from[at] = static_cast<std::uint32_t>(at);
  }
}

} // namespace crochet
