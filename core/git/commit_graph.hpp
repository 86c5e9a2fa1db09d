#pragma once
// Internal to core/git: history queries that tolerate missing parents. libgit2 1.5 ignores
// the shallow file, so its revision walker and merge-base search fail with "object not found"
// at a shallow clone's boundary; this walks the commits itself and stops there, like git.
#include <cstddef>
#include <unordered_map>
#include <vector>

#include "core/git/libgit2.hpp"
#include "core/git/repository_impl.hpp"

namespace crochet::git::detail {

class CommitGraph {
public:
  // `boundaries`: commits whose parents are to be treated as absent (the shallow file).
  CommitGraph(git_repository* repo, const OidSet& boundaries);

  // Commits reachable from `include` and not from `exclude`, newest first, children before
  // parents (git rev-list --date-order).
  std::vector<git_oid> walk(const std::vector<git_oid>& include,
                            const std::vector<git_oid>& exclude);
  // True when `target` is `from` or one of its ancestors.
  bool reaches(const git_oid& from, const git_oid& target);
  // The best common ancestors of a and b (none of them an ancestor of another), newest first.
  std::vector<git_oid> merge_bases(const git_oid& a, const git_oid& b);

private:
  enum class State { unread, read, missing }; // missing: not in this clone, treated as absent
  struct Node {
    git_oid id;
    State state = State::unread;
    long long time = 0;
    std::vector<std::size_t> parents;
  };

  // Interns a commit without reading it; reading is lazy (and iterative, since histories are
  // deeper than the stack).
  std::size_t intern(const git_oid& id);
  // Reads the commit if needed; false when it is missing.
  bool read(std::size_t index);
  // Inclusive ancestor closure of `starts`, as per-node flags; `blocked` nodes are not entered.
  std::vector<char> closure(const std::vector<std::size_t>& starts,
                            const std::vector<char>* blocked = nullptr);
  std::vector<std::size_t> nodes_of(const std::vector<git_oid>& ids);
  static bool flagged(const std::vector<char>& flags, std::size_t index) {
    return index < flags.size() && flags[index] != 0;
  }
  static void flag(std::vector<char>& flags, std::size_t index) {
    if (index >= flags.size())
      flags.resize(index + 1, 0);
    flags[index] = 1;
  }

  git_repository* repo_;
  const OidSet& boundaries_;
  std::vector<Node> nodes_;
  std::unordered_map<git_oid, std::size_t, OidHash, OidEqual> index_;
};

} // namespace crochet::git::detail
