#include "tests/unit/neo4j/fake_server.hpp"

#include <csignal>
#include <cstdio>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

#include "core/neo4j/http.hpp"

extern char** environ;

namespace crochet::neo4j::testing {

std::string fake_script_path() {
  // CROCHET_FIXTURES is tests/fixtures; the fake lives beside it in tests/neo4j.
  return std::string(CROCHET_FIXTURES) + "/../neo4j/fake_neo4j.py";
}

FakeNeo4j::FakeNeo4j(std::vector<std::string> arguments) {
  int out[2];
  if (pipe(out) != 0)
    throw std::runtime_error("pipe failed");
  std::vector<std::string> argv_storage = {"python3", fake_script_path(), "--port", "0"};
  argv_storage.insert(argv_storage.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (auto& arg : argv_storage)
    argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  int rc = posix_spawnp(&pid_, "python3", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  if (rc != 0) {
    close(out[0]);
    throw std::runtime_error("cannot start python3 for the Neo4j protocol fake");
  }
  FILE* stream = fdopen(out[0], "r");
  char line[256] = {0};
  if (!stream || !fgets(line, sizeof line, stream))
    throw std::runtime_error("the Neo4j protocol fake did not start");
  fclose(stream);
  std::string text(line);
  auto at = text.find("http://");
  if (at == std::string::npos)
    throw std::runtime_error("unexpected output from the Neo4j protocol fake: " + text);
  uri_ = text.substr(at);
  while (!uri_.empty() && (uri_.back() == '\n' || uri_.back() == '\r'))
    uri_.pop_back();
}

FakeNeo4j::~FakeNeo4j() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
}

nlohmann::json FakeNeo4j::control(const std::string& method, const std::string& path,
                                  const std::string& body) {
  static auto transport = make_curl_transport({});
  HttpRequest request;
  request.method = method;
  request.url = uri_ + path;
  request.body = body;
  request.headers.emplace_back("Content-Type", "application/json");
  HttpResponse response = transport->send(request);
  if (response.status != 200)
    throw std::runtime_error("fake control request failed: " + path);
  return nlohmann::json::parse(response.body);
}

void FakeNeo4j::reset() {
  control("POST", "/_fake/reset", "");
}
void FakeNeo4j::faults(const nlohmann::json& faults) {
  control("POST", "/_fake/faults", faults.dump());
}
void FakeNeo4j::rules(const nlohmann::json& rules) {
  control("POST", "/_fake/rules", rules.dump());
}
void FakeNeo4j::config(const nlohmann::json& config) {
  control("POST", "/_fake/config", config.dump());
}
nlohmann::json FakeNeo4j::state() {
  return control("GET", "/_fake/state", "");
}

std::vector<std::string> FakeNeo4j::committed() {
  std::vector<std::string> out;
  const nlohmann::json current = state();
  for (const auto& statement : current["committed"])
    out.push_back(statement["statement"].get<std::string>());
  return out;
}

} // namespace crochet::neo4j::testing
