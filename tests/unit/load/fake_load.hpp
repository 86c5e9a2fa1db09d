#pragma once
// A load against the loopback protocol fake of one endpoint family: the fixture that the load
// suites share, parameterised by family, with a ledger in a scratch directory.
#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <unistd.h>
#include <vector>

#include <gtest/gtest.h>

#include "core/load/load.hpp"
#include "core/neo4j/session.hpp"
#include "tests/unit/neo4j/fake_server.hpp"

namespace crochet::load::testing {

struct Family {
  std::vector<std::string> arguments; // for the fake
  std::string name;
};
inline void PrintTo(const Family& family, std::ostream* out) {
  *out << family.name;
}

// One fake of each family: the Query API (5.26), `/tx` (4.4) and 3.x's `/db/data/transaction`.
inline auto every_family() {
  return ::testing::Values(Family{{"--family", "query", "--version", "5.26.0"}, "query"},
                           Family{{"--family", "tx", "--version", "4.4.30"}, "tx"},
                           Family{{"--family", "v3", "--version", "3.5.35"}, "v3"});
}
inline std::string family_name(const ::testing::TestParamInfo<Family>& info) {
  return info.param.name;
}

// Where the first of `committed` containing `text` is; committed.size() when none does.
inline std::size_t position_of(const std::vector<std::string>& committed, const std::string& text,
                               std::size_t from = 0) {
  return static_cast<std::size_t>(
      std::find_if(committed.begin() + static_cast<std::ptrdiff_t>(from), committed.end(),
                   [&](const std::string& s) { return s.find(text) != std::string::npos; }) -
      committed.begin());
}

class FakeLoadTest : public ::testing::TestWithParam<Family> {
protected:
  void SetUp() override {
    fake_ = std::make_unique<neo4j::testing::FakeNeo4j>(GetParam().arguments);
    neo4j::SessionOptions options;
    options.uri = fake_->uri();
    session_ = neo4j::connect(options);
    // A parameterised test's name is "Name/family": one directory, not a nested pair whose
    // outer half TearDown would leave behind.
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(name.begin(), name.end(), '/', '-');
    dir_ = std::filesystem::temp_directory_path() /
           ("crochet-fake-load-" + std::to_string(::getpid()) + "-" + name);
    std::filesystem::create_directories(dir_);
    ledger_.emplace(ledger::Ledger::open(dir_ / "ledger.db"));
  }

  void TearDown() override {
    ledger_.reset();
    std::filesystem::remove_all(dir_);
  }

  LoadContext context() {
    LoadContext context(*session_, *ledger_, dir_);
    context.dialect = session_->server().capabilities.dialect;
    context.revision = "r1";
    return context;
  }

  // Two KNOWS relationships between Person nodes matched on `id`.
  static migration::Operation knows() {
    using migration::Json;
    return {migration::OpKind::create_relationships,
            {{"batch", "knows"},
             {"rel_type", "KNOWS"},
             {"rows", Json::array({Json{{"a", 1}, {"b", 2}}, Json{{"a", 2}, {"b", 3}}})},
             {"from", {{"label", "Person"}, {"key", {{"id", "a"}}}}},
             {"to", {{"label", "Person"}, {"key", {{"id", "b"}}}}}}};
  }

  std::unique_ptr<neo4j::testing::FakeNeo4j> fake_;
  std::unique_ptr<neo4j::Session> session_;
  std::optional<ledger::Ledger> ledger_;
  std::filesystem::path dir_;
};

} // namespace crochet::load::testing
