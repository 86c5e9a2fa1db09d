// Revisions and commits: resolving what the user typed to a commit, and reading commits.
#include "core/git/repository.hpp"

#include "core/git/repository_impl.hpp"
#include "core/util/error.hpp"

namespace crochet::git {
using namespace detail;

namespace {

constexpr const char* revision_hint =
    "use a branch, a tag, a commit id or an expression like HEAD~2";

// True when a failed revision names HEAD or the branch HEAD points to, e.g. "HEAD~1",
// "@{1}" or "main" while main has no commit yet.
bool names_unborn_head(git_repository* repo, std::string_view rev) {
  if (git_repository_head_unborn(repo) != 1)
    return false;
  const std::string_view base = rev.substr(0, rev.find_first_of("~^@:"));
  if (base.empty() || base == "HEAD")
    return true;
  git_reference* raw = nullptr;
  if (git_reference_lookup(&raw, repo, "HEAD") < 0)
    return false;
  const ReferenceHandle head(raw);
  if (git_reference_type(head.get()) != GIT_REFERENCE_SYMBOLIC)
    return false;
  const std::string_view target = git_reference_symbolic_target(head.get());
  return base == target || "refs/heads/" + std::string(base) == target;
}

// In a shallow clone a revision before the boundary (HEAD~5 in a depth-2 clone) is unknown
// here though it exists: say so, as the usual hint would send the user looking for a typo.
std::string unknown_hint(Repository::Impl& impl) {
  return impl.shallow().empty()
             ? revision_hint
             : std::string(revision_hint) +
                   "; this clone is shallow, so commits before its boundary are not here: "
                   "`git fetch --unshallow` (or --deepen N) fetches them";
}

CommitHandle peel_to_commit(ObjectHandle object, std::string_view rev) {
  git_object* peeled = nullptr;
  if (git_object_peel(&peeled, object.get(), GIT_OBJECT_COMMIT) < 0)
    throw Error("revision '" + std::string(rev) + "' is not a commit", revision_hint);
  return CommitHandle(reinterpret_cast<git_commit*>(peeled));
}

} // namespace

CommitHandle Repository::Impl::lookup_commit(std::string_view rev) {
  git_oid oid;
  if (parse_full_oid(rev, oid)) {
    // Fast path for the ids history walks pass around; no revision parsing needed.
    git_object* raw = nullptr;
    const int rc = git_object_lookup(&raw, repo.get(), &oid, GIT_OBJECT_ANY);
    if (rc == GIT_ENOTFOUND)
      throw Error("unknown revision '" + std::string(rev) + "'", unknown_hint(*this));
    if (rc < 0)
      throw_error("cannot read object " + std::string(rev));
    return peel_to_commit(ObjectHandle(raw), rev);
  }
  const std::string spec(rev);
  if (spec.empty())
    throw Error("empty revision", revision_hint);
  std::string expanded;
  const ReflogSelector selector = expand_reflog_selector(spec, expanded);
  git_object* raw = nullptr;
  const int rc =
      selector == ReflogSelector::not_found
          ? GIT_ENOTFOUND
          : git_revparse_single(&raw, repo.get(),
                                (selector == ReflogSelector::expanded ? expanded : spec).c_str());
  if (rc < 0) {
    if (names_unborn_head(repo.get(), spec))
      throw Error("HEAD has no commits yet", "make a first commit, then try again");
    if (rc == GIT_EAMBIGUOUS)
      throw Error("ambiguous revision '" + spec + "'", "use more characters of the commit id");
    if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC)
      throw Error("unknown revision '" + spec + "'", unknown_hint(*this));
    const std::string detail = last_error_message();
    throw Error("unknown revision '" + spec + "'" + (detail.empty() ? "" : ": " + detail),
                unknown_hint(*this));
  }
  return peel_to_commit(ObjectHandle(raw), spec);
}

git_oid Repository::Impl::commit_oid(std::string_view rev) {
  return *git_commit_id(lookup_commit(rev).get());
}

std::string Repository::resolve_commit(std::string_view rev) const {
  return to_hex(impl_->commit_oid(rev));
}

CommitInfo Repository::commit_info(const std::string& commit_id) const {
  const CommitHandle commit = impl_->lookup_commit(commit_id);
  CommitInfo info;
  info.id = to_hex(*git_commit_id(commit.get()));
  // A shallow boundary's parents are not in this clone; like git, show it as a root.
  if (!impl_->shallow().contains(*git_commit_id(commit.get()))) {
    const unsigned int count = git_commit_parentcount(commit.get());
    for (unsigned int i = 0; i < count; ++i)
      info.parents.push_back(to_hex(*git_commit_parent_id(commit.get(), i)));
  }
  if (const git_signature* author = git_commit_author(commit.get())) {
    info.author_name = author->name ? author->name : "";
    info.author_email = author->email ? author->email : "";
    info.author_time = author->when.time;
    info.author_offset_minutes = author->when.offset;
  }
  info.commit_time = git_commit_time(commit.get());
  if (const char* summary = git_commit_summary(commit.get()))
    info.subject = summary;
  return info;
}

} // namespace crochet::git
