// The direct canonical writer against the reference form (a nlohmann::json tree, trimmed and
// dumped): byte for byte on the realistic fixture, on full_schema(), and on many random schemas,
// including unsorted input, ties, escapes, non-ASCII text and invalid UTF-8.
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>

#include "core/schema/canonical.hpp"
#include "core/schema/json.hpp"
#include "core/util/error.hpp"
#include "core/util/sha256.hpp"
#include "tests/unit/schema/builders.hpp"

namespace crochet::schema {
namespace {

using namespace test;

// The canonical text, or the error message when serializing fails.
std::string outcome(std::string (*serialize)(const Schema&), const Schema& schema) {
  try {
    return serialize(schema);
  } catch (const Error& error) {
    return std::string("error: ") + error.what() + " / " + error.hint();
  }
}

void expect_same_as_reference(const Schema& schema) {
  EXPECT_EQ(outcome(canonical_json, schema), outcome(canonical_json_reference, schema));
}

TEST(CanonicalWriter, MatchesReferenceOnRealisticFixture) {
  std::ifstream in(std::string(CROCHET_FIXTURES) + "/models/realistic.golden.json");
  ASSERT_TRUE(in) << "missing realistic.golden.json";
  std::stringstream text;
  text << in.rdbuf();
  const Schema schema = from_json(Json::parse(text.str()));
  ASSERT_FALSE(schema.nodes.empty());
  EXPECT_TRUE(is_normalized(schema));
  const std::string canonical = canonical_json(schema);
  EXPECT_EQ(canonical, canonical_json_reference(schema));
  EXPECT_EQ(schema_hash(schema), "sha256:" + sha256_hex(canonical));
}

TEST(CanonicalWriter, MatchesReferenceOnEveryField) {
  expect_same_as_reference(full_schema());
  expect_same_as_reference(Schema{});
}

TEST(CanonicalWriter, WritesEveryKindOfLiteralAsTheReference) {
  const std::vector<Json> literals = {
      true,
      false,
      nullptr,
      0,
      -1,
      std::numeric_limits<std::int64_t>::min(),
      std::numeric_limits<std::int64_t>::max(),
      std::numeric_limits<std::uint64_t>::max(),
      0.1,
      -2.5e300,
      "plain",
      "",
      "quote \" and \\ and \n",
      "caf\xc3\xa9",
      Json::array({1, "a", false}),
      Json::object({{"b", 1}, {"a", nullptr}}),
  };
  for (const Json& value : literals) {
    Schema schema;
    schema.nodes = {node("k1", "Person", {property("name")})};
    schema.nodes[0].properties[0].default_value = literal(value);
    schema.nodes[0].properties[0].choices = literal(Json::array({value}));
    const std::string canonical = outcome(canonical_json, schema);
    EXPECT_EQ(canonical, outcome(canonical_json_reference, schema)) << value.dump();
    EXPECT_NE(canonical.find("{\"literal\":" + value.dump() + "}"), std::string::npos) << canonical;
  }
}

TEST(CanonicalWriter, UnsortedInputIsNormalizedFirst) {
  Schema schema = full_schema();
  std::reverse(schema.nodes.begin(), schema.nodes.end());
  std::reverse(schema.objects.begin(), schema.objects.end());
  schema.nodes[1].labels = {"Z", "A", "A"};
  EXPECT_FALSE(is_normalized(schema));
  expect_same_as_reference(schema);
  Schema sorted = schema;
  normalize(sorted);
  EXPECT_TRUE(is_normalized(sorted));
  EXPECT_EQ(canonical_json(sorted), canonical_json(schema));
}

TEST(CanonicalWriter, InvalidUtf8FailsLikeTheReference) {
  for (const std::string bad : {"Bad\xff", "\xc3", "\xed\xa0\x80", "ok\xe2\x82"}) {
    Schema schema;
    schema.nodes = {node("k1", "Person", {property("name")})};
    schema.nodes[0].properties[0].default_value = literal(bad);
    const std::string error = outcome(canonical_json, schema);
    EXPECT_EQ(error.rfind("error: cannot serialize the schema", 0), 0u) << error;
    EXPECT_EQ(error, outcome(canonical_json_reference, schema));
    schema.nodes[0].properties[0].default_value.reset();
    schema.nodes[0].class_name = bad;
    EXPECT_EQ(outcome(canonical_json, schema), outcome(canonical_json_reference, schema));
  }
}

TEST(CanonicalWriter, EscapesEveryByteThatNeedsItAtAnyPosition) {
  // The writer scans strings eight bytes at a time; put each special byte at every offset.
  for (const std::string special : {"\"", "\\", "\n", "\x01", "\x1f", "\x7f", "\x80", "é", "\xff"})
    for (std::size_t at = 0; at <= 20; ++at) {
      std::string name(20, 'a');
      name.insert(at, special);
      Schema schema;
      schema.nodes = {node("k1", name, {property(name)})};
      expect_same_as_reference(schema);
    }
}

// Random schemas over every field of the IR, drawn from small pools so that names collide
// (ties broken by serialized form) and strings need escaping.
class RandomSchemas {
public:
  explicit RandomSchemas(unsigned seed) : rng_(seed) {}

