// libcurl is loaded on first use: a missing library is one clear error, and the loaded one
// answers like the linked library would.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/neo4j/curl_library.hpp"
#include "core/util/error.hpp"

namespace crochet::neo4j {
namespace {

using ::testing::HasSubstr;

TEST(CurlLibrary, MissingLibraryIsOneClearErrorWithAHint) {
  try {
    load_curl_library("libcurl-crochet-missing.so.4");
    FAIL() << "loading a library that does not exist succeeded";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("cannot load libcurl-crochet-missing.so.4"));
    EXPECT_THAT(e.what(), HasSubstr("needed to reach Neo4j over HTTP"));
    EXPECT_THAT(e.hint(), HasSubstr("apt-get install libcurl4"));
  }
}

TEST(CurlLibrary, SystemLibraryResolvesEveryEntryPoint) {
  const CurlLibrary& curl = curl_library();
  EXPECT_EQ(&curl, &curl_library()) << "loaded once per process";
  EXPECT_STREQ(curl.easy_strerror(CURLE_COULDNT_CONNECT), "Couldn't connect to server");
  CURL* handle = curl.easy_init();
  ASSERT_NE(handle, nullptr);
  EXPECT_EQ(curl.easy_setopt(handle, CURLOPT_URL, "http://127.0.0.1:9/"), CURLE_OK);
  long code = -1;
  EXPECT_EQ(curl.easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &code), CURLE_OK);
  EXPECT_EQ(code, 0) << "no request was made";
  curl_slist* headers = curl.slist_append(nullptr, "Accept: application/json");
  ASSERT_NE(headers, nullptr);
  curl.slist_free_all(headers);
  curl.easy_cleanup(handle);
}

} // namespace
} // namespace crochet::neo4j
