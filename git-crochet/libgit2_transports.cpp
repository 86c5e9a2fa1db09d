// git_libgit2_init prepares libgit2's network transports in every process, and git-crochet
// never uses them: it reads only local objects with libgit2 (HTTP to Neo4j goes through
// libcurl, which has its own trust store and TLS set-up). Two of those preparations cost more
// than the rest of a hook's start-up work:
// - libgit2 built against mbedTLS (Debian's) parses the system's whole CA bundle, 220 KB of
//   PEM, about 5.5 ms;
// - libssh2_init initialises OpenSSL for SSH remotes, about 0.5-1 ms.
//
// These definitions interpose on those libraries' functions (the executable's symbols come first
// in the dynamic linker's search order; CMakeLists.txt exports them). libgit2 sees "no bundle",
// as on a machine without one, and an initialised libssh2, and goes on. A libgit2 built with
// OpenSSL or without SSH, or with these libraries linked in statically, never calls them.
#include <dlfcn.h>

#include <atomic>

namespace {

constexpr int kFileIoError = -0x2900; // MBEDTLS_ERR_X509_FILE_IO_ERROR

std::atomic<bool> libssh2_start_up_skipped{false};

} // namespace

extern "C" {

// The real signatures take an mbedtls_x509_crt*; the pointer is never touched here.
[[gnu::visibility("default")]] int mbedtls_x509_crt_parse_file(void*, const char*) {
  return kFileIoError;
}

[[gnu::visibility("default")]] int mbedtls_x509_crt_parse_path(void*, const char*) {
  return kFileIoError;
}

// The first call is libgit2's start-up and is skipped (libssh2_exit then has nothing to undo);
// any later one, were SSH ever used, reaches libssh2 itself.
[[gnu::visibility("default")]] int libssh2_init(int flags) {
  if (!libssh2_start_up_skipped.exchange(true))
    return 0;
  using Init = int (*)(int);
  const auto real = reinterpret_cast<Init>(dlsym(RTLD_NEXT, "libssh2_init"));
  return real != nullptr ? real(flags) : -1;
}

} // extern "C"
