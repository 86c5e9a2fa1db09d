#pragma once
// Sorting large elements (schema nodes, derived objects: hundreds of bytes, several strings
// each) by their indices, then putting each element in its place with one move. std::sort moves
// elements about n log n times; here only 4-byte indices are shuffled, and the elements stay in
// the storage they already occupy (no second array of them is faulted in).
#include <algorithm>
#include <cassert>
#include <cstdint>
#include <numeric>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace crochet {

namespace detail {

// Puts items[from[k]] at position k for every k, each element moved once; `from` is spent.
template <typename T> void place_in_order(std::vector<T>& items, std::vector<std::uint32_t>& from) {
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

} // namespace detail

// Sorts `items` by `less`, as std::sort would (not stable).
template <typename T, typename Less> void sort_by_index(std::vector<T>& items, const Less& less) {
  assert(items.size() <= UINT32_MAX);
  // from[k]: the index of the element that belongs at position k.
  std::vector<std::uint32_t> from(items.size());
  std::iota(from.begin(), from.end(), 0u);
  std::sort(from.begin(), from.end(),
            [&](std::uint32_t a, std::uint32_t b) { return less(items[a], items[b]); });
  detail::place_in_order(items, from);
}

// The same for elements whose order a small key mostly decides (a number, a pair of them):
// head(a) < head(b) must imply less(a, b), and `less` is asked only between equal heads. The heads
// sit beside the indices being sorted, so most comparisons read no element (strings compared one by
// one cost a cache miss each on a large schema).
template <typename T, typename Head, typename Less>
void sort_by_index(std::vector<T>& items, const Head& head, const Less& less) {
  assert(items.size() <= UINT32_MAX);
  using HeadValue = std::invoke_result_t<const Head&, const T&>;
  struct Keyed {
    HeadValue head;
    std::uint32_t index;
  };
  std::vector<Keyed> keyed(items.size());
  for (std::size_t i = 0; i < items.size(); ++i)
    keyed[i] = {head(items[i]), static_cast<std::uint32_t>(i)};
  std::sort(keyed.begin(), keyed.end(), [&](const Keyed& a, const Keyed& b) {
    return a.head != b.head ? a.head < b.head : less(items[a.index], items[b.index]);
  });
  std::vector<std::uint32_t> from(items.size());
  for (std::size_t k = 0; k < keyed.size(); ++k)
    from[k] = keyed[k].index;
  detail::place_in_order(items, from);
}

// Up to eight bytes of `text` from `offset` on as a big-endian number, zero-filled: for texts
// whose numbers differ, the numbers order as the texts do (bytes compared unsigned, as
// std::string does). Equal numbers say nothing.
inline std::uint64_t leading_bytes(std::string_view text, std::size_t offset = 0) {
  std::uint64_t value = 0;
  const std::size_t end = std::min(text.size(), offset + 8);
  std::size_t i = std::min(offset, end);
  for (int shift = 56; i < end; ++i, shift -= 8)
    value |= std::uint64_t{static_cast<unsigned char>(text[i])} << shift;
  return value;
}

} // namespace crochet
