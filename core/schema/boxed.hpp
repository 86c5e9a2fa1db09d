#pragma once
// An optional value kept on the heap: one pointer where std::optional<T> holds a whole T
// inline. The IR's rarely set property options are Boxed, so a Property stays small: a large
// models folder has over a hundred thousand properties, and most set none of these options.
// Value semantics like std::optional: copies copy the value, == compares values.
#include <memory>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace crochet::schema {

template <typename T> class Boxed {
  template <typename U>
  static constexpr bool is_value_v =
      std::is_constructible_v<T, U&&> && !std::is_same_v<std::remove_cvref_t<U>, Boxed> &&
      !std::is_same_v<std::remove_cvref_t<U>, std::nullopt_t> &&
      !std::is_same_v<std::remove_cvref_t<U>, std::optional<T>>;

public:
  Boxed() = default;
  Boxed(std::nullopt_t) {}
  template <typename U = T, std::enable_if_t<is_value_v<U>, int> = 0>
  Boxed(U&& value) : value_(std::make_unique<T>(std::forward<U>(value))) {}
  Boxed(const std::optional<T>& value) {
    if (value)
      value_ = std::make_unique<T>(*value);
  }
  Boxed(std::optional<T>&& value) {
    if (value)
      value_ = std::make_unique<T>(std::move(*value));
  }
  Boxed(const Boxed& other) : value_(other.value_ ? std::make_unique<T>(*other.value_) : nullptr) {}
  Boxed(Boxed&&) noexcept = default;
  Boxed& operator=(const Boxed& other) {
    if (this != &other)
      value_ = other.value_ ? std::make_unique<T>(*other.value_) : nullptr;
    return *this;
  }
  Boxed& operator=(Boxed&&) noexcept = default;
  Boxed& operator=(std::nullopt_t) {
    value_.reset();
    return *this;
  }
  template <typename U = T, std::enable_if_t<is_value_v<U>, int> = 0> Boxed& operator=(U&& value) {
    value_ = std::make_unique<T>(std::forward<U>(value));
    return *this;
  }
  Boxed& operator=(const std::optional<T>& value) { return *this = Boxed(value); }
  Boxed& operator=(std::optional<T>&& value) { return *this = Boxed(std::move(value)); }

  template <typename... Args> T& emplace(Args&&... args) {
    value_ = std::make_unique<T>(std::forward<Args>(args)...);
    return *value_;
  }
  void reset() { value_.reset(); }

  bool has_value() const { return value_ != nullptr; }
  explicit operator bool() const { return has_value(); }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }
  T* operator->() { return value_.get(); }
  const T* operator->() const { return value_.get(); }
  const T& value() const {
    if (!value_)
      throw std::bad_optional_access();
    return *value_;
  }
  template <typename U> T value_or(U&& fallback) const {
    return value_ ? *value_ : static_cast<T>(std::forward<U>(fallback));
  }

  friend bool operator==(const Boxed& a, const Boxed& b) {
    return a.value_ && b.value_ ? *a.value_ == *b.value_ : a.value_ == b.value_;
  }
  friend bool operator==(const Boxed& a, std::nullopt_t) { return !a.value_; }
  template <typename U, std::enable_if_t<is_value_v<const U&>, int> = 0>
  friend bool operator==(const Boxed& a, const U& b) {
    return a.value_ && *a.value_ == b;
  }

private:
  std::unique_ptr<T> value_;
};

} // namespace crochet::schema
