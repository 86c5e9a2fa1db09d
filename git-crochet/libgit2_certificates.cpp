// libgit2 built against mbedTLS (Debian's) parses the system's whole CA bundle inside
// git_libgit2_init, for HTTPS remotes: 220 KB of PEM, about 5.5 ms of every command that opens
// a repository, a fifth of the pre-commit hook's budget. git-crochet reads only local objects
// with libgit2 (HTTP to Neo4j goes through libcurl, which has its own trust store), so the
// bundle is never used.
//
// These definitions interpose on mbedTLS's loaders (the executable's symbols come first in the
// dynamic linker's search order; CMakeLists.txt exports them): libgit2 sees "no bundle", as on a
// machine without one, and goes on. A libgit2 built with OpenSSL, or with mbedTLS linked in
// statically, never calls them, and loses nothing.
namespace {
constexpr int kFileIoError = -0x2900; // MBEDTLS_ERR_X509_FILE_IO_ERROR
} // namespace

extern "C" {

// The real signatures take an mbedtls_x509_crt*; the pointer is never touched here.
[[gnu::visibility("default")]] int mbedtls_x509_crt_parse_file(void*, const char*) {
  return kFileIoError;
}

[[gnu::visibility("default")]] int mbedtls_x509_crt_parse_path(void*, const char*) {
  return kFileIoError;
}

} // extern "C"
