#include "core/hooks/install.hpp"

#include <fstream>
#include <sstream>
#include <unistd.h>

#include "core/hooks/shim_template.hpp"
#include "core/util/advice.hpp"
#include "core/util/error.hpp"

namespace crochet::hooks {
namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw Error("cannot read the hook " + path.string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

bool is_present(const fs::path& path) {
  std::error_code ec;
  return fs::symlink_status(path, ec).type() != fs::file_type::not_found && !ec;
}

bool is_executable(const fs::path& path) {
  return ::access(path.c_str(), X_OK) == 0;
}

// The shell's single-quoted form of `text`.
std::string shell_quote(std::string_view text) {
  std::string quoted = "'";
  for (const char c : text)
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (std::size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size())
    text.replace(at, from.size(), to);
  return text;
}

// Writes `content` next to `path` and renames it into place, executable.
void write_hook(const fs::path& path, const std::string& content) {
  const fs::path temporary = path.string() + ".crochet-tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << content;
    out.close();
    if (!out)
      throw Error("cannot write the hook " + path.string(),
                  "check that the hooks folder is writable");
  }
  std::error_code ec;
  fs::permissions(temporary,
                  fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                      fs::perms::others_read | fs::perms::others_exec,
                  ec);
  if (!ec)
    fs::rename(temporary, path, ec);
  if (ec) {
    fs::remove(temporary, ec);
    throw Error("cannot install the hook " + path.string() + ": " + ec.message());
  }
}

void move_file(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::rename(from, to, ec);
  if (ec)
    throw Error("cannot rename " + from.string() + " to " + to.string() + ": " + ec.message());
}

void copy_hook(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::copy(from, to, fs::copy_options::overwrite_existing | fs::copy_options::copy_symlinks, ec);
  if (ec)
    throw Error("cannot copy " + from.string() + " to " + to.string() + ": " + ec.message());
}

fs::path sibling(const fs::path& hook, std::string_view suffix) {
  return hook.string() + std::string(suffix);
}

HookStatus status_of(const fs::path& dir, const std::string& name, std::string_view project_dir) {
  HookStatus status;
  status.name = name;
  status.path = dir / name;
  if (const fs::path chained = sibling(status.path, kChainedSuffix); is_present(chained))
    status.chained = chained;
  if (!is_present(status.path))
    return status;
  status.executable = is_executable(status.path);
  std::error_code ec;
  const bool regular = fs::is_regular_file(status.path, ec);
  const std::string text = regular ? read_text(status.path) : std::string();
  if (const auto version = regular ? shim_version(text) : std::nullopt) {
    status.state = HookState::ours;
    status.version = *version;
    status.outdated = text != shim_text(name, project_dir);
  } else {
    status.state = HookState::foreign;
  }
  return status;
}

} // namespace

const std::vector<std::string>& hook_names() {
  static const std::vector<std::string> names = {"pre-commit", "pre-merge-commit", "post-commit",
                                                 "post-merge", "post-checkout",    "post-rewrite"};
  return names;
}

bool can_refuse(std::string_view hook) {
  return hook == "pre-commit" || hook == "pre-merge-commit";
}

HooksFolder hooks_folder(const git::Repository& repo) {
  HooksFolder folder;
  folder.hooks_path_config = repo.config_string("core.hooksPath");
  if (folder.hooks_path_config && !folder.hooks_path_config->empty()) {
    const fs::path configured =
        repo.config_path("core.hooksPath").value_or(*folder.hooks_path_config);
    // Relative to where git runs hooks: the work tree root, or the git dir when bare.
    const fs::path base = repo.is_bare() ? repo.git_dir() : repo.workdir();
    folder.dir = (configured.is_absolute() ? configured : base / configured).lexically_normal();
  } else {
    folder.hooks_path_config.reset();
    folder.dir = repo.common_dir() / "hooks";
  }
  return folder;
}

std::string shim_text(std::string_view hook, std::string_view project_dir) {
  const std::string args = project_dir.empty() ? "" : " -C " + shell_quote(project_dir);
  std::string text = replace_all(std::string(kShimTemplate), "@HOOK@", hook);
  text = replace_all(std::move(text), "@SHIM_VERSION@", std::to_string(kShimVersion));
  text = replace_all(std::move(text), "@PROJECT_DIR@", shell_quote(project_dir));
  return replace_all(std::move(text), "@PROJECT_ARGS@", args);
}

std::optional<int> shim_version(std::string_view text) {
  std::istringstream in{std::string(text)};
  std::string line;
  for (int n = 0; n < 3 && std::getline(in, line); ++n) {
    if (!line.starts_with(kShimMarker))
      continue;
    const std::size_t at = line.find("version=");
    if (at == std::string::npos)
      return 0;
    try {
      return std::stoi(line.substr(at + 8));
    } catch (const std::exception&) {
      return 0;
    }
  }
  return std::nullopt;
}

const char* to_string(HookState state) {
  switch (state) {
  case HookState::missing:
    return "missing";
  case HookState::ours:
    return "ours";
  case HookState::foreign:
    return "foreign";
  }
  return "?";
}

