// Trees and blobs of committed content.
#include "core/git/repository.hpp"

#include <algorithm>

#include "core/git/repository_impl.hpp"
#include "core/util/error.hpp"

namespace crochet::git {
using namespace detail;

std::string normalize_directory(std::string_view dir) {
  while (dir.starts_with("./"))
    dir.remove_prefix(2);
  while (dir.starts_with('/'))
    dir.remove_prefix(1);
  while (dir.ends_with('/'))
    dir.remove_suffix(1);
  if (dir == ".")
    return {};
  return std::string(dir);
}

ObjectHandle Repository::Impl::lookup_object(std::string_view id, git_object_t type,
                                             const char* what) {
  git_object* raw = nullptr;
  git_oid oid;
  int rc;
  if (parse_full_oid(id, oid)) {
    rc = git_object_lookup(&raw, repo.get(), &oid, GIT_OBJECT_ANY);
  } else {
    std::string spec(id);
    const ReflogSelector selector = expand_reflog_selector(id, spec); // e.g. HEAD@{1}:models
    rc = spec.empty() || selector == ReflogSelector::not_found
             ? GIT_ENOTFOUND
             : git_revparse_single(&raw, repo.get(), spec.c_str());
  }
  if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC || rc == GIT_EAMBIGUOUS)
    throw Error(std::string("unknown ") + what + " '" + std::string(id) + "'");
  if (rc < 0)
    throw_error(std::string("cannot read ") + what + " " + std::string(id));
  ObjectHandle object(raw);
  git_object* peeled = nullptr;
  if (git_object_peel(&peeled, object.get(), type) < 0)
    throw Error("'" + std::string(id) + "' is not a " + what);
  return ObjectHandle(peeled);
}

namespace {

// The id of the entry at `path` (not empty) in a commit's tree when it has `type`.
std::optional<std::string> entry_id(Repository::Impl& impl, const std::string& commit_id,
                                    const std::string& path, git_object_t type) {
  const CommitHandle commit = impl.lookup_commit(commit_id);
  git_tree* raw_tree = nullptr;
  if (git_commit_tree(&raw_tree, commit.get()) < 0)
    throw_error("cannot read the tree of commit " + commit_id);
  const TreeHandle tree(raw_tree);
  git_tree_entry* raw_entry = nullptr;
  const int rc = git_tree_entry_bypath(&raw_entry, tree.get(), path.c_str());
  if (rc == GIT_ENOTFOUND)
    return std::nullopt;
  if (rc < 0)
    throw_error("cannot read " + path + " at commit " + commit_id);
  const TreeEntryHandle entry(raw_entry);
  if (git_tree_entry_type(entry.get()) != type)
    return std::nullopt;
  // A symbolic link or a submodule is not a file's content.
  if (type == GIT_OBJECT_BLOB && git_tree_entry_filemode(entry.get()) != GIT_FILEMODE_BLOB &&
      git_tree_entry_filemode(entry.get()) != GIT_FILEMODE_BLOB_EXECUTABLE)
    return std::nullopt;
  return to_hex(*git_tree_entry_id(entry.get()));
}

} // namespace

std::optional<std::string> Repository::subtree_id(const std::string& commit_id,
                                                  std::string_view dir_path) const {
  const std::string dir = normalize_directory(dir_path);
  if (dir.empty())
    return to_hex(*git_commit_tree_id(impl_->lookup_commit(commit_id).get()));
  return entry_id(*impl_, commit_id, dir, GIT_OBJECT_TREE);
}

std::optional<std::string> Repository::file_blob(const std::string& commit_id,
                                                 std::string_view path) const {
  const std::string file = normalize_directory(path);
  return file.empty() ? std::nullopt : entry_id(*impl_, commit_id, file, GIT_OBJECT_BLOB);
}

namespace {

struct TreeListing {
  std::string_view suffix;
  std::vector<FileEntry> files;
};

int collect_tree_entry(const char* root, const git_tree_entry* entry, void* payload) {
  auto& listing = *static_cast<TreeListing*>(payload);
  const std::string_view name = git_tree_entry_name(entry);
  const git_filemode_t mode = git_tree_entry_filemode(entry);
  if (mode == GIT_FILEMODE_TREE)
    return is_skipped_directory(name) ? 1 : 0; // positive: do not descend
  if (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE)
    return 0; // symlinks and submodules are not source files
  if (!name.ends_with(listing.suffix))
    return 0;
  listing.files.push_back(
      {std::string(root) + std::string(name), to_hex(*git_tree_entry_id(entry))});
  return 0;
}

} // namespace

std::vector<FileEntry> Repository::list_tree(const std::string& tree_id,
                                             std::string_view suffix) const {
  const ObjectHandle tree = impl_->lookup_object(tree_id, GIT_OBJECT_TREE, "tree");
  TreeListing listing{suffix, {}};
  if (git_tree_walk(reinterpret_cast<git_tree*>(tree.get()), GIT_TREEWALK_PRE, collect_tree_entry,
                    &listing) < 0)
    throw_error("cannot list tree " + tree_id);
  // Tree order sorts directories as "name/"; callers want plain byte order.
  std::sort(listing.files.begin(), listing.files.end(),
            [](const FileEntry& a, const FileEntry& b) { return a.path < b.path; });
  return std::move(listing.files);
}

std::string Repository::read_blob(const std::string& blob_id) const {
  const ObjectHandle object = impl_->lookup_object(blob_id, GIT_OBJECT_BLOB, "blob");
  const auto* blob = reinterpret_cast<const git_blob*>(object.get());
  const auto* bytes = static_cast<const char*>(git_blob_rawcontent(blob));
  const auto size = static_cast<std::size_t>(git_blob_rawsize(blob));
  return bytes ? std::string(bytes, size) : std::string();
}

std::string Repository::blob_id_of(std::string_view content) const {
  git_oid id;
  if (git_odb_hash(&id, content.data(), content.size(), GIT_OBJECT_BLOB) != 0)
    throw Error("cannot hash a blob: " + last_error_message());
  return to_hex(id);
}

} // namespace crochet::git
