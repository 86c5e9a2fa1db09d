// What a load asks of the server before its first chunk, against the loopback protocol fake of
// each endpoint family: a relationships load has the outdated index samples refreshed first (on
// 3.x alone then reading the indexes for its hints), loads on when the server refuses the
// refresh, and a node load asks for neither.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/load/fake_load.hpp"

namespace crochet::load {
namespace {

using migration::Json;
using migration::OpKind;
using ::testing::HasSubstr;
using testing::position_of;

constexpr const char* kResample = "CALL db.resampleOutdatedIndexes()";

class EndpointLookup : public testing::FakeLoadTest {};

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

INSTANTIATE_TEST_SUITE_P(Families, EndpointLookup, testing::every_family(), testing::family_name);

} // namespace
} // namespace crochet::load
