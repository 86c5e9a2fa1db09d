#pragma once
// A vector of plain values (trivially copied and destroyed) that keeps up to N of them inside
// itself and moves to the heap past that: for lists that almost always stay short and that very
// many objects hold (an assignment's targets, a call's named arguments), where a heap block each
// would cost an allocation apiece. The inline values share their room with the heap pointer, so
// a SmallVector<std::string_view, 1> is as small as a std::vector.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <stdexcept>
#include <type_traits>

namespace crochet {

template <typename T, std::size_t N> class SmallVector {
  static_assert(std::is_trivially_copy_constructible_v<T> && std::is_trivially_destructible_v<T>,
                "values are copied and dropped without running any code");
  static_assert(N > 0 && N < UINT32_MAX);

public:
  using value_type = T;
  using iterator = T*;
  using const_iterator = const T*;

  SmallVector() = default;
  SmallVector(std::initializer_list<T> values) {
    reserve(values.size());
    for (const T& value : values)
      push_back(value);
  }
  SmallVector(const SmallVector& other) {
    reserve(other.size());
    std::uninitialized_copy(other.begin(), other.end(), data());
    size_ = other.size_;
  }
  SmallVector(SmallVector&& other) noexcept { take(other); }
  SmallVector& operator=(const SmallVector& other) {
    if (this != &other) {
      SmallVector copy(other);
      release();
      take(copy);
    }
    return *this;
  }
  SmallVector& operator=(SmallVector&& other) noexcept {
    if (this != &other) {
      release();
      take(other);
    }
    return *this;
  }
  ~SmallVector() { release(); }

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  std::size_t capacity() const { return capacity_; }
  T* data() { return on_heap() ? storage_.heap : storage_.inline_values; }
  const T* data() const { return on_heap() ? storage_.heap : storage_.inline_values; }
  iterator begin() { return data(); }
  iterator end() { return data() + size_; }
  const_iterator begin() const { return data(); }
  const_iterator end() const { return data() + size_; }
  T& operator[](std::size_t i) { return data()[i]; }
  const T& operator[](std::size_t i) const { return data()[i]; }
  T& front() { return data()[0]; }
  const T& front() const { return data()[0]; }
  T& back() { return data()[size_ - 1]; }
  const T& back() const { return data()[size_ - 1]; }

  void reserve(std::size_t capacity) {
    if (capacity > capacity_)
      grow(capacity);
  }
  void push_back(const T& value) {
    if (size_ == capacity_)
      grow(std::size_t{capacity_} * 2);
    std::construct_at(data() + size_, value);
    ++size_;
  }
  // Inserts `value` before `at` and returns where it now is.
  iterator insert(const_iterator at, const T& value) {
    const auto index = static_cast<std::size_t>(at - begin());
    push_back(value);
    std::rotate(begin() + index, end() - 1, end());
    return begin() + index;
  }
  void clear() { size_ = 0; }

  friend bool operator==(const SmallVector& a, const SmallVector& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }

private:
  bool on_heap() const { return capacity_ > N; }
  void grow(std::size_t capacity) {
    if (capacity > UINT32_MAX)
      throw std::length_error("SmallVector: too many elements");
    T* heap = std::allocator<T>().allocate(capacity);
    std::uninitialized_copy(begin(), end(), heap);
    const std::uint32_t size = size_;
    release();
    storage_.heap = heap;
    size_ = size;
    capacity_ = static_cast<std::uint32_t>(capacity);
  }
  void release() {
    if (on_heap())
      std::allocator<T>().deallocate(storage_.heap, capacity_);
    size_ = 0;
    capacity_ = N;
  }
  // Takes over `other`'s values and leaves it empty and inline.
  void take(SmallVector& other) {
    if (other.on_heap()) {
      storage_.heap = other.storage_.heap;
    } else {
      std::uninitialized_copy(other.begin(), other.end(), storage_.inline_values);
    }
    size_ = other.size_;
    capacity_ = other.capacity_;
    other.size_ = 0;
    other.capacity_ = N;
  }

  union Storage {
    Storage() {} // the values are made as they are added
    T inline_values[N];
    T* heap;
  } storage_;
  std::uint32_t size_ = 0;
  std::uint32_t capacity_ = N; // above N: the values are on the heap
};

} // namespace crochet
