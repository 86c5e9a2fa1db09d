// History: commit ranges, ancestry and merge bases. Walks go through CommitGraph, which reads
// only what a walk needs of each commit and stops at shallow boundaries and missing commits as
// git does; ancestry and merge bases use libgit2 except in shallow clones.
#include "core/git/repository.hpp"

#include <cctype>

#include "core/git/commit_graph.hpp"
#include "core/git/repository_impl.hpp"
#include "core/util/error.hpp"

namespace crochet::git {
using namespace detail;

namespace {

// Whitespace-separated tokens, where whitespace inside "@{...}" (e.g. "@{2 days ago}") does
// not split.
std::vector<std::string> range_tokens(std::string_view range) {
  std::vector<std::string> tokens;
  std::string current;
  int depth = 0;
  for (const char c : range) {
    if (c == '{')
      ++depth;
    else if (c == '}' && depth > 0)
      --depth;
    if (depth == 0 && std::isspace(static_cast<unsigned char>(c))) {
      if (!current.empty())
        tokens.push_back(std::move(current));
      current.clear();
      continue;
    }
    current += c;
  }
  if (!current.empty())
    tokens.push_back(std::move(current));
  return tokens;
}

// The position of `dots` outside any "{...}", or npos.
std::size_t find_outside_braces(std::string_view token, std::string_view dots) {
  int depth = 0;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '{')
      ++depth;
    else if (token[i] == '}' && depth > 0)
      --depth;
    else if (depth == 0 && token.substr(i).starts_with(dots))
      return i;
  }
  return std::string_view::npos;
}

std::string_view or_head(std::string_view rev) {
  return rev.empty() ? "HEAD" : rev;
}

std::vector<std::string> to_hex_all(const std::vector<git_oid>& ids) {
  std::vector<std::string> out;
  out.reserve(ids.size());
  for (const git_oid& id : ids)
    out.push_back(to_hex(id));
  return out;
}

struct Range {
  std::vector<git_oid> include;
  std::vector<git_oid> exclude;
};

// All best common ancestors of two commits.
std::vector<git_oid> merge_bases_of(Repository::Impl& impl, const git_oid& a, const git_oid& b) {
  if (impl.shallow().empty()) {
    OidArray bases;
    const int rc = git_merge_bases(&bases.array, impl.repo.get(), &a, &b);
    if (rc == GIT_ENOTFOUND)
      return {};
    if (rc < 0)
      throw_error("cannot compute the merge base of " + to_hex(a) + " and " + to_hex(b));
    return std::vector<git_oid>(bases.array.ids, bases.array.ids + bases.array.count);
  }
  return CommitGraph(impl.repo.get(), impl.shallow()).merge_bases(a, b);
}

Range parse_range(Repository::Impl& impl, std::string_view text) {
  Range range;
  std::vector<std::string> tokens = range_tokens(text);
  if (tokens.empty())
    tokens.emplace_back("HEAD");
  for (const std::string& token : tokens) {
    const std::string_view view = token;
    if (view.size() > 1 && view.front() == '^') {
      range.exclude.push_back(impl.commit_oid(view.substr(1)));
    } else if (const auto three = find_outside_braces(view, "..."); three != view.npos) {
      const git_oid a = impl.commit_oid(or_head(view.substr(0, three)));
      const git_oid b = impl.commit_oid(or_head(view.substr(three + 3)));
      range.include.push_back(a);
      range.include.push_back(b);
      for (const git_oid& base : merge_bases_of(impl, a, b))
        range.exclude.push_back(base);
    } else if (const auto two = find_outside_braces(view, ".."); two != view.npos) {
      range.exclude.push_back(impl.commit_oid(or_head(view.substr(0, two))));
      range.include.push_back(impl.commit_oid(or_head(view.substr(two + 2))));
    } else {
      range.include.push_back(impl.commit_oid(view));
    }
  }
  return range;
}

} // namespace

std::vector<std::string> Repository::rev_list(std::string_view range_text) const {
  const Range range = parse_range(*impl_, range_text);
  return to_hex_all(
      CommitGraph(impl_->repo.get(), impl_->shallow()).walk(range.include, range.exclude));
}

std::vector<SubtreeStep> Repository::subtree_history(std::string_view range_text,
                                                     SubtreeTable& table) const {
  const Range range = parse_range(*impl_, range_text);
  return CommitGraph(impl_->repo.get(), impl_->shallow(), &table)
      .subtree_walk(range.include, range.exclude);
}

bool Repository::is_ancestor(const std::string& ancestor, const std::string& descendant) const {
  const git_oid a = impl_->commit_oid(ancestor);
  const git_oid d = impl_->commit_oid(descendant);
  if (git_oid_equal(&a, &d))
    return true;
  if (impl_->shallow().empty()) {
    const int rc = git_graph_descendant_of(impl_->repo.get(), &d, &a);
    if (rc >= 0)
      return rc == 1;
    if (rc != GIT_ENOTFOUND)
      throw_error("cannot compare commits " + ancestor + " and " + descendant);
  }
  return CommitGraph(impl_->repo.get(), impl_->shallow()).reaches(d, a);
}

std::optional<std::string> Repository::merge_base(const std::string& a,
                                                  const std::string& b) const {
  const std::vector<git_oid> bases =
      merge_bases_of(*impl_, impl_->commit_oid(a), impl_->commit_oid(b));
  if (bases.empty())
    return std::nullopt;
  return to_hex(bases.front());
}

} // namespace crochet::git
