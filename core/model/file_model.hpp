#pragma once
// One model file, parsed and indexed: the names it binds at module level (imports, constants,
// classes, functions). Built once per file content, so it can be shared across revisions.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/model/source.hpp"
#include "core/python/ast.hpp"
#include "core/util/diagnostic.hpp"

namespace crochet::model {

struct ImportBinding {
  enum class Kind { module, member } kind = Kind::module;
  std::string module; // dotted module as written after the leading dots
  int level = 0;      // leading dots of a relative import
  std::string member; // Kind::member: the imported name
  py::Location location;
};

struct FileModel {
  SourceFile source;
  std::string display_path; // the path diagnostics show
  std::string module_name;  // "models.people.person"; "models.people" for __init__.py
  bool is_package = false;
  py::Module module;
  Diagnostics diagnostics; // parse errors and file-level warnings
  std::map<std::string, ImportBinding, std::less<>> imports;
  std::vector<ImportBinding> star_imports;
  std::map<std::string, const py::Expr*, std::less<>> constants;
  std::map<std::string, const py::Stmt*, std::less<>> classes;
  std::map<std::string, const py::Stmt*, std::less<>> functions;

  // A diagnostic located in this file, with the offending line attached.
  Diagnostic diagnostic(Severity severity, py::Location at, std::string message) const;
};

// Parses and indexes `source`. Never throws on bad input: parse errors land in `diagnostics`.
std::shared_ptr<const FileModel> load_file_model(SourceFile source,
                                                 const std::string& display_prefix,
                                                 const std::string& package_name);

} // namespace crochet::model
