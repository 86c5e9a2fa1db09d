#include "core/data/row_source.hpp"

#include <gtest/gtest.h>

#include "core/util/error.hpp"

namespace crochet::data {
namespace {

Columns columns(const Json& table) {
  return Columns::from_json(table, "test");
}

Json read_all(const std::string& text, Format format, const Json& types = Json::object()) {
  auto rows = open_rows(std::make_unique<StringByteSource>(text), format, columns(types), "f.csv");
  Json all = Json::array();
  while (rows->next_chunk(2, all) > 0) {
  }
  return all;
}

std::string error_of(const std::string& text, Format format, const Json& types = Json::object()) {
  try {
    read_all(text, format, types);
  } catch (const Error& error) {
    return error.what();
  }
  return "no error";
}

TEST(CsvRows, ReadsTypedRowsAndLeavesNullsOut) {
  Json rows = read_all("id,name,age\n1,Ann,31\n2,\"Bob, Jr.\",\n3,\"\",40\n", Format::csv,
                       {{"id", "integer"}, {"age", "integer"}});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (Json{{"id", 1}, {"name", "Ann"}, {"age", 31}}));
  EXPECT_EQ(rows[1], (Json{{"id", 2}, {"name", "Bob, Jr."}}));
  EXPECT_EQ(rows[2], (Json{{"id", 3}, {"name", ""}, {"age", 40}}));
}

TEST(CsvRows, QuotesLineBreaksCrlfBomAndBlankLines) {
  Json rows = read_all("\xEF\xBB\xBFid,text\r\n1,\"say \"\"hi\"\"\"\r\n\r\n2,\"two\nlines\"\r\n",
                       Format::csv);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0]["text"], "say \"hi\"");
  EXPECT_EQ(rows[1]["text"], "two\nlines");
}

TEST(CsvRows, ErrorsNameFileLineAndColumn) {
  EXPECT_EQ(error_of("id,age\n1,2\n2,abc\n", Format::csv, {{"age", "integer"}}),
            "f.csv:3: column 'age': 'abc' is not an integer");
  EXPECT_EQ(error_of("id,age\n1,2\n2\n", Format::csv),
            "f.csv:3: the row has 1 fields, the header has 2");
  EXPECT_EQ(error_of("id,text\n1,\"open\n2,x\n", Format::csv),
            "f.csv:2: unterminated quoted field (field 2) opened on this line");
  EXPECT_EQ(error_of("id,text\n1,\"a\"b\n", Format::csv),
            "f.csv:2: unexpected character after the closing quote of field 2");
  EXPECT_EQ(error_of("id,text\n1,a\"b\n", Format::csv),
            "f.csv:2: a quote inside an unquoted field (field 2); quote the whole field and "
            "double the quote");
  EXPECT_EQ(error_of("id,text\n1,ok\n2,bad\xC3\x28\n", Format::csv),
            "f.csv:3: field 2 is not valid UTF-8");
  EXPECT_EQ(error_of("", Format::csv),
            "f.csv: the file is empty; a CSV data file starts with a header row");
  EXPECT_EQ(error_of("id\n1\n", Format::csv, {{"age", "integer"}}),
            "f.csv:1: declared column 'age' is not in the header");
}

TEST(CsvRows, LineNumbersCountLineBreaksInsideQuotes) {
  EXPECT_EQ(error_of("id,text,n\n1,\"a\nb\nc\",1\n2,x,zz\n", Format::csv, {{"n", "integer"}}),
            "f.csv:5: column 'n': 'zz' is not an integer");
}

TEST(CsvRows, SkipResumesAfterACheckpoint) {
  std::string text = "id\n";
  for (int i = 0; i < 100; ++i)
    text += std::to_string(i) + "\n";
  auto rows = open_rows(std::make_unique<StringByteSource>(text), Format::csv,
                        columns({{"id", "integer"}}), "f.csv");
  rows->skip(37);
  Json chunk = Json::array();
  ASSERT_EQ(rows->next_chunk(5, chunk), 5u);
  EXPECT_EQ(chunk[0]["id"], 37);
  EXPECT_EQ(rows->rows_read(), 42u);
}

TEST(JsonlRows, ReadsAndChecksTypes) {
  Json rows = read_all("{\"id\": 1, \"tags\": [\"a\"]}\n\n{\"id\": 2.0, \"x\": null}\n",
                       Format::jsonl, {{"id", "integer"}, {"tags", "list<string>"}});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (Json{{"id", 1}, {"tags", {"a"}}}));
  EXPECT_EQ(rows[1], (Json{{"id", 2}}));
  EXPECT_EQ(error_of("{\"id\": 1}\n{\"id\": \"x\"}\n", Format::jsonl, {{"id", "integer"}}),
            "f.csv:2: column 'id': \"x\" is not an integer");
  EXPECT_EQ(error_of("{\"id\": 1}\n[1]\n", Format::jsonl),
            "f.csv:2: the line is not a JSON object");
  EXPECT_EQ(error_of("{\"id\": \"\xC3\x28\"}\n", Format::jsonl),
            "f.csv:1: the line is not a JSON object");
}

TEST(JsonlRows, LastLineWithoutNewline) {
  Json rows = read_all("{\"a\": 1}\n{\"a\": 2}", Format::jsonl);
  EXPECT_EQ(rows.size(), 2u);
}

} // namespace
} // namespace crochet::data