std::string state_name(const HookStatus& status) {
  if (status.state == HookState::ours && status.chained)
    return "chained";
  return to_string(status.state);
}

std::vector<HookStatus> hook_status(const fs::path& dir, std::string_view project_dir) {
  std::vector<HookStatus> statuses;
  for (const std::string& name : hook_names())
    statuses.push_back(status_of(dir, name, project_dir));
  return statuses;
}

std::vector<HookChange> install(const fs::path& dir, std::string_view project_dir,
                                InstallMode mode) {
  std::error_code ec;
  if (is_present(dir) && !fs::is_directory(dir, ec))
    throw Error("the hooks folder " + dir.string() + " is not a directory",
                "fix core.hooksPath (git config core.hooksPath)");
  const std::vector<HookStatus> statuses = hook_status(dir, project_dir);
  // Plan first: refuse before any file changes.
  std::vector<std::string> blocked;
  for (const HookStatus& status : statuses)
    if (status.state == HookState::foreign && mode == InstallMode::chain && status.chained)
      blocked.push_back(status.name);
  if (!blocked.empty()) {
    std::string list;
    for (const std::string& name : blocked)
      list += (list.empty() ? "" : ", ") + name;
    throw Error(
        "cannot chain the existing " + list + " hook" + (blocked.size() > 1 ? "s" : "") + " in " +
            dir.string() + ": " + list + std::string(kChainedSuffix) + " is already taken",
        "run `" + advice::crochet("hooks install --force") +
            "` to replace the hook (a copy is kept), or `" +
            advice::crochet("hooks install --manual") + "` to see what to add to it yourself");
  }
  fs::create_directories(dir, ec);
  if (ec)
    throw Error("cannot create the hooks folder " + dir.string() + ": " + ec.message());

  std::vector<HookChange> changes;
  for (const HookStatus& status : statuses) {
    const std::string shim = shim_text(status.name, project_dir);
    std::string what;
    switch (status.state) {
    case HookState::missing:
      write_hook(status.path, shim);
      what = status.chained
                 ? "installed (runs the chained " + status.chained->filename().string() + " first)"
                 : "installed";
      break;
    case HookState::ours:
      if (!status.outdated && status.executable) {
        what = "already installed";
        break;
      }
      write_hook(status.path, shim);
      what = status.version == kShimVersion
                 ? "updated"
                 : "updated (shim version " + std::to_string(status.version) + " -> " +
                       std::to_string(kShimVersion) + ")";
      break;
    case HookState::foreign:
      if (mode == InstallMode::chain) {
        const fs::path chained = sibling(status.path, kChainedSuffix);
        move_file(status.path, chained);
        write_hook(status.path, shim);
        what = "installed; the existing hook now runs first, as " + chained.filename().string();
      } else {
        const fs::path backup = sibling(status.path, kBackupSuffix);
        copy_hook(status.path, backup);
        write_hook(status.path, shim);
        what = "replaced the existing hook (a copy is in " + backup.filename().string() + ")";
      }
      break;
    }
    changes.push_back({status.name, what});
  }
  return changes;
}

std::vector<HookChange> uninstall(const fs::path& dir) {
  std::vector<HookChange> changes;
  for (const HookStatus& status : hook_status(dir, "")) {
    std::string what;
    if (status.state == HookState::ours) {
      std::error_code ec;
      fs::remove(status.path, ec);
      if (ec)
        throw Error("cannot remove the hook " + status.path.string() + ": " + ec.message());
      what = "removed";
      if (status.chained) {
        move_file(*status.chained, status.path);
        what += "; put back the hook it chained";
      }
    } else if (status.state == HookState::missing && status.chained) {
      move_file(*status.chained, status.path);
      what = "put back the chained hook";
    } else if (status.state == HookState::foreign) {
      what = "not ours, left alone";
    } else {
      what = "not installed";
    }
    changes.push_back({status.name, what});
  }
  return changes;
}

std::string manual_instructions(const fs::path& dir, std::string_view project_dir) {
  const std::string args = project_dir.empty() ? "" : " -C " + shell_quote(project_dir);
  std::ostringstream out;
  for (const HookStatus& status : hook_status(dir, project_dir)) {
    out << "# " << status.path.string() << ": ";
    if (status.state == HookState::ours) {
      out << "git-crochet's shim is already installed\n\n";
      continue;
    }
    if (status.state == HookState::foreign) {
      out << "add this line at the end of the existing hook";
      if (status.name == "post-rewrite")
        out << " (it reads the \"old new\" lines git passes on standard input; feed them again "
               "if the hook reads them first)";
      out << ":\n";
      if (can_refuse(status.name))
        out << "git-crochet" << args << " hook " << status.name << " \"$@\" || exit $?\n\n";
      else
        out << "command -v git-crochet >/dev/null 2>&1 && git-crochet" << args << " hook "
            << status.name << " \"$@\"\n\n";
      continue;
    }
    out << "create it with this content and make it executable (chmod +x):\n"
        << shim_text(status.name, project_dir) << "\n";
  }
  return out.str();
}

} // namespace crochet::hooks
