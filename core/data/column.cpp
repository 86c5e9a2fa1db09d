#include "core/data/column.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

#include "core/util/error.hpp"

namespace crochet::data {
namespace {

struct ScalarName {
  ScalarType type;
  const char* name;
};
constexpr ScalarName scalar_names[] = {
    {ScalarType::string, "string"},  {ScalarType::integer, "integer"},
    {ScalarType::floating, "float"}, {ScalarType::boolean, "boolean"},
    {ScalarType::date, "date"},      {ScalarType::datetime, "datetime"},
};

std::optional<ScalarType> parse_scalar(std::string_view text) {
  for (const ScalarName& entry : scalar_names)
    if (text == entry.name)
      return entry.type;
  return std::nullopt;
}

const char* scalar_name(ScalarType type) {
  for (const ScalarName& entry : scalar_names)
    if (entry.type == type)
      return entry.name;
  return "string";
}

std::string quoted(std::string_view text) {
  constexpr std::size_t shown = 40; // long fields are cut so the message stays one line
  std::string out = "'" + std::string(text.substr(0, shown));
  if (text.size() > shown)
    out += "...";
  return out + "'";
}

bool digits(std::string_view text, std::size_t pos, std::size_t count) {
  if (pos + count > text.size())
    return false;
  for (std::size_t i = pos; i < pos + count; ++i)
    if (!std::isdigit(static_cast<unsigned char>(text[i])))
      return false;
  return true;
}

int number_at(std::string_view text, std::size_t pos, std::size_t count) {
  int value = 0;
  std::from_chars(text.data() + pos, text.data() + pos + count, value);
  return value;
}

bool leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

// YYYY-MM-DD with a real day of the month.
bool valid_date(std::string_view text) {
  if (text.size() != 10 || !digits(text, 0, 4) || text[4] != '-' || !digits(text, 5, 2) ||
      text[7] != '-' || !digits(text, 8, 2))
    return false;
  const int year = number_at(text, 0, 4);
  const int month = number_at(text, 5, 2);
  const int day = number_at(text, 8, 2);
  constexpr int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1)
    return false;
  const int last = month_days[month - 1] + (month == 2 && leap_year(year) ? 1 : 0);
  return day <= last;
}

// YYYY-MM-DDTHH:MM[:SS[.fraction]][Z|+HH:MM|-HH:MM]
bool valid_datetime(std::string_view text) {
  if (text.size() < 16 || !valid_date(text.substr(0, 10)) || (text[10] != 'T' && text[10] != ' '))
    return false;
  if (!digits(text, 11, 2) || text[13] != ':' || !digits(text, 14, 2))
    return false;
  if (number_at(text, 11, 2) > 23 || number_at(text, 14, 2) > 59)
    return false;
  std::size_t pos = 16;
  if (pos < text.size() && text[pos] == ':') {
    if (!digits(text, pos + 1, 2) || number_at(text, pos + 1, 2) > 59)
      return false;
    pos += 3;
    if (pos < text.size() && text[pos] == '.') {
      const std::size_t start = ++pos;
      while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])))
        ++pos;
      if (pos == start || pos - start > 9)
        return false;
    }
  }
  if (pos == text.size())
    return true;
  if (text[pos] == 'Z')
    return pos + 1 == text.size();
  if (text[pos] != '+' && text[pos] != '-')
    return false;
  return text.size() == pos + 6 && digits(text, pos + 1, 2) && text[pos + 3] == ':' &&
         digits(text, pos + 4, 2) && number_at(text, pos + 1, 2) <= 18 &&
         number_at(text, pos + 4, 2) <= 59;
}

