#pragma once
// Declared column types of a data file (BRIEF §6, issue "Data as migrations") and the conversion
// of one raw field to the JSON value sent to Neo4j as part of the `rows` parameter.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace crochet::data {

using Json = nlohmann::json;

// list<T> holds T items separated by ';' in CSV (a JSON array in JSONL). Dates and datetimes are
// checked ISO 8601 strings (Neo4j 3.x has no temporal type; the renderer converts them where the
// server has one).
enum class ScalarType { string, integer, floating, boolean, date, datetime };

struct ColumnType {
  ScalarType scalar = ScalarType::string;
  bool list = false;
  bool operator==(const ColumnType&) const = default;
};

// "string", "integer", "float", "boolean", "date", "datetime", "list<integer>", ...
std::optional<ColumnType> parse_column_type(std::string_view text);
std::string to_string(const ColumnType& type);

// Column name -> declared type, in file order when known.
struct Columns {
  std::vector<std::string> names;
  std::map<std::string, ColumnType> types;
  static Columns from_json(const Json& table, const std::string& where); // {"age": "integer"}
};

// A field that does not convert: the message says why ("'abc' is not an integer").
struct ConversionError {
  std::string message;
};

// A CSV field as read: its text and whether it was quoted. An unquoted empty field is null
// (the property is not set); a quoted empty field is the empty string for string columns.
struct Field {
  std::string_view text;
  bool quoted = false;
};

// Converts a CSV field. Returns the JSON value (null for a null field) or an error.
Json convert_field(const Field& field, const ColumnType& type, ConversionError& error);

// Checks and normalises a JSON value from a JSONL row against its declared type; integers given
// as whole floats are accepted, strings are not coerced.
Json convert_json(const Json& value, const ColumnType& type, ConversionError& error);

} // namespace crochet::data
