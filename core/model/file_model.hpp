#pragma once
// One model file, parsed and indexed: the names it binds at module level (imports, constants,
// classes, functions). Built once per file content, so it can be shared across revisions.
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/source.hpp"
#include "core/python/ast.hpp"
#include "core/util/diagnostic.hpp"
#include "core/util/name_index.hpp"

namespace crochet::model {

struct ImportBinding {
  enum class Kind { module, member } kind = Kind::module;
  std::string module; // dotted module as written after the leading dots
  int level = 0;      // leading dots of a relative import
  std::string member; // Kind::member: the imported name
  py::Location location;
};

// Whether a file may bind a name at module level: a 256-bit Bloom filter over the names of its
// imports, constants, classes and functions. A relationship's string target nearly always names
// a class of another file; the filter tells most files "not bound here" without searching their
// four maps. (Names a star import brings in are not in it.)
class NameFilter {
public:
  // The hash the filter takes: NameIndex's, so one hash serves both.
  static std::size_t hash(std::string_view name) { return name_hash(name); }
  void add(std::size_t hash) {
    set(hash);
    set(hash >> 8);
  }
  // False only for a name never added; true for every added one, and for a few others.
  bool may_contain(std::size_t hash) const { return has(hash) && has(hash >> 8); }

private:
  void set(std::size_t bit) { bits_[(bit >> 6) & 3] |= std::uint64_t{1} << (bit & 63); }
  bool has(std::size_t bit) const { return (bits_[(bit >> 6) & 3] >> (bit & 63) & 1) != 0; }
  std::array<std::uint64_t, 4> bits_{};
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
  NameFilter bound_names; // every key of the four maps above

  // A diagnostic located in this file, with the offending line attached.
  Diagnostic diagnostic(Severity severity, py::Location at, std::string message) const;
};

// Parses and indexes `source`. Never throws on bad input: parse errors land in `diagnostics`.
std::shared_ptr<const FileModel> load_file_model(SourceFile source,
                                                 const std::string& display_prefix,
                                                 const std::string& package_name);

} // namespace crochet::model
