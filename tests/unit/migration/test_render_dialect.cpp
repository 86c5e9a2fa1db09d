// Dialect names and server versions, what each server can run, step classes, the per-server
// subquery form, and the errors malformed step arguments give.
#include <gtest/gtest.h>

#include "core/migration/render.hpp"
#include "core/util/error.hpp"

namespace crochet::migration {
namespace {

Operation step(OpKind kind, Json args, int line = 0) {
  Operation operation;
  operation.kind = kind;
  operation.args = std::move(args);
  operation.line = line;
  return operation;
}

ServerCapabilities server(const char* version, bool enterprise = false) {
  return {dialect_for_version(version), version, enterprise};
}

std::string error_of(const Operation& operation, Dialect dialect = Dialect::v5) {
  try {
    render(operation, dialect);
  } catch (const Error& error) {
    return error.what();
  }
  return "";
}

TEST(Dialects, NamesRoundTrip) {
  for (Dialect dialect : {Dialect::v3, Dialect::v4_4, Dialect::v5, Dialect::v2025})
    EXPECT_EQ(parse_dialect(to_string(dialect)), dialect);
  EXPECT_STREQ(to_string(Dialect::v3), "3.x");
  EXPECT_STREQ(to_string(Dialect::v2025), "2025");
  EXPECT_FALSE(parse_dialect("5"));
  EXPECT_FALSE(parse_dialect(""));
  EXPECT_FALSE(parse_dialect("6.x"));
}

TEST(Dialects, ForServerVersions) {
  EXPECT_EQ(dialect_for_version("3.1.1"), Dialect::v3);
  EXPECT_EQ(dialect_for_version("3.5.35"), Dialect::v3);
  EXPECT_EQ(dialect_for_version("4.0.12"), Dialect::v3); // ON ... ASSERT until 4.4
  EXPECT_EQ(dialect_for_version("4.3.24"), Dialect::v3);
  EXPECT_EQ(dialect_for_version("4.4.30"), Dialect::v4_4);
  EXPECT_EQ(dialect_for_version("5.0.0"), Dialect::v5);
  EXPECT_EQ(dialect_for_version("5.26.12"), Dialect::v5);
  EXPECT_EQ(dialect_for_version("5.27-aura"), Dialect::v5);
  EXPECT_EQ(dialect_for_version("2025.01.0"), Dialect::v2025);
  EXPECT_EQ(dialect_for_version("2026.03.1"), Dialect::v2025);
  EXPECT_THROW(dialect_for_version("2.3.0"), Error);
  EXPECT_THROW(dialect_for_version("latest"), Error);
  EXPECT_THROW(dialect_for_version("5"), Error);
  EXPECT_THROW(dialect_for_version(""), Error);
}

const Json kNode = {{"name", "x"}, {"label", "L"}, {"property", "p"}};
const Json kRel = {{"name", "x"}, {"rel_type", "T"}, {"property", "p"}};

TEST(Capabilities, ExistenceConstraintsNeedEnterpriseEverywhere) {
  for (const char* version : {"3.1.1", "4.4.1", "5.26.0", "2025.01.0"})
    for (OpKind kind : {OpKind::add_existence_constraint, OpKind::drop_existence_constraint})
      for (const Json& args : {kNode, kRel}) {
        const auto reason = unsupported_reason(step(kind, args), server(version));
        ASSERT_TRUE(reason) << version;
        EXPECT_NE(reason->find("Enterprise"), std::string::npos);
        EXPECT_FALSE(unsupported_reason(step(kind, args), server(version, true))) << version;
      }
}

TEST(Capabilities, FulltextNeeds35On3xAnd516On5x) {
  const auto add = step(OpKind::add_fulltext_index, kNode);
  EXPECT_NE(unsupported_reason(add, server("3.1.1"))->find("3.5"), std::string::npos);
  EXPECT_FALSE(unsupported_reason(add, server("3.5.0")));
  EXPECT_FALSE(unsupported_reason(add, server("4.4.0")));
  EXPECT_NE(unsupported_reason(add, server("5.15.0"))->find("5.16"), std::string::npos);
  EXPECT_FALSE(unsupported_reason(add, server("5.16.0")));
  EXPECT_FALSE(unsupported_reason(add, server("2025.01.0")));
  EXPECT_TRUE(unsupported_reason(step(OpKind::drop_fulltext_index, kRel), server("3.1.1")));
}

TEST(Capabilities, VectorIndexesFrom515ForNodesAnd518ForRelationships) {
  const auto node = step(OpKind::add_vector_index, kNode);
  const auto rel = step(OpKind::add_vector_index, kRel);
  EXPECT_TRUE(unsupported_reason(node, server("3.5.0")));
  EXPECT_TRUE(unsupported_reason(node, server("4.4.0")));
  EXPECT_NE(unsupported_reason(node, server("5.14.0"))->find("5.15"), std::string::npos);
  EXPECT_FALSE(unsupported_reason(node, server("5.15.0")));
  EXPECT_NE(unsupported_reason(rel, server("5.17.0"))->find("5.18"), std::string::npos);
  EXPECT_FALSE(unsupported_reason(rel, server("5.18.0")));
  EXPECT_FALSE(unsupported_reason(rel, server("2025.01.0")));
}

TEST(Capabilities, RelationshipUniquenessFrom57RelationshipIndexesFromThe44Dialect) {
  const auto unique = step(OpKind::add_unique_constraint, kRel);
  EXPECT_TRUE(unsupported_reason(unique, server("3.5.0")));
  EXPECT_TRUE(unsupported_reason(unique, server("4.4.0")));
  EXPECT_NE(unsupported_reason(unique, server("5.6.0"))->find("5.7"), std::string::npos);
  EXPECT_FALSE(unsupported_reason(unique, server("5.7.0")));
  EXPECT_FALSE(unsupported_reason(step(OpKind::add_unique_constraint, kNode), server("3.1.1")));
  EXPECT_TRUE(unsupported_reason(step(OpKind::add_index, kRel), server("3.5.0")));
  EXPECT_FALSE(unsupported_reason(step(OpKind::add_index, kRel), server("4.4.0")));
}

TEST(Capabilities, InTransactionsNeeds44) {
  const auto batched = step(OpKind::cypher, {{"statement", "..."}, {"in_transactions", true}});
  EXPECT_TRUE(unsupported_reason(batched, server("4.3.0")));
  EXPECT_FALSE(unsupported_reason(batched, server("4.4.0")));
  EXPECT_FALSE(
      unsupported_reason(step(OpKind::cypher, {{"statement", "RETURN 1"}}), server("3.1.1")));
}

TEST(Capabilities, UnreadableVersionCountsAsTheOldestOfItsDialect) {
  const auto add = step(OpKind::add_fulltext_index, kNode);
  EXPECT_TRUE(unsupported_reason(add, ServerCapabilities{Dialect::v5, "unknown", true}));
  EXPECT_FALSE(unsupported_reason(add, ServerCapabilities{Dialect::v2025, "unknown", true}));
}

// What no dialect can write is refused before a run, as a missing feature is: found only when
// the run reached it, it stopped the run with the earlier migrations applied.
TEST(Capabilities, AStepNoDialectCanWriteIsRefusedUpFront) {
  const Json bad_name = {{"name", "x"}, {"label", "L\\u0041"}, {"property", "p"}};
  const auto reason = unsupported_reason(step(OpKind::add_index, bad_name), server("5.26.0"));
  ASSERT_TRUE(reason);
  EXPECT_NE(reason->find("cannot be used as a Cypher label"), std::string::npos) << *reason;
  const auto table_value =
      step(OpKind::add_node_property, {{"label", "L"}, {"property", "p"}, {"value", {{"a", 1}}}});
  EXPECT_TRUE(unsupported_reason(table_value, server("3.1.1")));
  EXPECT_TRUE(unsupported_reason(step(OpKind::rename_label, {{"from", "A"}, {"to", "A"}}),
                                 server("2025.01.0")));
}

TEST(Capabilities, RenderRefusesWhatTheDialectCannotWrite) {
  const std::string message = error_of(step(OpKind::add_vector_index, kNode, 12), Dialect::v4_4);
  EXPECT_NE(message.find("op add_vector_index (line 12)"), std::string::npos) << message;
  EXPECT_NE(message.find("5.15"), std::string::npos) << message;
  EXPECT_NE(error_of(step(OpKind::add_unique_constraint, kRel), Dialect::v3), "");
}

const Json kDelete = {{"batch", "b"}, {"labels", {"A"}}, {"rows_per_transaction", 500}};

TEST(Subqueries, ImportingWithUntil523ScopeClauseFrom523) {
  const auto del = step(OpKind::delete_nodes_by_batch, kDelete);
  const std::string with = "CALL { WITH n DETACH DELETE n } IN TRANSACTIONS";
  const std::string scoped = "CALL (n) { DETACH DELETE n } IN TRANSACTIONS";
  auto text = [&](const auto& target) { return render(del, target).at(0).text; };
  EXPECT_NE(text(Dialect::v5).find(with), std::string::npos);
  EXPECT_NE(text(server("5.22.0")).find(with), std::string::npos);
  EXPECT_NE(text(server("5.23.0")).find(scoped), std::string::npos);
  EXPECT_NE(text(server("5.26.1")).find(scoped), std::string::npos);
  EXPECT_NE(text(Dialect::v2025).find(scoped), std::string::npos);
  EXPECT_NE(text(Dialect::v4_4).find(with + " OF 500 ROWS"), std::string::npos);
  EXPECT_NE(text(Dialect::v5).find("OF $rows_per_transaction ROWS"), std::string::npos);
  EXPECT_EQ(render(del, Dialect::v5).at(0).params["rows_per_transaction"], 500);
  EXPECT_EQ(text(Dialect::v3), "MATCH (n:`A`) WHERE n.`__crochet_batch` = $batch DETACH DELETE n");
}

TEST(StepClasses, FollowTheOperationTable) {
  EXPECT_EQ(render(step(OpKind::add_index, kNode), Dialect::v5).at(0).step_class,
            StepClass::schema);
  EXPECT_EQ(render(step(OpKind::add_fulltext_index, kNode), Dialect::v3).at(0).step_class,
            StepClass::schema);
  EXPECT_EQ(render(step(OpKind::rename_label, {{"from", "A"}, {"to", "B"}}), Dialect::v5)
                .at(0)
                .step_class,
            StepClass::data);
  EXPECT_EQ(render(step(OpKind::create_nodes, {{"batch", "b"}, {"labels", {"A"}}}), Dialect::v5)
                .at(0)
                .step_class,
            StepClass::batched_data);
  EXPECT_EQ(
      render(step(OpKind::delete_nodes_by_batch, {{"batch", "b"}}), Dialect::v3).at(0).step_class,
      StepClass::batched_data);
  const auto cypher = [](Json args) {
    return render(step(OpKind::cypher, args), Dialect::v5).at(0);
  };
  EXPECT_EQ(cypher({{"statement", "RETURN 1"}}).step_class, StepClass::data);
  EXPECT_EQ(
      cypher({{"statement", "CREATE INDEX i FOR (n:A) ON (n.b)"}, {"schema", true}}).step_class,
      StepClass::schema);
  EXPECT_EQ(cypher({{"statement", "..."}, {"in_transactions", true}}).step_class,
            StepClass::batched_data);
  const auto free = cypher({{"statement", "RETURN $x"}, {"params", {{"x", 1}}}});
  EXPECT_EQ(free.text, "RETURN $x");
  EXPECT_EQ(free.params, Json({{"x", 1}}));
}

TEST(StepArguments, MalformedDataStepsAreClearErrors) {
  const Json from = {{"label", "A"}, {"key", {{"id", "a_id"}}}};
  const Json to = {{"label", "B"}, {"key", {{"id", "b_id"}}}};
  auto rels = [&](Json extra) {
    Json args = {{"batch", "b"}, {"rel_type", "T"}, {"from", from}, {"to", to}};
    args.update(extra);
    return step(OpKind::create_relationships, args, 7);
  };
  EXPECT_NE(error_of(rels({{"on_missing", "ignore"}})).find("on_missing must be"),
            std::string::npos);
  EXPECT_NE(error_of(rels({{"from", {{"key", {{"id", "a"}}}}}})).find("needs a `label`"),
            std::string::npos);
  EXPECT_NE(error_of(rels({{"to", {{"label", "B"}, {"key", Json::object()}}}})).find("`key` table"),
            std::string::npos);
  EXPECT_NE(
      error_of(rels({{"to", {{"label", "B"}, {"key", {{"id", 3}}}}}})).find("must be a string"),
      std::string::npos);
  EXPECT_NE(error_of(rels({{"from", {{"label", "A"}, {"key", {{"id", "a"}}}, {"where", "x"}}}}))
                .find("unknown entry 'where'"),
            std::string::npos);
  EXPECT_NE(error_of(rels({{"rows", {1, 2}}})).find("`rows` must be a list of tables"),
            std::string::npos);
  EXPECT_NE(error_of(rels({{"columns", {{"since", 5}}}})).find("type of column"),
            std::string::npos);
  EXPECT_NE(error_of(rels({{"on_missing", "ignore"}})).find("(line 7)"), std::string::npos);

  EXPECT_NE(error_of(step(OpKind::create_nodes, {{"batch", "b"}, {"labels", Json::array()}}))
                .find("`labels` must not be empty"),
            std::string::npos);
  EXPECT_NE(error_of(step(OpKind::upsert_nodes,
                          {{"batch", "b"}, {"labels", {"A"}}, {"keys", Json::array()}}))
                .find("`keys` must not be empty"),
            std::string::npos);
  EXPECT_NE(
      error_of(step(OpKind::delete_nodes_by_batch, {{"batch", "b"}, {"rows_per_transaction", 0}}))
          .find("positive"),
      std::string::npos);
  EXPECT_NE(error_of(step(OpKind::add_node_property,
                          {{"label", "A"}, {"property", "p"}, {"value", {{"nested", 1}}}}))
                .find("`value` must be"),
            std::string::npos);
  EXPECT_NE(error_of(step(OpKind::rename_label, {{"from", "A"}, {"to", "A"}})).find("to itself"),
            std::string::npos);
}

TEST(DataSteps, MissingEndpointsFailOrAreSkippedAsAsked) {
  const Json base = {{"batch", "b"},
                     {"rel_type", "T"},
                     {"from", {{"label", "A"}, {"key", {{"id", "a_id"}}}}},
                     {"to", {{"label", "B"}, {"key", {{"id", "b_id"}}}}}};
  const auto strict = render(step(OpKind::create_relationships, base), Dialect::v5).at(0).text;
  EXPECT_NE(strict.find("OPTIONAL MATCH (a:`A` {`id`: row.`a_id`}) OPTIONAL MATCH (b:`B`"),
            std::string::npos)
      << strict;
  Json skip = base;
  skip["on_missing"] = "skip";
  const auto lenient = render(step(OpKind::create_relationships, skip), Dialect::v5).at(0).text;
  EXPECT_EQ(lenient.find("OPTIONAL"), std::string::npos);
  EXPECT_NE(lenient.find("REMOVE r.`a_id`, r.`b_id`"), std::string::npos);
}

TEST(DataSteps, EndpointsKeyedOnAnIndexedPropertyHintTheIndex) {
  const Json args = {{"batch", "b"},
                     {"rel_type", "T"},
                     {"from", {{"label", "A"}, {"key", {{"id", "a_id"}}}}},
                     {"to", {{"label", "B"}, {"key", {{"code", "b_code"}, {"country", "c"}}}}}};
  const auto rels = step(OpKind::create_relationships, args);
  // B is indexed on its second key property only; the index on A(name) is not a key.
  const std::vector<IndexedProperty> indexed = {{"A", "name"}, {"A", "id"}, {"B", "country"}};
  const auto hinted = render(rels, Dialect::v3, indexed).at(0).text;
  EXPECT_NE(hinted.find("OPTIONAL MATCH (a:`A` {`id`: row.`a_id`}) USING INDEX a:`A`(`id`) "
                        "OPTIONAL MATCH (b:`B` {`code`: row.`b_code`, `country`: row.`c`}) "
                        "USING INDEX b:`B`(`country`) CREATE"),
            std::string::npos)
      << hinted;
  // An index on another label's property of the same name is no hint; nor is no index at all.
  const auto unhinted = render(rels, Dialect::v3, {{"B", "id"}, {"A", "code"}}).at(0).text;
  EXPECT_EQ(unhinted.find("USING INDEX"), std::string::npos) << unhinted;
  EXPECT_EQ(unhinted, render(rels, Dialect::v3).at(0).text);
  // Other steps ignore what is indexed.
  const auto nodes = step(OpKind::create_nodes, {{"batch", "b"}, {"labels", {"A"}}});
  EXPECT_EQ(render(nodes, Dialect::v3, indexed).at(0).text, render(nodes, Dialect::v3).at(0).text);
}

TEST(DataSteps, TemporalColumnsAreConvertedWhereTheServerHasTemporalTypes) {
  const auto load =
      step(OpKind::create_nodes,
           {{"batch", "b"}, {"labels", {"A"}}, {"columns", {{"born", "date"}, {"n", "integer"}}}});
  EXPECT_NE(render(load, Dialect::v4_4).at(0).text.find("n.`born` = date(row.`born`)"),
            std::string::npos);
  EXPECT_EQ(render(load, Dialect::v3).at(0).text.find("date("), std::string::npos);
}

TEST(DataSteps, AddingAPropertyWithoutValueChangesNoData) {
  EXPECT_TRUE(
      render(step(OpKind::add_node_property, {{"label", "A"}, {"property", "p"}}), Dialect::v5)
          .empty());
  EXPECT_TRUE(render(step(OpKind::begin_batch, {{"batch", "b"}}), Dialect::v5).empty());
}

} // namespace
} // namespace crochet::migration
