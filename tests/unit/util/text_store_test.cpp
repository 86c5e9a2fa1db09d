#include "core/util/text_store.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace crochet {
namespace {

TEST(TextStore, KeepsCopiesThatOutliveTheirSource) {
  TextStore store;
  std::string_view kept;
  {
    std::string source = "a value built in a temporary buffer";
    kept = store.keep(source);
    EXPECT_NE(kept.data(), source.data());
    source.assign(source.size(), 'x');
  }
  EXPECT_EQ(kept, "a value built in a temporary buffer");
  EXPECT_TRUE(store.keep("").empty());
}

TEST(TextStore, ManyTextsAcrossBlocksAndLargeOnesStayIntact) {
  TextStore store;
  std::vector<std::string> originals;
  std::vector<std::string_view> kept;
  for (int i = 0; i < 5000; ++i) { // several 16 KiB blocks of small texts
    originals.push_back("text-" + std::to_string(i) +
                        std::string(static_cast<std::size_t>(i % 40), '.'));
    kept.push_back(store.keep(originals.back()));
  }
  const std::string large(100'000, 'L'); // larger than a block: stored on its own
  const std::string_view large_kept = store.keep(large);
  originals.push_back("after the large one");
  kept.push_back(store.keep(originals.back()));
  for (std::size_t i = 0; i < originals.size(); ++i)
    ASSERT_EQ(kept[i], originals[i]) << i;
  EXPECT_EQ(large_kept, large);
}

TEST(TextStore, ViewsSurviveMovingTheStore) {
  TextStore store;
  const std::string_view kept = store.keep("moved with its store");
  TextStore moved = std::move(store);
  EXPECT_EQ(kept, "moved with its store");
  const std::string_view more = moved.keep("more");
  // The moved-from store starts afresh rather than writing into the block it gave away.
  const std::string_view fresh = store.keep("fresh"); // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(more, "more");
  EXPECT_EQ(fresh, "fresh");
  EXPECT_NE(fresh.data(), more.data() + more.size());
  TextStore assigned;
  assigned = std::move(moved);
  EXPECT_EQ(kept, "moved with its store");
  EXPECT_EQ(more, "more");
}

} // namespace
} // namespace crochet
