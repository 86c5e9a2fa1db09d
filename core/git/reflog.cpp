// Reflog selectors: "<ref>@{<n>}" and "<ref>@{<date>}". libgit2 1.5 reads the branch's reflog
// for HEAD@{...} (git reads HEAD's own) and cannot be asked how it parsed a date, so these are
// resolved here with git's rules; other "@{...}" forms (@{-1}, @{upstream}) stay with libgit2.
#include <ctime>

#include "core/git/approxidate.hpp"
#include "core/git/repository_impl.hpp"

namespace crochet::git {
using namespace detail;

namespace {

using ReflogHandle = std::unique_ptr<git_reflog, Free<git_reflog_free>>;

bool is_number(std::string_view text) {
  if (text.empty() || text.size() > 9)
    return false;
  for (const char c : text)
    if (c < '0' || c > '9')
      return false;
  return true;
}

bool is_left_to_libgit2(std::string_view selector) {
  return selector.starts_with('-') || selector == "u" || selector == "upstream" ||
         selector == "push";
}

// The reflog a selector reads: "@{...}" is the current branch's (HEAD's when detached).
std::optional<std::string> reflog_name(git_repository* repo, std::string_view base) {
  if (base == "HEAD")
    return std::string("HEAD");
  if (base.empty()) {
    git_reference* raw = nullptr;
    if (git_reference_lookup(&raw, repo, "HEAD") < 0)
      return std::nullopt;
    const ReferenceHandle head(raw);
    if (git_reference_type(head.get()) == GIT_REFERENCE_SYMBOLIC)
      return std::string(git_reference_symbolic_target(head.get()));
    return std::string("HEAD");
  }
  git_reference* raw = nullptr;
  if (git_reference_dwim(&raw, repo, std::string(base).c_str()) < 0)
    return std::nullopt;
  const ReferenceHandle ref(raw);
  return std::string(git_reference_name(ref.get()));
}

// git's read_ref_at: past the start of the log, the oldest entry's previous value if known.
const git_oid* oldest_value(const git_reflog_entry* oldest) {
  const git_oid* old_id = git_reflog_entry_id_old(oldest);
  return git_oid_is_zero(old_id) ? git_reflog_entry_id_new(oldest) : old_id;
}

std::optional<git_oid> lookup_in_reflog(git_repository* repo, const std::string& name,
                                        std::string_view selector) {
  git_reflog* raw = nullptr;
  if (git_reflog_read(&raw, repo, name.c_str()) < 0)
    return std::nullopt;
  const ReflogHandle log(raw);
  const std::size_t count = git_reflog_entrycount(log.get());

  if (is_number(selector)) {
    const auto position = static_cast<std::size_t>(std::stoul(std::string(selector)));
    if (position < count)
      return *git_reflog_entry_id_new(git_reflog_entry_byindex(log.get(), position));
    if (position == 0) { // no reflog: @{0} is the ref itself
      git_oid id;
      if (git_reference_name_to_id(&id, repo, name.c_str()) == 0)
        return id;
      return std::nullopt;
    }
    if (position == count) {
      const git_oid* old_id =
          git_reflog_entry_id_old(git_reflog_entry_byindex(log.get(), count - 1));
      if (!git_oid_is_zero(old_id))
        return *old_id;
    }
    return std::nullopt;
  }

  const auto when = parse_approxidate(selector, static_cast<long long>(std::time(nullptr)));
  if (!when || count == 0)
    return std::nullopt;
  for (std::size_t i = 0; i < count; ++i) { // newest first
    const git_reflog_entry* entry = git_reflog_entry_byindex(log.get(), i);
    const git_signature* who = git_reflog_entry_committer(entry);
    if (who != nullptr && who->when.time <= *when)
      return *git_reflog_entry_id_new(entry);
  }
  return *oldest_value(git_reflog_entry_byindex(log.get(), count - 1));
}

} // namespace

ReflogSelector Repository::Impl::expand_reflog_selector(std::string_view rev, std::string& out) {
  const std::size_t at = rev.find("@{");
  if (at == std::string_view::npos)
    return ReflogSelector::none;
  const std::string_view base = rev.substr(0, at);
  if (base.find_first_of("~^:") != std::string_view::npos)
    return ReflogSelector::none;
  const std::size_t close = rev.find('}', at + 2);
  if (close == std::string_view::npos)
    return ReflogSelector::not_found;
  const std::string_view selector = rev.substr(at + 2, close - at - 2);
  if (is_left_to_libgit2(selector))
    return ReflogSelector::none;
  const auto name = reflog_name(repo.get(), base);
  if (!name)
    return ReflogSelector::not_found;
  const auto id = lookup_in_reflog(repo.get(), *name, selector);
  if (!id)
    return ReflogSelector::not_found;
  out = to_hex(*id) + std::string(rev.substr(close + 1)); // e.g. "main@{1}~2" -> "<id>~2"
  return ReflogSelector::expanded;
}

} // namespace crochet::git
