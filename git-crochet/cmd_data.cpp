// git crochet data validate FILE --schema SPEC [--format csv|jsonl] [--json]: check a data file
// (columns, types, required values, unique keys, row bounds) before a load is written into a
// migration, and print the sha256 to pin in it.
#include <iostream>

#include "core/data/validate.hpp"
#include "core/util/error.hpp"
#include "core/util/fs.hpp"
#include "git-crochet/command.hpp"

namespace crochet::cli {
namespace {

struct ValidateOptions {
  std::string file;
  std::string spec;
  std::string format;
  bool json = false;
};

int validate(const Globals& globals, const ValidateOptions& options) {
  RealFileSystem fs;
  const std::filesystem::path base = globals.start_directory();
  const std::filesystem::path spec_path = base / options.spec;
  data::DataSpec spec = data::parse_data_spec(fs.read(spec_path), options.spec);
  if (!options.format.empty()) {
    spec.format = data::parse_format(options.format);
    if (!spec.format)
      throw Error("unknown data format '" + options.format + "'", "use --format csv or jsonl");
  }
  const data::ValidationReport report =
      data::validate_data(base / options.file, spec, data::kProblemsKept, options.file);
  if (options.json) {
    std::cout << data::to_json(report, options.file).dump(2) << "\n";
  } else {
    for (const std::string& line : data::problem_lines(report))
      std::cerr << line << "\n";
    std::cout << data::summary(report, options.file) << "\nsha256 = \"" << report.sha256 << "\"\n";
  }
  return report.ok() ? 0 : 1;
}

} // namespace

Action configure_data(CLI::App& sub, const Globals& globals) {
  sub.require_subcommand(1);
  auto options = std::make_shared<ValidateOptions>();
  CLI::App* check = sub.add_subcommand(
      "validate", "Check a CSV/JSONL file against a spec and print its sha256 to pin");
  check->add_option("FILE", options->file, "The data file")->required();
  check
      ->add_option("--schema", options->spec,
                   "The spec file (TOML: columns, required, unique, "
                   "min_rows, max_rows)")
      ->required();
  check->add_option("--format", options->format,
                    "csv or jsonl (default: from the spec or the "
                    "file's extension)");
  check->add_flag("--json", options->json, "Print the report as JSON");
  return [&globals, options]() { return validate(globals, *options); };
}

} // namespace crochet::cli
