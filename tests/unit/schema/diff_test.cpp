#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <string>

#include "core/schema/canonical.hpp"
#include "core/schema/diff.hpp"
#include "core/schema/ir.hpp"
#include "tests/unit/schema/builders.hpp"
#include "tests/unit/schema/mutations.hpp"

namespace crochet::schema {
namespace {

using namespace test;
using K = ChangeKind;
using C = ChangeClass;

Schema with_nodes(std::vector<Node> nodes, std::vector<RelationshipModel> models = {}) {
  Schema schema;
  schema.nodes = std::move(nodes);
  schema.relationships = std::move(models);
  derive_objects(schema);
  normalize(schema);
  return schema;
}

// The changes of a diff other than derived objects, which most tests are not about.
std::vector<Change> model_changes(const Diff& d) {
  std::vector<Change> result;
  for (const auto& change : d.changes)
    if (change.kind != K::object_added && change.kind != K::object_removed)
      result.push_back(change);
  return result;
}

Change single(const Schema& before, const Schema& after) {
  auto changes = model_changes(diff(before, after));
  EXPECT_EQ(changes.size(), 1u);
  if (changes.empty())
    return {};
  return changes.front();
}

// Diffs a Person{email} schema against one where `edit` changed the email property.
Change property_change(const Property& before, const std::function<void(Property&)>& edit) {
  Property after = before;
  edit(after);
  return single(with_nodes({node("k1", "Person", {before})}),
                with_nodes({node("k1", "Person", {after})}));
}

TEST(Diff, IdenticalSchemasGiveAnEmptyDiff) {
  const Schema schema = full_schema();
  const Diff d = diff(schema, schema);
  EXPECT_TRUE(d.empty());
  EXPECT_TRUE(d.renames.empty());
  EXPECT_EQ(to_json(d), Json::parse(R"({"changes":[],"renames":[]})"));
}

TEST(Diff, InputOrderAndPresentationOnlyFieldsDoNotMatter) {
  const Schema schema = full_schema();
  Schema other = schema;
  std::reverse(other.nodes.begin(), other.nodes.end());
  for (auto& n : other.nodes) {
    n.async = !n.async;
    n.semi_structured = !n.semi_structured;
    for (auto& p : n.properties)
      p.other_options["label"] = literal("x");
    for (auto& r : n.relationships)
      if (!r.target_kgid.empty())
        r.target_class = "app.models." + r.target_class;
  }
  EXPECT_TRUE(diff(schema, other).empty());
  EXPECT_EQ(schema_hash(schema), schema_hash(other));
}

// The diff and the hash look at the same fields: a change of one is a change of the other.
TEST(Diff, NonEmptyExactlyWhenTheHashChanges) {
  const Schema base = full_schema();
  for (const auto& mutation : schema_relevant_mutations()) {
    Schema changed = base;
    mutation.apply(changed);
    EXPECT_FALSE(diff(base, changed).empty()) << mutation.name;
    EXPECT_FALSE(diff(changed, base).empty()) << mutation.name;
  }
  for (const auto& mutation : presentation_mutations()) {
    Schema changed = base;
    mutation.apply(changed);
    EXPECT_TRUE(diff(base, changed).empty()) << mutation.name;
  }
}

// Classes equal on both sides are skipped without a detailed comparison: they must add nothing,
// whatever else changed.
TEST(Diff, UnchangedClassesAddNothing) {
  Schema extras;
  for (int i = 0; i < 30; ++i)
    extras.nodes.push_back(node("x" + std::to_string(i), "Extra" + std::to_string(i),
                                {indexed(property("a")), unique(property("b")), property("c")}));
  derive_objects(extras);
  auto with_extras = [&](Schema schema) {
    schema.nodes.insert(schema.nodes.end(), extras.nodes.begin(), extras.nodes.end());
    schema.objects.insert(schema.objects.end(), extras.objects.begin(), extras.objects.end());
    normalize(schema);
    return schema;
  };
  const Schema base = full_schema();
  auto mutations = schema_relevant_mutations();
  for (const auto& mutation : presentation_mutations())
    mutations.push_back(mutation);
  for (const auto& mutation : mutations) {
    Schema changed = base;
    mutation.apply(changed);
    normalize(changed);
    EXPECT_EQ(to_json(diff(with_extras(base), with_extras(changed))), to_json(diff(base, changed)))
        << mutation.name;
    EXPECT_EQ(to_json(diff(with_extras(changed), with_extras(base))), to_json(diff(changed, base)))
        << mutation.name;
  }
}

// Input that is not in canonical order is diffed as its normalised form.
TEST(Diff, UnsortedInputGivesTheDiffOfItsSortedForm) {
  const Schema base = full_schema();
  for (const auto& mutation : schema_relevant_mutations()) {
    Schema changed = base;
    mutation.apply(changed);
    Schema shuffled = changed;
    std::reverse(shuffled.nodes.begin(), shuffled.nodes.end());
    for (Node& n : shuffled.nodes)
      std::reverse(n.properties.begin(), n.properties.end());
    std::reverse(shuffled.objects.begin(), shuffled.objects.end());
    normalize(changed);
    EXPECT_EQ(to_json(diff(base, shuffled)), to_json(diff(base, changed))) << mutation.name;
    EXPECT_EQ(to_json(diff(shuffled, base)), to_json(diff(changed, base))) << mutation.name;
  }
}

// For normalized input, the unchecked entry points give what the checking ones give.
TEST(Diff, NormalizedInputSkipsTheCheckWithTheSameResult) {
  const Schema base = full_schema();
  ASSERT_TRUE(is_normalized(base));
  EXPECT_EQ(normalized_schema_hash(base), schema_hash(base));
  for (const auto& mutation : schema_relevant_mutations()) {
    Schema changed = base;
    mutation.apply(changed);
    normalize(changed);
    EXPECT_EQ(normalized_schema_hash(changed), schema_hash(changed)) << mutation.name;
    EXPECT_EQ(to_json(normalized_diff(base, changed)), to_json(diff(base, changed)))
        << mutation.name;
    EXPECT_EQ(to_json(normalized_diff(changed, base)), to_json(diff(changed, base)))
        << mutation.name;
  }
}

TEST(Diff, NodeAddedAndRemoved) {
  const Schema empty = with_nodes({});
  const Schema one = with_nodes({node("k1", "Person", {unique(property("email"))})});

  const Diff added = diff(empty, one);
  ASSERT_EQ(added.changes.size(), 2u);
  EXPECT_EQ(added.changes[0].kind, K::node_added);
  EXPECT_EQ(added.changes[0].change_class, C::additive);
  EXPECT_EQ(added.changes[0].owner_kgid, "k1");
  EXPECT_EQ(added.changes[0].owner_class, "Person");
  EXPECT_EQ(added.changes[0].summary, "Person: added node model (label Person)");
  EXPECT_TRUE(added.changes[0].before.is_null());
  EXPECT_EQ(added.changes[0].after["class_name"], "Person");
  EXPECT_EQ(added.changes[1].kind, K::object_added);
  EXPECT_EQ(added.changes[1].change_class, C::needs_data);
  EXPECT_EQ(added.changes[1].subject, "constraint_unique_Person_email");

  const Diff removed = diff(one, empty);
  ASSERT_EQ(removed.changes.size(), 2u);
  EXPECT_EQ(removed.changes[0].kind, K::node_removed);
  EXPECT_EQ(removed.changes[0].change_class, C::destructive);
  EXPECT_EQ(removed.changes[0].owner_class, "Person");
  EXPECT_EQ(removed.changes[0].before["kgid"], "k1");
  EXPECT_EQ(removed.changes[1].kind, K::object_removed);
  EXPECT_EQ(removed.changes[1].change_class, C::destructive);
  EXPECT_EQ(removed.changes[1].owner_class, "Person");
}

TEST(Diff, NodeRenamedKeepsItsKgid) {
  Node after = node("k1", "Human");
  after.label = "Person";
  after.labels = {"Person"};
  const Change change = single(with_nodes({node("k1", "Person")}), with_nodes({after}));
  EXPECT_EQ(change.kind, K::node_renamed);
  EXPECT_EQ(change.change_class, C::additive);
  EXPECT_EQ(change.owner_class, "Human");
  EXPECT_EQ(change.before, "Person");
  EXPECT_EQ(change.after, "Human");
  EXPECT_EQ(change.summary, "Human: class renamed from Person");
}

TEST(Diff, NodeRelabelledReportsTheLabelOnce) {
  Node after = node("k1", "Person");
  after.label = "Human";
  after.labels = {"Human"};
  const Change change = single(with_nodes({node("k1", "Person")}), with_nodes({after}));
  EXPECT_EQ(change.kind, K::node_relabelled);
  EXPECT_EQ(change.change_class, C::needs_data);
  EXPECT_EQ(change.option, "label");
  EXPECT_EQ(change.before, "Person");
  EXPECT_EQ(change.after, "Human");
  EXPECT_EQ(change.summary, "Person: label Person -> Human");
}

TEST(Diff, LabelSetChangeFromAParentClass) {
  Node before = node("k1", "Employee");
  before.labels = {"Employee", "Person"};
  Node after = node("k1", "Employee");
  after.labels = {"Employee", "Human"};
  const Change change = single(with_nodes({before}), with_nodes({after}));
  EXPECT_EQ(change.kind, K::node_relabelled);
  EXPECT_EQ(change.option, "labels");
  EXPECT_EQ(change.change_class, C::needs_data);
  EXPECT_EQ(change.before, Json::parse(R"(["Employee","Person"])"));
  EXPECT_EQ(change.after, Json::parse(R"(["Employee","Human"])"));
}

TEST(Diff, OptionalLabelsAreAdditive) {
  Node after = node("k1", "Person");
  after.optional_labels = {"Admin"};
  const Change change = single(with_nodes({node("k1", "Person")}), with_nodes({after}));
  EXPECT_EQ(change.kind, K::node_relabelled);
  EXPECT_EQ(change.option, "optional_labels");
  EXPECT_EQ(change.change_class, C::additive);
}

TEST(Diff, RelationshipModelAddedRemovedRenamed) {
  const Schema none = with_nodes({});
  const Schema one = with_nodes({}, {model("r1", "Friendship", {property("since")}, {"FRIEND"})});
  const Schema renamed = with_nodes({}, {model("r1", "Friends", {property("since")}, {"FRIEND"})});

  Change change = single(none, one);
  EXPECT_EQ(change.kind, K::relationship_model_added);
  EXPECT_EQ(change.change_class, C::additive);
  EXPECT_EQ(change.entity, SchemaObject::Entity::relationship);

  change = single(one, none);
  EXPECT_EQ(change.kind, K::relationship_model_removed);
  EXPECT_EQ(change.change_class, C::destructive);

  change = single(one, renamed);
  EXPECT_EQ(change.kind, K::relationship_model_renamed);
  EXPECT_EQ(change.change_class, C::additive);
  EXPECT_EQ(change.owner_class, "Friends");
  EXPECT_EQ(change.summary, "Friends: class renamed from Friendship");
}

TEST(Diff, RelationshipModelPropertiesAreDiffed) {
  const Schema before = with_nodes({}, {model("r1", "Friendship", {}, {"FRIEND"})});
  const Schema after =
      with_nodes({}, {model("r1", "Friendship", {indexed(property("since"))}, {"FRIEND"})});
  const Diff d = diff(before, after);
  ASSERT_EQ(d.changes.size(), 2u);
  EXPECT_EQ(d.changes[0].kind, K::property_added);
  EXPECT_EQ(d.changes[0].entity, SchemaObject::Entity::relationship);
  EXPECT_EQ(d.changes[0].summary, "Friendship.since: added StringProperty (index)");
  EXPECT_EQ(d.changes[1].kind, K::object_added);
  EXPECT_EQ(d.changes[1].subject, "index_FRIEND_since");
  EXPECT_EQ(d.changes[1].change_class, C::additive);
  EXPECT_EQ(d.changes[1].summary, "Friendship: added index index_FRIEND_since on [:FRIEND].since");
}

TEST(Diff, PropertyAdded) {
  const Schema before = with_nodes({node("k1", "Person")});
  const Schema after = with_nodes({node("k1", "Person", {unique(property("email"))})});
  const Diff d = diff(before, after);
  ASSERT_EQ(d.changes.size(), 2u);
  const Change& change = d.changes[0];
  EXPECT_EQ(change.kind, K::property_added);
  EXPECT_EQ(change.change_class, C::additive);
  EXPECT_EQ(change.subject, "email");
  EXPECT_EQ(change.summary, "Person.email: added StringProperty (unique_index)");
  EXPECT_EQ(change.after["unique_index"], true);
  // The constraint itself may fail on existing data.
  EXPECT_EQ(d.changes[1].kind, K::object_added);
  EXPECT_EQ(d.changes[1].change_class, C::needs_data);
  EXPECT_EQ(d.changes[1].summary, "Person: added unique constraint constraint_unique_Person_email "
                                  "on (:Person).email");
}

TEST(Diff, RequiredPropertyAddedNeedsData) {
  Property name = required(property("name"));
  name.db_property = "full_name";
  const Change change =
      single(with_nodes({node("k1", "Person")}), with_nodes({node("k1", "Person", {name})}));
  EXPECT_EQ(change.kind, K::property_added);
  EXPECT_EQ(change.change_class, C::needs_data);
  EXPECT_EQ(change.summary, "Person.name: added StringProperty (required, db_property=full_name)");
}

TEST(Diff, PropertyRemovedIsDestructiveUnlessAnAlias) {
  Property alias = property("mail");
  alias.alias_of = "email";
  const Schema before = with_nodes({node("k1", "Person", {property("email"), alias})});
  const Schema after = with_nodes({node("k1", "Person")});
  const Diff d = diff(before, after);
  ASSERT_EQ(d.changes.size(), 2u);
  EXPECT_EQ(d.changes[0].subject, "email");
  EXPECT_EQ(d.changes[0].kind, K::property_removed);
  EXPECT_EQ(d.changes[0].change_class, C::destructive);
  EXPECT_EQ(d.changes[0].summary, "Person.email: removed StringProperty");
  EXPECT_EQ(d.changes[0].before["name"], "email");
  EXPECT_EQ(d.changes[1].subject, "mail");
  EXPECT_EQ(d.changes[1].change_class, C::additive);
  EXPECT_EQ(d.changes[1].summary, "Person.mail: removed StringProperty (alias of email)");
}

TEST(Diff, PropertyRetyped) {
  Change change = property_change(property("age"), [](Property& p) { p.type = "IntegerProperty"; });
  EXPECT_EQ(change.kind, K::property_retyped);
  EXPECT_EQ(change.change_class, C::needs_data);
  EXPECT_EQ(change.summary, "Person.age: retyped StringProperty -> IntegerProperty");
  EXPECT_EQ(change.before, Json::parse(R"({"type":"StringProperty"})"));

  change =
      property_change(property("mail"), [](Property& p) { p.declared_type = "EmailProperty"; });
  EXPECT_EQ(change.kind, K::property_retyped);
  EXPECT_EQ(change.summary, "Person.mail: retyped StringProperty -> EmailProperty");

  Property tags = property("tags", "ArrayProperty");
  tags.item_type = "StringProperty";
  change = property_change(tags, [](Property& p) { p.item_type = "IntegerProperty"; });
  EXPECT_EQ(change.kind, K::property_retyped);
  EXPECT_EQ(change.summary,
            "Person.tags: retyped ArrayProperty(StringProperty) -> ArrayProperty(IntegerProperty)");
  EXPECT_EQ(change.after, Json::parse(R"({"type":"ArrayProperty","item_type":"IntegerProperty"})"));
}

struct OptionCase {
  const char* name;
  Property before;
  std::function<void(Property&)> edit;
  const char* option;
  ChangeClass expected;
};

TEST(Diff, EveryOptionChangeAndItsClass) {
  Property plain = property("p");
  Property with_fulltext = plain;
  with_fulltext.fulltext_index = FulltextIndex{};
  Property with_vector = plain;
  with_vector.vector_index = VectorIndex{};
  Property with_choices = plain;
  with_choices.choices = literal(Json::parse(R"({"a":"A","b":"B"})"));
  Property with_pairs = plain;
  with_pairs.choices = literal(Json::parse(R"([["a","A"],["b","B"]])"));
  Property with_length = plain;
  with_length.max_length = 10;

  const std::vector<OptionCase> cases = {
      {"required on", plain, [](Property& p) { p.required = true; }, "required", C::needs_data},
      {"required off", required(plain), [](Property& p) { p.required = false; }, "required",
       C::additive},
      {"unique on", plain, [](Property& p) { p.unique_index = true; }, "unique_index",
       C::needs_data},
      {"unique off", unique(plain), [](Property& p) { p.unique_index = false; }, "unique_index",
       C::destructive},
      {"index on", plain, [](Property& p) { p.index = true; }, "index", C::additive},
      {"index off", indexed(plain), [](Property& p) { p.index = false; }, "index", C::destructive},
      {"fulltext on", plain, [](Property& p) { p.fulltext_index = FulltextIndex{}; },
       "fulltext_index", C::additive},
      {"fulltext off", with_fulltext, [](Property& p) { p.fulltext_index.reset(); },
       "fulltext_index", C::destructive},
      {"fulltext changed", with_fulltext,
       [](Property& p) { p.fulltext_index->analyzer = "english"; }, "fulltext_index",
       C::destructive},
      {"vector on", plain, [](Property& p) { p.vector_index = VectorIndex{}; }, "vector_index",
       C::additive},
      {"vector off", with_vector, [](Property& p) { p.vector_index.reset(); }, "vector_index",
       C::destructive},
      {"vector changed", with_vector, [](Property& p) { p.vector_index->dimensions = 3; },
       "vector_index", C::needs_data},
      {"choices added", plain, [](Property& p) { p.choices = literal(Json::array({"a"})); },
       "choices", C::needs_data},
      {"choices removed", with_choices, [](Property& p) { p.choices.reset(); }, "choices",
       C::additive},
      {"choices widened", with_choices,
       [](Property& p) { p.choices = literal(Json::parse(R"({"a":"A","b":"B","c":"C"})")); },
       "choices", C::additive},
      {"choices relabelled", with_choices,
       [](Property& p) { p.choices = literal(Json::parse(R"({"a":"Alpha","b":"B"})")); }, "choices",
       C::additive},
      {"choices narrowed", with_choices,
       [](Property& p) { p.choices = literal(Json::parse(R"({"a":"A"})")); }, "choices",
       C::needs_data},
      {"choices pairs narrowed", with_pairs,
       [](Property& p) { p.choices = literal(Json::parse(R"([["b","B"]])")); }, "choices",
       C::needs_data},
      {"choices unresolved", with_choices, [](Property& p) { p.choices = unresolved("CHOICES"); },
       "choices", C::needs_data},
      {"default", plain, [](Property& p) { p.default_value = literal(1); }, "default", C::additive},
      {"db_property", plain, [](Property& p) { p.db_property = "renamed"; }, "db_property",
       C::needs_data},
      {"max_length added", plain, [](Property& p) { p.max_length = 5; }, "max_length",
       C::needs_data},
      {"max_length lowered", with_length, [](Property& p) { p.max_length = 5; }, "max_length",
       C::needs_data},
      {"max_length raised", with_length, [](Property& p) { p.max_length = 50; }, "max_length",
       C::additive},
      {"max_length removed", with_length, [](Property& p) { p.max_length.reset(); }, "max_length",
       C::additive},
      {"crs", plain, [](Property& p) { p.crs = "wgs-84"; }, "crs", C::needs_data},
      {"becomes alias", plain, [](Property& p) { p.alias_of = "other"; }, "alias_of",
       C::destructive},
  };
  for (const auto& test_case : cases) {
    // Compare the property only: derived objects are covered elsewhere.
    Schema before = with_nodes({node("k1", "Person", {test_case.before})});
    Property edited = test_case.before;
    test_case.edit(edited);
    Schema after = with_nodes({node("k1", "Person", {edited})});
    const auto changes = model_changes(diff(before, after));
    ASSERT_EQ(changes.size(), 1u) << test_case.name;
    EXPECT_EQ(changes[0].kind, K::property_option_changed) << test_case.name;
    EXPECT_EQ(changes[0].option, test_case.option) << test_case.name;
    EXPECT_EQ(changes[0].change_class, test_case.expected) << test_case.name;
    EXPECT_EQ(changes[0].subject, "p") << test_case.name;
  }
}

TEST(Diff, OptionChangeCarriesValuesAndSummary) {
  Property p = property("status");
  p.default_value = literal("a");
  Change change = property_change(p, [](Property& q) { q.default_value = callable("pick"); });
  EXPECT_EQ(change.before, Json::parse(R"({"literal":"a"})"));
  EXPECT_EQ(change.after, Json::parse(R"({"callable":"pick"})"));
  EXPECT_EQ(change.summary, "Person.status: default \"a\" -> pick()");

  change = property_change(property("email"), [](Property& q) { q.required = true; });
  EXPECT_EQ(change.summary, "Person.email: required false -> true");
  EXPECT_EQ(change.before, false);
  EXPECT_EQ(change.after, true);
}

TEST(Diff, RelationshipDefinitionAddedAndRemoved) {
  Node plain = node("k1", "Person");
  Node with_rel = plain;
  with_rel.relationships = {relationship("friends", "FRIEND", "k1", "Person")};
  Node with_one = plain;
  with_one.relationships = {relationship("boss", "REPORTS_TO", "k1", "Person")};
  with_one.relationships[0].cardinality = "One";

  Change change = single(with_nodes({plain}), with_nodes({with_rel}));
  EXPECT_EQ(change.kind, K::relationship_added);
  EXPECT_EQ(change.change_class, C::additive);
  EXPECT_EQ(change.subject, "friends");
  EXPECT_EQ(change.summary, "Person.friends: added RelationshipTo FRIEND -> Person (ZeroOrMore)");

  change = single(with_nodes({plain}), with_nodes({with_one}));
  EXPECT_EQ(change.change_class, C::needs_data);

  change = single(with_nodes({with_rel}), with_nodes({plain}));
  EXPECT_EQ(change.kind, K::relationship_removed);
  EXPECT_EQ(change.change_class, C::destructive);
  EXPECT_EQ(change.before["rel_type"], "FRIEND");
}

Change relationship_change(const std::function<void(RelationshipDef&)>& edit,
                           RelationshipDef base = relationship("r", "KNOWS", "k2", "Company")) {
  Node before = node("k1", "Person");
  before.relationships = {base};
  Node after = before;
  edit(after.relationships[0]);
  return single(with_nodes({before, node("k2", "Company"), node("k3", "Firm")}),
                with_nodes({after, node("k2", "Company"), node("k3", "Firm")}));
}

TEST(Diff, RelationshipDefinitionRetypedRetargetedChanged) {
  Change change = relationship_change([](RelationshipDef& r) { r.rel_type = "WORKS_AT"; });
  EXPECT_EQ(change.kind, K::relationship_retyped);
  EXPECT_EQ(change.change_class, C::needs_data);
  EXPECT_EQ(change.before, "KNOWS");
  EXPECT_EQ(change.after, "WORKS_AT");
  EXPECT_EQ(change.summary, "Person.r: relationship type KNOWS -> WORKS_AT");

  change = relationship_change([](RelationshipDef& r) { r.rel_type_resolved = false; });
  EXPECT_EQ(change.kind, K::relationship_retyped);

  change = relationship_change([](RelationshipDef& r) {
    r.target_kgid = "k3";
    r.target_class = "Firm";
  });
  EXPECT_EQ(change.kind, K::relationship_retargeted);
  EXPECT_EQ(change.change_class, C::needs_data);
  EXPECT_EQ(change.before, Json::parse(R"({"target_kgid":"k2","target_class":"Company"})"));
  EXPECT_EQ(change.summary, "Person.r: target Company -> Firm");

  // While unresolved, the spelling is all there is to compare.
  auto unresolved_target = relationship("r", "KNOWS", "", "app.Company");
  change = relationship_change([](RelationshipDef& r) { r.target_class = "app.Firm"; },
                               unresolved_target);
  EXPECT_EQ(change.kind, K::relationship_retargeted);

  change = relationship_change([](RelationshipDef& r) { r.direction = Direction::incoming; });
  EXPECT_EQ(change.kind, K::relationship_changed);
  EXPECT_EQ(change.option, "direction");
  EXPECT_EQ(change.change_class, C::needs_data);
  EXPECT_EQ(change.summary, "Person.r: direction RelationshipTo -> RelationshipFrom");

  change = relationship_change([](RelationshipDef& r) { r.cardinality = "ZeroOrOne"; });
  EXPECT_EQ(change.option, "cardinality");
  EXPECT_EQ(change.change_class, C::needs_data);

  auto one = relationship("r", "KNOWS", "k2", "Company");
  one.cardinality = "One";
  change = relationship_change([](RelationshipDef& r) { r.cardinality = "ZeroOrMore"; }, one);
  EXPECT_EQ(change.option, "cardinality");
  EXPECT_EQ(change.change_class, C::additive);

  change = relationship_change([](RelationshipDef& r) { r.model_kgid = "r9"; });
  EXPECT_EQ(change.kind, K::relationship_changed);
  EXPECT_EQ(change.option, "model");
  EXPECT_EQ(change.before, nullptr);
  EXPECT_EQ(change.after, "r9");

  // A model from outside the models folder is known by its dotted name only.
  change = relationship_change([](RelationshipDef& r) { r.model_class = "shared.rels.Since"; });
  EXPECT_EQ(change.option, "model");
  EXPECT_EQ(change.before, nullptr);
  EXPECT_EQ(change.after, Json({{"model_class", "shared.rels.Since"}}));
  EXPECT_EQ(change.summary,
            "Person.r: model none -> shared.rels.Since (outside the models folder)");
}

TEST(Diff, ChangedObjectIsRemovedAndAdded) {
  Property bio = property("bio");
  bio.fulltext_index = FulltextIndex{};
  Property english = bio;
  english.fulltext_index->analyzer = "english";
  const Diff d =
      diff(with_nodes({node("k1", "Doc", {bio})}), with_nodes({node("k1", "Doc", {english})}));
  ASSERT_EQ(d.changes.size(), 3u);
  EXPECT_EQ(d.changes[0].kind, K::property_option_changed);
  EXPECT_EQ(d.changes[1].kind, K::object_added);
  EXPECT_EQ(d.changes[1].change_class, C::additive);
  EXPECT_EQ(d.changes[1].after["fulltext"]["analyzer"], "english");
  EXPECT_EQ(d.changes[2].kind, K::object_removed);
  EXPECT_EQ(d.changes[2].change_class, C::destructive);
  EXPECT_EQ(d.changes[2].before["fulltext"]["analyzer"], "standard-no-stop-words");
  EXPECT_EQ(d.changes[1].subject, d.changes[2].subject);
}

TEST(Diff, ExistenceConstraintAddedNeedsData) {
  Schema before = with_nodes({node("k1", "Person", {required(property("name"))})});
  Schema after = before;
  derive_objects(after, true);
  const Diff d = diff(before, after);
  ASSERT_EQ(d.changes.size(), 1u);
  EXPECT_EQ(d.changes[0].kind, K::object_added);
  EXPECT_EQ(d.changes[0].change_class, C::needs_data);
  EXPECT_EQ(d.changes[0].subject, "constraint_existence_Person_name");
}

TEST(Diff, OrderIsByOwnerClassThenKindThenSubject) {
  const Schema before = with_nodes(
      {node("k1", "Zebra", {property("b"), property("a")}), node("k2", "Ant", {property("x")})});
  const Schema after = with_nodes({node("k1", "Zebra", {property("c")}), node("k3", "Mole")});
  const Diff d = diff(before, after);
  std::vector<std::string> order;
  for (const auto& change : d.changes)
    order.push_back(change.owner_class + " " + to_string(change.kind) + " " + change.subject);
  EXPECT_EQ(order, (std::vector<std::string>{"Ant node_removed ", "Mole node_added ",
                                             "Zebra property_added c", "Zebra property_removed a",
                                             "Zebra property_removed b"}));

  const auto groups = group_by_owner(d);
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0].owner_class, "Ant");
  EXPECT_EQ(groups[2].owner_class, "Zebra");
  EXPECT_EQ(groups[2].owner_kgid, "k1");
  EXPECT_EQ(groups[2].changes.size(), 3u);
}

