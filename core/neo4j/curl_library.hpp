#pragma once
// libcurl, loaded on first use rather than linked: a command that never talks to Neo4j (the
// hooks, log, schema, diff) does not pay for loading libcurl and the twenty-odd libraries it
// brings, about 9 ms of every process start on a 2-core machine.
#include <curl/curl.h>

namespace crochet::neo4j {

// The libcurl entry points the transport uses, resolved from the loaded library.
struct CurlLibrary {
  CURLcode (*global_init)(long flags);
  CURL* (*easy_init)();
  void (*easy_cleanup)(CURL* handle);
  void (*easy_reset)(CURL* handle);
  CURLcode (*easy_setopt)(CURL* handle, CURLoption option, ...);
  CURLcode (*easy_perform)(CURL* handle);
  CURLcode (*easy_getinfo)(CURL* handle, CURLINFO info, ...);
  const char* (*easy_strerror)(CURLcode code);
  curl_slist* (*slist_append)(curl_slist* list, const char* text);
  void (*slist_free_all)(curl_slist* list);
};

// The system's libcurl (libcurl.so.4), loaded and initialised once per process; thread-safe.
// Throws crochet::Error naming the library when it cannot be loaded.
const CurlLibrary& curl_library();

// Loads `soname` and resolves every entry point, without initialising it; for tests. The
// library stays loaded for the life of the process.
CurlLibrary load_curl_library(const char* soname);

} // namespace crochet::neo4j
