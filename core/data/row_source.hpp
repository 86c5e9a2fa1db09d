#pragma once
// Rows of a data file, converted to their declared column types and handed out in chunks, so a
// load streams a file of any size with flat memory. A row is a JSON object (column -> value);
// null values are left out, because Neo4j does not store nulls.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/data/byte_source.hpp"
#include "core/data/column.hpp"

namespace crochet::data {

enum class Format { csv, jsonl };
std::optional<Format> parse_format(std::string_view text);

class RowSource {
public:
  virtual ~RowSource() = default;
  // Appends up to `max_rows` rows to `rows` (a JSON array); returns how many. 0 at the end.
  // Throws crochet::Error naming the file, the line and the column of a bad value.
  virtual std::size_t next_chunk(std::size_t max_rows, Json& rows) = 0;
  // Reads and checks `count` rows without keeping them (resuming after a checkpoint).
  void skip(std::size_t count);
  std::size_t rows_read() const { return rows_read_; }
  // The 1-based source line of the last row handed out.
  std::size_t line() const { return line_; }
  // The source line of each row the last next_chunk() call handed out, in order.
  const std::vector<std::size_t>& chunk_lines() const { return chunk_lines_; }

protected:
  std::size_t rows_read_ = 0;
  std::size_t line_ = 0;
  std::vector<std::size_t> chunk_lines_;
};

// `name` is the file name used in messages. For CSV the header row names the columns; every
// declared column must be present; undeclared columns are read as strings.
std::unique_ptr<RowSource> open_rows(std::unique_ptr<ByteSource> bytes, Format format,
                                     const Columns& columns, const std::string& name);
std::unique_ptr<RowSource> open_rows(const std::filesystem::path& path, Format format,
                                     const Columns& columns);

} // namespace crochet::data
