#pragma once
// Scaffolding: a new project folder, and new node and relationship model files. Pure logic over
// a FileSystem; every check runs before the first write, so a refusal changes nothing.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/project/kgid.hpp"
#include "core/project/project.hpp"
#include "core/util/fs.hpp"

namespace crochet::project {

struct NewProjectResult {
  std::filesystem::path root;       // the project folder
  std::string name;                 // [project] name written to crochet.toml
  std::vector<std::string> created; // files created, relative to root, in creation order
  std::vector<std::string> updated; // existing files changed (an appended .gitignore)
};

// Creates crochet.toml, models/__init__.py, migrations/.gitkeep and a .gitignore entry for
// .crochet/ in the project folder: `path` (relative to `base_dir`) when given, else
// base_dir/name when a name is given, else base_dir itself. The name defaults to the folder's
// name. Existing files other than .gitignore are left alone. Throws crochet::Error, writing
// nothing, when the folder already holds a crochet.toml or the name is invalid.
NewProjectResult new_project(FileSystem& fs, const std::filesystem::path& base_dir,
                             const std::optional<std::string>& name,
                             const std::optional<std::string>& path);

// Throws crochet::Error unless `name` can name a project (non-empty, no '/', no control
// characters, not "." or "..").
void validate_project_name(std::string_view name);

struct ScaffoldResult {
  std::filesystem::path path; // absolute path of the written model file
  std::string display_path;   // relative to the project root, e.g. "models/person.py"
  std::string class_name;
  std::string kgid;
};

// Writes models/<snake_case>.py holding a StructuredNode subclass. `kgid` is validated when
// given, generated from `random` otherwise. Refuses invalid or reserved names, an existing file,
// a class name already defined in a model file and a kgid already used.
ScaffoldResult create_node(FileSystem& fs, const Project& project, std::string_view class_name,
                           const std::optional<std::string>& kgid, RandomSource& random);

// Writes models/<snake_case>.py holding a StructuredRel subclass for relationships of type
// `rel_type`. Same checks as create_node.
ScaffoldResult create_relationship(FileSystem& fs, const Project& project,
                                   std::string_view class_name, std::string_view rel_type,
                                   const std::optional<std::string>& kgid, RandomSource& random);

// The file texts the two commands write.
std::string node_model_text(std::string_view class_name, std::string_view kgid);
std::string relationship_model_text(std::string_view class_name, std::string_view rel_type,
                                    std::string_view kgid);

} // namespace crochet::project
