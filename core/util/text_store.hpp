#pragma once
// Owns copies of short texts for views that must outlive the buffer they were built in. A
// syntax tree holds about a million texts; most are views of the source it was parsed from, and
// the few that differ from the source (decoded escapes, joined literals, normalised line
// endings) are kept here, packed into blocks rather than each in its own heap allocation.
// Views stay valid when the store is moved; they end with it.
#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

namespace crochet {

class TextStore {
public:
  TextStore() = default;
  // A moved-from store owns no block, so it must not go on filling the one it gave away.
  TextStore(TextStore&& other) noexcept
      : blocks_(std::exchange(other.blocks_, {})), free_(std::exchange(other.free_, nullptr)),
        room_(std::exchange(other.room_, 0)) {}
  TextStore& operator=(TextStore&& other) noexcept {
    blocks_ = std::exchange(other.blocks_, {});
    free_ = std::exchange(other.free_, nullptr);
    room_ = std::exchange(other.room_, 0);
    return *this;
  }
  TextStore(const TextStore&) = delete;
  TextStore& operator=(const TextStore&) = delete;

  // A copy of `text` that lives as long as the store.
  std::string_view keep(std::string_view text) {
    if (text.empty())
      return {};
    if (text.size() > room_) {
      if (text.size() > kBlock / 4)
        return copy_to(new_block(text.size()), text); // a large text gets a block to itself
      free_ = new_block(kBlock);
      room_ = kBlock;
    }
    std::string_view kept = copy_to(free_, text);
    free_ += text.size();
    room_ -= text.size();
    return kept;
  }

  // Takes over the texts of `other`, which is left empty: views of them live as long as this.
  void adopt(TextStore&& other) {
    for (auto& block : other.blocks_)
      blocks_.push_back(std::move(block));
    other = TextStore();
  }

private:
  static constexpr std::size_t kBlock = 16 * 1024;

  char* new_block(std::size_t size) {
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(size));
    return blocks_.back().get();
  }
  static std::string_view copy_to(char* at, std::string_view text) {
    std::memcpy(at, text.data(), text.size());
    return {at, text.size()};
  }

  std::vector<std::unique_ptr<char[]>> blocks_;
  char* free_ = nullptr;
  std::size_t room_ = 0;
};

} // namespace crochet
