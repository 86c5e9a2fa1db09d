#include "core/project/scaffold.hpp"

#include <algorithm>
#include <cctype>
#include <functional>

#include "core/config/config.hpp"
#include "core/project/names.hpp"
#include "core/util/error.hpp"

namespace crochet::project {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kKgidComment =
    "    # Identity for git-crochet: keep it when renaming or moving this class.\n";

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos)
    return {};
  const auto last = text.find_last_not_of(" \t\r");
  return std::string(text.substr(first, last - first + 1));
}

// The .gitignore text with a .crochet/ entry, or nullopt when it already ignores the folder.
std::optional<std::string> gitignore_with_ledger(const std::optional<std::string>& existing) {
  if (!existing)
    return std::string("# git-crochet: local ledger and caches\n.crochet/\n");
  const std::string& text = *existing;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos)
      end = text.size();
    const std::string line = trim(std::string_view(text).substr(start, end - start));
    if (line == ".crochet/" || line == ".crochet" || line == "/.crochet/" || line == "/.crochet")
      return std::nullopt;
    start = end + 1;
  }
  const std::string eol = text.find("\r\n") != std::string::npos ? "\r\n" : "\n";
  std::string out = text;
  if (!out.empty() && out.back() != '\n')
    out += eol;
  out += "# git-crochet: local ledger and caches" + eol + ".crochet/" + eol;
  return out;
}

// Where `class <name>` is defined in the model files, as "models/x.py:LINE"; "" when nowhere.
std::string find_class_definition(const FileSystem& files, const Project& project,
                                  std::string_view name) {
  const fs::path dir = project.models_dir();
  if (!files.is_directory(dir))
    return {};
  for (const std::string& relative : files.list_files(dir, ".py")) {
    const std::string text = files.read(dir / relative);
    std::size_t start = 0;
    for (std::uint32_t line = 1; start < text.size(); ++line) {
      auto end = text.find('\n', start);
      if (end == std::string::npos)
        end = text.size();
      std::string_view rest = std::string_view(text).substr(start, end - start);
      start = end + 1;
      const auto indent = rest.find_first_not_of(" \t");
      if (indent == std::string_view::npos)
        continue;
      rest.remove_prefix(indent);
      if (!rest.starts_with("class") || rest.size() < 6 || (rest[5] != ' ' && rest[5] != '\t'))
        continue;
      rest.remove_prefix(5);
      rest.remove_prefix(std::min(rest.find_first_not_of(" \t"), rest.size()));
      if (!rest.starts_with(name))
        continue;
      rest.remove_prefix(name.size());
      rest.remove_prefix(std::min(rest.find_first_not_of(" \t"), rest.size()));
      if (rest.starts_with("(") || rest.starts_with(":"))
        return project.config.models_path + "/" + relative + ":" + std::to_string(line);
    }
  }
  return {};
}

// The model file already using `kgid`, or "" when none does.
std::string find_kgid_use(const FileSystem& files, const Project& project, std::string_view kgid) {
  const fs::path dir = project.models_dir();
  if (!files.is_directory(dir))
    return {};
  const std::string double_quoted = "\"" + std::string(kgid) + "\"";
  const std::string single_quoted = "'" + std::string(kgid) + "'";
  for (const std::string& relative : files.list_files(dir, ".py")) {
    const std::string text = files.read(dir / relative);
    for (std::size_t at = text.find("__kgid__"); at != std::string::npos;
         at = text.find("__kgid__", at + 1)) {
      auto end = text.find('\n', at);
      const std::string_view line = std::string_view(text).substr(at, end - at);
      if (line.find(double_quoted) != std::string_view::npos ||
          line.find(single_quoted) != std::string_view::npos)
        return project.config.models_path + "/" + relative;
    }
  }
  return {};
}

ScaffoldResult write_model(FileSystem& files, const Project& project, std::string_view class_name,
                           const std::optional<std::string>& kgid, RandomSource& random,
                           const std::function<std::string(const std::string&)>& render) {
  validate_class_name(class_name);
  if (kgid)
    validate_kgid(*kgid);
  ScaffoldResult result;
  result.class_name = std::string(class_name);
  const std::string file_name = snake_case(class_name) + ".py";
  result.path = project.models_dir() / file_name;
  result.display_path = project.config.models_path + "/" + file_name;
  if (files.exists(result.path))
    throw Error(result.display_path + " already exists", "edit it, or choose another class name");
  if (const std::string where = find_class_definition(files, project, class_name); !where.empty())
    throw Error("class " + result.class_name + " is already defined at " + where,
                "choose another class name");
  result.kgid = kgid ? *kgid : new_kgid(class_name, random);
  if (const std::string where = find_kgid_use(files, project, result.kgid); !where.empty())
    throw Error("kgid \"" + result.kgid + "\" is already used in " + where,
                "every class needs its own kgid; omit --kgid to get a fresh one");
  files.create_directories(project.models_dir());
  files.write_atomic(result.path, render(result.kgid));
  return result;
}

} // namespace

