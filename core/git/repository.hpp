#pragma once
// Read access to a git repository: revisions, trees, blobs, the index and history. The only
// layer that knows libgit2; nothing here exposes a libgit2 type. A Repository is not
// thread-safe: use one per thread. Every failure is a crochet::Error with one clear sentence.
#include <array>
#include <compare>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crochet::git {

// A git object id in binary form: cheap to copy, compare and hash in walks over many commits.
struct ObjectId {
  std::array<unsigned char, 20> bytes{};
  std::string hex() const;
  // A full 40-hex id; nullopt for anything else.
  static std::optional<ObjectId> from_hex(std::string_view text);
  bool operator==(const ObjectId&) const = default;
  auto operator<=>(const ObjectId&) const = default;
};

struct ObjectIdHash {
  std::size_t operator()(const ObjectId& id) const noexcept {
    std::size_t hash; // ids are uniformly distributed: their first bytes are a good hash
    std::memcpy(&hash, id.bytes.data(), sizeof hash);
    return hash;
  }
};

class SubtreeTable; // core/git/subtree_table.hpp

// One commit of a walk over a directory's history (Repository::subtree_history).
struct SubtreeStep {
  ObjectId commit;
  std::optional<ObjectId> tree;        // the directory at this commit; nullopt when absent
  std::optional<ObjectId> parent_tree; // at the first parent; nullopt when absent or no parent
  std::size_t parent_count = 0;        // parents in this clone (a shallow boundary has none)
  bool shallow_boundary = false;       // its parents exist but this (shallow) clone lacks them
};

struct CommitInfo {
  std::string id;                   // full 40-hex id
  std::vector<std::string> parents; // empty for root commits and shallow-clone boundaries
  std::string author_name;
  std::string author_email;
  long long author_time = 0; // seconds since the epoch
  int author_offset_minutes = 0;
  long long commit_time = 0; // committer time, seconds since the epoch
  std::string subject;       // first paragraph of the message on one line, like git's %s
};

struct FileEntry {
  std::string path; // relative to the listed tree or directory, '/'-separated
  std::string blob_id;
};

class Repository {
public:
  // Opens the repository containing `start` (a directory or a file), walking up like git.
  // Works from inside linked worktrees and bare repositories.
  static Repository discover(const std::filesystem::path& start);
  // Like git itself: honours $GIT_DIR (and $GIT_WORK_TREE) when set, as in hooks or under
  // `git --git-dir=...`, relative to `cwd`; otherwise discover(cwd).
  static Repository from_environment(const std::filesystem::path& cwd);

  // A second handle on the same repository, for another thread: handles are not thread-safe.
  Repository reopen() const;

  Repository(Repository&&) noexcept;
  Repository& operator=(Repository&&) noexcept;
  Repository(const Repository&) = delete;
  Repository& operator=(const Repository&) = delete;
  ~Repository();

  bool is_bare() const;
  bool is_shallow() const;
  std::filesystem::path workdir() const;    // the work tree root; empty when bare
  std::filesystem::path git_dir() const;    // .git, or .git/worktrees/<name> in a worktree
  std::filesystem::path common_dir() const; // shared by all worktrees (hooks, refs, config)

  // A configuration value as git would read it (repository, worktree, global); nullopt when
  // unset. config_path() expands a leading "~/" like git does for path-valued keys, and throws
  // when it cannot (no home folder).
  std::optional<std::string> config_string(const std::string& key) const;
  std::optional<std::string> config_path(const std::string& key) const;

  // Any revision git accepts (branch, tag, annotated tag, HEAD~3, main^2, short ids,
  // main@{1}, @{yesterday}, ...), peeled to a commit. Returns the full id.
  std::string resolve_commit(std::string_view rev) const;
  std::optional<std::string> head_commit() const;    // nullopt while HEAD is unborn
  std::optional<std::string> current_branch() const; // short name; nullopt when detached
  // The branches of this name and the commits they point at: the local branch first ("name"),
  // then each remote's ("<remote>/name"); none when no such branch exists.
  struct BranchTip {
    std::string name;
    std::string commit;
  };
  std::vector<BranchTip> branch_tips(std::string_view name) const;

  // Functions below that take a commit id also accept any revision.
  CommitInfo commit_info(const std::string& commit_id) const;
  std::string short_id(const std::string& id) const; // unique abbreviation, 7 chars or more

  // The tree id of `dir_path` ("app/models"; "" = root) at a commit; nullopt when absent.
  std::optional<std::string> subtree_id(const std::string& commit_id,
                                        std::string_view dir_path) const;
  // Regular files under a tree, recursively, whose names end with `suffix`; sorted; hidden
  // directories and __pycache__ are skipped.
  std::vector<FileEntry> list_tree(const std::string& tree_id, std::string_view suffix) const;
  // The blob id of the regular file at `path` in a commit; nullopt when there is none.
  std::optional<std::string> file_blob(const std::string& commit_id, std::string_view path) const;
  std::string read_blob(const std::string& blob_id) const;
  // The id `content` has as a blob (`git hash-object`), whether or not it is stored.
  std::string blob_id_of(std::string_view content) const;

  // The staged files under `dir_path`, read from $GIT_INDEX_FILE when set (hooks,
  // `git commit <path>`), else the repository's index. Same filters as list_tree. Throws
  // when a matching path has unresolved merge conflicts.
  std::vector<FileEntry> list_index(std::string_view dir_path, std::string_view suffix) const;
  // The same from the repository's own index (the work tree's, for a linked worktree), whatever
  // $GIT_INDEX_FILE says: what the user staged, where `git commit <path>` runs the hooks on a
  // temporary index holding only those paths on top of HEAD.
  std::vector<FileEntry> list_own_index(std::string_view dir_path, std::string_view suffix) const;
  // The staged blob of a repository-relative path; nullopt when not staged.
  std::optional<std::string> index_file_blob(std::string_view path) const;

  // Commits of a range, newest first, children before parents (git log --date-order).
  // Accepts "" (= HEAD), "REV", "A..B", "A...B", "^A B" (several tokens, whitespace-separated).
  // Stops quietly at shallow-clone boundaries.
  std::vector<std::string> rev_list(std::string_view range = {}) const;
  // The commits of rev_list(range), in the same order, each with the tree id of the directory
  // `table.dir_path()` at the commit and at its first parent. Commits are read from `table` when
  // it has them; the others are read from git and added to it, so a table saved and loaded by
  // the caller makes a repeated walk cost no object reads.
  std::vector<SubtreeStep> subtree_history(std::string_view range, SubtreeTable& table) const;
  bool is_ancestor(const std::string& ancestor,
                   const std::string& descendant) const; // a == b: true
  std::optional<std::string> merge_base(const std::string& a, const std::string& b) const;

  struct Impl;

private:
  explicit Repository(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

} // namespace crochet::git
