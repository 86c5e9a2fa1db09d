#include "core/git/commit_graph.hpp"

#include <algorithm>
#include <queue>
#include <utility>

namespace crochet::git::detail {

CommitGraph::CommitGraph(git_repository* repo, const OidSet& boundaries)
    : repo_(repo), boundaries_(boundaries) {}

std::size_t CommitGraph::intern(const git_oid& id) {
  const auto [found, inserted] = index_.emplace(id, nodes_.size());
  if (inserted)
    nodes_.push_back(Node{id, State::unread, 0, {}});
  return found->second;
}

bool CommitGraph::read(std::size_t index) {
  if (nodes_[index].state != State::unread)
    return nodes_[index].state == State::read;
  const git_oid id = nodes_[index].id;
  git_commit* raw = nullptr;
  const int rc = git_commit_lookup(&raw, repo_, &id);
  if (rc == GIT_ENOTFOUND) {
    nodes_[index].state = State::missing;
    return false;
  }
  if (rc < 0)
    throw_error("cannot read commit " + to_hex(id));
  const CommitHandle commit(raw);
  std::vector<std::size_t> parents;
  if (!boundaries_.contains(id)) {
    const unsigned int count = git_commit_parentcount(commit.get());
    for (unsigned int i = 0; i < count; ++i)
      parents.push_back(intern(*git_commit_parent_id(commit.get(), i)));
  }
  Node& node = nodes_[index]; // after intern(), which may have grown nodes_
  node.state = State::read;
  node.time = git_commit_time(commit.get());
  node.parents = std::move(parents);
  return true;
}

std::vector<std::size_t> CommitGraph::nodes_of(const std::vector<git_oid>& ids) {
  std::vector<std::size_t> out;
  for (const git_oid& id : ids) {
    const std::size_t index = intern(id);
    if (read(index))
      out.push_back(index);
  }
  return out;
}

std::vector<char> CommitGraph::closure(const std::vector<std::size_t>& starts,
                                       const std::vector<char>* blocked) {
  std::vector<char> seen;
  std::vector<std::size_t> stack;
  auto visit = [&](std::size_t index) {
    if (flagged(seen, index) || (blocked && flagged(*blocked, index)) || !read(index))
      return;
    flag(seen, index);
    stack.push_back(index);
  };
  for (const std::size_t start : starts)
    visit(start);
  while (!stack.empty()) {
    const std::size_t current = stack.back();
    stack.pop_back();
    for (std::size_t k = 0; k < nodes_[current].parents.size(); ++k)
      visit(nodes_[current].parents[k]);
  }
  return seen;
}

std::vector<git_oid> CommitGraph::walk(const std::vector<git_oid>& include,
                                       const std::vector<git_oid>& exclude) {
  const std::vector<char> uninteresting = closure(nodes_of(exclude));
  const std::vector<char> interesting = closure(nodes_of(include), &uninteresting);

  // Kahn's algorithm over the interesting commits, the newest ready commit first.
  std::vector<std::size_t> children(interesting.size(), 0);
  std::vector<std::size_t> members;
  for (std::size_t i = 0; i < interesting.size(); ++i)
    if (interesting[i]) {
      members.push_back(i);
      for (const std::size_t parent : nodes_[i].parents)
        if (flagged(interesting, parent))
          ++children[parent];
    }
  using Ready = std::pair<long long, std::size_t>; // (commit time, node)
  auto lower_priority = [](const Ready& a, const Ready& b) {
    if (a.first != b.first)
      return a.first < b.first;
    return a.second > b.second; // equal times: the first discovered comes out first
  };
  std::priority_queue<Ready, std::vector<Ready>, decltype(lower_priority)> ready(lower_priority);
  for (const std::size_t member : members)
    if (children[member] == 0)
      ready.emplace(nodes_[member].time, member);

  std::vector<git_oid> out;
  out.reserve(members.size());
  while (!ready.empty()) {
    const std::size_t current = ready.top().second;
    ready.pop();
    out.push_back(nodes_[current].id);
    for (const std::size_t parent : nodes_[current].parents)
      if (flagged(interesting, parent) && --children[parent] == 0)
        ready.emplace(nodes_[parent].time, parent);
  }
  return out;
}

bool CommitGraph::reaches(const git_oid& from, const git_oid& target) {
  const std::vector<char> ancestors = closure(nodes_of({from}));
  const auto found = index_.find(target);
  return found != index_.end() && flagged(ancestors, found->second);
}

std::vector<git_oid> CommitGraph::merge_bases(const git_oid& a, const git_oid& b) {
  const std::vector<char> from_a = closure(nodes_of({a}));
  const std::vector<char> from_b = closure(nodes_of({b}));
  std::vector<std::size_t> common;
  for (std::size_t i = 0; i < std::min(from_a.size(), from_b.size()); ++i)
    if (from_a[i] && from_b[i])
      common.push_back(i);
  // The ancestors of a common ancestor are common too, but not the best ones.
  std::vector<std::size_t> parents_of_common;
  for (const std::size_t c : common)
    for (const std::size_t parent : nodes_[c].parents)
      parents_of_common.push_back(parent);
  const std::vector<char> dominated = closure(parents_of_common);
  std::vector<std::size_t> best;
  for (const std::size_t c : common)
    if (!flagged(dominated, c))
      best.push_back(c);
  std::stable_sort(best.begin(), best.end(),
                   [&](std::size_t x, std::size_t y) { return nodes_[x].time > nodes_[y].time; });
  std::vector<git_oid> out;
  for (const std::size_t index : best)
    out.push_back(nodes_[index].id);
  return out;
}

} // namespace crochet::git::detail
