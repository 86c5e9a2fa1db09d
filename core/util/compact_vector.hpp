#pragma once
// A vector in 16 bytes instead of 24: a pointer and two 32-bit counts. For small lists held by
// very many objects (a large models folder has about a million syntax nodes, each with a list
// of operands), where 8 bytes per holder add up and no list nears four billion items.
// Elements must be nothrow-movable; growth is geometric as with std::vector.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <vector>

namespace crochet {

template <typename T> class CompactVector {
  static_assert(std::is_nothrow_move_constructible_v<T>);

public:
  using value_type = T;
  using iterator = T*;
  using const_iterator = const T*;

  CompactVector() = default;
  CompactVector(CompactVector&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)),
        capacity_(std::exchange(other.capacity_, 0)) {}
  CompactVector& operator=(CompactVector&& other) noexcept {
    if (this != &other) {
      release();
      data_ = std::exchange(other.data_, nullptr);
      size_ = std::exchange(other.size_, 0);
      capacity_ = std::exchange(other.capacity_, 0);
    }
    return *this;
  }
  CompactVector(const CompactVector&) = delete;
  CompactVector& operator=(const CompactVector&) = delete;
  ~CompactVector() { release(); }

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  std::size_t capacity() const { return capacity_; }
  T& operator[](std::size_t i) { return data_[i]; }
  const T& operator[](std::size_t i) const { return data_[i]; }
  T& front() { return data_[0]; }
  const T& front() const { return data_[0]; }
  T& back() { return data_[size_ - 1]; }
  const T& back() const { return data_[size_ - 1]; }
  iterator begin() { return data_; }
  iterator end() { return data_ + size_; }
  const_iterator begin() const { return data_; }
  const_iterator end() const { return data_ + size_; }

  void reserve(std::size_t capacity) {
    if (capacity > capacity_)
      reallocate(capacity);
  }
  void shrink_to_fit() {
    if (capacity_ > size_)
      reallocate(size_);
  }
  T& push_back(T value) {
    if (size_ == capacity_)
      reallocate(capacity_ ? std::size_t{capacity_} * 2 : 1);
    T* slot = new (data_ + size_) T(std::move(value));
    ++size_;
    return *slot;
  }
  void clear() {
    std::destroy(begin(), end());
    size_ = 0;
  }
  // The elements moved into a std::vector, leaving this empty.
  std::vector<T> take() {
    std::vector<T> out(std::make_move_iterator(begin()), std::make_move_iterator(end()));
    release();
    return out;
  }

private:
  void reallocate(std::size_t capacity) {
    if (capacity > UINT32_MAX)
      throw std::length_error("CompactVector: too many elements");
    T* data = capacity ? std::allocator<T>().allocate(capacity) : nullptr;
    std::uninitialized_move(begin(), end(), data);
    const std::uint32_t size = size_;
    release();
    data_ = data;
    size_ = size;
    capacity_ = static_cast<std::uint32_t>(capacity);
  }
  void release() {
    std::destroy(begin(), end());
    if (data_)
      std::allocator<T>().deallocate(data_, capacity_);
    data_ = nullptr;
    size_ = capacity_ = 0;
  }

  T* data_ = nullptr;
  std::uint32_t size_ = 0;
  std::uint32_t capacity_ = 0;
};

} // namespace crochet
