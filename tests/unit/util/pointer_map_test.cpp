#include "core/util/pointer_map.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace crochet {
namespace {

TEST(PointerMap, FindsWhatWasMadeAndKeepsReferencesWhileGrowing) {
  // Keys as a models folder has them: nodes of one array, so neighbours differ in low bits only.
  const auto keys = std::make_unique<long[]>(5000);
  PointerMap<const long*, std::string> map;
  auto [first, made] = map.try_emplace(&keys[0]);
  EXPECT_TRUE(made);
  first = "first";
  const std::string* first_address = &first;
  for (int i = 1; i < 5000; ++i) {
    auto [value, inserted] = map.try_emplace(&keys[i]);
    ASSERT_TRUE(inserted) << i;
    value = std::to_string(i);
  }
  EXPECT_EQ(map.size(), 5000u);
  EXPECT_EQ(map.find(&keys[0]), first_address) << "values never move";
  EXPECT_EQ(*first_address, "first");
  for (int i = 1; i < 5000; ++i) {
    const std::string* value = map.find(&keys[i]);
    ASSERT_NE(value, nullptr) << i;
    EXPECT_EQ(*value, std::to_string(i));
  }
  auto [again, made_again] = map.try_emplace(&keys[42]);
  EXPECT_FALSE(made_again);
  EXPECT_EQ(again, "42");
  EXPECT_EQ(map.size(), 5000u);
}

TEST(PointerMap, AbsentNullAndEmpty) {
  const PointerMap<const int*, int> empty;
  const int x = 0, y = 0;
  EXPECT_EQ(empty.find(&x), nullptr);
  EXPECT_EQ(empty.find(nullptr), nullptr);

  PointerMap<const int*, int> map;
  map.reserve(100);
  map.try_emplace(&x).first = 7;
  EXPECT_EQ(*map.find(&x), 7);
  EXPECT_EQ(map.find(&y), nullptr);
  EXPECT_EQ(map.find(nullptr), nullptr) << "an empty slot is not the null key's";
}

} // namespace
} // namespace crochet
