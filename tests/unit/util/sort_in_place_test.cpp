#include "core/util/sort_in_place.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <random>
#include <string>

namespace crochet {
namespace {

TEST(SortByIndex, OrdersLikeStdSort) {
  std::mt19937 random(42);
  for (std::size_t size : {0u, 1u, 2u, 3u, 17u, 1000u}) {
    std::vector<std::string> items;
    for (std::size_t i = 0; i < size; ++i)
      items.push_back("item_" + std::to_string(random() % 500)); // duplicates included
    std::vector<std::string> expected = items;
    std::sort(expected.begin(), expected.end());
    sort_by_index(items, std::less<>());
    EXPECT_EQ(items, expected) << "size " << size;
  }
}

TEST(SortByIndex, MovesOnlyElementsAndLeavesSortedInputAlone) {
  std::vector<std::unique_ptr<int>> items;
  for (int value : {5, 3, 9, 1, 7, 2, 8})
    items.push_back(std::make_unique<int>(value));
  const int* nine = items[2].get();
  auto by_value = [](const std::unique_ptr<int>& a, const std::unique_ptr<int>& b) {
    return *a < *b;
  };
  sort_by_index(items, by_value);
  std::vector<int> values;
  for (const auto& item : items)
    values.push_back(*item);
  EXPECT_EQ(values, (std::vector<int>{1, 2, 3, 5, 7, 8, 9}));
  EXPECT_EQ(items.back().get(), nine); // the same object, moved, not copied
  sort_by_index(items, by_value);
  EXPECT_EQ(items.back().get(), nine);
}

TEST(SortByIndex, HandlesOneLongCycleAndManySwaps) {
  // Reversed input: n/2 two-element cycles; rotated input: a single cycle through every item.
  std::vector<int> reversed, rotated;
  for (int i = 0; i < 100; ++i) {
    reversed.push_back(99 - i);
    rotated.push_back((i + 1) % 100);
  }
  sort_by_index(reversed, std::less<>());
  sort_by_index(rotated, std::less<>());
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(reversed[static_cast<std::size_t>(i)], i);
    EXPECT_EQ(rotated[static_cast<std::size_t>(i)], i);
  }
}

TEST(SortByIndexWithHead, OrdersLikeStdSortWhenHeadsTie) {
  std::mt19937 random(7);
  std::vector<std::string> items;
  for (int i = 0; i < 2000; ++i) { // long shared beginnings, short texts and high bytes
    std::string text = (i % 3 ? "shared_beginning_" : "");
    for (std::uint32_t n = random() % 12; n > 0; --n)
      text += static_cast<char>("ab\xc3\x84z_"[random() % 6]);
    items.push_back(text);
  }
  std::vector<std::string> expected = items;
  std::sort(expected.begin(), expected.end());
  sort_by_index(
      items, [](const std::string& s) { return leading_bytes(s); }, std::less<>());
  EXPECT_EQ(items, expected);
}

TEST(LeadingBytes, OrderAsTheTextsDoWhereTheyDiffer) {
  EXPECT_EQ(leading_bytes("ab"), 0x6162000000000000u);
  EXPECT_EQ(leading_bytes("abcdefghij", 2), 0x636465666768696au);
  EXPECT_EQ(leading_bytes("ab", 5), 0u);
  EXPECT_LT(leading_bytes("ab"), leading_bytes("abc"));
  EXPECT_LT(leading_bytes("z"), leading_bytes("\xc3\x84"));          // bytes compare unsigned
  EXPECT_EQ(leading_bytes("abcdefgh1"), leading_bytes("abcdefgh2")); // beyond eight: a tie
}

} // namespace
} // namespace crochet
