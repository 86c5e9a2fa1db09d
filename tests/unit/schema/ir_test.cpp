#include <gtest/gtest.h>

#include "core/schema/ir.hpp"
#include "core/schema/json.hpp"
#include "core/util/error.hpp"
#include "tests/unit/schema/builders.hpp"

namespace crochet::schema {
namespace {

using namespace test;

TEST(SchemaEnums, ToStringNamesAndTheirInverses) {
  EXPECT_STREQ(to_string(Direction::outgoing), "outgoing");
  EXPECT_STREQ(to_string(Direction::incoming), "incoming");
  EXPECT_STREQ(to_string(Direction::either), "either");
  EXPECT_STREQ(to_string(SchemaObject::Kind::unique_constraint), "unique_constraint");
  EXPECT_STREQ(to_string(SchemaObject::Kind::existence_constraint), "existence_constraint");
  EXPECT_STREQ(to_string(SchemaObject::Kind::range_index), "range_index");
  EXPECT_STREQ(to_string(SchemaObject::Kind::fulltext_index), "fulltext_index");
  EXPECT_STREQ(to_string(SchemaObject::Kind::vector_index), "vector_index");
  EXPECT_STREQ(to_string(SchemaObject::Entity::node), "node");
  EXPECT_STREQ(to_string(SchemaObject::Entity::relationship), "relationship");

  for (auto d : {Direction::outgoing, Direction::incoming, Direction::either})
    EXPECT_EQ(parse_direction(to_string(d)), d);
  for (auto k : {SchemaObject::Kind::unique_constraint, SchemaObject::Kind::existence_constraint,
                 SchemaObject::Kind::range_index, SchemaObject::Kind::fulltext_index,
                 SchemaObject::Kind::vector_index})
    EXPECT_EQ(parse_object_kind(to_string(k)), k);
  EXPECT_EQ(parse_object_entity("relationship"), SchemaObject::Entity::relationship);
  EXPECT_THROW(parse_direction("sideways"), Error);
  EXPECT_THROW(parse_object_kind("key_constraint"), Error);
  EXPECT_THROW(parse_object_entity("edge"), Error);
}

TEST(Normalize, SortsEveryCollection) {
  Node person = node("k2", "Person", {property("zeta"), property("alpha"), property("mid")});
  person.labels = {"Person", "Entity", "Person", "Base"};
  person.optional_labels = {"Z", "A", "Z"};
  person.relationships = {relationship("z_rel", "Z", "k1", "Company"),
                          relationship("a_rel", "A", "k1", "Company")};
  Node company = node("k1", "Company");
  Schema schema;
  schema.nodes = {person, company};
  schema.relationships = {model("r2", "B", {property("y"), property("x")}, {"T2", "T1", "T2"}),
                          model("r1", "A", {})};
  SchemaObject b;
  b.name = "b";
  SchemaObject a;
  a.name = "a";
  schema.objects = {b, a};

  normalize(schema);

  ASSERT_EQ(schema.nodes.size(), 2u);
  EXPECT_EQ(schema.nodes[0].kgid, "k1");
  const Node& sorted = schema.nodes[1];
  EXPECT_EQ(sorted.labels, (std::vector<std::string>{"Base", "Entity", "Person"}));
  EXPECT_EQ(sorted.optional_labels, (std::vector<std::string>{"A", "Z"}));
  EXPECT_EQ(sorted.properties[0].name, "alpha");
  EXPECT_EQ(sorted.properties[1].name, "mid");
  EXPECT_EQ(sorted.properties[2].name, "zeta");
  EXPECT_EQ(sorted.relationships[0].name, "a_rel");
  EXPECT_EQ(schema.relationships[0].kgid, "r1");
  EXPECT_EQ(schema.relationships[1].rel_types, (std::vector<std::string>{"T1", "T2"}));
  EXPECT_EQ(schema.relationships[1].properties[0].name, "x");
  EXPECT_EQ(schema.objects[0].name, "a");
}

TEST(Normalize, ResultDoesNotDependOnInputOrderEvenWithDuplicateKeys) {
  // Malformed input (two properties with one name) still normalizes to one order.
  Property first = property("dup");
  Property second = property("dup", "IntegerProperty");
  Schema a;
  a.nodes = {node("k1", "A", {first, second})};
  Schema b;
  b.nodes = {node("k1", "A", {second, first})};
  normalize(a);
  normalize(b);
  EXPECT_EQ(a, b);
}

TEST(Normalize, IsIdempotent) {
  Schema schema = full_schema();
  Schema again = schema;
  normalize(again);
  EXPECT_EQ(again, schema);
}

} // namespace
} // namespace crochet::schema
