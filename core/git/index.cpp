// Staged content. Hooks and `git commit <path>` point $GIT_INDEX_FILE at a temporary index,
// which libgit2 1.5 does not pick up by itself, so it is opened explicitly.
#include "core/git/repository.hpp"

#include <cstdlib>
#include <filesystem>

#include "core/git/repository_impl.hpp"
#include "core/util/error.hpp"

namespace crochet::git {
namespace fs = std::filesystem;
using namespace detail;

namespace {

bool is_staged_file(const git_index_entry& entry) {
  if (entry.mode != GIT_FILEMODE_BLOB && entry.mode != GIT_FILEMODE_BLOB_EXECUTABLE)
    return false;
  // `git add -N` records an intent to add, not content: git itself treats it as unstaged.
  return (entry.flags_extended & GIT_INDEX_ENTRY_INTENT_TO_ADD) == 0;
}

// Applies the listing filters to a repository path; returns its path relative to `dir`, or
// nullopt when it is filtered out.
std::optional<std::string_view> listed_path(std::string_view path, const std::string& dir,
                                            std::string_view suffix) {
  if (!dir.empty()) {
    if (!path.starts_with(dir) || path.size() <= dir.size() || path[dir.size()] != '/')
      return std::nullopt;
    path.remove_prefix(dir.size() + 1);
  }
  if (!path.ends_with(suffix))
    return std::nullopt;
  std::size_t start = 0;
  for (std::size_t slash; (slash = path.find('/', start)) != std::string_view::npos;
       start = slash + 1)
    if (is_skipped_directory(path.substr(start, slash - start)))
      return std::nullopt;
  return path;
}

[[noreturn]] void throw_conflicts(const std::vector<std::string>& paths) {
  std::string list;
  for (const std::string& path : paths)
    list += (list.empty() ? "" : ", ") + path;
  throw Error("unresolved merge conflicts in " + list,
              "resolve the conflicts and `git add` the files, then try again");
}

} // namespace

IndexHandle Repository::Impl::open_index(bool own) {
  git_index* raw = nullptr;
  const char* index_file = own ? nullptr : std::getenv("GIT_INDEX_FILE");
  if (index_file != nullptr && *index_file != '\0') {
    // Relative to the current directory, as for git itself.
    std::error_code ec;
    const fs::path path = fs::absolute(index_file, ec);
    const std::string name = ec ? std::string(index_file) : path.string();
    if (git_index_open(&raw, name.c_str()) < 0)
      throw_error("cannot read the index " + name + " (from GIT_INDEX_FILE)");
    return IndexHandle(raw);
  }
  if (git_repository_is_bare(repo.get()) == 1)
    throw Error("a bare repository has no index (staged files)",
                "run this inside a work tree, or name a commit instead");
  if (git_repository_index(&raw, repo.get()) < 0)
    throw_error("cannot read the index");
  IndexHandle index(raw);
  // The repository caches its index; reload it when the file changed on disk.
  if (git_index_read(index.get(), 0) < 0)
    throw_error("cannot read the index");
  return index;
}

namespace {

std::vector<FileEntry> list_entries(const IndexHandle& index, std::string_view dir_path,
                                    std::string_view suffix) {
  const std::string dir = normalize_directory(dir_path);
  std::vector<FileEntry> files;
  std::vector<std::string> conflicts;
  const std::size_t count = git_index_entrycount(index.get());
  for (std::size_t i = 0; i < count; ++i) {
    const git_index_entry* entry = git_index_get_byindex(index.get(), i);
    if (entry == nullptr || entry->path == nullptr)
      continue;
    const auto relative = listed_path(entry->path, dir, suffix);
    if (!relative)
      continue;
    if (git_index_entry_is_conflict(entry)) {
      // Each conflicted path has up to three stages; report it once.
      if (conflicts.empty() || conflicts.back() != entry->path)
        conflicts.emplace_back(entry->path);
      continue;
    }
    if (is_staged_file(*entry))
      files.push_back({std::string(*relative), to_hex(entry->id)});
  }
  if (!conflicts.empty())
    throw_conflicts(conflicts);
  // The index is sorted by full path, so the relative paths are sorted too.
  return files;
}

} // namespace

std::vector<FileEntry> Repository::list_index(std::string_view dir_path,
                                              std::string_view suffix) const {
  return list_entries(impl_->open_index(), dir_path, suffix);
}

std::vector<FileEntry> Repository::list_own_index(std::string_view dir_path,
                                                  std::string_view suffix) const {
  return list_entries(impl_->open_index(true), dir_path, suffix);
}

std::optional<std::string> Repository::index_file_blob(std::string_view path) const {
  const IndexHandle index = impl_->open_index();
  const std::string name = normalize_directory(path);
  if (const git_index_entry* entry = git_index_get_bypath(index.get(), name.c_str(), 0))
    return is_staged_file(*entry) ? std::optional(to_hex(entry->id)) : std::nullopt;
  for (int stage = 1; stage <= 3; ++stage)
    if (git_index_get_bypath(index.get(), name.c_str(), stage) != nullptr)
      throw_conflicts({name});
  return std::nullopt;
}

} // namespace crochet::git
