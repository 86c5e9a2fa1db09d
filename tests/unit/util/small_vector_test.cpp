#include "core/util/small_vector.hpp"

#include <gtest/gtest.h>

#include <string_view>
#include <utility>
#include <vector>

namespace crochet {
namespace {

using Names = SmallVector<std::string_view, 1>;

std::vector<std::string_view> values(const Names& names) {
  return {names.begin(), names.end()};
}

TEST(SmallVector, OneInlineValueTakesNoMoreRoomThanAVector) {
  EXPECT_EQ(sizeof(Names), sizeof(std::vector<std::string_view>));
}

TEST(SmallVector, KeepsValuesInPlaceUntilTheyOutgrowIt) {
  Names names;
  EXPECT_TRUE(names.empty());
  EXPECT_EQ(names.begin(), names.end());
  names.push_back("a");
  EXPECT_EQ(names.capacity(), 1u);
  const void* self = &names;
  EXPECT_GE(static_cast<const void*>(names.data()), self);
  EXPECT_LT(static_cast<const void*>(names.data()), static_cast<const void*>(&names + 1));
  names.push_back("b");
  names.push_back("c");
  EXPECT_GE(names.capacity(), 3u);
  EXPECT_EQ(values(names), (std::vector<std::string_view>{"a", "b", "c"}));
  EXPECT_EQ(names.front(), "a");
  EXPECT_EQ(names.back(), "c");
  EXPECT_EQ(names[1], "b");
  names.clear();
  EXPECT_TRUE(names.empty());
}

TEST(SmallVector, InsertsAnywhereInlineAndOnTheHeap) {
  SmallVector<int, 3> v;
  v.insert(v.end(), 30);
  v.insert(v.begin(), 10);
  EXPECT_EQ(*v.insert(v.begin() + 1, 20), 20);
  EXPECT_EQ(v.capacity(), 3u);
  v.insert(v.begin(), 0); // moves to the heap
  v.insert(v.begin() + 2, 15);
  EXPECT_EQ(std::vector<int>(v.begin(), v.end()), (std::vector<int>{0, 10, 15, 20, 30}));
}

TEST(SmallVector, CopiesAndMovesInlineAndHeapValues) {
  for (std::size_t count : {1u, 5u}) {
    Names source;
    for (std::size_t i = 0; i < count; ++i)
      source.push_back(i % 2 ? "odd" : "even");
    Names copy(source);
    EXPECT_EQ(copy, source);
    Names moved(std::move(source));
    EXPECT_EQ(moved, copy);
    EXPECT_TRUE(source.empty()) << count;
    EXPECT_EQ(source.capacity(), 1u) << "a moved-from vector is inline again";
    Names assigned{"x", "y"};
    assigned = copy;
    EXPECT_EQ(assigned, copy);
    Names move_assigned{"z"};
    move_assigned = std::move(copy);
    EXPECT_EQ(move_assigned, moved);
    EXPECT_TRUE(copy.empty());
    source.push_back("reused");
    EXPECT_EQ(values(source), std::vector<std::string_view>{"reused"});
  }
  EXPECT_FALSE((Names{"a"} == Names{"a", "b"}));
  EXPECT_FALSE((Names{"a"} == Names{"b"}));
}

TEST(SmallVector, ReservesExactly) {
  Names names;
  names.reserve(1);
  EXPECT_EQ(names.capacity(), 1u) << "fits in place";
  names.reserve(4);
  EXPECT_EQ(names.capacity(), 4u);
  names.reserve(2);
  EXPECT_EQ(names.capacity(), 4u) << "never shrinks";
}

} // namespace
} // namespace crochet
