#include "core/util/keep_until_exit.hpp"

#include <gtest/gtest.h>

namespace crochet {
namespace {

// Counts destructions of objects that still own their resource (not of moved-from shells).
struct Owner {
  static inline int destroyed = 0;
  bool owns = true;
  Owner() = default;
  Owner(Owner&& other) noexcept : owns(std::exchange(other.owns, false)) {}
  ~Owner() { destroyed += owns ? 1 : 0; }
};

TEST(KeepUntilExit, TheKeptValueIsNeverDestroyed) {
  Owner::destroyed = 0;
  {
    Owner owner;
    keep_until_exit(std::move(owner));
    Owner another;
  }
  EXPECT_EQ(Owner::destroyed, 1) << "only the value not kept is destroyed at scope end";
}

} // namespace
} // namespace crochet
