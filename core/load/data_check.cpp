#include "core/load/data_check.hpp"

#include <algorithm>

#include "core/load/source.hpp"
#include "core/util/error.hpp"

namespace crochet::load {

using migration::Json;
using migration::OpKind;

std::vector<std::string> required_columns(const migration::Operation& operation) {
  std::vector<std::string> columns;
  auto add = [&](const Json& column) {
    if (column.is_string() &&
        std::find(columns.begin(), columns.end(), column.get<std::string>()) == columns.end())
      columns.push_back(column.get<std::string>());
  };
  if (operation.kind == OpKind::upsert_nodes && operation.has("keys"))
    for (const Json& key : operation.args.at("keys"))
      add(key);
  if (operation.kind == OpKind::create_relationships &&
      operation.args.value("on_missing", std::string("error")) != "skip")
    for (const char* side : {"from", "to"}) {
      // A malformed end is the renderer's error (the plan shows it); only its columns count here.
      const Json& end = operation.args.value(side, Json::object());
      if (end.is_object() && end.contains("key") && end.at("key").is_object())
        for (const Json& column : end.at("key"))
          add(column);
    }
  return columns;
}

DataCheck check_data(const migration::Operation& operation, const std::filesystem::path& root,
                     std::size_t max_problems) {
  DataCheck check;
  check.file = describe_step(operation);
  auto stopped = [&](const std::string& problem) {
    check.report.problems.push_back(problem);
    check.report.complete = false;
    return check;
  };
  data::DataSpec spec;
  spec.required = required_columns(operation);
  try {
    spec.columns = step_columns(operation);
  } catch (const Error& error) {
    return stopped(error.what());
  }
  if (!operation.has("source")) {
    spec.format = data::Format::jsonl;
    check.report =
        data::validate_rows(inline_rows(operation), *spec.format, spec, max_problems, check.file);
    check.scanned = true;
    return check;
  }
  if (auto path = operation.args.at("source").find("path");
      path != operation.args.at("source").end() && path->is_string())
    check.file = path->get<std::string>();
  SourceSpec source;
  try {
    source = parse_source(operation, root); // a missing file is found here
    check.file = source.path;
    check.pinned_sha256 = source.sha256;
    spec.format = source.format;
    check.report = data::validate_data(source.absolute, spec, max_problems, source.path);
    check.scanned = true;
  } catch (const Error& error) {
    return stopped(error.what());
  }
  // The rows are checked all the same: whoever pins the new file next wants to know about them.
  if (check.report.sha256 != source.sha256)
    check.report.problems.insert(check.report.problems.begin(),
                                 changed_file(source, check.report.sha256));
  return check;
}

std::string summary(const DataCheck& check) {
  if (!check.scanned)
    return check.file + ": INVALID (not read)";
  return data::summary(check.report, check.file);
}

Json to_json(const DataCheck& check) {
  Json json = data::to_json(check.report, check.file);
  json["pinned_sha256"] = check.pinned_sha256;
  json["scanned"] = check.scanned;
  return json;
}

} // namespace crochet::load
