#include "core/git/commit_graph.hpp"

#include <algorithm>
#include <cstring>
#include <queue>
#include <utility>

#include "core/util/error.hpp"

namespace crochet::git::detail {
namespace {

constexpr std::size_t kHexSize = GIT_OID_HEXSZ;

// "<key> <40 hex>\n" at the front of `text`; consumes it.
bool take_id_line(std::string_view& text, std::string_view key, git_oid& out) {
  if (text.size() < key.size() + 1 + kHexSize + 1 || !text.starts_with(key) ||
      text[key.size()] != ' ' || text[key.size() + 1 + kHexSize] != '\n')
    return false;
  if (!parse_full_oid(text.substr(key.size() + 1, kHexSize), out))
    return false;
  text.remove_prefix(key.size() + 1 + kHexSize + 1);
  return true;
}

// The time of a "committer Name <email> 1700000000 +0100" line's value.
bool parse_signature_time(std::string_view line, long long& out) {
  const std::size_t close = line.rfind('>');
  if (close == std::string_view::npos)
    return false;
  std::string_view rest = line.substr(close + 1);
  while (rest.starts_with(' '))
    rest.remove_prefix(1);
  long long value = 0;
  std::size_t digits = 0;
  for (; digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9'; ++digits)
    value = value * 10 + (rest[digits] - '0');
  if (digits == 0 || digits > 18)
    return false;
  out = value;
  return true;
}

// The fields a walk needs from a raw commit: its tree, its parents and the committer time.
// False when the text is not laid out as git writes commits; the caller then asks libgit2.
bool parse_raw_commit(std::string_view text, git_oid& tree, std::vector<git_oid>& parents,
                      long long& time) {
  parents.clear();
  if (!take_id_line(text, "tree", tree))
    return false;
  git_oid parent;
  while (text.starts_with("parent ")) {
    if (!take_id_line(text, "parent", parent))
      return false;
    parents.push_back(parent);
  }
  // The remaining header lines up to the first empty line; the committer line holds the time.
  while (!text.empty() && text.front() != '\n') {
    const std::size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    if (line.starts_with("committer "))
      return parse_signature_time(line, time);
    if (end == std::string_view::npos)
      break;
    text.remove_prefix(end + 1);
  }
  return false;
}

// The id of the entry `name` in a raw tree, when it is a directory.
std::optional<git_oid> find_directory_entry(std::string_view tree, std::string_view name) {
  constexpr std::size_t kIdSize = GIT_OID_RAWSZ;
  while (!tree.empty()) {
    const std::size_t space = tree.find(' ');
    const std::size_t nul = tree.find('\0', space);
    if (space == std::string_view::npos || nul == std::string_view::npos ||
        tree.size() < nul + 1 + kIdSize)
      throw Error("malformed tree object");
    const std::string_view mode = tree.substr(0, space);
    if (tree.substr(space + 1, nul - space - 1) == name) {
      if (mode != "40000")
        return std::nullopt; // a file or submodule, not a directory
      git_oid id;
      std::memcpy(id.id, tree.data() + nul + 1, kIdSize);
      return id;
    }
    tree.remove_prefix(nul + 1 + kIdSize);
  }
  return std::nullopt;
}

} // namespace

CommitGraph::CommitGraph(git_repository* repo, const OidSet& boundaries, SubtreeTable* table)
    : repo_(repo), boundaries_(boundaries), table_(table) {
  git_odb* raw = nullptr;
  if (git_repository_odb(&raw, repo_) < 0)
    throw_error("cannot open the object database");
  odb_.reset(raw);
}

std::size_t CommitGraph::intern(const git_oid& id) {
  const auto [found, inserted] = index_.emplace(id, nodes_.size());
  if (inserted) {
    Node node;
    node.id = id;
    nodes_.push_back(node);
  }
  return found->second;
}

void CommitGraph::link_parents(std::size_t index, const git_oid* parents, std::size_t count) {
  const auto first = static_cast<std::uint32_t>(parent_links_.size());
  if (!boundaries_.contains(nodes_[index].id))
    for (std::size_t i = 0; i < count; ++i)
      parent_links_.push_back(intern(parents[i])); // may grow nodes_
  Node& node = nodes_[index];
  node.first_parent = first;
  node.parent_count = static_cast<std::uint32_t>(parent_links_.size() - first);
}

bool CommitGraph::read_commit(const git_oid& id, long long& time, std::vector<git_oid>& parents,
                              git_oid& root_tree) {
  git_odb_object* raw = nullptr;
  const int rc = git_odb_read(&raw, odb_.get(), &id);
  if (rc == GIT_ENOTFOUND)
    return false;
  if (rc < 0)
    throw_error("cannot read commit " + to_hex(id));
  const OdbObjectHandle object(raw);
  if (git_odb_object_type(object.get()) != GIT_OBJECT_COMMIT)
    throw Error("object " + to_hex(id) + " is not a commit");
  const std::string_view text(static_cast<const char*>(git_odb_object_data(object.get())),
                              git_odb_object_size(object.get()));
  if (parse_raw_commit(text, root_tree, parents, time))
    return true;
  // Unusual layout: let libgit2's full parser decide.
  git_commit* raw_commit = nullptr;
  if (git_commit_lookup(&raw_commit, repo_, &id) < 0)
    throw_error("cannot read commit " + to_hex(id));
  const CommitHandle commit(raw_commit);
  time = git_commit_time(commit.get());
  root_tree = *git_commit_tree_id(commit.get());
  parents.clear();
  for (unsigned int i = 0; i < git_commit_parentcount(commit.get()); ++i)
    parents.push_back(*git_commit_parent_id(commit.get(), i));
  return true;
}

std::optional<ObjectId> CommitGraph::subtree_of(const git_oid& root_tree, std::string_view dir) {
  git_oid current = root_tree;
  while (!dir.empty()) {
    const std::size_t slash = dir.find('/');
    const std::string_view name = dir.substr(0, slash);
    dir = slash == std::string_view::npos ? std::string_view() : dir.substr(slash + 1);
    git_odb_object* raw = nullptr;
    if (git_odb_read(&raw, odb_.get(), &current) < 0)
      throw_error("cannot read tree " + to_hex(current));
    const OdbObjectHandle tree(raw);
    if (git_odb_object_type(tree.get()) != GIT_OBJECT_TREE)
      throw Error("object " + to_hex(current) + " is not a tree");
    const std::string_view text(static_cast<const char*>(git_odb_object_data(tree.get())),
                                git_odb_object_size(tree.get()));
    std::optional<git_oid> entry;
    try {
      entry = find_directory_entry(text, name);
    } catch (const Error&) {
      throw Error("cannot read tree " + to_hex(current) + ": malformed tree object");
    }
    if (!entry)
      return std::nullopt;
    current = *entry;
  }
  return to_object_id(current);
}

bool CommitGraph::read(std::size_t index) {
  if (nodes_[index].state != State::unread)
    return nodes_[index].state == State::read;
  const git_oid id = nodes_[index].id;
  if (table_ != nullptr) {
    if (const SubtreeTable::Entry* entry = table_->find(to_object_id(id))) {
      nodes_[index].time = entry->commit_time;
      nodes_[index].tree = entry->tree;
      nodes_[index].state = State::read;
      const std::span<const ObjectId> parents = table_->parents(*entry);
      scratch_parents_.resize(parents.size());
      for (std::size_t i = 0; i < parents.size(); ++i)
        scratch_parents_[i] = to_git_oid(parents[i]);
      link_parents(index, scratch_parents_.data(), scratch_parents_.size());
      return true;
    }
  }
  long long time = 0;
  git_oid root_tree;
  if (!read_commit(id, time, scratch_parents_, root_tree)) {
    nodes_[index].state = State::missing;
    return false;
  }
  if (table_ != nullptr) {
    std::vector<ObjectId> parents;
    parents.reserve(scratch_parents_.size());
    for (const git_oid& parent : scratch_parents_)
      parents.push_back(to_object_id(parent));
    const auto tree = subtree_of(root_tree, table_->dir_path());
    table_->add(to_object_id(id), time, parents, tree);
    nodes_[index].tree = tree;
  }
  nodes_[index].time = time;
  nodes_[index].state = State::read;
  link_parents(index, scratch_parents_.data(), scratch_parents_.size());
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
    // By index: visit() reads commits, which grows parent_links_.
    const std::uint32_t first = nodes_[current].first_parent;
    const std::uint32_t count = nodes_[current].parent_count;
    for (std::uint32_t k = 0; k < count; ++k)
      visit(parent_links_[first + k]);
  }
  return seen;
}

std::vector<std::size_t> CommitGraph::ordered(const std::vector<git_oid>& include,
                                              const std::vector<git_oid>& exclude) {
  const std::vector<char> uninteresting = closure(nodes_of(exclude));
  const std::vector<char> interesting = closure(nodes_of(include), &uninteresting);

  // Kahn's algorithm over the interesting commits, the newest ready commit first.
  std::vector<std::uint32_t> children(interesting.size(), 0);
  std::size_t members = 0;
  for (std::size_t i = 0; i < interesting.size(); ++i)
    if (interesting[i]) {
      ++members;
      const std::size_t* parents = parents_of(nodes_[i]);
      for (std::uint32_t k = 0; k < nodes_[i].parent_count; ++k)
        if (flagged(interesting, parents[k]))
          ++children[parents[k]];
    }
  using Ready = std::pair<long long, std::size_t>; // (commit time, node)
  auto lower_priority = [](const Ready& a, const Ready& b) {
    if (a.first != b.first)
      return a.first < b.first;
    return a.second > b.second; // equal times: the first discovered comes out first
  };
  std::vector<Ready> storage;
  storage.reserve(64);
  std::priority_queue<Ready, std::vector<Ready>, decltype(lower_priority)> ready(
      lower_priority, std::move(storage));
  for (std::size_t i = 0; i < interesting.size(); ++i)
    if (interesting[i] && children[i] == 0)
      ready.emplace(nodes_[i].time, i);

  std::vector<std::size_t> out;
  out.reserve(members);
  while (!ready.empty()) {
    const std::size_t current = ready.top().second;
    ready.pop();
    out.push_back(current);
    const std::size_t* parents = parents_of(nodes_[current]);
    for (std::uint32_t k = 0; k < nodes_[current].parent_count; ++k)
      if (flagged(interesting, parents[k]) && --children[parents[k]] == 0)
        ready.emplace(nodes_[parents[k]].time, parents[k]);
  }
  return out;
}

std::vector<git_oid> CommitGraph::walk(const std::vector<git_oid>& include,
                                       const std::vector<git_oid>& exclude) {
  const std::vector<std::size_t> order = ordered(include, exclude);
  std::vector<git_oid> out;
  out.reserve(order.size());
  for (const std::size_t index : order)
    out.push_back(nodes_[index].id);
  return out;
}

std::vector<SubtreeStep> CommitGraph::subtree_walk(const std::vector<git_oid>& include,
                                                   const std::vector<git_oid>& exclude) {
  if (table_ == nullptr)
    throw Error("internal error: a subtree walk needs a table");
  // The walk reads each commit and tree once and keeps what it needs in the table: libgit2's
  // object cache would only hold (and allocate for) thousands of objects never asked for again.
  struct CachingOff {
    CachingOff() { git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0); }
    ~CachingOff() { git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 1); }
  } caching_off;
  const std::vector<std::size_t> order = ordered(include, exclude);
  std::vector<SubtreeStep> out;
  out.reserve(order.size());
  for (const std::size_t index : order) {
    const Node& node = nodes_[index];
    SubtreeStep step;
    step.commit = to_object_id(node.id);
    step.tree = node.tree;
    step.parent_count = node.parent_count;
    step.shallow_boundary = boundaries_.contains(node.id);
    // Every parent of a walked commit has been read by the walk (or found missing).
    if (node.parent_count > 0)
      step.parent_tree = nodes_[*parents_of(node)].tree;
    out.push_back(std::move(step));
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
  for (const std::size_t c : common) {
    const std::size_t* parents = parents_of(nodes_[c]);
    parents_of_common.insert(parents_of_common.end(), parents, parents + nodes_[c].parent_count);
  }
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
