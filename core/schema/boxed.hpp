#pragma once
// An optional value kept on the heap: one pointer where std::optional<T> holds a whole T
// inline. The IR's rarely set property options are Boxed, so a Property stays small: a large
// models folder has over a hundred thousand properties, and most set none of these options.
// Value semantics like std::optional: copies copy the value, == compares values.
#include <map>
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

// A std::map kept on the heap while it has entries: one pointer where an empty std::map holds
// 48 bytes. It reads like a std::map, and an empty BoxedMap equals any other empty one.
template <typename K, typename V> class BoxedMap {
public:
  using Map = std::map<K, V>;
  using const_iterator = typename Map::const_iterator;

  BoxedMap() = default;
  BoxedMap(const BoxedMap& other)
      : map_(other.empty() ? nullptr : std::make_unique<Map>(*other.map_)) {}
  BoxedMap(BoxedMap&&) noexcept = default;
  BoxedMap& operator=(const BoxedMap& other) {
    if (this != &other)
      map_ = other.empty() ? nullptr : std::make_unique<Map>(*other.map_);
    return *this;
  }
  BoxedMap& operator=(BoxedMap&&) noexcept = default;

  bool empty() const { return !map_ || map_->empty(); }
  std::size_t size() const { return map_ ? map_->size() : 0; }
  std::size_t count(const K& key) const { return map_ ? map_->count(key) : 0; }
  const V& at(const K& key) const { return map_ ? map_->at(key) : none().at(key); }
  V& operator[](const K& key) { return edit()[key]; }
  V& operator[](K&& key) { return edit()[std::move(key)]; }
  const_iterator begin() const { return map_ ? map_->cbegin() : none().cbegin(); }
  const_iterator end() const { return map_ ? map_->cend() : none().cend(); }
  void clear() { map_.reset(); }

  friend bool operator==(const BoxedMap& a, const BoxedMap& b) {
    return a.empty() || b.empty() ? a.empty() == b.empty() : *a.map_ == *b.map_;
  }

private:
  static const Map& none() {
    static const Map empty;
    return empty;
  }
  Map& edit() {
    if (!map_)
      map_ = std::make_unique<Map>();
    return *map_;
  }

  std::unique_ptr<Map> map_;
};

} // namespace crochet::schema
