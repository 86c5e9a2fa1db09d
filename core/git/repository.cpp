#include "core/git/repository.hpp"

#include <cstdlib>
#include <fstream>
#include <system_error>

#include "core/git/repository_impl.hpp"
#include "core/util/error.hpp"

namespace crochet::git {
namespace fs = std::filesystem;
using namespace detail;

namespace {

// libgit2 reports directories with a trailing '/'; callers expect plain paths.
fs::path directory_path(const char* text) {
  if (text == nullptr)
    return {};
  std::string s = text;
  while (s.size() > 1 && s.back() == '/')
    s.pop_back();
  return fs::path(s);
}

fs::path absolute_from(const fs::path& path, const fs::path& base) {
  std::error_code ec;
  const fs::path joined = path.is_absolute() ? path : base / path;
  fs::path result = fs::absolute(joined, ec);
  return (ec ? joined : result).lexically_normal();
}

[[noreturn]] void throw_not_a_repository(const fs::path& path) {
  throw Error("not a git repository (or any parent up to /): " + path.string(),
              "run git crochet inside a git work tree, or create one with `git init`");
}

const char* non_empty_env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : nullptr;
}

} // namespace

Repository::Repository(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Repository::Repository(Repository&&) noexcept = default;
Repository& Repository::operator=(Repository&&) noexcept = default;
Repository::~Repository() = default;

Repository Repository::discover(const fs::path& start) {
  ensure_libgit2();
  fs::path where = absolute_from(start, fs::current_path());
  std::error_code ec;
  if (fs::is_regular_file(where, ec))
    where = where.parent_path();
  if (!fs::is_directory(where, ec))
    throw_not_a_repository(where);
  git_repository* raw = nullptr;
  const int rc = git_repository_open_ext(&raw, where.c_str(), 0, nullptr);
  if (rc == GIT_ENOTFOUND)
    throw_not_a_repository(where);
  if (rc < 0)
    throw_error("cannot open the git repository at " + where.string());
  auto impl = std::make_unique<Impl>();
  impl->repo.reset(raw);
  return Repository(std::move(impl));
}

Repository Repository::reopen() const {
  const char* path = git_repository_path(impl_->repo.get());
  git_repository* raw = nullptr;
  if (git_repository_open_ext(&raw, path, GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) < 0)
    throw_error(std::string("cannot open the git repository at ") + path);
  auto impl = std::make_unique<Impl>();
  impl->repo.reset(raw);
  return Repository(std::move(impl));
}

Repository Repository::from_environment(const fs::path& cwd) {
  const char* git_dir = non_empty_env("GIT_DIR");
  if (git_dir == nullptr)
    return discover(cwd);
  ensure_libgit2();
  const fs::path base = absolute_from(cwd, fs::current_path());
  const fs::path dir = absolute_from(git_dir, base);
  git_repository* raw = nullptr;
  const int rc = git_repository_open_ext(&raw, dir.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
  if (rc == GIT_ENOTFOUND)
    throw Error("not a git repository: " + dir.string() + " (from GIT_DIR)",
                "unset GIT_DIR or point it at a .git directory");
  if (rc < 0)
    throw_error("cannot open the git repository at " + dir.string() + " (from GIT_DIR)");
  auto impl = std::make_unique<Impl>();
  impl->repo.reset(raw);
  if (const char* work_tree = non_empty_env("GIT_WORK_TREE")) {
    const fs::path tree = absolute_from(work_tree, base);
    if (git_repository_set_workdir(impl->repo.get(), tree.c_str(), 0) < 0)
      throw_error("cannot use GIT_WORK_TREE " + tree.string());
  }
  return Repository(std::move(impl));
}

bool Repository::is_bare() const {
  return git_repository_is_bare(impl_->repo.get()) == 1;
}

bool Repository::is_shallow() const {
  return git_repository_is_shallow(impl_->repo.get()) == 1;
}

fs::path Repository::workdir() const {
  return directory_path(git_repository_workdir(impl_->repo.get()));
}

fs::path Repository::git_dir() const {
  return directory_path(git_repository_path(impl_->repo.get()));
}

fs::path Repository::common_dir() const {
  return directory_path(git_repository_commondir(impl_->repo.get()));
}

namespace {

template <typename Getter>
std::optional<std::string> read_config(git_repository* repo, Getter get) {
  git_config* raw = nullptr;
  if (git_repository_config_snapshot(&raw, repo) < 0)
    throw_error("cannot read the git configuration");
  const ConfigHandle config(raw);
  const std::optional<std::string> value = get(config.get());
  return value;
}

} // namespace

std::optional<std::string> Repository::config_string(const std::string& key) const {
  return read_config(impl_->repo.get(), [&](git_config* config) -> std::optional<std::string> {
    const char* value = nullptr;
    const int rc = git_config_get_string(&value, config, key.c_str());
    if (rc == GIT_ENOTFOUND)
      return std::nullopt;
    if (rc < 0)
      throw_error("cannot read git configuration " + key);
    return std::string(value);
  });
}

std::optional<std::string> Repository::config_path(const std::string& key) const {
  return read_config(impl_->repo.get(), [&](git_config* config) -> std::optional<std::string> {
    Buffer value;
    const int rc = git_config_get_path(&value.buf, config, key.c_str());
    if (rc == GIT_ENOTFOUND) {
      // Also what libgit2 answers for a "~/" it has no home folder to expand to; the raw value
      // must not then be taken for a folder named "~" (relative to the work tree).
      const char* raw = nullptr;
      if (git_config_get_string(&raw, config, key.c_str()) == 0 && raw[0] == '~')
        throw Error(key + " '" + raw +
                        "' starts with ~, and there is no home folder to expand it to (HOME is "
                        "not set)",
                    "set HOME, or make " + key + " an absolute path");
      return std::nullopt;
    }
    if (rc < 0)
      throw_error("cannot read git configuration " + key);
    return value.str();
  });
}

std::optional<std::string> Repository::head_commit() const {
  git_reference* raw = nullptr;
  const int rc = git_repository_head(&raw, impl_->repo.get());
  if (rc == GIT_EUNBORNBRANCH || rc == GIT_ENOTFOUND)
    return std::nullopt;
  if (rc < 0)
    throw_error("cannot read HEAD");
  const ReferenceHandle head(raw);
  git_object* peeled = nullptr;
  if (git_reference_peel(&peeled, head.get(), GIT_OBJECT_COMMIT) < 0)
    throw_error("HEAD does not point to a commit");
  const ObjectHandle commit(peeled);
  return to_hex(*git_object_id(commit.get()));
}

std::optional<std::string> Repository::current_branch() const {
  // Read HEAD itself rather than resolving it, so an unborn branch still has a name.
  git_reference* raw = nullptr;
  if (git_reference_lookup(&raw, impl_->repo.get(), "HEAD") < 0)
    throw_error("cannot read HEAD");
  const ReferenceHandle head(raw);
  if (git_reference_type(head.get()) != GIT_REFERENCE_SYMBOLIC)
    return std::nullopt;
  const std::string_view target = git_reference_symbolic_target(head.get());
  constexpr std::string_view heads = "refs/heads/";
  if (!target.starts_with(heads))
    return std::nullopt;
  return std::string(target.substr(heads.size()));
}

std::string Repository::short_id(const std::string& id) const {
  constexpr std::size_t fallback_length = 7;
  git_oid oid;
  if (!parse_full_oid(id, oid))
    return id.substr(0, fallback_length);
  git_object* raw = nullptr;
  if (git_object_lookup(&raw, impl_->repo.get(), &oid, GIT_OBJECT_ANY) < 0)
    return id.substr(0, fallback_length); // unknown here: abbreviate plainly
  const ObjectHandle object(raw);
  Buffer buffer;
  if (git_object_short_id(&buffer.buf, object.get()) < 0)
    return id.substr(0, fallback_length);
  return buffer.str();
}

const OidSet& Repository::Impl::shallow() {
  if (shallow_boundaries)
    return *shallow_boundaries;
  shallow_boundaries.emplace();
  if (git_repository_is_shallow(repo.get()) != 1)
    return *shallow_boundaries;
  const fs::path file = directory_path(git_repository_commondir(repo.get())) / "shallow";
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    git_oid oid;
    if (parse_full_oid(line.substr(0, GIT_OID_HEXSZ), oid))
      shallow_boundaries->insert(oid);
  }
  return *shallow_boundaries;
}

} // namespace crochet::git
