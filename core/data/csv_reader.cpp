#include "core/data/csv_reader.hpp"

#include "core/util/error.hpp"
#include "core/util/utf8.hpp"

namespace crochet::data {
namespace {
constexpr std::size_t block_size = 1 << 18;
}

CsvReader::CsvReader(std::unique_ptr<ByteSource> source, std::string name, char delimiter)
    : source_(std::move(source)), name_(std::move(name)), delimiter_(delimiter),
      buffer_(block_size) {}

int CsvReader::peek() {
  if (position_ == filled_) {
    filled_ = source_->read(buffer_.data(), buffer_.size());
    position_ = 0;
    if (filled_ == 0)
      return -1;
  }
  return static_cast<unsigned char>(buffer_[position_]);
}

int CsvReader::get() {
  const int c = peek();
  if (c >= 0)
    ++position_;
  return c;
}

void CsvReader::fail(const std::string& what, std::size_t line) const {
  throw Error(name_ + ":" + std::to_string(line) + ": " + what,
              "fix the file (RFC 4180 CSV, UTF-8), then pin its new sha256 in the migration");
}

bool CsvReader::next(std::vector<Field>& fields) {
  if (at_start_) {
    at_start_ = false;
    if (peek() == 0xEF) { // a UTF-8 byte order mark is not part of the first header
      get();
      if (get() != 0xBB || get() != 0xBF)
        fail("the file starts with a broken byte order mark", 1);
    }
  }
  while (true) {
    record_.clear();
    ends_.clear();
    quoted_.clear();
    record_line_ = line_;
    int c = peek();
    if (c < 0)
      return false;
    bool blank = true;
    bool in_field = false;
    bool field_quoted = false;
    auto end_field = [&] {
      ends_.push_back(record_.size());
      quoted_.push_back(field_quoted);
      field_quoted = false;
      in_field = false;
    };
    while (true) {
      c = get();
      if (c < 0 || c == '\n' || c == '\r') {
        if (c == '\r' && peek() == '\n')
          get();
        if (c >= 0)
          ++line_;
        if (!blank || !ends_.empty())
          end_field();
        break;
      }
      blank = false;
      if (c == delimiter_) {
        end_field();
        continue;
      }
      if (c == '"') {
        if (in_field)
          fail("a quote inside an unquoted field (field " + std::to_string(ends_.size() + 1) +
                   "); quote the whole field and double the quote",
               line_);
        field_quoted = true;
        in_field = true;
        const std::size_t opened = line_;
        while (true) {
          c = get();
          if (c < 0)
            fail("unterminated quoted field (field " + std::to_string(ends_.size() + 1) +
                     ") opened on this line",
                 opened);
          if (c == '"') {
            if (peek() == '"') {
              get();
              record_ += '"';
              continue;
            }
            break;
          }
          if (c == '\n' || (c == '\r' && peek() != '\n'))
            ++line_;
          record_ += static_cast<char>(c);
        }
        const int after = peek();
        if (after >= 0 && after != delimiter_ && after != '\n' && after != '\r')
          fail("unexpected character after the closing quote of field " +
                   std::to_string(ends_.size() + 1),
               line_);
        continue;
      }
      in_field = true;
      record_ += static_cast<char>(c);
    }
    if (blank && ends_.empty())
      continue;
    if (const std::size_t bad = find_invalid_utf8(record_); bad != std::string::npos) {
      std::size_t field = 0;
      while (ends_[field] <= bad)
        ++field;
      fail("field " + std::to_string(field + 1) + " is not valid UTF-8", record_line_);
    }
    fields.clear();
    std::size_t start = 0;
    for (std::size_t i = 0; i < ends_.size(); ++i) {
      fields.push_back(
          Field{std::string_view(record_).substr(start, ends_[i] - start), quoted_[i]});
      start = ends_[i];
    }
    return true;
  }
}

} // namespace crochet::data
