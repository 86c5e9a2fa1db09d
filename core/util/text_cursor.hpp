#pragma once
// Text written in millions of short pieces (the canonical schema text, the `schema` listing).
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

namespace crochet {

// Appends to a string through a raw pointer. std::string's own appends store the length and a
// terminator on every call, which was most of the cost of writing millions of short pieces. The
// string is sized ahead of the cursor while the cursor holds it, and cut back to what was
// written when the cursor goes.
class TextCursor {
public:
  explicit TextCursor(std::string& out) : out_(out) {
    const std::size_t used = out_.size();
    out_.resize(used + kMinRoom);
    at_ = out_.data() + used;
    end_ = out_.data() + out_.size();
  }
  ~TextCursor() { out_.resize(size()); }
  TextCursor(const TextCursor&) = delete;
  TextCursor& operator=(const TextCursor&) = delete;

  [[gnu::always_inline]] void put(char c) {
    room(1);
    *at_++ = c;
  }
  [[gnu::always_inline]] void put(std::string_view text) {
    room(text.size());
    std::memcpy(at_, text.data(), text.size());
    at_ += text.size();
  }
  // `text` between double quotes, as written by the caller's rules (no escaping here).
  [[gnu::always_inline]] void put_quoted(std::string_view text) {
    room(text.size() + 2);
    *at_++ = '"';
    std::memcpy(at_, text.data(), text.size());
    at_ += text.size();
    *at_++ = '"';
  }
  std::size_t size() const { return static_cast<std::size_t>(at_ - out_.data()); }
  std::string_view written() const { return {out_.data(), size()}; }
  // Starts again at the beginning, keeping the room already made.
  void rewind() { at_ = out_.data(); }

private:
  static constexpr std::size_t kMinRoom = 256;
  [[gnu::always_inline]] void room(std::size_t size) {
    if (static_cast<std::size_t>(end_ - at_) < size)
      grow(size);
  }
  // Doubles, so the zero-filling resize() costs no more than the text written.
  void grow(std::size_t size) {
    const std::size_t used = this->size();
    out_.resize(std::max(used + size, 2 * out_.size()));
    at_ = out_.data() + used;
    end_ = out_.data() + out_.size();
  }

  std::string& out_;
  char* at_ = nullptr;
  char* end_ = nullptr;
};

} // namespace crochet
