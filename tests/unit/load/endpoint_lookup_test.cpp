// What a load asks of the server before its first chunk, against the loopback protocol fake of
// each endpoint family: a relationships load has the outdated index samples refreshed first (on
// 3.x alone then reading the indexes for its hints), loads on when the server refuses the
// refresh, and a node load asks for neither.
#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <unistd.h>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/load/load.hpp"
#include "core/neo4j/session.hpp"
#include "tests/unit/neo4j/fake_server.hpp"

namespace crochet::load {
namespace {

using migration::Json;
using migration::Operation;
using migration::OpKind;
using neo4j::testing::FakeNeo4j;
using ::testing::HasSubstr;

constexpr const char* kResample = "CALL db.resampleOutdatedIndexes()";

struct Family {
  std::vector<std::string> arguments; // for the fake
  std::string name;
};
void PrintTo(const Family& family, std::ostream* out) {
  *out << family.name;
}

// Where the first of `committed` containing `text` is; committed.size() when none does.
std::size_t position_of(const std::vector<std::string>& committed, const std::string& text) {
  return static_cast<std::size_t>(
      std::find_if(committed.begin(), committed.end(),
                   [&](const std::string& s) { return s.find(text) != std::string::npos; }) -
      committed.begin());
}

class EndpointLookup : public ::testing::TestWithParam<Family> {
protected:
  void SetUp() override {
    fake_ = std::make_unique<FakeNeo4j>(GetParam().arguments);
    neo4j::SessionOptions options;
    options.uri = fake_->uri();
    session_ = neo4j::connect(options);
    dir_ = std::filesystem::temp_directory_path() /
           ("crochet-lookup-" + std::to_string(::getpid()) + "-" + GetParam().name);
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

  static Operation knows() {
    return {OpKind::create_relationships,
            {{"batch", "knows"},
             {"rel_type", "KNOWS"},
             {"rows", Json::array({Json{{"a", 1}, {"b", 2}}, Json{{"a", 2}, {"b", 3}}})},
             {"from", {{"label", "Person"}, {"key", {{"id", "a"}}}}},
             {"to", {{"label", "Person"}, {"key", {{"id", "b"}}}}}}};
  }

  std::unique_ptr<FakeNeo4j> fake_;
  std::unique_ptr<neo4j::Session> session_;
  std::optional<ledger::Ledger> ledger_;
  std::filesystem::path dir_;
};

TEST_P(EndpointLookup, RelationshipsRefreshTheIndexSamplesBeforeTheFirstChunk) {
  run_load(knows(), context());
  const std::vector<std::string> committed = fake_->committed();
  const std::size_t chunk = position_of(committed, "UNWIND $rows AS row");
  ASSERT_LT(chunk, committed.size()) << "the chunk was never committed";
  EXPECT_LT(position_of(committed, kResample), chunk);
}

TEST_P(EndpointLookup, ARefusedRefreshStillLoads) {
  fake_->rules(Json::array({{{"match", "resampleOutdatedIndexes"},
                             {"error",
                              {{"code", "Neo.ClientError.Security.Forbidden"},
                               {"message", "Executing procedure is not allowed"}}}}}));
  const LoadStats stats = run_load(knows(), context());
  EXPECT_EQ(stats.rows, 2);
  const std::vector<std::string> committed = fake_->committed();
  EXPECT_LT(position_of(committed, "UNWIND $rows AS row"), committed.size());
  EXPECT_EQ(ledger_->find_batch("knows")->state, "complete");
}

TEST_P(EndpointLookup, ANodeLoadAsksForNeither) {
  run_load(
      {OpKind::create_nodes,
       {{"batch", "people"}, {"labels", {"Person"}}, {"rows", Json::array({Json{{"id", 1}}})}}},
      context());
  const std::vector<std::string> committed = fake_->committed();
  EXPECT_EQ(position_of(committed, kResample), committed.size());
  EXPECT_EQ(position_of(committed, "db.indexes"), committed.size());
  EXPECT_LT(position_of(committed, "UNWIND $rows AS row"), committed.size());
}

// Only 3.x servers have their indexes read (after the refresh) and indexed end keys hinted.
TEST_P(EndpointLookup, ThreeXAloneReadsTheIndexesForHints) {
  fake_->rules(Json::array(
      {{{"match", "db.indexes"},
        {"columns", {"description", "indexName", "tokenNames", "properties", "state", "type"}},
        {"rows",
         {{"INDEX ON :Person(id)",
           "index_1",
           {"Person"},
           {"id"},
           "ONLINE",
           "node_unique_property"}}}}}));
  run_load(knows(), context());
  const std::vector<std::string> committed = fake_->committed();
  const std::size_t chunk = position_of(committed, "UNWIND $rows AS row");
  const std::size_t indexes = position_of(committed, "db.indexes");
  ASSERT_LT(chunk, committed.size());
  if (GetParam().name == "v3") {
    EXPECT_LT(position_of(committed, kResample), indexes);
    EXPECT_LT(indexes, chunk);
    EXPECT_THAT(committed[chunk], HasSubstr("(a:`Person` {`id`: row.`a`}) USING INDEX "
                                            "a:`Person`(`id`) OPTIONAL MATCH (b:`Person` "
                                            "{`id`: row.`b`}) USING INDEX b:`Person`(`id`) "));
  } else {
    EXPECT_EQ(indexes, committed.size());
    EXPECT_THAT(committed[chunk], ::testing::Not(HasSubstr("USING INDEX")));
  }
}

INSTANTIATE_TEST_SUITE_P(Families, EndpointLookup,
                         ::testing::Values(Family{{"--family", "query", "--version", "5.26.0"},
                                                  "query"},
                                           Family{{"--family", "tx", "--version", "4.4.30"}, "tx"},
                                           Family{{"--family", "v3", "--version", "3.5.35"}, "v3"}),
                         [](const auto& param_info) { return param_info.param.name; });

} // namespace
} // namespace crochet::load
