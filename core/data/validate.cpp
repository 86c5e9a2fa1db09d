#include "core/data/validate.hpp"

#include <algorithm>
#include <unordered_map>

#include <toml++/toml.h>

#include "core/util/error.hpp"

namespace crochet::data {
namespace {

std::string at(const std::string& name, const toml::node& node) {
  return name + ":" + std::to_string(node.source().begin.line);
}

std::vector<std::string> string_list(const std::string& name, const std::string& key,
                                     const toml::node& node) {
  const toml::array* array = node.as_array();
  std::vector<std::string> out;
  if (array)
    for (const toml::node& item : *array)
      if (auto text = item.value<std::string>())
        out.push_back(*text);
  if (!array || out.size() != array->size())
    throw Error(at(name, node) + ": '" + key + "' must be a list of column names");
  return out;
}

std::size_t count(const std::string& name, const std::string& key, const toml::node& node) {
  auto value = node.value<long long>();
  if (!value || *value < 0)
    throw Error(at(name, node) + ": '" + key + "' must be a non-negative integer");
  return static_cast<std::size_t>(*value);
}

} // namespace

DataSpec parse_data_spec(const std::string& text, const std::string& name) {
  toml::table table;
  try {
    table = toml::parse(text, name);
  } catch (const toml::parse_error& error) {
    throw Error(name + ":" + std::to_string(error.source().begin.line) + ": " +
                std::string(error.description()));
  }
  DataSpec spec;
  for (const auto& [key, node] : table) {
    const std::string k(key.str());
    if (k == "format") {
      auto format =
          node.value<std::string>() ? parse_format(*node.value<std::string>()) : std::nullopt;
      if (!format)
        throw Error(at(name, node) + ": 'format' must be \"csv\" or \"jsonl\"");
      spec.format = *format;
    } else if (k == "required") {
      spec.required = string_list(name, k, node);
    } else if (k == "unique") {
      spec.unique_keys = string_list(name, k, node);
    } else if (k == "min_rows") {
      spec.min_rows = count(name, k, node);
    } else if (k == "max_rows") {
      spec.max_rows = count(name, k, node);
    } else if (k == "columns") {
      const toml::table* columns = node.as_table();
      if (!columns)
        throw Error(at(name, node) + ": 'columns' must be a table of column = \"type\"");
      Json json = Json::object();
      for (const auto& [column, type] : *columns) {
        auto text_type = type.value<std::string>();
        if (!text_type)
          throw Error(at(name, type) + ": the type of column '" + std::string(column.str()) +
                      "' must be a string");
        json[std::string(column.str())] = *text_type;
      }
      spec.columns = Columns::from_json(json, at(name, node));
    } else {
      throw Error(at(name, node) + ": unknown key '" + k + "'",
                  "known keys: format, columns, required, unique, min_rows, max_rows");
    }
  }
  return spec;
}

Format format_for(const DataSpec& spec, const std::filesystem::path& file) {
  if (spec.format)
    return *spec.format;
  const std::string extension = file.extension().string();
  return extension == ".jsonl" || extension == ".ndjson" ? Format::jsonl : Format::csv;
}

std::string rows_text(std::size_t rows) {
  return std::to_string(rows) + (rows == 1 ? " row" : " rows");
}

std::string summary(const ValidationReport& report, const std::string& name) {
  if (!report.complete)
    return name + ": INVALID (the scan stopped after " + rows_text(report.rows) + ")";
  return name + ": " + rows_text(report.rows) + (report.ok() ? ", valid" : ", INVALID");
}

ValidationReport validate_rows(std::unique_ptr<ByteSource> bytes, Format format,
                               const DataSpec& spec, std::size_t max_problems,
                               const std::string& name) {
  ValidationReport report;
  auto problem = [&](std::string text) {
    if (report.problems.size() < max_problems)
      report.problems.push_back(std::move(text));
    else
      report.truncated = true;
  };
  std::unordered_map<std::string, std::size_t> first_line_of_key;
  try {
    auto rows = open_rows(std::move(bytes), format, spec.columns, name);
    Json chunk = Json::array();
    while (true) {
      chunk.clear();
      if (rows->next_chunk(1, chunk) == 0)
        break;
      const Json& row = chunk[0];
      const std::size_t line = rows->line();
      ++report.rows;
      const std::string where = name + ":" + std::to_string(line) + ": ";
      for (const std::string& column : spec.required)
        if (!row.contains(column))
          problem(where + "required column '" + column + "' has no value");
      if (spec.unique_keys.empty())
        continue;
      Json key = Json::array();
      for (const std::string& column : spec.unique_keys)
        key.push_back(row.contains(column) ? row[column] : Json());
      auto [it, inserted] = first_line_of_key.emplace(key.dump(), line);
      if (!inserted)
        problem(where + "duplicate key " + key.dump() + " (first on line " +
                std::to_string(it->second) + ")");
    }
  } catch (const Error& error) {
    problem(error.what());
    report.complete = false;
    return report;
  }
  if (spec.min_rows && report.rows < *spec.min_rows)
    problem(name + ": " + rows_text(report.rows) +
            ", fewer than min_rows = " + std::to_string(*spec.min_rows));
  if (spec.max_rows && report.rows > *spec.max_rows)
    problem(name + ": " + rows_text(report.rows) +
            ", more than max_rows = " + std::to_string(*spec.max_rows));
  return report;
}

ValidationReport validate_data(const std::filesystem::path& file, const DataSpec& spec,
                               std::size_t max_problems, const std::string& display_name) {
  const std::string sha256 = file_sha256(file);
  ValidationReport report =
      validate_rows(std::make_unique<FileByteSource>(file), format_for(spec, file), spec,
                    max_problems, display_name.empty() ? file.string() : display_name);
  report.sha256 = sha256;
  return report;
}

std::vector<std::string> problem_lines(const ValidationReport& report) {
  std::vector<std::string> lines = report.problems;
  if (report.truncated)
    lines.push_back("(more problems not shown)");
  return lines;
}

Json to_json(const ValidationReport& report, const std::string& name) {
  return Json{{"file", name},
              {"rows", report.rows},
              {"sha256", report.sha256},
              {"ok", report.ok()},
              {"problems", report.problems},
              {"truncated", report.truncated},
              {"complete", report.complete}};
}

} // namespace crochet::data