TEST(Diff, HasClass) {
  const Diff d =
      diff(with_nodes({node("k1", "A", {property("x")})}), with_nodes({node("k1", "A")}));
  EXPECT_TRUE(has_class(d, C::destructive));
  EXPECT_FALSE(has_class(d, C::needs_data));
  EXPECT_FALSE(has_class(Diff{}, C::additive));
}

TEST(Diff, ToJsonShape) {
  const Diff d = diff(with_nodes({node("k1", "Person")}),
                      with_nodes({node("k1", "Person", {indexed(property("name"))})}));
  const Json json = to_json(d);
  ASSERT_EQ(json["changes"].size(), 2u);
  EXPECT_EQ(json["changes"][0], Json::parse(R"json({
    "kind":"property_added","class":"additive","entity":"node","owner_kgid":"k1",
    "owner_class":"Person","subject":"name",
    "after":{"name":"name","db_property":"name","type":"StringProperty","index":true},
    "summary":"Person.name: added StringProperty (index)"})json"));
  EXPECT_EQ(json["changes"][1]["kind"], "object_added");
  EXPECT_FALSE(json["changes"][1].contains("option"));
  EXPECT_EQ(json["renames"], Json::array());
}

TEST(Diff, EnumNames) {
  EXPECT_STREQ(to_string(K::property_option_changed), "property_option_changed");
  EXPECT_STREQ(to_string(K::relationship_model_renamed), "relationship_model_renamed");
  EXPECT_STREQ(to_string(C::needs_data), "needs_data");
  EXPECT_STREQ(to_string(C::destructive), "destructive");
  EXPECT_STREQ(to_string(C::additive), "additive");
}

} // namespace
} // namespace crochet::schema