Json convert_scalar(std::string_view text, ScalarType type, ConversionError& error) {
  switch (type) {
  case ScalarType::string:
    return std::string(text);
  case ScalarType::integer: {
    std::string_view digits_part = text;
    if (!digits_part.empty() && digits_part.front() == '+')
      digits_part.remove_prefix(1);
    long long value = 0;
    auto [end, ec] =
        std::from_chars(digits_part.data(), digits_part.data() + digits_part.size(), value);
    if (digits_part.empty() || ec != std::errc() ||
        end != digits_part.data() + digits_part.size()) {
      error.message =
          quoted(text) + (ec == std::errc::result_out_of_range ? " does not fit a 64-bit integer"
                                                               : " is not an integer");
      return nullptr;
    }
    return value;
  }
  case ScalarType::floating: {
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
        !std::isfinite(value)) {
      error.message = quoted(text) + " is not a finite number";
      return nullptr;
    }
    return value;
  }
  case ScalarType::boolean: {
    std::string lower;
    for (char c : text)
      lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "true" || lower == "1")
      return true;
    if (lower == "false" || lower == "0")
      return false;
    error.message = quoted(text) + " is not a boolean (true, false, 1 or 0)";
    return nullptr;
  }
  case ScalarType::date:
    if (!valid_date(text)) {
      error.message = quoted(text) + " is not a date (YYYY-MM-DD)";
      return nullptr;
    }
    return std::string(text);
  case ScalarType::datetime:
    if (!valid_datetime(text)) {
      error.message = quoted(text) + " is not an ISO 8601 datetime (YYYY-MM-DDTHH:MM:SS[Z|+HH:MM])";
      return nullptr;
    }
    return std::string(text);
  }
  return nullptr;
}

} // namespace

std::optional<ColumnType> parse_column_type(std::string_view text) {
  constexpr std::string_view list_open = "list<";
  if (text.starts_with(list_open) && text.ends_with(">")) {
    auto scalar = parse_scalar(text.substr(list_open.size(), text.size() - list_open.size() - 1));
    if (!scalar)
      return std::nullopt;
    return ColumnType{*scalar, true};
  }
  if (text == "list")
    return ColumnType{ScalarType::string, true};
  auto scalar = parse_scalar(text);
  if (!scalar)
    return std::nullopt;
  return ColumnType{*scalar, false};
}

std::string to_string(const ColumnType& type) {
  const std::string scalar = scalar_name(type.scalar);
  return type.list ? "list<" + scalar + ">" : scalar;
}

Columns Columns::from_json(const Json& table, const std::string& where) {
  if (!table.is_object())
    throw Error(where + ": 'columns' must be a table of column = \"type\"");
  Columns columns;
  for (const auto& [name, type] : table.items()) {
    auto parsed = type.is_string() ? parse_column_type(type.get<std::string>()) : std::nullopt;
    if (!parsed)
      throw Error(where + ": column '" + name + "' has an unknown type " + type.dump(),
                  "use string, integer, float, boolean, date, datetime or list<T>");
    columns.names.push_back(name);
    columns.types.emplace(name, *parsed);
  }
  return columns;
}

Json convert_field(const Field& field, const ColumnType& type, ConversionError& error) {
  if (field.text.empty() && !field.quoted)
    return nullptr;
  if (!type.list)
    return convert_scalar(field.text, type.scalar, error);
  Json items = Json::array();
  if (field.text.empty())
    return items;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = field.text.find(';', start);
    const std::string_view item = field.text.substr(start, end - start);
    Json value = convert_scalar(item, type.scalar, error);
    if (!error.message.empty()) {
      error.message = "list item " + error.message;
      return nullptr;
    }
    items.push_back(std::move(value));
    if (end == std::string_view::npos)
      return items;
    start = end + 1;
  }
}

Json convert_json(const Json& value, const ColumnType& type, ConversionError& error) {
  if (value.is_null())
    return nullptr;
  auto scalar = [&](const Json& item) -> Json {
    switch (type.scalar) {
    case ScalarType::string:
      if (item.is_string())
        return item;
      break;
    case ScalarType::integer:
      if (item.is_number_integer())
        return item;
      if (item.is_number_float() && std::trunc(item.get<double>()) == item.get<double>() &&
          std::fabs(item.get<double>()) < 9.0e18)
        return static_cast<long long>(item.get<double>());
      break;
    case ScalarType::floating:
      if (item.is_number())
        return item.get<double>();
      break;
    case ScalarType::boolean:
      if (item.is_boolean())
        return item;
      break;
    case ScalarType::date:
    case ScalarType::datetime:
      if (item.is_string())
        return convert_scalar(item.get_ref<const std::string&>(), type.scalar, error);
      break;
    }
    error.message = item.dump() + " is not " +
                    (type.scalar == ScalarType::integer ? std::string("an ") : std::string("a ")) +
                    scalar_name(type.scalar);
    return nullptr;
  };
  if (!type.list)
    return scalar(value);
  if (!value.is_array()) {
    error.message = value.dump() + " is not a list";
    return nullptr;
  }
  Json items = Json::array();
  for (const Json& item : value) {
    Json converted = scalar(item);
    if (!error.message.empty())
      return nullptr;
    items.push_back(std::move(converted));
  }
  return items;
}

} // namespace crochet::data
