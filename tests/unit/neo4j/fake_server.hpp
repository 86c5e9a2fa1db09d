#pragma once
// Starts tests/neo4j/fake_neo4j.py (the loopback protocol fake) on a free port for one test
// suite, and drives its control endpoints (faults, scripted results, recorded state).
#include <string>
#include <sys/types.h>
#include <vector>

#include <nlohmann/json.hpp>

namespace crochet::neo4j::testing {

class FakeNeo4j {
public:
  // `arguments` are passed to the fake, e.g. {"--family", "tx", "--version", "4.4.30"}.
  explicit FakeNeo4j(std::vector<std::string> arguments);
  ~FakeNeo4j();
  FakeNeo4j(const FakeNeo4j&) = delete;
  FakeNeo4j& operator=(const FakeNeo4j&) = delete;

  const std::string& uri() const { return uri_; }
  void reset();
  void faults(const nlohmann::json& faults);
  void rules(const nlohmann::json& rules);
  void config(const nlohmann::json& config);
  nlohmann::json state();
  // The statements committed so far, in order.
  std::vector<std::string> committed();

private:
  nlohmann::json control(const std::string& method, const std::string& path,
                         const std::string& body);
  pid_t pid_ = -1;
  std::string uri_;
};

std::string fake_script_path();

} // namespace crochet::neo4j::testing
