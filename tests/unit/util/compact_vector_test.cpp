#include "core/util/compact_vector.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace crochet {
namespace {

TEST(CompactVector, IsSixteenBytes) {
  EXPECT_EQ(sizeof(CompactVector<std::unique_ptr<int>>), 16u);
}

TEST(CompactVector, GrowsKeepingOrderAndShrinksToItsSize) {
  CompactVector<std::unique_ptr<int>> v;
  EXPECT_TRUE(v.empty());
  EXPECT_EQ(v.begin(), v.end());
  for (int i = 0; i < 100; ++i)
    v.push_back(std::make_unique<int>(i));
  ASSERT_EQ(v.size(), 100u);
  EXPECT_GE(v.capacity(), 100u);
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(*v[static_cast<std::size_t>(i)], i);
  EXPECT_EQ(*v.front(), 0);
  EXPECT_EQ(*v.back(), 99);
  v.shrink_to_fit();
  EXPECT_EQ(v.capacity(), 100u);
  int expected = 0;
  for (const auto& p : v)
    EXPECT_EQ(*p, expected++);
}

TEST(CompactVector, MovesLeaveTheSourceEmpty) {
  CompactVector<std::string> a;
  a.push_back("one");
  a.push_back(std::string(100, 'x')); // on the heap: a moved string must not be copied
  CompactVector<std::string> b(std::move(a));
  EXPECT_TRUE(a.empty());
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[1], std::string(100, 'x'));
  CompactVector<std::string> c;
  c.push_back("replaced");
  c = std::move(b);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0], "one");
  EXPECT_TRUE(b.empty());
}

TEST(CompactVector, TakeHandsTheElementsToAStdVector) {
  CompactVector<std::unique_ptr<int>> v;
  v.push_back(std::make_unique<int>(7));
  v.push_back(std::make_unique<int>(8));
  std::vector<std::unique_ptr<int>> taken = v.take();
  ASSERT_EQ(taken.size(), 2u);
  EXPECT_EQ(*taken[0], 7);
  EXPECT_EQ(*taken[1], 8);
  EXPECT_TRUE(v.empty());
  EXPECT_EQ(v.capacity(), 0u);
  v.push_back(std::make_unique<int>(9)); // usable again
  EXPECT_EQ(*v[0], 9);
}

TEST(CompactVector, PushingAnElementOfItselfWhileGrowingIsSafe) {
  CompactVector<std::string> v;
  v.push_back(std::string(40, 'a'));
  ASSERT_EQ(v.size(), v.capacity()); // the next push reallocates
  v.push_back(v[0]);
  EXPECT_EQ(v[1], std::string(40, 'a'));
  v.clear();
  EXPECT_TRUE(v.empty());
}

} // namespace
} // namespace crochet
