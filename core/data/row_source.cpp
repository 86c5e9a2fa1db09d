#include "core/data/row_source.hpp"

#include <algorithm>
#include <vector>

#include "core/data/csv_reader.hpp"
#include "core/util/error.hpp"

namespace crochet::data {
namespace {

constexpr ColumnType untyped{ScalarType::string, false};

[[noreturn]] void bad_value(const std::string& name, std::size_t line, const std::string& column,
                            const std::string& why) {
  throw Error(name + ":" + std::to_string(line) + ": column '" + column + "': " + why,
              "fix the value or the column's declared type");
}

class CsvRows final : public RowSource {
public:
  CsvRows(std::unique_ptr<ByteSource> bytes, const Columns& columns, const std::string& name)
      : reader_(std::move(bytes), name) {
    std::vector<Field> header;
    if (!reader_.next(header))
      throw Error(name + ": the file is empty; a CSV data file starts with a header row");
    for (const Field& field : header) {
      const std::string column(field.text);
      auto it = columns.types.find(column);
      names_.push_back(column);
      types_.push_back(it == columns.types.end() ? untyped : it->second);
    }
    for (const std::string& declared : columns.names)
      if (std::find(names_.begin(), names_.end(), declared) == names_.end())
        throw Error(name + ":1: declared column '" + declared + "' is not in the header");
  }

  std::size_t next_chunk(std::size_t max_rows, Json& rows) override {
    std::size_t count = 0;
    chunk_lines_.clear();
    while (count < max_rows && reader_.next(fields_)) {
      line_ = reader_.record_line();
      chunk_lines_.push_back(line_);
      if (fields_.size() != names_.size())
        throw Error(reader_.name() + ":" + std::to_string(line_) + ": the row has " +
                        std::to_string(fields_.size()) + " fields, the header has " +
                        std::to_string(names_.size()),
                    "every row needs one field per header column (a ragged row)");
      Json row = Json::object();
      for (std::size_t i = 0; i < fields_.size(); ++i) {
        ConversionError error;
        Json value = convert_field(fields_[i], types_[i], error);
        if (!error.message.empty())
          bad_value(reader_.name(), line_, names_[i], error.message);
        if (!value.is_null())
          row.emplace(names_[i], std::move(value));
      }
      rows.push_back(std::move(row));
      ++count;
    }
    rows_read_ += count;
    return count;
  }

private:
  CsvReader reader_;
  std::vector<std::string> names_;
  std::vector<ColumnType> types_;
  std::vector<Field> fields_;
};

class JsonlRows final : public RowSource {
public:
  JsonlRows(std::unique_ptr<ByteSource> bytes, const Columns& columns, std::string name)
      : bytes_(std::move(bytes)), columns_(columns), name_(std::move(name)), buffer_(1 << 18) {}

  std::size_t next_chunk(std::size_t max_rows, Json& rows) override {
    std::size_t count = 0;
    std::string text;
    chunk_lines_.clear();
    while (count < max_rows && next_line(text)) {
      if (text.find_first_not_of(" \t\r") == std::string::npos)
        continue;
      line_ = physical_line_;
      chunk_lines_.push_back(line_);
      Json row = Json::parse(text, nullptr, false);
      if (row.is_discarded() || !row.is_object())
        throw Error(name_ + ":" + std::to_string(line_) + ": the line is not a JSON object",
                    "JSONL data files hold one JSON object per line");
      Json converted = Json::object();
      for (auto& [column, value] : row.items()) {
        auto it = columns_.types.find(column);
        ConversionError error;
        Json checked = it == columns_.types.end() ? value : convert_json(value, it->second, error);
        if (!error.message.empty())
          bad_value(name_, line_, column, error.message);
        if (!checked.is_null())
          converted.emplace(column, std::move(checked));
      }
      rows.push_back(std::move(converted));
      ++count;
    }
    rows_read_ += count;
    return count;
  }

private:
  // The next line without its line end; false at the end of the input.
  bool next_line(std::string& line) {
    line.clear();
    bool any = false;
    while (true) {
      if (position_ == filled_) {
        filled_ = bytes_->read(buffer_.data(), buffer_.size());
        position_ = 0;
        if (filled_ == 0) {
          if (any)
            ++physical_line_;
          return any;
        }
      }
      const char* begin = buffer_.data() + position_;
      const char* end = buffer_.data() + filled_;
      const char* newline = std::find(begin, end, '\n');
      line.append(begin, newline);
      any = true;
      position_ = static_cast<std::size_t>(newline - buffer_.data());
      if (newline != end) {
        ++position_;
        ++physical_line_;
        return true;
      }
    }
  }

  std::unique_ptr<ByteSource> bytes_;
  Columns columns_;
  std::string name_;
  std::vector<char> buffer_;
  std::size_t position_ = 0;
  std::size_t filled_ = 0;
  std::size_t physical_line_ = 0;
};

} // namespace

std::optional<Format> parse_format(std::string_view text) {
  if (text == "csv")
    return Format::csv;
  if (text == "jsonl")
    return Format::jsonl;
  return std::nullopt;
}

void RowSource::skip(std::size_t count) {
  Json discard = Json::array();
  while (count > 0) {
    discard.clear();
    const std::size_t got = next_chunk(std::min<std::size_t>(count, 10000), discard);
    if (got == 0)
      return;
    count -= got;
  }
}

std::unique_ptr<RowSource> open_rows(std::unique_ptr<ByteSource> bytes, Format format,
                                     const Columns& columns, const std::string& name) {
  if (format == Format::csv)
    return std::make_unique<CsvRows>(std::move(bytes), columns, name);
  return std::make_unique<JsonlRows>(std::move(bytes), columns, name);
}

std::unique_ptr<RowSource> open_rows(const std::filesystem::path& path, Format format,
                                     const Columns& columns) {
  return open_rows(std::make_unique<FileByteSource>(path), format, columns, path.string());
}

} // namespace crochet::data
