// What a run asks the graph before its first write: the migration mirror, once. The ledger,
// local, is looked at first; the graph only for what it alone can tell.
#include <iostream>
#include <memory>

#include <gtest/gtest.h>

#include "core/executor/executor.hpp"
#include "core/executor/mirror.hpp"
#include "core/neo4j/http.hpp"
#include "tests/integration/executor/executor_fixture.hpp"

namespace crochet::executor {
namespace {

// A transport to the test server that counts the requests sent, and those that read the mirror.
class CountingTransport : public neo4j::HttpTransport {
public:
  CountingTransport(int& requests, int& mirror_reads)
      : requests_(requests), mirror_reads_(mirror_reads), inner_(neo4j::make_curl_transport({})) {}
  neo4j::HttpResponse send(const neo4j::HttpRequest& request) override {
    ++requests_;
    // The statement's text as the request's JSON carries it (it holds no character to escape).
    if (request.body.find(mirror_read().text) != std::string::npos)
      ++mirror_reads_;
    return inner_->send(request);
  }

private:
  int& requests_;
  int& mirror_reads_;
  std::unique_ptr<neo4j::HttpTransport> inner_;
};

class RequestsTest : public ExecutorTest {
protected:
  // Counts what `run` sends through a session of its own; prints the figures.
  template <typename Run> void count(const char* what, Run run) {
    requests_ = 0;
    mirror_reads_ = 0;
    neo4j::Session counting(std::make_unique<CountingTransport>(requests_, mirror_reads_),
                            session_options());
    run(counting);
    std::cout << what << ": " << requests_ << " requests, " << mirror_reads_ << " mirror reads\n";
  }

  int requests_ = 0;
  int mirror_reads_ = 0;
};

TEST_F(RequestsTest, AnUpgradeReadsTheMirrorOnce) {
  count("upgrade", [&](neo4j::Session& session) { upgrade_through(session); });
  EXPECT_EQ(mirror_reads_, 1);
  count("upgrade, already up to date", [&](neo4j::Session& session) { upgrade_through(session); });
  EXPECT_EQ(mirror_reads_, 1);
  count("downgrade", [&](neo4j::Session& session) { downgrade_through(session); });
  EXPECT_EQ(mirror_reads_, 1);
  EXPECT_EQ(mirror_state(), "absent");
}

} // namespace
} // namespace crochet::executor
