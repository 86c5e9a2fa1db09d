// Reading constraints and indexes back as each server version spells them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/neo4j/graph_schema.hpp"

namespace crochet::neo4j {
namespace {

using ::testing::ElementsAre;

// Descriptions below are what Neo4j 3.1.1 answers to CALL db.constraints() / db.indexes().
TEST(V3Constraint, UniqueOnANode) {
  const GraphObject object =
      parse_v3_constraint("CONSTRAINT ON ( person:Person ) ASSERT person.email IS UNIQUE");
  EXPECT_EQ(object.kind, "unique_constraint");
  EXPECT_EQ(object.entity, "node");
  EXPECT_THAT(object.tokens, ElementsAre("Person"));
  EXPECT_THAT(object.properties, ElementsAre("email"));
  EXPECT_EQ(object.name, "");
  EXPECT_FALSE(object.internal);
}

TEST(V3Constraint, LabelsAndPropertiesWithSpacesAndColons) {
  // 3.x prints names unquoted; the variable is the label in lower case.
  const GraphObject object = parse_v3_constraint(
      "CONSTRAINT ON ( my person:My Person ) ASSERT my person.e mail IS UNIQUE");
  EXPECT_THAT(object.tokens, ElementsAre("My Person"));
  EXPECT_THAT(object.properties, ElementsAre("e mail"));
  const GraphObject colon =
      parse_v3_constraint("CONSTRAINT ON ( a:b:A:B ) ASSERT a:b.x.y IS UNIQUE");
  EXPECT_THAT(colon.tokens, ElementsAre("A:B"));
  EXPECT_THAT(colon.properties, ElementsAre("x.y"));
}

TEST(V3Constraint, ExistenceOnNodesAndRelationships) {
  const GraphObject node =
      parse_v3_constraint("CONSTRAINT ON ( person:Person ) ASSERT exists(person.name)");
  EXPECT_EQ(node.kind, "existence_constraint");
  EXPECT_THAT(node.properties, ElementsAre("name"));
  const GraphObject rel =
      parse_v3_constraint("CONSTRAINT ON ()-[ knows:KNOWS ]-() ASSERT exists(knows.since)");
  EXPECT_EQ(rel.kind, "existence_constraint");
  EXPECT_EQ(rel.entity, "relationship");
  EXPECT_THAT(rel.tokens, ElementsAre("KNOWS"));
  EXPECT_THAT(rel.properties, ElementsAre("since"));
}

TEST(V3Constraint, NodeKeyAndUnknownSpellings) {
  const GraphObject key = parse_v3_constraint(
      "CONSTRAINT ON ( person:Person ) ASSERT (person.first, person.last) IS NODE KEY");
  EXPECT_EQ(key.kind, "key_constraint");
  EXPECT_THAT(key.properties, ElementsAre("first", "last"));
  const GraphObject odd = parse_v3_constraint("SOMETHING ELSE");
  EXPECT_EQ(odd.kind, "other");
  EXPECT_EQ(odd.description, "SOMETHING ELSE");
}

TEST(V3Constraint, GitCrochetsOwnLockIsInternal) {
  EXPECT_TRUE(parse_v3_constraint("CONSTRAINT ON ( __crochetlock:__CrochetLock ) ASSERT "
                                  "__crochetlock.name IS UNIQUE")
                  .internal);
}

TEST(V3Index, PlainUniqueBackingAndFulltext) {
  const GraphObject plain =
      parse_v3_index("INDEX ON :Book(title)", "ONLINE", "node_label_property");
  EXPECT_EQ(plain.kind, "range_index");
  EXPECT_THAT(plain.tokens, ElementsAre("Book"));
  EXPECT_THAT(plain.properties, ElementsAre("title"));
  EXPECT_FALSE(plain.backs_constraint);

  const GraphObject backing =
      parse_v3_index("INDEX ON :My Person(e mail)", "ONLINE", "node_unique_property");
  EXPECT_TRUE(backing.backs_constraint);
  EXPECT_THAT(backing.tokens, ElementsAre("My Person"));
  EXPECT_THAT(backing.properties, ElementsAre("e mail"));

  const GraphObject composite =
      parse_v3_index("INDEX ON :Person(first, last)", "POPULATING", "node_label_property");
  EXPECT_THAT(composite.properties, ElementsAre("first", "last"));
  EXPECT_EQ(composite.state, "POPULATING");

  // 3.5's fulltext indexes: entity and several tokens.
  const GraphObject fulltext =
      parse_v3_index("INDEX ON RELATIONSHIP:KNOWS, LIKES(note)", "ONLINE", "relationship_fulltext");
  EXPECT_EQ(fulltext.kind, "fulltext_index");
  EXPECT_EQ(fulltext.entity, "relationship");
  EXPECT_THAT(fulltext.tokens, ElementsAre("KNOWS", "LIKES"));
}

neo4j::Result result(std::vector<std::string> columns, std::vector<neo4j::Json> rows) {
  neo4j::Result r;
  r.columns = std::move(columns);
  r.rows = std::move(rows);
  return r;
}

TEST(ShowConstraints, ReadsEveryTypeByColumnName) {
  // 5.x columns (a subset, in another order than the server's: read by name).
  const auto objects = from_show_constraints(
      result({"name", "type", "entityType", "labelsOrTypes", "properties", "ownedIndex"},
             {{"constraint_unique_Person_email",
               "UNIQUENESS",
               "NODE",
               {"Person"},
               {"email"},
               "constraint_unique_Person_email"},
              {"rel_unique", "RELATIONSHIP_UNIQUENESS", "RELATIONSHIP", {"KNOWS"}, {"id"}, "x"},
              {"exists_since",
               "RELATIONSHIP_PROPERTY_EXISTENCE",
               "RELATIONSHIP",
               {"KNOWS"},
               {"since"},
               nullptr},
              {"key", "NODE_KEY", "NODE", {"Person"}, {"a", "b"}, "key"},
              {"typed", "NODE_PROPERTY_TYPE", "NODE", {"Person"}, {"age"}, nullptr},
              {"constraint_unique___CrochetLock_name",
               "UNIQUENESS",
               "NODE",
               {"__CrochetLock"},
               {"name"},
               "y"}}));
  ASSERT_EQ(objects.size(), 6u);
  EXPECT_EQ(objects[0].kind, "unique_constraint");
  EXPECT_EQ(objects[0].name, "constraint_unique_Person_email");
  EXPECT_EQ(objects[1].kind, "unique_constraint");
  EXPECT_EQ(objects[1].entity, "relationship");
  EXPECT_EQ(objects[2].kind, "existence_constraint");
  EXPECT_EQ(objects[3].kind, "key_constraint");
  EXPECT_THAT(objects[3].properties, ElementsAre("a", "b"));
  EXPECT_EQ(objects[4].kind, "property_type_constraint");
  EXPECT_TRUE(objects[5].internal);
  EXPECT_EQ(objects[0].description, "constraint_unique_Person_email (unique_constraint on "
                                    ":Person(email))");
}

TEST(ShowIndexes, FourFourAndFiveSpellings) {
  // 4.4: BTREE, backing indexes marked by uniqueness.
  const auto v44 = from_show_indexes(
      result({"name", "state", "uniqueness", "type", "entityType", "labelsOrTypes", "properties"},
             {{"index_Book_title", "ONLINE", "NONUNIQUE", "BTREE", "NODE", {"Book"}, {"title"}},
              {"constraint_x", "ONLINE", "UNIQUE", "BTREE", "NODE", {"Person"}, {"email"}},
              {"index_343aff4e", "ONLINE", "NONUNIQUE", "LOOKUP", "NODE", nullptr, nullptr}}));
  ASSERT_EQ(v44.size(), 3u);
  EXPECT_EQ(v44[0].kind, "range_index");
  EXPECT_FALSE(v44[0].backs_constraint);
  EXPECT_TRUE(v44[1].backs_constraint);
  EXPECT_TRUE(v44[2].internal);
  EXPECT_TRUE(v44[2].tokens.empty());

  // 5.x: RANGE/FULLTEXT/VECTOR, backing indexes marked by owningConstraint.
  const auto v5 = from_show_indexes(
      result({"name", "state", "type", "entityType", "labelsOrTypes", "properties",
              "owningConstraint", "createStatement"},
             {{"fulltext_Book_title",
               "FAILED",
               "FULLTEXT",
               "NODE",
               {"Book"},
               {"title"},
               nullptr,
               "CREATE FULLTEXT INDEX ..."},
              {"vector_Doc_embedding",
               "ONLINE",
               "VECTOR",
               "RELATIONSHIP",
               {"CITES"},
               {"e"},
               nullptr,
               "CREATE VECTOR INDEX ..."},
              {"constraint_y", "ONLINE", "RANGE", "NODE", {"P"}, {"k"}, "constraint_y", ""}}));
  ASSERT_EQ(v5.size(), 3u);
  EXPECT_EQ(v5[0].kind, "fulltext_index");
  EXPECT_EQ(v5[0].state, "FAILED");
  EXPECT_EQ(v5[0].description, "CREATE FULLTEXT INDEX ...");
  EXPECT_EQ(v5[1].kind, "vector_index");
  EXPECT_EQ(v5[1].entity, "relationship");
  EXPECT_TRUE(v5[2].backs_constraint);
  EXPECT_FALSE(v5[0].backs_constraint);
}

} // namespace
} // namespace crochet::neo4j
