#pragma once
// Internal to core/git: the commit graph behind rev_list, subtree_history, ancestry and merge
// bases. Commits are read raw from the object database (only tree, parents and committer time
// are parsed), or taken from a SubtreeTable when one is given and has them. Missing commits are
// treated as absent and shallow boundaries as roots, like git: libgit2 1.5 ignores the shallow
// file, and its own walker fails with "object not found" at a shallow clone's boundary.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/git/libgit2.hpp"
#include "core/git/repository_impl.hpp"
#include "core/git/subtree_table.hpp"

namespace crochet::git::detail {

class CommitGraph {
public:
  // `boundaries`: commits whose parents are to be treated as absent (the shallow file).
  // `table`, when given, supplies commits already read and receives every commit read here,
  // with its tree at table->dir_path().
  CommitGraph(git_repository* repo, const OidSet& boundaries, SubtreeTable* table = nullptr);

  // Commits reachable from `include` and not from `exclude`, newest first, children before
  // parents (git rev-list --date-order).
  std::vector<git_oid> walk(const std::vector<git_oid>& include,
                            const std::vector<git_oid>& exclude);
  // The same walk with the table's directory at each commit and at its first parent. Needs a
  // table.
  std::vector<SubtreeStep> subtree_walk(const std::vector<git_oid>& include,
                                        const std::vector<git_oid>& exclude);
  // True when `target` is `from` or one of its ancestors.
  bool reaches(const git_oid& from, const git_oid& target);
  // The best common ancestors of a and b (none of them an ancestor of another), newest first.
  std::vector<git_oid> merge_bases(const git_oid& a, const git_oid& b);

private:
  enum class State : std::uint8_t { unread, read, missing }; // missing: not in this clone
  struct Node {
    git_oid id;
    State state = State::unread;
    long long time = 0;
    std::uint32_t first_parent = 0; // into parent_links_
    std::uint32_t parent_count = 0;
    std::optional<ObjectId> tree; // the table's directory; only with a table
  };

  // Interns a commit without reading it; reading is lazy (and iterative, since histories are
  // deeper than the stack).
  std::size_t intern(const git_oid& id);
  // Reads the commit if needed; false when it is missing.
  bool read(std::size_t index);
  // Time, parents and root tree of a commit from the object database; false when missing.
  bool read_commit(const git_oid& id, long long& time, std::vector<git_oid>& parents,
                   git_oid& root_tree);
  // The tree id at `dir` ('/'-separated, "" = root) under a root tree; nullopt when absent.
  std::optional<ObjectId> subtree_of(const git_oid& root_tree, std::string_view dir);
  void link_parents(std::size_t index, const git_oid* parents, std::size_t count);
  std::vector<std::size_t> ordered(const std::vector<git_oid>& include,
                                   const std::vector<git_oid>& exclude);
  // Inclusive ancestor closure of `starts`, as per-node flags; `blocked` nodes are not entered.
  std::vector<char> closure(const std::vector<std::size_t>& starts,
                            const std::vector<char>* blocked = nullptr);
  std::vector<std::size_t> nodes_of(const std::vector<git_oid>& ids);
  const std::size_t* parents_of(const Node& node) const {
    return parent_links_.data() + node.first_parent;
  }
  static bool flagged(const std::vector<char>& flags, std::size_t index) {
    return index < flags.size() && flags[index] != 0;
  }
  static void flag(std::vector<char>& flags, std::size_t index) {
    if (index >= flags.size())
      flags.resize(index + 1, 0);
    flags[index] = 1;
  }

  git_repository* repo_;
  OdbHandle odb_;
  const OidSet& boundaries_;
  SubtreeTable* table_;
  std::vector<Node> nodes_;
  std::vector<std::size_t> parent_links_; // each node's parents, contiguous
  std::unordered_map<git_oid, std::size_t, OidHash, OidEqual> index_;
  std::vector<git_oid> scratch_parents_;
};

} // namespace crochet::git::detail
