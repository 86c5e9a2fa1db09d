#include "core/git/libgit2.hpp"

#include "core/git/repository.hpp"
#include "core/util/error.hpp"

namespace crochet::git::detail {
namespace {

class Libgit2Guard {
public:
  Libgit2Guard() {
    if (git_libgit2_init() < 0)
      throw Error("cannot initialise libgit2: " + last_error_message());
    // Like git, rely on the object store's own checks (zlib checksums, pack CRCs) rather than
    // re-hashing every object read: libgit2's default re-hash adds half again to a long walk.
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
  }
  ~Libgit2Guard() { git_libgit2_shutdown(); }
  Libgit2Guard(const Libgit2Guard&) = delete;
  Libgit2Guard& operator=(const Libgit2Guard&) = delete;
};

} // namespace

void ensure_libgit2() {
  // A function-local static: constructed on first use (thread-safe), destroyed after every
  // static object whose construction finished before it.
  static Libgit2Guard guard;
}

std::string last_error_message() {
  const git_error* error = git_error_last();
  if (error == nullptr || error->message == nullptr)
    return {};
  std::string message = error->message;
  while (!message.empty() && (message.back() == '\n' || message.back() == '.'))
    message.pop_back();
  return message;
}

void throw_error(const std::string& context, const std::string& hint) {
  const std::string detail = last_error_message();
  throw Error(detail.empty() ? context : context + ": " + detail, hint);
}

std::string to_hex(const git_oid& oid) {
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof hex, &oid);
  return std::string(hex, GIT_OID_HEXSZ);
}

bool parse_full_oid(std::string_view text, git_oid& out) {
  if (text.size() != GIT_OID_HEXSZ)
    return false;
  for (const char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
      return false;
  return git_oid_fromstrn(&out, text.data(), text.size()) == 0;
}

} // namespace crochet::git::detail

namespace crochet::git {

std::string ObjectId::hex() const {
  git_oid oid;
  std::memcpy(oid.id, bytes.data(), sizeof oid.id);
  return detail::to_hex(oid);
}

std::optional<ObjectId> ObjectId::from_hex(std::string_view text) {
  git_oid oid;
  if (!detail::parse_full_oid(text, oid))
    return std::nullopt;
  ObjectId id;
  std::memcpy(id.bytes.data(), oid.id, sizeof oid.id);
  return id;
}

} // namespace crochet::git
