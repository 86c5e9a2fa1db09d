#pragma once
// Internal to core/git: the state behind crochet::git::Repository, shared by its source files.
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "core/git/libgit2.hpp"
#include "core/git/repository.hpp"

namespace crochet::git {

using OidSet = std::unordered_set<git_oid, detail::OidHash, detail::OidEqual>;

enum class ReflogSelector { none, expanded, not_found };

struct Repository::Impl {
  detail::RepositoryHandle repo;
  std::optional<OidSet> shallow_boundaries; // loaded on first use

  // Any revision (or full id) peeled to a commit; throws the errors of resolve_commit.
  detail::CommitHandle lookup_commit(std::string_view rev);
  git_oid commit_oid(std::string_view rev);
  // Rewrites "<ref>@{<n>|<date>}<rest>" to "<id><rest>" in `out`; none when `rev` has no such
  // selector (it is then left to libgit2), not_found when the reflog has no such entry.
  ReflogSelector expand_reflog_selector(std::string_view rev, std::string& out);
  // Commits listed in <common dir>/shallow: their parents are not in this clone.
  const OidSet& shallow();
  // $GIT_INDEX_FILE when set (unless `own`), else the repository index, freshly read from disk.
  detail::IndexHandle open_index(bool own = false);
  // A full id or a revision such as "HEAD:models", peeled to `type`; `what` names it in errors.
  detail::ObjectHandle lookup_object(std::string_view id, git_object_t type, const char* what);
};

inline git_oid to_git_oid(const ObjectId& id) {
  git_oid oid;
  static_assert(sizeof oid.id == sizeof id.bytes);
  std::memcpy(oid.id, id.bytes.data(), sizeof oid.id);
  return oid;
}
inline ObjectId to_object_id(const git_oid& oid) {
  ObjectId id;
  std::memcpy(id.bytes.data(), oid.id, sizeof oid.id);
  return id;
}

// Listing filters shared by trees and the index, matching crochet::FileSystem::list_files.
inline bool is_skipped_directory(std::string_view name) {
  return name.starts_with('.') || name == "__pycache__";
}
// "./app/models/" -> "app/models"; "." and "/" -> "".
std::string normalize_directory(std::string_view dir);

} // namespace crochet::git
