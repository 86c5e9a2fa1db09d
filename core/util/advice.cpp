#include "core/util/advice.hpp"

#include <algorithm>
#include <optional>

#include "core/util/shell.hpp"

namespace crochet::advice {
namespace fs = std::filesystem;

namespace {

struct Origin {
  fs::path here;
  fs::path project_root;
};

std::optional<Origin>& origin() {
  static std::optional<Origin> value;
  return value;
}

// `path` relative to here; "" for here itself.
fs::path from_here(const fs::path& path) {
  if (!origin())
    return path == "." ? fs::path() : path;
  const fs::path target =
      path.empty() || path == "." ? origin()->project_root : origin()->project_root / path;
  fs::path relative =
      fs::weakly_canonical(target).lexically_relative(fs::weakly_canonical(origin()->here));
  if (!relative.empty() && !relative.has_filename()) // "x/" (a folder not there yet) is "x"
    relative = relative.parent_path();
  return relative == "." ? fs::path() : relative;
}

} // namespace

void set_origin(const fs::path& here, const fs::path& project_root) {
  origin() = Origin{here, project_root};
}

void clear_origin() {
  origin().reset();
}

std::string crochet() {
  const fs::path project = from_here("");
  // Found upwards: the project is here or in a folder above.
  const bool found_upwards = std::all_of(project.begin(), project.end(),
                                         [](const fs::path& part) { return part == ".."; });
  return found_upwards ? "git crochet" : "git crochet -C " + shell_word(project.generic_string());
}

std::string crochet(std::string_view args) {
  return crochet() + " " + std::string(args);
}

std::string path(const fs::path& path) {
  std::string relative = from_here(path).generic_string();
  if (relative.ends_with('/'))
    relative.pop_back();
  const bool folder = !path.empty() && !path.has_filename();
  return relative.empty() ? "." : shell_word(relative + (folder ? "/" : ""));
}

} // namespace crochet::advice
