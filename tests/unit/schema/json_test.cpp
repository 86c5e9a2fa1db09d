#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <regex>
#include <set>

#include "core/schema/ir.hpp"
#include "core/schema/json.hpp"
#include "core/util/error.hpp"
#include "core/util/sha256.hpp"
#include "tests/unit/schema/builders.hpp"
#include "tests/unit/schema/mutations.hpp"

namespace crochet::schema {
namespace {

using namespace test;

std::string error_of(const Json& json) {
  try {
    from_json(json);
  } catch (const Error& error) {
    return error.what();
  }
  return "(no error)";
}

TEST(SchemaJson, RoundTripKeepsEveryField) {
  const Schema schema = full_schema();
  EXPECT_EQ(from_json(to_json(schema)), schema);
  // Through text too, as a cached or recorded schema is read back.
  EXPECT_EQ(from_json(Json::parse(to_json(schema).dump(2))), schema);
}

TEST(SchemaJson, RoundTripOfAnEmptySchema) {
  EXPECT_EQ(from_json(to_json(Schema{})), Schema{});
  EXPECT_EQ(to_json(Schema{}),
            Json::parse(R"({"ir_version":1,"nodes":[],"relationships":[],"objects":[]})"));
}

TEST(SchemaJson, OptionalFieldsAreOmittedWhenAbsent) {
  EXPECT_EQ(to_json(property("name")),
            Json::parse(R"({"name":"name","db_property":"name","type":"StringProperty"})"));
  EXPECT_EQ(to_json(node("k", "A")), Json::parse(R"({"kgid":"k","class_name":"A","label":"A",
            "labels":["A"],"properties":[],"relationships":[]})"));
  EXPECT_EQ(to_json(relationship("r", "T", "k", "A")),
            Json::parse(R"({"name":"r","direction":"outgoing","rel_type":"T","target_kgid":"k",
            "target_class":"A","cardinality":"ZeroOrMore"})"));
}

TEST(SchemaJson, PropertyWithEveryOption) {
  Property p = unique(required(indexed(property("p"))));
  p.declared_type = "Mine";
  p.item_type = "IntegerProperty";
  p.default_value = callable("now");
  p.choices = literal(Json::array({"x", "y"}));
  p.max_length = 5;
  p.crs = "cartesian";
  p.fulltext_index = FulltextIndex{};
  p.vector_index = VectorIndex{};
  p.other_options["format"] = unresolved("FMT");
  p.alias_of = "q";
  EXPECT_EQ(to_json(p), Json::parse(R"({
    "name":"p","db_property":"p","type":"StringProperty","declared_type":"Mine",
    "item_type":"IntegerProperty","required":true,"unique_index":true,"index":true,
    "default":{"callable":"now"},"choices":{"literal":["x","y"]},"max_length":5,"crs":"cartesian",
    "fulltext_index":{"analyzer":"standard-no-stop-words","eventually_consistent":false},
    "vector_index":{"dimensions":1536,"similarity_function":"cosine"},
    "other_options":{"format":{"unresolved":"FMT"}},"alias_of":"q"})"));
  EXPECT_EQ(property_from_json(to_json(p)), p);
}

TEST(SchemaJson, ValueForms) {
  EXPECT_EQ(to_json(literal(nullptr)), Json::parse(R"({"literal":null})"));
  EXPECT_EQ(to_json(literal(Json::parse(R"({"a":[1,2.5,"x"]})"))),
            Json::parse(R"({"literal":{"a":[1,2.5,"x"]}})"));
  EXPECT_EQ(to_json(callable("uuid4")), Json::parse(R"({"callable":"uuid4"})"));
  EXPECT_EQ(to_json(unresolved("A + B")), Json::parse(R"({"unresolved":"A + B"})"));
}

// Every key of every object in `text`, in document order, is sorted.
void expect_sorted_keys(const std::string& text) {
  std::function<void(const nlohmann::ordered_json&)> check = [&](const nlohmann::ordered_json& j) {
    if (j.is_object()) {
      std::string previous;
      bool first = true;
      for (const auto& item : j.items()) {
        if (!first) {
          EXPECT_LT(previous, item.key()) << text;
        }
        previous = item.key();
        first = false;
        check(item.value());
      }
    } else if (j.is_array()) {
      for (const auto& item : j)
        check(item);
    }
  };
  check(nlohmann::ordered_json::parse(text));
}

TEST(CanonicalJson, SortedKeysNoWhitespace) {
  Schema schema;
  schema.nodes = {node("k1", "Person", {unique(property("email"))})};
  derive_objects(schema);
  const std::string text = canonical_json(schema);
  EXPECT_EQ(text.find(' '), std::string::npos) << text;
  EXPECT_EQ(text.find('\n'), std::string::npos) << text;
  expect_sorted_keys(text);
  expect_sorted_keys(canonical_json(full_schema()));
  EXPECT_EQ(text.rfind(R"({"ir_version":1,"nodes":[{"class_name":"Person","kgid":"k1",)", 0), 0u)
      << text;
}

TEST(CanonicalJson, KeepsUtf8Unescaped) {
  Schema schema;
  schema.nodes = {node("k1", "Café", {property("naïve")})};
  schema.nodes[0].properties[0].default_value = literal("日本");
  const std::string text = canonical_json(schema);
  EXPECT_NE(text.find("Café"), std::string::npos) << text;
  EXPECT_NE(text.find("naïve"), std::string::npos);
  EXPECT_NE(text.find("日本"), std::string::npos);
  EXPECT_EQ(text.find("\\u"), std::string::npos);
}

TEST(CanonicalJson, InvalidUtf8IsAnError) {
  Schema schema;
  schema.nodes = {node("k1", "Bad\xff")};
  EXPECT_THROW(canonical_json(schema), Error);
  EXPECT_THROW(schema_hash(schema), Error);
}

TEST(CanonicalJson, NormalizesAndDropsPresentationOnlyFields) {
  Schema schema = full_schema();
  Schema shuffled = schema;
  std::reverse(shuffled.nodes.begin(), shuffled.nodes.end());
  std::reverse(shuffled.nodes[0].properties.begin(), shuffled.nodes[0].properties.end());
  EXPECT_EQ(canonical_json(shuffled), canonical_json(schema));
  const std::string text = canonical_json(schema);
  EXPECT_EQ(text.find("other_options"), std::string::npos);
  EXPECT_EQ(text.find("\"async\""), std::string::npos);
  EXPECT_EQ(text.find("semi_structured"), std::string::npos);
  // The unresolved target keeps its spelling, the resolved ones do not need it.
  EXPECT_NE(text.find("app.Company"), std::string::npos);
  EXPECT_EQ(text.find("\"target_class\":\"Company\""), std::string::npos);
}

TEST(SchemaHash, FormatIsSha256OfCanonicalJson) {
  const Schema schema = full_schema();
  const std::string hash = schema_hash(schema);
  EXPECT_TRUE(std::regex_match(hash, std::regex("sha256:[0-9a-f]{64}"))) << hash;
  EXPECT_EQ(hash, "sha256:" + sha256_hex(canonical_json(schema)));
  EXPECT_EQ(schema_hash(schema), hash);
}

TEST(SchemaHash, SameSchemaBuiltInAnotherOrderHasTheSameHash) {
  Schema a;
  a.nodes = {node("k1", "Person", {unique(property("email")), indexed(property("name"))}),
             node("k2", "Company", {property("name")})};
  a.nodes[0].labels = {"Person", "Entity"};
  a.relationships = {model("r1", "Since", {property("since")}, {"B", "A"})};
  Schema b;
  b.relationships = {model("r1", "Since", {property("since")}, {"A", "B", "A"})};
  b.nodes = {node("k2", "Company", {property("name")}),
             node("k1", "Person", {indexed(property("name")), unique(property("email"))})};
  b.nodes[1].labels = {"Entity", "Person"};
  derive_objects(a);
  derive_objects(b);
  EXPECT_EQ(schema_hash(a), schema_hash(b));
}

TEST(SchemaHash, EverySchemaRelevantChangeChangesTheHash) {
  const Schema base = full_schema();
  std::set<std::string> seen{schema_hash(base)};
  for (const auto& mutation : schema_relevant_mutations()) {
    Schema changed = base;
    mutation.apply(changed);
    ASSERT_NE(changed, base) << mutation.name;
    const std::string hash = schema_hash(changed);
    EXPECT_NE(hash, schema_hash(base)) << mutation.name;
    EXPECT_TRUE(seen.insert(hash).second) << mutation.name << " collides with another mutation";
  }
}

TEST(SchemaHash, PresentationOnlyChangesKeepTheHash) {
  const Schema base = full_schema();
  for (const auto& mutation : presentation_mutations()) {
    Schema changed = base;
    mutation.apply(changed);
    ASSERT_NE(changed, base) << mutation.name;
    EXPECT_EQ(schema_hash(changed), schema_hash(base)) << mutation.name;
  }
}

TEST(SchemaFromJson, RejectsBadInputWithThePath) {
  const Json good = to_json(full_schema());
  auto with = [&](const std::function<void(Json&)>& edit) {
    Json copy = good;
    edit(copy);
    return error_of(copy);
  };
  EXPECT_NE(error_of(Json::array()).find("top level: expected an object, found array"),
            std::string::npos);
  EXPECT_NE(with([](Json& j) { j.erase("ir_version"); }).find("missing key \"ir_version\""),
            std::string::npos);
  EXPECT_NE(with([](Json& j) { j["ir_version"] = 2; }).find("unsupported schema IR version 2"),
            std::string::npos);
  EXPECT_NE(with([](Json& j) { j["ir_version"] = 1.5; }).find("expected an integer"),
            std::string::npos);
  EXPECT_NE(with([](Json& j) { j.erase("nodes"); }).find("missing key \"nodes\""),
            std::string::npos);
  EXPECT_NE(with([](Json& j) { j["nodes"] = "x"; }).find("nodes: expected an array, found string"),
            std::string::npos);
  EXPECT_NE(with([](Json& j) { j["extra"] = 1; }).find("unknown key \"extra\""), std::string::npos);
  EXPECT_NE(
      with([](Json& j) { j["nodes"][1].erase("kgid"); }).find("nodes[1]: missing key \"kgid\""),
      std::string::npos);
  EXPECT_NE(with([](Json& j) {
              j["nodes"][1]["properties"][0]["type"] = 3;
            }).find("nodes[1].properties[0].type: expected a string, found number"),
            std::string::npos);
  EXPECT_NE(with([](Json& j) {
              j["nodes"][1]["properties"][0]["required"] = "yes";
            }).find("nodes[1].properties[0].required: expected true or false"),
            std::string::npos);
  EXPECT_NE(with([](Json& j) {
              j["nodes"][1]["properties"][0]["max_length"] = 1.5;
            }).find("max_length: expected an integer"),
            std::string::npos);
  EXPECT_NE(with([](Json& j) {
              j["nodes"][1]["labels"][0] = nullptr;
            }).find("nodes[1].labels[0]: expected a string, found null"),
            std::string::npos);
  EXPECT_NE(with([](Json& j) {
              j["nodes"][1]["properties"][0]["tyoe"] = "x";
            }).find("nodes[1].properties[0]: unknown key \"tyoe\""),
            std::string::npos);
  EXPECT_NE(with([](Json& j) {
              j["nodes"][1]["properties"][0]["default"] = Json{{"literal", 1}, {"callable", "f"}};
            }).find("nodes[1].properties[0].default: expected a value"),
            std::string::npos);
  EXPECT_NE(with([](Json& j) {
              j["nodes"][1]["properties"][0]["default"] = Json{{"lit", 1}};
            }).find("unknown value kind \"lit\""),
            std::string::npos);
  EXPECT_NE(with([](Json& j) {
              j["nodes"][1]["properties"][0]["default"] = Json{{"callable", 1}};
            }).find("default.callable: expected a string"),
            std::string::npos);
  EXPECT_NE(with([](Json& j) {
              j["nodes"][1]["relationships"][0]["direction"] = "up";
            }).find("nodes[1].relationships[0].direction: unknown relationship direction 'up'"),
            std::string::npos);
  EXPECT_NE(with([](Json& j) {
              j["objects"][0]["kind"] = "key";
            }).find("objects[0].kind: unknown schema object kind 'key'"),
            std::string::npos);
  EXPECT_NE(with([](Json& j) { j["objects"][0]["entity"] = "edge"; }).find("objects[0].entity"),
            std::string::npos);
  EXPECT_NE(with([](Json& j) {
              j["relationships"][0]["rel_types"] = Json::object();
            }).find("relationships[0].rel_types: expected an array, found object"),
            std::string::npos);
  EXPECT_NE(with([](Json& j) {
              j["nodes"][1]["properties"][2]["vector_index"]["dimensions"] = "x";
            }).find("vector_index.dimensions: expected an integer, found string"),
            std::string::npos);
  EXPECT_NE(with([](Json& j) {
              j["nodes"][1]["properties"][0]["other_options"] = 1;
            }).find("other_options: expected an object"),
            std::string::npos);
}

TEST(SchemaFromJson, ErrorsCarryAHint) {
  try {
    from_json(Json::object());
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_FALSE(error.hint().empty());
    EXPECT_EQ(error.exit_code(), 1);
  }
}

} // namespace
} // namespace crochet::schema
