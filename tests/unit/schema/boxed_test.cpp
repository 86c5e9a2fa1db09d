#include "core/schema/boxed.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "core/schema/ir.hpp"

namespace crochet::schema {
namespace {

TEST(Boxed, BehavesLikeAnOptional) {
  Boxed<std::string> crs;
  EXPECT_FALSE(crs);
  EXPECT_EQ(crs, std::nullopt);
  EXPECT_EQ(crs.value_or("wgs-84"), "wgs-84");
  EXPECT_THROW((void)crs.value(), std::bad_optional_access);
  crs = "cartesian";
  ASSERT_TRUE(crs.has_value());
  EXPECT_EQ(*crs, "cartesian");
  EXPECT_EQ(crs->size(), 9u);
  EXPECT_EQ(crs, std::string("cartesian"));
  crs = std::nullopt;
  EXPECT_FALSE(crs);
  crs = std::optional<std::string>("wgs-84-3d");
  EXPECT_EQ(crs, std::string("wgs-84-3d"));
  crs = std::optional<std::string>();
  EXPECT_FALSE(crs);
  crs.emplace(3, 'x');
  EXPECT_EQ(*crs, "xxx");
  crs.reset();
  EXPECT_FALSE(crs);
}

TEST(Boxed, CopiesTheValueNotThePointer) {
  Boxed<std::string> a = std::string("one");
  Boxed<std::string> b = a;
  *b = "two";
  EXPECT_EQ(*a, "one");
  EXPECT_EQ(*b, "two");
  a = b;
  EXPECT_EQ(a, b);
  *a = "three";
  EXPECT_EQ(*b, "two");
  Boxed<std::string> moved = std::move(a);
  EXPECT_EQ(*moved, "three");
}

TEST(Boxed, ComparesByValue) {
  EXPECT_EQ(Boxed<std::string>(), Boxed<std::string>());
  EXPECT_EQ(Boxed<std::string>("a"), Boxed<std::string>("a"));
  EXPECT_NE(Boxed<std::string>("a"), Boxed<std::string>("b"));
  EXPECT_NE(Boxed<std::string>("a"), Boxed<std::string>());
  EXPECT_NE(Boxed<std::string>(), Boxed<std::string>("a"));
}

TEST(Boxed, KeepsAPropertySmallAndComparable) {
  // Seven optional options inline made a Property 536 bytes; boxed, the rarely set ones cost a
  // pointer each.
  EXPECT_LE(sizeof(Property), 240u);
  Property a;
  a.name = "location";
  a.crs = "wgs-84";
  a.fulltext_index = FulltextIndex{};
  Property b = a;
  EXPECT_EQ(a, b);
  b.fulltext_index->eventually_consistent = true;
  EXPECT_NE(a, b);
  EXPECT_FALSE(a.fulltext_index->eventually_consistent);
}

TEST(BoxedMap, ReadsLikeAMapAndAllocatesOnlyWhenWritten) {
  BoxedMap<std::string, int> m;
  EXPECT_TRUE(m.empty());
  EXPECT_EQ(m.size(), 0u);
  EXPECT_EQ(m.count("a"), 0u);
  EXPECT_EQ(m.begin(), m.end());
  EXPECT_THROW((void)m.at("a"), std::out_of_range);
  m["b"] = 2;
  m[std::string("a")] = 1;
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m.at("a"), 1);
  EXPECT_EQ(m.count("b"), 1u);
  std::string keys;
  for (const auto& [key, value] : m)
    keys += key + std::to_string(value);
  EXPECT_EQ(keys, "a1b2"); // in key order
  m.clear();
  EXPECT_TRUE(m.empty());
  EXPECT_EQ(sizeof(m), sizeof(void*));
}

TEST(BoxedMap, CopiesAndComparesByContent) {
  BoxedMap<std::string, int> a, b;
  EXPECT_EQ(a, b);
  b["x"] = 1;
  EXPECT_NE(a, b);
  a = b;
  EXPECT_EQ(a, b);
  a["x"] = 2; // a deep copy: b keeps its value
  EXPECT_EQ(b.at("x"), 1);
  EXPECT_NE(a, b);
  BoxedMap<std::string, int> emptied = b;
  emptied.clear();
  EXPECT_EQ(emptied, (BoxedMap<std::string, int>())); // empty equals empty however it got there
  BoxedMap<std::string, int> moved = std::move(b);
  EXPECT_EQ(moved.at("x"), 1);
}

} // namespace
} // namespace crochet::schema
