#include "core/data/column.hpp"

#include <gtest/gtest.h>

#include "core/util/error.hpp"

namespace crochet::data {
namespace {

Json convert(std::string_view text, const char* type, bool quoted = false) {
  ConversionError error;
  Json value = convert_field(Field{text, quoted}, *parse_column_type(type), error);
  if (!error.message.empty())
    return "error: " + error.message;
  return value;
}

TEST(ColumnType, ParsesScalarsAndLists) {
  EXPECT_EQ(parse_column_type("integer"), (ColumnType{ScalarType::integer, false}));
  EXPECT_EQ(parse_column_type("list<float>"), (ColumnType{ScalarType::floating, true}));
  EXPECT_EQ(parse_column_type("list"), (ColumnType{ScalarType::string, true}));
  EXPECT_FALSE(parse_column_type("int"));
  EXPECT_FALSE(parse_column_type("list<list<string>>"));
  EXPECT_EQ(to_string(*parse_column_type("list<datetime>")), "list<datetime>");
}

TEST(ColumnType, ColumnsFromJsonRejectsUnknownTypes) {
  Columns columns = Columns::from_json(Json{{"age", "integer"}, {"name", "string"}}, "m.toml:3");
  EXPECT_EQ(columns.types.at("age").scalar, ScalarType::integer);
  EXPECT_THROW(Columns::from_json(Json{{"age", "number"}}, "m.toml:3"), Error);
  EXPECT_THROW(Columns::from_json(Json{{"age", 5}}, "m.toml:3"), Error);
}

TEST(ConvertField, Integers) {
  EXPECT_EQ(convert("42", "integer"), 42);
  EXPECT_EQ(convert("-7", "integer"), -7);
  EXPECT_EQ(convert("+7", "integer"), 7);
  EXPECT_EQ(convert("9223372036854775807", "integer"), 9223372036854775807LL);
  EXPECT_EQ(convert("9223372036854775808", "integer"),
            "error: '9223372036854775808' does not fit a 64-bit integer");
  EXPECT_EQ(convert("4.5", "integer"), "error: '4.5' is not an integer");
  EXPECT_EQ(convert("abc", "integer"), "error: 'abc' is not an integer");
}

TEST(ConvertField, FloatsBooleansStrings) {
  EXPECT_EQ(convert("2.5", "float"), 2.5);
  EXPECT_EQ(convert("1e3", "float"), 1000.0);
  EXPECT_EQ(convert("nan", "float"), "error: 'nan' is not a finite number");
  EXPECT_EQ(convert("TRUE", "boolean"), true);
  EXPECT_EQ(convert("0", "boolean"), false);
  EXPECT_EQ(convert("yes", "boolean"), "error: 'yes' is not a boolean (true, false, 1 or 0)");
  EXPECT_EQ(convert(" padded ", "string"), " padded ");
}

TEST(ConvertField, NullsAndEmptyStrings) {
  EXPECT_TRUE(convert("", "integer").is_null());
  EXPECT_TRUE(convert("", "string").is_null());
  EXPECT_EQ(convert("", "string", true), "");
  EXPECT_EQ(convert("", "list<integer>", true), Json::array());
}

TEST(ConvertField, DatesAndDatetimes) {
  EXPECT_EQ(convert("2024-02-29", "date"), "2024-02-29");
  EXPECT_EQ(convert("2023-02-29", "date"), "error: '2023-02-29' is not a date (YYYY-MM-DD)");
  EXPECT_EQ(convert("2024-13-01", "date"), "error: '2024-13-01' is not a date (YYYY-MM-DD)");
  EXPECT_EQ(convert("2024-01-31T23:59:59Z", "datetime"), "2024-01-31T23:59:59Z");
  EXPECT_EQ(convert("2024-01-31T23:59:59.123456+02:00", "datetime"),
            "2024-01-31T23:59:59.123456+02:00");
  EXPECT_EQ(convert("2024-01-31T23:59", "datetime"), "2024-01-31T23:59");
  EXPECT_TRUE(convert("2024-01-31T24:00:00", "datetime").get<std::string>().starts_with("error"));
  EXPECT_TRUE(convert("2024-01-31", "datetime").get<std::string>().starts_with("error"));
}

TEST(ConvertField, Lists) {
  EXPECT_EQ(convert("1;2;3", "list<integer>"), Json::array({1, 2, 3}));
  EXPECT_EQ(convert("a;b", "list"), Json::array({"a", "b"}));
  EXPECT_EQ(convert("1;x", "list<integer>"), "error: list item 'x' is not an integer");
}

TEST(ConvertJson, ChecksTypesWithoutCoercingStrings) {
  ConversionError error;
  EXPECT_EQ(convert_json(Json(3.0), *parse_column_type("integer"), error), 3);
  EXPECT_TRUE(error.message.empty());
  convert_json(Json("3"), *parse_column_type("integer"), error);
  EXPECT_EQ(error.message, "\"3\" is not an integer");
  error = {};
  EXPECT_EQ(convert_json(Json::array({1, 2}), *parse_column_type("list<float>"), error),
            Json::array({1.0, 2.0}));
  convert_json(Json("2024-02-30"), *parse_column_type("date"), error);
  EXPECT_EQ(error.message, "'2024-02-30' is not a date (YYYY-MM-DD)");
}

} // namespace
} // namespace crochet::data
