#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "core/git/repository_impl.hpp"

namespace crochet::git {
using namespace detail;

namespace {

constexpr std::string_view kRemotes = "refs/remotes/";

// The commit a reference points at (peeled through tags); nullopt when it points at none.
std::optional<std::string> commit_of(git_repository* repo, const char* reference) {
  git_reference* raw = nullptr;
  if (git_reference_lookup(&raw, repo, reference) < 0)
    return std::nullopt;
  const ReferenceHandle ref(raw);
  git_object* peeled = nullptr;
  if (git_reference_peel(&peeled, ref.get(), GIT_OBJECT_COMMIT) < 0)
    return std::nullopt;
  const ObjectHandle commit(peeled);
  return to_hex(*git_object_id(commit.get()));
}

} // namespace

std::vector<Repository::BranchTip> Repository::branch_tips(std::string_view name) const {
  std::vector<BranchTip> tips;
  if (name.empty())
    return tips;
  git_repository* repo = impl_->repo.get();
  if (auto local = commit_of(repo, ("refs/heads/" + std::string(name)).c_str()))
    tips.push_back({std::string(name), *local});
  // Remote-tracking branches: refs/remotes/<remote>/<name>, the remote one path segment.
  struct Search {
    std::string_view name;
    std::vector<std::string> references;
  } search{name, {}};
  git_reference_foreach_name(
      repo,
      [](const char* reference, void* payload) {
        auto& s = *static_cast<Search*>(payload);
        const std::string_view ref = reference;
        if (!ref.starts_with(kRemotes) || !ref.ends_with(s.name) ||
            ref.size() < kRemotes.size() + s.name.size() + 2)
          return 0;
        const std::string_view remote =
            ref.substr(kRemotes.size(), ref.size() - kRemotes.size() - s.name.size());
        if (remote.back() == '/' && remote.find('/') == remote.size() - 1)
          s.references.emplace_back(ref);
        return 0;
      },
      &search);
  std::sort(search.references.begin(), search.references.end());
  for (const std::string& reference : search.references)
    if (auto tip = commit_of(repo, reference.c_str()))
      tips.push_back({reference.substr(kRemotes.size()), *tip});
  return tips;
}

} // namespace crochet::git
