#include <gtest/gtest.h>

#include <algorithm>

#include "core/schema/ir.hpp"
#include "tests/unit/schema/builders.hpp"

namespace crochet::schema {
namespace {

using namespace test;
using Kind = SchemaObject::Kind;
using Entity = SchemaObject::Entity;

std::vector<std::string> names(const Schema& schema) {
  std::vector<std::string> result;
  for (const auto& object : schema.objects)
    result.push_back(object.name);
  return result;
}

const SchemaObject& find(const Schema& schema, const std::string& name) {
  for (const auto& object : schema.objects)
    if (object.name == name)
      return object;
  throw std::runtime_error("no object " + name);
}

TEST(DeriveObjects, NodeUniqueIndexIsAUniqueConstraint) {
  Schema schema;
  schema.nodes = {node("k1", "Person", {unique(property("email"))})};
  derive_objects(schema);
  ASSERT_EQ(names(schema), std::vector<std::string>{"constraint_unique_Person_email"});
  const auto& object = schema.objects[0];
  EXPECT_EQ(object.kind, Kind::unique_constraint);
  EXPECT_EQ(object.entity, Entity::node);
  EXPECT_EQ(object.label, "Person");
  EXPECT_EQ(object.property, "email");
  EXPECT_EQ(object.owner_kgid, "k1");
  EXPECT_FALSE(object.fulltext);
  EXPECT_FALSE(object.vector);
}

TEST(DeriveObjects, NodeIndexIsARangeIndex) {
  Schema schema;
  schema.nodes = {node("k1", "Person", {indexed(property("name"))})};
  derive_objects(schema);
  ASSERT_EQ(names(schema), std::vector<std::string>{"index_Person_name"});
  EXPECT_EQ(schema.objects[0].kind, Kind::range_index);
}

TEST(DeriveObjects, IndexTakesPrecedenceOverUniqueIndexAsInNeomodel) {
  Schema schema;
  schema.nodes = {node("k1", "Person", {indexed(unique(property("name")))})};
  derive_objects(schema);
  EXPECT_EQ(names(schema), std::vector<std::string>{"index_Person_name"});
}

TEST(DeriveObjects, FulltextAndVectorIndexesCarryTheirConfiguration) {
  Property bio = property("bio");
  bio.fulltext_index = FulltextIndex{"english", true};
  Property embedding = property("embedding", "ArrayProperty");
  embedding.vector_index = VectorIndex{256, "euclidean"};
  Schema schema;
  schema.nodes = {node("k1", "Doc", {bio, embedding})};
  derive_objects(schema);
  ASSERT_EQ(names(schema),
            (std::vector<std::string>{"fulltext_index_Doc_bio", "vector_index_Doc_embedding"}));
  const auto& fulltext = find(schema, "fulltext_index_Doc_bio");
  EXPECT_EQ(fulltext.kind, Kind::fulltext_index);
  EXPECT_EQ(fulltext.fulltext, (FulltextIndex{"english", true}));
  const auto& vector = find(schema, "vector_index_Doc_embedding");
  EXPECT_EQ(vector.kind, Kind::vector_index);
  EXPECT_EQ(vector.vector, (VectorIndex{256, "euclidean"}));
}

TEST(DeriveObjects, UniqueAndFulltextOnOnePropertyGiveBoth) {
  Property title = unique(property("title"));
  title.fulltext_index = FulltextIndex{};
  Schema schema;
  schema.nodes = {node("k1", "Book", {title})};
  derive_objects(schema);
  EXPECT_EQ(names(schema), (std::vector<std::string>{"constraint_unique_Book_title",
                                                     "fulltext_index_Book_title"}));
}

TEST(DeriveObjects, UsesTheDbPropertyName) {
  Property email = unique(property("email"));
  email.db_property = "e_mail";
  Schema schema;
  schema.nodes = {node("k1", "Person", {email})};
  derive_objects(schema);
  ASSERT_EQ(names(schema), std::vector<std::string>{"constraint_unique_Person_e_mail"});
  EXPECT_EQ(schema.objects[0].property, "e_mail");
}

TEST(DeriveObjects, EmptyDbPropertyFallsBackToTheName) {
  Property email = unique(property("email"));
  email.db_property.clear();
  Schema schema;
  schema.nodes = {node("k1", "Person", {email})};
  derive_objects(schema);
  EXPECT_EQ(names(schema), std::vector<std::string>{"constraint_unique_Person_email"});
}

TEST(DeriveObjects, SubclassGetsInheritedPropertiesOnItsOwnLabel) {
  Node person = node("k1", "Person", {unique(property("email"))});
  Node employee = node("k2", "Employee", {unique(property("email")), indexed(property("badge"))});
  employee.labels = {"Employee", "Person"};
  Schema schema;
  schema.nodes = {person, employee};
  derive_objects(schema);
  EXPECT_EQ(names(schema),
            (std::vector<std::string>{"constraint_unique_Employee_email",
                                      "constraint_unique_Person_email", "index_Employee_badge"}));
  EXPECT_EQ(find(schema, "constraint_unique_Employee_email").owner_kgid, "k2");
}

TEST(DeriveObjects, CustomLabelIsUsedInsteadOfTheClassName) {
  Node person = node("k1", "Person", {unique(property("email"))});
  person.label = "Human";
  person.labels = {"Human"};
  Schema schema;
  schema.nodes = {person};
  derive_objects(schema);
  EXPECT_EQ(names(schema), std::vector<std::string>{"constraint_unique_Human_email"});
}

TEST(DeriveObjects, AliasPropertiesProduceNothing) {
  Property alias = unique(indexed(property("mail")));
  alias.alias_of = "email";
  alias.fulltext_index = FulltextIndex{};
  alias.required = true;
  Schema schema;
  schema.nodes = {node("k1", "Person", {alias})};
  derive_objects(schema, true);
  EXPECT_TRUE(schema.objects.empty());
}

TEST(DeriveObjects, RelationshipModelGetsObjectsOnEveryTypeItIsUsedWith) {
  Property since = indexed(property("since", "DateTimeProperty"));
  Property key = unique(property("key"));
  Node person = node("k1", "Person");
  auto knows = relationship("knows", "KNOWS", "k1", "Person");
  knows.model_kgid = "r1";
  person.relationships = {knows};
  Schema schema;
  schema.nodes = {person};
  // FRIEND comes from the model's own list, KNOWS only from a definition that uses the model.
  schema.relationships = {model("r1", "Friendship", {since, key}, {"FRIEND"})};
  derive_objects(schema);
  EXPECT_EQ(names(schema),
            (std::vector<std::string>{"constraint_unique_FRIEND_key", "constraint_unique_KNOWS_key",
                                      "index_FRIEND_since", "index_KNOWS_since"}));
  const auto& index = find(schema, "index_KNOWS_since");
  EXPECT_EQ(index.entity, Entity::relationship);
  EXPECT_EQ(index.label, "KNOWS");
  EXPECT_EQ(index.property, "since");
  EXPECT_EQ(index.owner_kgid, "r1");
}

TEST(DeriveObjects, EachRelationshipModelGetsOnlyTheTypesItIsUsedWith) {
  Property since = indexed(property("since"));
  auto use = [](const char* name, const char* type, const char* model_kgid) {
    auto r = relationship(name, type, "k1", "Person");
    r.model_kgid = model_kgid;
    return r;
  };
  Node person = node("k1", "Person");
  person.relationships = {use("knows", "KNOWS", "r1"), use("likes", "LIKES", "r2"),
                          use("plain", "PLAIN", "")};
  Node pet = node("k2", "Pet");
  pet.relationships = {use("owner", "OWNS", "r1"), use("guess", "TYPES[0]", "r2")};
  pet.relationships[1].rel_type_resolved = false;
  Schema schema;
  schema.nodes = {person, pet};
  schema.relationships = {model("r1", "Friendship", {since}, {}),
                          model("r2", "Liking", {since}, {"TYPES[0]", "FAN"}),
                          model("", "Unnamed", {since}, {"OWN"})};
  derive_objects(schema);
  EXPECT_EQ(names(schema),
            (std::vector<std::string>{"index_FAN_since", "index_KNOWS_since", "index_LIKES_since",
                                      "index_OWNS_since", "index_OWN_since"}));
  EXPECT_EQ(find(schema, "index_OWNS_since").owner_kgid, "r1");
  EXPECT_EQ(find(schema, "index_LIKES_since").owner_kgid, "r2");
  EXPECT_EQ(find(schema, "index_OWN_since").owner_kgid, "");
}

TEST(DeriveObjects, RelationshipFulltextAndVectorIndexes) {
  Property note = property("note");
  note.fulltext_index = FulltextIndex{};
  Property weight = property("weight", "ArrayProperty");
  weight.vector_index = VectorIndex{};
  Schema schema;
  schema.relationships = {model("r1", "Rated", {note, weight}, {"RATED"})};
  derive_objects(schema);
  EXPECT_EQ(names(schema),
            (std::vector<std::string>{"fulltext_index_RATED_note", "vector_index_RATED_weight"}));
  EXPECT_EQ(find(schema, "vector_index_RATED_weight").vector, VectorIndex{});
}

TEST(DeriveObjects, UnresolvedRelationshipTypesGetNoObjects) {
  Node person = node("k1", "Person");
  auto knows = relationship("knows", "TYPES['knows']", "k1", "Person");
  knows.rel_type_resolved = false;
  knows.model_kgid = "r1";
  person.relationships = {knows};
  Schema schema;
  schema.nodes = {person};
  schema.relationships = {
      model("r1", "Friendship", {indexed(property("since"))}, {"TYPES['knows']"})};
  derive_objects(schema);
  EXPECT_TRUE(schema.objects.empty());
}

TEST(DeriveObjects, ExistenceConstraintsOnlyWhenEnabled) {
  Schema schema;
  schema.nodes = {node("k1", "Person", {required(property("name")), property("nick")})};
  schema.relationships = {model("r1", "Friendship", {required(property("since"))}, {"FRIEND"})};
  Schema without = schema;
  derive_objects(without);
  EXPECT_TRUE(without.objects.empty());

  derive_objects(schema, true);
  EXPECT_EQ(names(schema), (std::vector<std::string>{"constraint_existence_FRIEND_since",
                                                     "constraint_existence_Person_name"}));
  EXPECT_EQ(find(schema, "constraint_existence_Person_name").kind, Kind::existence_constraint);
  EXPECT_EQ(find(schema, "constraint_existence_FRIEND_since").entity, Entity::relationship);
}

TEST(DeriveObjects, CollidingNamesKeepOneObjectWhateverTheOrder) {
  Node a = node("k-b", "Person", {unique(property("email"))});
  Node b = node("k-a", "LegacyPerson", {unique(property("email"))});
  b.label = "Person";
  Schema first;
  first.nodes = {a, b};
  Schema second;
  second.nodes = {b, a};
  derive_objects(first);
  derive_objects(second);
  ASSERT_EQ(first.objects.size(), 1u);
  EXPECT_EQ(first.objects[0].owner_kgid, "k-a");
  EXPECT_EQ(first.objects, second.objects);
}

TEST(DeriveObjects, IsIdempotentAndSortedByName) {
  Schema schema;
  schema.nodes = {node("k2", "Zoo", {indexed(property("a"))}),
                  node("k1", "Ant", {unique(property("z")), indexed(property("b"))})};
  derive_objects(schema);
  auto once = schema.objects;
  derive_objects(schema);
  EXPECT_EQ(schema.objects, once);
  auto sorted = names(schema);
  EXPECT_TRUE(std::is_sorted(sorted.begin(), sorted.end()));
  EXPECT_EQ(sorted,
            (std::vector<std::string>{"constraint_unique_Ant_z", "index_Ant_b", "index_Zoo_a"}));
}

// Names are sorted by a head of their first bytes after the kind's prefix, then in full: labels
// that share those bytes, end inside them or carry bytes above 0x7f must still come out in
// byte order, and an object already in the schema under another name too.
TEST(DeriveObjects, NamesComeOutInByteOrderWhateverTheyShare) {
  Schema schema;
  const std::vector<std::string> labels = {"M",
                                           "Model",
                                           "Model1",
                                           "Model12",
                                           "Model123",
                                           "Model1234567",
                                           "Model12345",
                                           "Mödel",
                                           "Model_a",
                                           "Model1234567a",
                                           "a",
                                           "Ä",
                                           "ModelWithALongLabelName",
                                           "ModelWithALongLabelNameToo",
                                           "Model12Az",
                                           "Model12Ba"};
  int count = 0;
  for (const std::string& label : labels) {
    const std::string id = std::to_string(count++);
    Property all = required(property("p"));
    all.index = true;
    Property unique_one = unique(property("p_" + label));
    Property text = property("t");
    text.fulltext_index = FulltextIndex{"english", false};
    Property embedding = property("v", "ArrayProperty");
    embedding.vector_index = VectorIndex{8, "cosine"};
    Node n = node("k" + id, "C" + id, {all, unique_one});
    n.properties.push_back(text);
    n.properties.push_back(embedding);
    n.label = label;
    schema.nodes.push_back(std::move(n));
  }
  std::reverse(schema.nodes.begin(), schema.nodes.end());
  derive_objects(schema, true);
  std::vector<std::string> got = names(schema);
  std::vector<std::string> expected = got;
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(got, expected);
  EXPECT_EQ(got.size(), labels.size() * 5);

  SchemaObject foreign; // not a name derive makes: sorted in full
  foreign.kind = Kind::range_index;
  foreign.name = "custom_index";
  foreign.label = "M";
  foreign.property = "p";
  schema.objects.push_back(foreign);
  derive_objects(schema, true);
  got = names(schema);
  expected.insert(std::lower_bound(expected.begin(), expected.end(), foreign.name), foreign.name);
  EXPECT_EQ(got, expected);
}

} // namespace
} // namespace crochet::schema
