#include "core/model/python_equality.hpp"

#include <cmath>
#include <cstdint>

namespace crochet::model {
namespace {

using schema::Json;

bool is_number(const Json& value) {
  return value.is_number() || value.is_boolean();
}

// An integral value of any JSON kind (bool, signed, unsigned) as sign and magnitude, so two of
// them compare exactly.
struct Integer {
  bool negative = false;
  std::uint64_t magnitude = 0;
  bool operator==(const Integer&) const = default;
};

Integer integer(const Json& value) {
  if (value.is_boolean())
    return {false, value.get<bool>() ? 1u : 0u};
  if (value.is_number_unsigned())
    return {false, value.get<std::uint64_t>()};
  const std::int64_t v = value.get<std::int64_t>();
  return {v < 0, v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v)};
}

// Python compares an int and a float exactly, not through a rounded double.
bool equal_to_float(const Integer& i, double d) {
  if (!std::isfinite(d) || d != std::trunc(d) || (d < 0) != i.negative)
    return false;
  const double magnitude = std::fabs(d);
  if (magnitude >= 18446744073709551616.0) // 2**64: beyond every integer JSON holds
    return false;
  return static_cast<std::uint64_t>(magnitude) == i.magnitude;
}

bool numbers_equal(const Json& a, const Json& b) {
  if (a.is_number_float() && b.is_number_float())
    return a.get<double>() == b.get<double>();
  if (a.is_number_float())
    return equal_to_float(integer(b), a.get<double>());
  if (b.is_number_float())
    return equal_to_float(integer(a), b.get<double>());
  return integer(a) == integer(b);
}

bool hashable(const Json& value, bool tuples) {
  if (value.is_object())
    return false;
  if (!value.is_array())
    return true;
  if (!tuples)
    return false;
  for (const Json& item : value)
    if (item.is_structured()) // a tuple's own items may be lists: not known from the JSON
      return false;
  return true;
}

} // namespace

bool python_equal(const Json& a, const Json& b) {
  if (is_number(a) && is_number(b))
    return numbers_equal(a, b);
  if (a.is_array() && b.is_array()) {
    if (a.size() != b.size())
      return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!python_equal(a[i], b[i]))
        return false;
    return true;
  }
  return a.type() == b.type() && a == b; // strings by value, None with None
}

std::optional<Json> distinct_items(Json items, bool tuples) {
  Json kept = Json::array();
  for (Json& item : items) {
    if (!hashable(item, tuples))
      return std::nullopt;
    bool seen = false;
    for (const Json& earlier : kept)
      seen = seen || python_equal(earlier, item);
    if (!seen)
      kept.push_back(std::move(item));
  }
  return kept;
}

} // namespace crochet::model
