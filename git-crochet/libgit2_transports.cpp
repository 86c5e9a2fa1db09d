// git_libgit2_init prepares libgit2's network transports in every process, and git-crochet
// never uses them: it reads only local objects with libgit2 (HTTP to Neo4j goes through
// libcurl, which has its own trust store and TLS set-up). Two of those preparations cost more
// than the rest of a hook's start-up work:
// - libgit2 built against mbedTLS (Debian's) parses the system's whole CA bundle, 220 KB of
//   PEM, about 5.5 ms;
// - libssh2_init initialises OpenSSL for SSH remotes, about 0.5-1 ms.
//
// These definitions stand in for those libraries' functions. Linked statically
// (CROCHET_STATIC_DEPS), libgit2's calls reach them through the linker's --wrap, under the
// __wrap_ names, and the originals keep their __real_ names. Loaded as shared libraries, they
// interpose (the executable's symbols come first in the dynamic linker's search order;
// CMakeLists.txt exports them). libgit2 sees "no bundle", as on a machine without one, and an
// initialised libssh2, and goes on. A libgit2 built with OpenSSL or without SSH never calls them.
#include <dlfcn.h>

#include <atomic>

namespace {

constexpr int kFileIoError = -0x2900; // MBEDTLS_ERR_X509_FILE_IO_ERROR

std::atomic<bool> libssh2_start_up_skipped{false};

} // namespace

#if CROCHET_STATIC_DEPS
#define CROCHET_STAND_IN(name) __wrap_##name
#else
#define CROCHET_STAND_IN(name) name
#endif

extern "C" {

#if CROCHET_STATIC_DEPS
int __real_libssh2_init(int flags);
#endif

// The real signatures take an mbedtls_x509_crt*; the pointer is never touched here.
[[gnu::visibility("default")]] int CROCHET_STAND_IN(mbedtls_x509_crt_parse_file)(void*,
                                                                                 const char*) {
  return kFileIoError;
}

[[gnu::visibility("default")]] int CROCHET_STAND_IN(mbedtls_x509_crt_parse_path)(void*,
                                                                                 const char*) {
  return kFileIoError;
}

// The first call is libgit2's start-up and is skipped (libssh2_exit then has nothing to undo);
// any later one, were SSH ever used, reaches libssh2 itself.
[[gnu::visibility("default")]] int CROCHET_STAND_IN(libssh2_init)(int flags) {
  if (!libssh2_start_up_skipped.exchange(true))
    return 0;
#if CROCHET_STATIC_DEPS
  return __real_libssh2_init(flags);
#else
  using Init = int (*)(int);
  const auto real = reinterpret_cast<Init>(dlsym(RTLD_NEXT, "libssh2_init"));
  return real != nullptr ? real(flags) : -1;
#endif
}

} // extern "C"
