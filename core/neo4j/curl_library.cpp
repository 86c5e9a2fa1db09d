#include "core/neo4j/curl_library.hpp"

#include <dlfcn.h>

#include <string>

#include "core/util/error.hpp"

namespace crochet::neo4j {
namespace {

// The soname libcurl has had since 7.16 (Debian: libcurl4, which libcurl4-openssl-dev installs).
constexpr const char* kLibcurl = "libcurl.so.4";

template <typename Function> void resolve(void* library, const char* name, Function& into) {
  void* symbol = ::dlsym(library, name);
  if (symbol == nullptr)
    throw Error(std::string("libcurl has no ") + name + ": " + ::dlerror(),
                "install libcurl (Debian: apt-get install libcurl4)");
  into = reinterpret_cast<Function>(symbol);
}

} // namespace

CurlLibrary load_curl_library(const char* soname) {
  void* library = ::dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const char* why = ::dlerror();
    throw Error(std::string("cannot load ") + soname +
                    ", needed to reach Neo4j over HTTP: " + (why ? why : "unknown error"),
                "install libcurl (Debian: apt-get install libcurl4)");
  }
  CurlLibrary api{};
  resolve(library, "curl_global_init", api.global_init);
  resolve(library, "curl_easy_init", api.easy_init);
  resolve(library, "curl_easy_cleanup", api.easy_cleanup);
  resolve(library, "curl_easy_reset", api.easy_reset);
  resolve(library, "curl_easy_setopt", api.easy_setopt);
  resolve(library, "curl_easy_perform", api.easy_perform);
  resolve(library, "curl_easy_getinfo", api.easy_getinfo);
  resolve(library, "curl_easy_strerror", api.easy_strerror);
  resolve(library, "curl_slist_append", api.slist_append);
  resolve(library, "curl_slist_free_all", api.slist_free_all);
  return api;
}

const CurlLibrary& curl_library() {
  // A function-local static: loaded and initialised exactly once, even from several threads.
  static const CurlLibrary api = [] {
    CurlLibrary loaded = load_curl_library(kLibcurl);
    if (loaded.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
      throw Error("libcurl could not be initialised");
    return loaded;
  }();
  return api;
}

} // namespace crochet::neo4j
