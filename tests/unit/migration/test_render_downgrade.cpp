// Each step's natural downgrade: what it is, whether it is faithful, and that it is itself a
// valid step the renderer accepts.
#include <gtest/gtest.h>

#include "core/migration/render.hpp"
#include "tests/cypher/sample_operations.hpp"

namespace crochet::migration {
namespace {

Operation step(OpKind kind, Json args) {
  Operation operation;
  operation.kind = kind;
  operation.args = std::move(args);
  return operation;
}

const Json kNode = {
    {"name", "constraint_unique_Person_email"}, {"label", "Person"}, {"property", "email"}};

TEST(NaturalDowngrade, SchemaStepsSwapAddAndDropWithTheSameArguments) {
  const std::pair<OpKind, OpKind> pairs[] = {
      {OpKind::add_unique_constraint, OpKind::drop_unique_constraint},
      {OpKind::add_existence_constraint, OpKind::drop_existence_constraint},
      {OpKind::add_index, OpKind::drop_index},
      {OpKind::add_fulltext_index, OpKind::drop_fulltext_index},
      {OpKind::add_vector_index, OpKind::drop_vector_index},
  };
  for (const auto& [add, drop] : pairs) {
    const Downgrade down = natural_downgrade(step(add, kNode));
    ASSERT_EQ(down.steps.size(), 1u) << to_string(add);
    EXPECT_EQ(down.steps[0], step(drop, kNode));
    EXPECT_TRUE(down.faithful) << to_string(add);
    const Downgrade up = natural_downgrade(step(drop, kNode));
    ASSERT_EQ(up.steps.size(), 1u);
    EXPECT_EQ(up.steps[0], step(add, kNode));
  }
  // Dropping plain constraints and range indexes is undone exactly by creating them again.
  EXPECT_TRUE(natural_downgrade(step(OpKind::drop_unique_constraint, kNode)).faithful);
  EXPECT_TRUE(natural_downgrade(step(OpKind::drop_index, kNode)).faithful);
}

TEST(NaturalDowngrade, RecreatingAnIndexIsFaithfulOnlyWithAllItsSettings) {
  EXPECT_FALSE(natural_downgrade(step(OpKind::drop_fulltext_index, kNode)).faithful);
  Json fulltext = kNode;
  fulltext["analyzer"] = "english";
  EXPECT_FALSE(natural_downgrade(step(OpKind::drop_fulltext_index, fulltext)).faithful);
  fulltext["eventually_consistent"] = false;
  EXPECT_TRUE(natural_downgrade(step(OpKind::drop_fulltext_index, fulltext)).faithful);

  EXPECT_FALSE(natural_downgrade(step(OpKind::drop_vector_index, kNode)).faithful);
  Json vector = kNode;
  vector["dimensions"] = 384;
  vector["similarity_function"] = "cosine";
  const Downgrade down = natural_downgrade(step(OpKind::drop_vector_index, vector));
  EXPECT_TRUE(down.faithful);
  EXPECT_EQ(down.steps.at(0).args, vector);
}

TEST(NaturalDowngrade, RenamesSwapFromAndTo) {
  for (OpKind kind : {OpKind::rename_label, OpKind::rename_relationship_type}) {
    const Downgrade down = natural_downgrade(step(kind, {{"from", "A"}, {"to", "B"}}));
    EXPECT_EQ(down.steps.at(0), step(kind, {{"from", "B"}, {"to", "A"}}));
    EXPECT_TRUE(down.faithful);
  }
  const Downgrade down = natural_downgrade(
      step(OpKind::rename_node_property, {{"label", "Person"}, {"from", "mail"}, {"to", "email"}}));
  EXPECT_EQ(down.steps.at(0), step(OpKind::rename_node_property,
                                   {{"label", "Person"}, {"from", "email"}, {"to", "mail"}}));
  EXPECT_TRUE(down.faithful);
  const Downgrade rel = natural_downgrade(
      step(OpKind::rename_relationship_property, {{"rel_type", "T"}, {"from", "a"}, {"to", "b"}}));
  EXPECT_EQ(rel.steps.at(0).args["from"], "b");
}

TEST(NaturalDowngrade, AddingAPropertyIsUndoneRemovingItLosesValues) {
  const Downgrade add = natural_downgrade(step(
      OpKind::add_node_property, {{"label", "Person"}, {"property", "country"}, {"value", "FR"}}));
  EXPECT_EQ(add.steps.at(0),
            step(OpKind::remove_node_property, {{"label", "Person"}, {"property", "country"}}));
  EXPECT_TRUE(add.faithful);

  const Downgrade remove = natural_downgrade(
      step(OpKind::remove_node_property, {{"label", "Person"}, {"property", "fax"}}));
  EXPECT_EQ(remove.steps.at(0),
            step(OpKind::add_node_property, {{"label", "Person"}, {"property", "fax"}}));
  EXPECT_FALSE(remove.faithful);

  const Downgrade rel = natural_downgrade(step(
      OpKind::add_relationship_property, {{"rel_type", "T"}, {"property", "p"}, {"value", 1}}));
  EXPECT_EQ(rel.steps.at(0),
            step(OpKind::remove_relationship_property, {{"rel_type", "T"}, {"property", "p"}}));
  EXPECT_FALSE(natural_downgrade(step(OpKind::remove_relationship_property,
                                      {{"rel_type", "T"}, {"property", "p"}}))
                   .faithful);
}

TEST(NaturalDowngrade, FreeCypherHasNoneBatchesHaveTheirDeletes) {
  const Downgrade cypher = natural_downgrade(step(OpKind::cypher, {{"statement", "RETURN 1"}}));
  EXPECT_TRUE(cypher.steps.empty());
  EXPECT_FALSE(cypher.faithful);

  const Downgrade begin = natural_downgrade(step(OpKind::begin_batch, {{"batch", "b"}}));
  EXPECT_TRUE(begin.steps.empty());
  EXPECT_TRUE(begin.faithful);

  const Downgrade create =
      natural_downgrade(step(OpKind::create_nodes, {{"batch", "b"},
                                                    {"labels", {"A", "B"}},
                                                    {"rows_per_transaction", 10},
                                                    {"source", {{"path", "x.csv"}}}}));
  EXPECT_EQ(create.steps.at(0),
            step(OpKind::delete_nodes_by_batch,
                 {{"batch", "b"}, {"labels", {"A", "B"}}, {"rows_per_transaction", 10}}));
  EXPECT_TRUE(create.faithful);

  // Existing nodes an upsert updated keep the new values: only the created ones go away.
  const Downgrade upsert = natural_downgrade(
      step(OpKind::upsert_nodes, {{"batch", "b"}, {"labels", {"A"}}, {"keys", {"id"}}}));
  EXPECT_EQ(upsert.steps.at(0),
            step(OpKind::delete_nodes_by_batch, {{"batch", "b"}, {"labels", {"A"}}}));
  EXPECT_FALSE(upsert.faithful);

  const Downgrade rels = natural_downgrade(
      step(OpKind::create_relationships, {{"batch", "b"},
                                          {"rel_type", "T"},
                                          {"from", {{"label", "A"}, {"key", {{"id", "a"}}}}},
                                          {"to", {{"label", "B"}, {"key", {{"id", "b"}}}}}}));
  EXPECT_EQ(rels.steps.at(0),
            step(OpKind::delete_relationships_by_batch, {{"batch", "b"}, {"rel_type", "T"}}));
  EXPECT_TRUE(rels.faithful);

  for (OpKind kind : {OpKind::delete_nodes_by_batch, OpKind::delete_relationships_by_batch}) {
    const Downgrade down = natural_downgrade(step(kind, {{"batch", "b"}}));
    EXPECT_TRUE(down.steps.empty());
    EXPECT_FALSE(down.faithful);
  }
}

// Every downgrade of every sample is a valid step that renders, and for faithful pairs the
// downgrade of the downgrade is the step itself.
TEST(NaturalDowngrade, EveryDowngradeIsAValidRenderableStep) {
  for (const auto& sample : samples::all_samples()) {
    const Downgrade down = natural_downgrade(sample.step);
    for (const Operation& inverse : down.steps) {
      EXPECT_NO_THROW(validate_operation(inverse, "downgrade of " + sample.id)) << sample.id;
      EXPECT_NO_THROW(render(inverse, Dialect::v5)) << sample.id;
      EXPECT_EQ(inverse.line, 0);
    }
    const bool schema_or_rename = spec_of(sample.step.kind).step_class == StepClass::schema ||
                                  sample.step.kind == OpKind::rename_label ||
                                  sample.step.kind == OpKind::rename_relationship_type ||
                                  sample.step.kind == OpKind::rename_node_property ||
                                  sample.step.kind == OpKind::rename_relationship_property;
    if (schema_or_rename && down.faithful) {
      ASSERT_EQ(down.steps.size(), 1u) << sample.id;
      const Downgrade back = natural_downgrade(down.steps[0]);
      ASSERT_EQ(back.steps.size(), 1u) << sample.id;
      EXPECT_EQ(back.steps[0], sample.step) << sample.id;
    }
  }
}

// Upgrade then downgrade on the rendered plan: the drop names exactly what the add created.
TEST(NaturalDowngrade, RenderedInverseTargetsTheSameObject) {
  const Operation add =
      step(OpKind::add_index,
           {{"name", "index_Person_name"}, {"label", "Person"}, {"property", "name"}});
  const auto up = render(add, Dialect::v5);
  const auto down = render(natural_downgrade(add).steps.at(0), Dialect::v5);
  EXPECT_EQ(up.at(0).text,
            "CREATE INDEX `index_Person_name` IF NOT EXISTS FOR (n:`Person`) ON (n.`name`)");
  EXPECT_EQ(down.at(0).text, "DROP INDEX `index_Person_name` IF EXISTS");
  const auto up3 = render(add, Dialect::v3);
  const auto down3 = render(natural_downgrade(add).steps.at(0), Dialect::v3);
  EXPECT_EQ(up3.at(0).text, "CREATE INDEX ON :`Person`(`name`)");
  EXPECT_EQ(down3.at(0).text, "DROP INDEX ON :`Person`(`name`)");
}

} // namespace
} // namespace crochet::migration
