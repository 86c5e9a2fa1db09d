#include "core/util/name_index.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <utility>

namespace crochet {
namespace {

struct Named {
  std::string name; // short names live inside the value (SSO), long ones on the heap
  int order = 0;
};

NameIndex<Named> index_of(std::vector<Named> values) {
  return NameIndex<Named>(std::move(values),
                          [](const Named& v) { return std::string_view(v.name); });
}

TEST(NameIndex, FindsEveryValueOfANameInItsOriginalOrder) {
  std::mt19937 random(7);
  std::vector<Named> values;
  std::map<std::string, std::vector<int>> expected;
  for (int i = 0; i < 5000; ++i) {
    // Short and long names, many shared: the index moves values, so a view into a moved-from
    // short string would show here.
    std::string name =
        (i % 3 == 0 ? "a_rather_long_class_name_" : "M") + std::to_string(random() % 1500);
    expected[name].push_back(i);
    values.push_back({name, i});
  }
  const NameIndex<Named> index = index_of(std::move(values));
  for (const auto& [name, orders] : expected) {
    const auto found = index.find(name);
    ASSERT_EQ(found.size(), orders.size()) << name;
    for (std::size_t i = 0; i < orders.size(); ++i) {
      EXPECT_EQ(found[i].name, name);
      EXPECT_EQ(found[i].order, orders[i]);
    }
  }
  EXPECT_TRUE(index.find("M1500").empty());
  EXPECT_TRUE(index.find("").empty());
  EXPECT_TRUE(index.find("a_rather_long_class_name_").empty()); // a prefix of many names
}

TEST(NameIndex, EmptyAndMovedIndexes) {
  const NameIndex<Named> none;
  EXPECT_TRUE(none.find("A").empty());
  const NameIndex<Named> no_values = index_of({});
  EXPECT_TRUE(no_values.find("A").empty());

  NameIndex<Named> first = index_of({{"Person", 1}, {"Place", 2}, {"Person", 3}});
  const NameIndex<Named> moved = std::move(first);
  ASSERT_EQ(moved.find("Person").size(), 2u);
  EXPECT_EQ(moved.find("Person")[1].order, 3);
  EXPECT_EQ(moved.find("Place")[0].order, 2);
  EXPECT_TRUE(moved.find("person").empty());
}

} // namespace
} // namespace crochet
