#pragma once
// A streaming RFC 4180 CSV reader: quoted fields with doubled quotes, delimiters and line breaks
// inside quotes, LF / CRLF / CR line ends, a UTF-8 BOM. Malformed input (an unterminated quote, a
// character after a closing quote, a quote inside an unquoted field, bytes that are not UTF-8) is
// an error naming the file, the line and the field; records are never silently repaired.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "core/data/byte_source.hpp"
#include "core/data/column.hpp"

namespace crochet::data {

class CsvReader {
public:
  CsvReader(std::unique_ptr<ByteSource> source, std::string name, char delimiter = ',');

  // Reads the next record. The fields stay valid until the next call. Blank lines are skipped.
  // Returns false at the end of the input.
  bool next(std::vector<Field>& fields);

  std::size_t record_line() const { return record_line_; } // 1-based line the record starts on
  const std::string& name() const { return name_; }

private:
  int get();  // next byte (0..255) or -1 at the end
  int peek(); // the byte get() would return
  [[noreturn]] void fail(const std::string& what, std::size_t line) const;

  std::unique_ptr<ByteSource> source_;
  std::string name_;
  char delimiter_;
  std::vector<char> buffer_;
  std::size_t position_ = 0;
  std::size_t filled_ = 0;
  bool at_start_ = true;
  std::size_t line_ = 1;        // line of the next byte
  std::size_t record_line_ = 0; // line where the last record started
  std::string record_;          // the unescaped bytes of the current record's fields
  std::vector<std::size_t> ends_;
  std::vector<bool> quoted_;
};

} // namespace crochet::data
