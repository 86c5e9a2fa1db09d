#include "core/load/source.hpp"

#include <system_error>

#include "core/data/byte_source.hpp"
#include "core/util/advice.hpp"
#include "core/util/error.hpp"

namespace crochet::load {

using migration::Json;

std::string describe_step(const migration::Operation& operation) {
  std::string text = std::string(to_string(operation.kind)) + " step";
  if (operation.has("batch"))
    text += " (batch " + operation.string_arg("batch") + ")";
  return text;
}

SourceSpec parse_source(const migration::Operation& operation, const std::filesystem::path& root) {
  const std::string where = describe_step(operation) + ": `source`";
  const std::string hint = "write source = { path = \"data/x.csv\", sha256 = \"sha256:<hex>\" } "
                           "(" +
                           advice::crochet("data validate") + " prints the sha256)";
  const Json& table = operation.args.at("source");
  for (const auto& [key, value] : table.items())
    if (key != "path" && key != "sha256" && key != "format")
      throw Error(where + " has an unknown entry '" + key + "'", hint);
  auto text = [&](const char* key) -> std::string {
    auto it = table.find(key);
    if (it == table.end() || !it->is_string() || it->get_ref<const std::string&>().empty())
      throw Error(where + " needs a `" + key + "` string", hint);
    return it->get<std::string>();
  };
  SourceSpec spec;
  spec.path = text("path");
  spec.sha256 = text("sha256");
  constexpr std::size_t hex_digits = 64;
  if (spec.sha256.rfind("sha256:", 0) != 0 || spec.sha256.size() != 7 + hex_digits ||
      spec.sha256.find_first_not_of("0123456789abcdef", 7) != std::string::npos)
    throw Error(where + ": sha256 must be \"sha256:\" and 64 lowercase hex digits", hint);
  const std::filesystem::path relative(spec.path);
  if (relative.is_absolute() || relative.lexically_normal().string().rfind("..", 0) == 0)
    throw Error(where + ": the path '" + spec.path + "' must stay inside the project",
                "keep data files in the repository, e.g. under data/");
  spec.absolute = root / relative;
  if (table.contains("format")) {
    auto format = data::parse_format(text("format"));
    if (!format)
      throw Error(where + ": format must be \"csv\" or \"jsonl\"", hint);
    spec.format = *format;
  } else {
    const std::string extension = relative.extension().string();
    spec.format =
        extension == ".jsonl" || extension == ".ndjson" ? data::Format::jsonl : data::Format::csv;
  }
  std::error_code error;
  spec.size = std::filesystem::file_size(spec.absolute, error);
  if (error)
    throw Error(where + ": cannot read " + spec.path + ": " + error.message(),
                "the data file must be in the work tree when the migration runs");
  return spec;
}

void verify_checksum(const SourceSpec& spec) {
  const std::string actual = data::file_sha256(spec.absolute);
  if (actual != spec.sha256)
    throw Error(changed_file(spec, actual) + "; this run loaded nothing from it",
                "restore the file, or write a new migration for the new data");
}

std::string changed_file(const SourceSpec& spec, const std::string& actual_sha256) {
  return spec.path + " has changed: its sha256 is " + actual_sha256 + ", the migration pins " +
         spec.sha256;
}

data::Columns step_columns(const migration::Operation& operation) {
  return operation.has("columns")
             ? data::Columns::from_json(operation.args.at("columns"), describe_step(operation))
             : data::Columns{};
}

std::unique_ptr<data::ByteSource> inline_rows(const migration::Operation& operation) {
  std::string jsonl;
  for (const Json& row : operation.args.value("rows", Json::array()))
    jsonl += row.dump() + "\n";
  return std::make_unique<data::StringByteSource>(std::move(jsonl));
}

} // namespace crochet::load