  Schema schema() {
    Schema s;
    for (int i = pick(5); i > 0; --i)
      s.nodes.push_back(node());
    for (int i = pick(3); i > 0; --i)
      s.relationships.push_back(model());
    if (chance(2))
      derive_objects(s, chance(2));
    for (int i = pick(3); i > 0; --i)
      s.objects.push_back(object());
    if (chance(2))
      normalize(s); // the fast path, without a sorted copy
    return s;
  }

private:
  int pick(int n) { return std::uniform_int_distribution<int>(0, n)(rng_); }
  bool chance(int n) { return pick(n - 1) == 0; }

  std::string text() {
    using namespace std::string_literals;
    static const std::vector<std::string> pool = {
        "name",        "email",   "Person",      "a",           "b",         "",
        "Café",        "日本",    "quote\"d",    "back\\slash", "tab\there", "line\nbreak",
        "ctl\x01\x1f", "del\x7f", "zero\0byte"s, "emoji 😀"};
    return pool[static_cast<std::size_t>(pick(static_cast<int>(pool.size()) - 1))];
  }

  Json literal_json(int depth) {
    switch (pick(depth > 2 ? 5 : 7)) {
    case 0:
      return nullptr;
    case 1:
      return chance(2);
    case 2:
      return std::uniform_int_distribution<long long>(-1'000'000'000'000LL, 1'000'000'000LL)(rng_);
    case 3:
      return std::vector<double>{
          0.5, 1.0, -2.25, 1e21, 1e-7, 3.141592653589793, 0.1}[static_cast<std::size_t>(pick(6))];
    case 4:
      return 18446744073709551615ULL;
    case 5:
      return text();
    case 6: {
      Json array = Json::array();
      for (int i = pick(3); i > 0; --i)
        array.push_back(literal_json(depth + 1));
      return array;
    }
    default: {
      Json object = Json::object();
      for (int i = pick(3); i > 0; --i)
        object[text()] = literal_json(depth + 1);
      return object;
    }
    }
  }

  Value value() {
    switch (pick(2)) {
    case 0:
      return literal(literal_json(0));
    case 1:
      return callable(text());
    default:
      return unresolved(text());
    }
  }

  Property property() {
    Property p = test::property(text(), chance(3) ? "ArrayProperty" : text());
    if (chance(3))
      p.db_property = text();
    if (chance(3))
      p.declared_type = text();
    if (chance(3))
      p.item_type = text();
    p.required = chance(2);
    p.unique_index = chance(2);
    p.index = chance(2);
    if (chance(2))
      p.default_value = value();
    if (chance(3))
      p.choices = value();
    if (chance(3))
      p.max_length = pick(1000) - 10;
    if (chance(4))
      p.crs = text();
    if (chance(4))
      p.fulltext_index = FulltextIndex{text(), chance(2)};
    if (chance(4))
      p.vector_index = VectorIndex{pick(4096) - 1, text()};
    for (int i = pick(2); i > 0; --i)
      p.other_options[text()] = value();
    if (chance(4))
      p.alias_of = text();
    return p;
  }

  RelationshipDef relationship() {
    RelationshipDef r = test::relationship(text(), text(), chance(2) ? "" : text(), text(),
                                           static_cast<Direction>(pick(2)));
    r.rel_type_resolved = !chance(4);
    r.cardinality = text();
    if (chance(2))
      r.model_kgid = text();
    else if (chance(4))
      r.model_class = text();
    return r;
  }

  Node node() {
    Node n = test::node(text(), text());
    n.label = text();
    n.labels.clear();
    for (int i = pick(3); i > 0; --i)
      n.labels.push_back(text());
    for (int i = pick(2); i > 0; --i)
      n.optional_labels.push_back(text());
    for (int i = pick(4); i > 0; --i)
      n.properties.push_back(property());
    for (int i = pick(3); i > 0; --i)
      n.relationships.push_back(relationship());
    n.async = chance(2);
    n.semi_structured = chance(2);
    return n;
  }

  RelationshipModel model() {
    RelationshipModel m = test::model(text(), text(), {});
    for (int i = pick(3); i > 0; --i)
      m.properties.push_back(property());
    for (int i = pick(2); i > 0; --i)
      m.rel_types.push_back(text());
    return m;
  }

  SchemaObject object() {
    SchemaObject o;
    o.kind = static_cast<SchemaObject::Kind>(pick(4));
    o.entity = static_cast<SchemaObject::Entity>(pick(1));
    o.name = text();
    o.label = text();
    o.property = text();
    o.owner_kgid = text();
    if (chance(3))
      o.fulltext = FulltextIndex{text(), chance(2)};
    if (chance(3))
      o.vector = VectorIndex{pick(2048), text()};
    return o;
  }

  std::mt19937 rng_;
};

TEST(CanonicalWriter, MatchesReferenceOnRandomSchemas) {
  RandomSchemas random(20240611);
  for (int i = 0; i < 3000; ++i) {
    const Schema schema = random.schema();
    const std::string fast = outcome(canonical_json, schema);
    const std::string reference = outcome(canonical_json_reference, schema);
    ASSERT_EQ(fast, reference) << "schema #" << i << ": " << to_json(schema).dump();
    ASSERT_EQ(schema_hash(schema), "sha256:" + sha256_hex(reference)) << "schema #" << i;
  }
}

TEST(CanonicalWriter, HashOfALargeSchemaStreamsTheSameBytes) {
  // Far more text than one chunk of the streamed hash, so chunk boundaries fall everywhere.
  Schema schema;
  for (int i = 0; i < 400; ++i)
    for (Node node : full_schema().nodes) {
      node.kgid += "-" + std::to_string(i);
      schema.nodes.push_back(std::move(node));
    }
  derive_objects(schema, true);
  const std::string reference = canonical_json_reference(schema);
  ASSERT_GT(reference.size(), 500'000u);
  EXPECT_EQ(canonical_json(schema), reference);
  EXPECT_EQ(schema_hash(schema), "sha256:" + sha256_hex(reference));
  normalize(schema);
  EXPECT_EQ(schema_hash(schema), "sha256:" + sha256_hex(reference));
}

// `copies` copies of full_schema()'s nodes and relationship models, each with its own kgid.
Schema many_copies(int copies) {
  Schema schema;
  for (int i = 0; i < copies; ++i) {
    const Schema one = full_schema();
    for (Node node : one.nodes) {
      node.kgid += "-" + std::to_string(i);
      schema.nodes.push_back(std::move(node));
    }
    for (RelationshipModel model : one.relationships) {
      model.kgid += "-" + std::to_string(i);
      schema.relationships.push_back(std::move(model));
    }
  }
  derive_objects(schema, true);
  normalize(schema);
  return schema;
}

TEST(CanonicalWriter, HashOfSchemasLargeEnoughForThePoolIsTheSame) {
  // Large schemas are written in pieces on several threads and hashed in order: sizes on both
  // sides of that threshold, with pieces ending anywhere in each section.
  for (int copies : {600, 700, 1100, 1601}) {
    const Schema schema = many_copies(copies);
    const std::string reference = canonical_json_reference(schema);
    ASSERT_EQ(schema_hash(schema), "sha256:" + sha256_hex(reference)) << copies << " copies";
    ASSERT_EQ(normalized_schema_hash(schema), "sha256:" + sha256_hex(reference));
  }
  Schema only_nodes = many_copies(1100);
  only_nodes.relationships.clear();
  only_nodes.objects.clear();
  EXPECT_EQ(schema_hash(only_nodes), "sha256:" + sha256_hex(canonical_json_reference(only_nodes)));
}

TEST(CanonicalWriter, InvalidUtf8LateInALargeSchemaFailsLikeTheReference) {
  Schema schema = many_copies(1100);
  ASSERT_GT(schema.nodes.size(), 2048u);
  schema.nodes[schema.nodes.size() - 100].label += "\xc0\xaf";
  const std::string reference = outcome(canonical_json_reference, schema);
  ASSERT_TRUE(reference.starts_with("error: ")) << reference;
  EXPECT_EQ(outcome(schema_hash, schema), reference);
  EXPECT_EQ(outcome([](const Schema& s) { return StagedSchemaHash(s).finish(); }, schema),
            reference);                    // the nodes' thread fails
  { StagedSchemaHash unfinished(schema); } // and its error, never collected, is dropped
}

TEST(CanonicalWriter, StagedHashIsTheWholeHashWithObjectsDerivedMeanwhile) {
  // Hashed whole in finish(), and with the nodes hashed on their own thread.
  for (int copies : {10, 1100}) {
    Schema schema = many_copies(copies);
    const std::string whole = normalized_schema_hash(schema);
    schema.objects.clear();
    StagedSchemaHash staged(schema);
    derive_objects(schema, true);
    EXPECT_EQ(staged.finish(), whole) << copies << " copies";
  }
  Schema no_objects = many_copies(1100);
  no_objects.objects.clear();
  no_objects.relationships.clear();
  EXPECT_EQ(StagedSchemaHash(no_objects).finish(), normalized_schema_hash(no_objects));
}

TEST(CanonicalWriter, StagedHashFailsOnInvalidUtf8InAnObjectLikeTheReference) {
  // Found after the nodes' thread has ended: the objects may change until finish().
  Schema schema = many_copies(1100);
  Schema expected = schema;
  expected.objects[expected.objects.size() - 5].label += "\xc0\xaf";
  const std::string reference = outcome(canonical_json_reference, expected);
  ASSERT_TRUE(reference.starts_with("error: ")) << reference;
  std::string staged;
  try {
    StagedSchemaHash hash(schema);
    schema.objects[schema.objects.size() - 5].label += "\xc0\xaf";
    staged = hash.finish();
  } catch (const Error& error) {
    staged = std::string("error: ") + error.what() + " / " + error.hint();
  }
  EXPECT_EQ(staged, reference);
}

TEST(CanonicalWriter, InvalidUtf8InRandomPlacesFailsLikeTheReference) {
  RandomSchemas random(7);
  int failures = 0;
  for (int i = 0; i < 300; ++i) {
    Schema schema = random.schema();
    if (schema.nodes.empty())
      continue;
    Node& node = schema.nodes[static_cast<std::size_t>(i) % schema.nodes.size()];
    (i % 2 ? node.label : node.kgid) += "\xc0\xaf"; // an overlong '/'
    const std::string fast = outcome(canonical_json, schema);
    failures += fast.starts_with("error: ");
    ASSERT_EQ(fast, outcome(canonical_json_reference, schema)) << "schema #" << i;
  }
  EXPECT_GT(failures, 50);
}

} // namespace
} // namespace crochet::schema