void validate_project_name(std::string_view name) {
  const bool control = std::any_of(name.begin(), name.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
  });
  if (name.empty() || name == "." || name == ".." || control ||
      name.find('/') != std::string_view::npos || name.find('\\') != std::string_view::npos)
    throw Error("invalid project name '" + std::string(name) +
                    "': use a non-empty name without '/', '\\' or control characters",
                "e.g. `git crochet new-project --name my-graph`");
}

NewProjectResult new_project(FileSystem& files, const fs::path& base_dir,
                             const std::optional<std::string>& name,
                             const std::optional<std::string>& path) {
  NewProjectResult result;
  if (path) {
    if (path->empty())
      throw Error("--path must not be empty");
    result.root = (fs::absolute(base_dir) / *path).lexically_normal();
  } else if (name) {
    validate_project_name(*name);
    result.root = (fs::absolute(base_dir) / *name).lexically_normal();
  } else {
    result.root = fs::absolute(base_dir).lexically_normal();
  }
  if (result.root.has_relative_path() && result.root.filename().empty())
    result.root = result.root.parent_path(); // "dir/" names the folder "dir"
  result.name = name ? *name : result.root.filename().string();
  if (!name && result.name.empty())
    throw Error("cannot name a project after " + result.root.string(), "pass --name NAME");
  validate_project_name(result.name);

  if (files.exists(result.root) && !files.is_directory(result.root))
    throw Error("cannot create a project in " + result.root.string() + ": it is not a folder");
  const fs::path config_file = result.root / kConfigFileName;
  if (files.exists(config_file))
    throw Error("already a crochet project: " + config_file.string() + " exists",
                "edit it, or pass --path to create the project elsewhere");
  for (const char* dir : {"models", "migrations"})
    if (files.exists(result.root / dir) && !files.is_directory(result.root / dir))
      throw Error("cannot create " + (result.root / dir).string() + ": a file of that name exists");
  const fs::path gitignore = result.root / ".gitignore";
  std::optional<std::string> existing_gitignore;
  if (files.exists(gitignore))
    existing_gitignore = files.read(gitignore);
  const std::optional<std::string> new_gitignore = gitignore_with_ledger(existing_gitignore);

  // Writes: crochet.toml last, so an interrupted run can simply be repeated.
  const auto write_new = [&](const std::string& relative, std::string_view text) {
    const fs::path file = result.root / relative;
    if (files.exists(file))
      return;
    files.create_directories(file.parent_path());
    files.write_atomic(file, text);
    result.created.push_back(relative);
  };
  files.create_directories(result.root);
  write_new("models/__init__.py", "");
  write_new("migrations/.gitkeep", "");
  if (new_gitignore) {
    files.write_atomic(gitignore, *new_gitignore);
    (existing_gitignore ? result.updated : result.created).push_back(".gitignore");
  }
  write_new(kConfigFileName, config::default_config_text(result.name));
  return result;
}

std::string node_model_text(std::string_view class_name, std::string_view kgid) {
  std::string out;
  out += "from neomodel import StringProperty, StructuredNode\n";
  out += "\n\n";
  out += "class " + std::string(class_name) + "(StructuredNode):\n";
  out += kKgidComment;
  out += "    __kgid__ = \"" + std::string(kgid) + "\"\n";
  out += "    name = StringProperty(required=True)\n";
  return out;
}

std::string relationship_model_text(std::string_view class_name, std::string_view rel_type,
                                    std::string_view kgid) {
  const std::string name(class_name);
  const std::string type(rel_type);
  std::string out;
  out += "from neomodel import DateTimeProperty, StructuredRel\n";
  out += "\n\n";
  out += "# Properties of " + type + " relationships. Reference this class from a node class:\n";
  out += "#     RelationshipTo(..., \"" + type + "\", model=" + name + ")\n";
  out += "class " + name + "(StructuredRel):\n";
  out += kKgidComment;
  out += "    __kgid__ = \"" + std::string(kgid) + "\"\n";
  out += "    since = DateTimeProperty()\n";
  return out;
}

ScaffoldResult create_node(FileSystem& files, const Project& project, std::string_view class_name,
                           const std::optional<std::string>& kgid, RandomSource& random) {
  return write_model(files, project, class_name, kgid, random,
                     [&](const std::string& id) { return node_model_text(class_name, id); });
}

ScaffoldResult create_relationship(FileSystem& files, const Project& project,
                                   std::string_view class_name, std::string_view rel_type,
                                   const std::optional<std::string>& kgid, RandomSource& random) {
  validate_rel_type(rel_type);
  return write_model(files, project, class_name, kgid, random, [&](const std::string& id) {
    return relationship_model_text(class_name, rel_type, id);
  });
}

} // namespace crochet::project
