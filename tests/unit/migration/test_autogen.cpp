// Autogeneration: each kind of model change becomes the right steps, in a safe order, with the
// downgrade in reverse; and every generated migration round-trips on the derived schema.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/migration/autogen.hpp"
#include "core/migration/simulate.hpp"
#include "core/schema/diff.hpp"
#include "tests/unit/schema/builders.hpp"

namespace crochet::migration {
namespace {

using namespace schema::test;
using schema::Schema;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

Schema schema_of(std::vector<schema::Node> nodes,
                 std::vector<schema::RelationshipModel> models = {}, bool existence = false) {
  Schema schema;
  schema.nodes = std::move(nodes);
  schema.relationships = std::move(models);
  schema::derive_objects(schema, existence);
  schema::normalize(schema);
  return schema;
}

// "op key=value ..." for each step, arguments in the table's order.
std::vector<std::string> lines(const std::vector<Operation>& steps) {
  std::vector<std::string> out;
  for (const Operation& step : steps) {
    std::string line = to_string(step.kind);
    for (const ArgSpec& arg : spec_of(step.kind).args)
      if (auto it = step.args.find(arg.name); it != step.args.end())
        line += std::string(" ") + arg.name + "=" +
                (it->is_string() ? it->get<std::string>() : it->dump());
    out.push_back(line);
  }
  return out;
}

struct Generated {
  GeneratedSteps steps;
  Migration migration;
};

// Generates the steps from `before` to `after`, checks them against the operation table, and
// checks the round trip on the derived schema (upgrade reaches `after`, downgrade comes back).
Generated generate(const Schema& before, const Schema& after,
                   const std::vector<std::string>& renames = {}) {
  schema::Diff d = schema::diff(before, after);
  schema::apply_renames(d, renames);
  Generated out;
  out.steps = generate_steps(before, after, d);
  for (const auto* list : {&out.steps.upgrade, &out.steps.downgrade})
    for (const Operation& step : *list)
      EXPECT_NO_THROW(validate_operation(step, "generated"));
  out.migration.upgrade = out.steps.upgrade;
  out.migration.downgrade = out.steps.downgrade;
  out.migration.rollback_safe = out.steps.rollback_safe;
  const RoundTrip trip = check_round_trip(out.migration, before, after);
  EXPECT_TRUE(trip.problems.empty()) << ::testing::PrintToString(trip.problems);
  EXPECT_TRUE(trip.checked_objects);
  return out;
}

TEST(Autogen, NodeAddedWithUniqueProperty) {
  const auto g =
      generate(schema_of({}),
               schema_of({node("k1", "Person", {property("name"), unique(property("email"))})}));
  EXPECT_THAT(lines(g.steps.upgrade),
              ElementsAre("add_unique_constraint name=constraint_unique_Person_email "
                          "label=Person property=email"));
  EXPECT_THAT(lines(g.steps.downgrade),
              ElementsAre("drop_unique_constraint name=constraint_unique_Person_email "
                          "label=Person property=email"));
  EXPECT_TRUE(g.steps.rollback_safe);
  EXPECT_TRUE(g.steps.notes.empty());
}

TEST(Autogen, UniqueFlagAddedToAnExistingProperty) {
  const auto g = generate(schema_of({node("k1", "Person", {property("email")})}),
                          schema_of({node("k1", "Person", {unique(property("email"))})}));
  EXPECT_THAT(lines(g.steps.upgrade),
              ElementsAre("add_unique_constraint name=constraint_unique_Person_email "
                          "label=Person property=email"));
}

TEST(Autogen, LabelRenamedByKgidMovesNodesAndRebuildsConstraints) {
  schema::Node person = node("k1", "Person", {unique(property("email"))});
  schema::Node human = person;
  human.label = "Human";
  human.labels = {"Human"};
  const auto g = generate(schema_of({person}), schema_of({human}));
  EXPECT_THAT(lines(g.steps.upgrade),
              ElementsAre("drop_unique_constraint name=constraint_unique_Person_email "
                          "label=Person property=email",
                          "rename_label from=Person to=Human",
                          "add_unique_constraint name=constraint_unique_Human_email "
                          "label=Human property=email"));
  EXPECT_THAT(lines(g.steps.downgrade),
              ElementsAre("drop_unique_constraint name=constraint_unique_Human_email "
                          "label=Human property=email",
                          "rename_label from=Human to=Person",
                          "add_unique_constraint name=constraint_unique_Person_email "
                          "label=Person property=email"));
  EXPECT_TRUE(g.steps.rollback_safe);
  EXPECT_TRUE(g.steps.notes.empty());
}

TEST(Autogen, SubclassLabelSetsFollowARename) {
  schema::Node animal = node("k1", "Animal");
  schema::Node dog = node("k2", "Dog");
  dog.labels = {"Animal", "Dog"};
  schema::Node creature = animal;
  creature.label = "Creature";
  creature.labels = {"Creature"};
  schema::Node dog_after = dog;
  dog_after.labels = {"Creature", "Dog"};
  const auto g = generate(schema_of({animal, dog}), schema_of({creature, dog_after}));
  EXPECT_THAT(lines(g.steps.upgrade), ElementsAre("rename_label from=Animal to=Creature"));
  EXPECT_TRUE(g.steps.notes.empty()) << g.steps.notes.front();
}

TEST(Autogen, LabelRenameOntoALabelInUseIsOnlyANote) {
  schema::Node a = node("k1", "A");
  schema::Node b = node("k2", "B");
  schema::Node a_after = a;
  a_after.label = "B";
  a_after.labels = {"B"};
  const auto g = generate(schema_of({a, b}), schema_of({a_after, b}));
  EXPECT_TRUE(g.steps.upgrade.empty());
  ASSERT_EQ(g.steps.notes.size(), 1u);
  EXPECT_THAT(g.steps.notes[0], HasSubstr("label A -> B was not generated as rename_label because "
                                          "B is already used by another class"));
}

TEST(Autogen, RelationshipWithAModelGetsItsIndexes) {
  schema::Node person = node("k1", "Person");
  schema::Node company = node("k2", "Company");
  schema::Node person_after = person;
  auto works = relationship("employer", "WORKS_AT", "k2", "Company");
  works.model_kgid = "r1";
  person_after.relationships = {works};
  const auto g = generate(
      schema_of({person, company}),
      schema_of({person_after, company},
                {model("r1", "WorksAt", {indexed(property("since", "DateTimeProperty"))})}));
  EXPECT_THAT(lines(g.steps.upgrade), ElementsAre("add_index name=index_WORKS_AT_since "
                                                  "rel_type=WORKS_AT property=since"));
}

TEST(Autogen, PropertyRemovedDropsItsIndexFirstAndIsNotRollbackSafe) {
  const auto g =
      generate(schema_of({node("k1", "Person", {property("name"), indexed(property("age"))})}),
               schema_of({node("k1", "Person", {property("name")})}));
  EXPECT_THAT(lines(g.steps.upgrade),
              ElementsAre("drop_index name=index_Person_age label=Person property=age",
                          "remove_node_property label=Person property=age"));
  EXPECT_THAT(lines(g.steps.downgrade),
              ElementsAre("add_node_property label=Person property=age",
                          "add_index name=index_Person_age label=Person property=age"));
  EXPECT_FALSE(g.steps.rollback_safe);
}

// A step on every Person node also reaches the Person nodes of a subclass: when the subclass
// still stores the property, removing or moving it there would lose the subclass's values.
TEST(Autogen, AStepOnALabelSparesASubclassThatStillStoresTheProperty) {
  auto student = [](std::vector<schema::Property> properties) {
    schema::Node n = node("k2", "Student", std::move(properties));
    n.labels = {"Person", "Student"};
    return n;
  };
  const Schema before =
      schema_of({node("k1", "Person", {property("nickname")}), student({property("nickname")})});
  const auto kept =
      generate(before, schema_of({node("k1", "Person"), student({property("nickname")})}));
  EXPECT_TRUE(kept.steps.upgrade.empty()) << ::testing::PrintToString(lines(kept.steps.upgrade));
  ASSERT_EQ(kept.steps.notes.size(), 1u);
  EXPECT_THAT(kept.steps.notes[0],
              HasSubstr("Student still stores nickname on nodes labelled Person, so no removal"));
  // Where the subclass only inherited it, its nodes lose it with the class's (subclass first).
  const auto removed = generate(before, schema_of({node("k1", "Person"), student({})}));
  EXPECT_THAT(lines(removed.steps.upgrade),
              ElementsAre("remove_node_property label=Student property=nickname",
                          "remove_node_property label=Person property=nickname"));
  // A move of the stored name is held back the same way.
  schema::Property moved = property("nickname");
  moved.db_property = "nick";
  const auto move =
      generate(before, schema_of({node("k1", "Person", {moved}), student({property("nickname")})}));
  EXPECT_TRUE(move.steps.upgrade.empty()) << ::testing::PrintToString(lines(move.steps.upgrade));
  ASSERT_EQ(move.steps.notes.size(), 1u);
  EXPECT_THAT(move.steps.notes[0], HasSubstr("so no rename step was generated"));
}

TEST(Autogen, AStepOnARelationshipTypeSparesAnotherModelStoringTheProperty) {
  schema::Node person = node("k1", "Person");
  auto knows = relationship("knows", "KNOWS", "k1", "Person");
  knows.model_kgid = "r1";
  auto met = relationship("met", "KNOWS", "k1", "Person");
  met.model_kgid = "r2";
  person.relationships = {knows, met};
  const auto g = generate(
      schema_of({person}, {model("r1", "Link", {property("weight")}),
                           model("r2", "Meeting", {property("weight")})}),
      schema_of({person}, {model("r1", "Link", {}), model("r2", "Meeting", {property("weight")})}));
  EXPECT_TRUE(g.steps.upgrade.empty()) << ::testing::PrintToString(lines(g.steps.upgrade));
  ASSERT_EQ(g.steps.notes.size(), 1u);
  EXPECT_THAT(g.steps.notes[0], HasSubstr("Meeting still stores weight on relationships of type "
                                          "KNOWS, so no removal step was generated"));
}

TEST(Autogen, AliasRemovalStoresNothingSoNeedsNoStep) {
  schema::Property alias = property("mail");
  alias.alias_of = "email";
  const auto g = generate(schema_of({node("k1", "P", {property("email"), alias})}),
                          schema_of({node("k1", "P", {property("email")})}));
  EXPECT_TRUE(g.steps.upgrade.empty());
  EXPECT_TRUE(g.steps.rollback_safe);
}

TEST(Autogen, ConfirmedRenameMovesValuesBetweenIndexes) {
  const Schema before = schema_of({node("k1", "Person", {indexed(property("mail"))})});
  const Schema after = schema_of({node("k1", "Person", {indexed(property("email"))})});
  // Unconfirmed: removal plus addition.
  const auto plain = generate(before, after);
  EXPECT_THAT(lines(plain.steps.upgrade),
              ElementsAre("drop_index name=index_Person_mail label=Person property=mail",
                          "remove_node_property label=Person property=mail",
                          "add_index name=index_Person_email label=Person property=email"));
  EXPECT_FALSE(plain.steps.rollback_safe);
  // Confirmed by label or class name: the values move.
  const auto renamed = generate(before, after, {"Person.mail=email"});
  EXPECT_THAT(lines(renamed.steps.upgrade),
              ElementsAre("drop_index name=index_Person_mail label=Person property=mail",
                          "rename_node_property label=Person from=mail to=email",
                          "add_index name=index_Person_email label=Person property=email"));
  EXPECT_THAT(lines(renamed.steps.downgrade),
              ElementsAre("drop_index name=index_Person_email label=Person property=email",
                          "rename_node_property label=Person from=email to=mail",
                          "add_index name=index_Person_mail label=Person property=mail"));
  EXPECT_TRUE(renamed.steps.rollback_safe);
}

// `age` renamed to `years` on Person is inherited by Employee, whose nodes carry the Person label:
// one confirmation moves the values of both. A removal on Employee would have deleted Employee
// nodes' values before the step on Person could move them.
TEST(Autogen, ConfirmedRenameCarriesTheSubclassesThatInheritIt) {
  schema::Node person = node("k_person", "Person", {property("age", "IntegerProperty")});
  schema::Node employee = node("k_employee", "Employee", {property("age", "IntegerProperty")});
  employee.labels = {"Employee", "Person"};
  schema::Node person_after = person;
  person_after.properties = {indexed(property("years", "IntegerProperty"))};
  schema::Node employee_after = employee;
  employee_after.properties = person_after.properties;
  const Schema before = schema_of({person, employee});
  const Schema after = schema_of({person_after, employee_after});
  EXPECT_EQ(schema::diff(before, after).renames.size(), 1u); // offered once, on Person
  const auto g = generate(before, after, {"Person.age=years"});
  EXPECT_THAT(lines(g.steps.upgrade),
              ElementsAre("rename_node_property label=Employee from=age to=years",
                          "rename_node_property label=Person from=age to=years",
                          "add_index name=index_Employee_years label=Employee property=years",
                          "add_index name=index_Person_years label=Person property=years"));
  EXPECT_TRUE(g.steps.rollback_safe);
}

// Staff (nodes labelled Member too) renames its own `age` to `staff_years`, Member its `age` to
// `years`. A step on Member reaches Staff nodes, so Staff's runs first, whatever the class names'
// order: otherwise Staff's values would move to `years` and Staff's step find nothing.
TEST(Autogen, SubclassDataStepsRunBeforeTheirBaseClassSteps) {
  schema::Node member = node("k_member", "Member", {property("age", "IntegerProperty")});
  schema::Node staff = node("k_staff", "Staff", {property("age", "IntegerProperty")});
  staff.labels = {"Member", "Staff"};
  schema::Node member_after = member;
  member_after.properties = {property("years", "IntegerProperty")};
  schema::Node staff_after = staff;
  staff_after.properties = {property("staff_years", "IntegerProperty")};
  staff_after.properties.push_back(property("years", "IntegerProperty")); // inherited
  const auto g = generate(schema_of({member, staff}), schema_of({member_after, staff_after}),
                          {"Member.age=years", "Staff.age=staff_years"});
  EXPECT_THAT(lines(g.steps.upgrade),
              ElementsAre("rename_node_property label=Staff from=age to=staff_years",
                          "rename_node_property label=Member from=age to=years"));
  EXPECT_THAT(lines(g.steps.downgrade),
              ElementsAre("rename_node_property label=Member from=years to=age",
                          "rename_node_property label=Staff from=staff_years to=age"));
}

TEST(Autogen, RenameOfTheAttributeOnlyNeedsNoStep) {
  // The values stay under "email" whether or not the rename is confirmed: removing them would
  // lose the data the new attribute reads.
  schema::Property old_name = property("mail");
  old_name.db_property = "email";
  schema::Property new_name = property("email_address");
  new_name.db_property = "email";
  for (const std::vector<std::string>& confirmed :
       {std::vector<std::string>{"P.mail=email_address"}, std::vector<std::string>{}}) {
    const auto g = generate(schema_of({node("k1", "P", {old_name})}),
                            schema_of({node("k1", "P", {new_name})}), confirmed);
    EXPECT_TRUE(g.steps.upgrade.empty()) << ::testing::PrintToString(lines(g.steps.upgrade));
    EXPECT_TRUE(g.steps.downgrade.empty());
    EXPECT_TRUE(g.steps.rollback_safe);
  }
  // The attribute renamed onto the stored name it had: `email = EmailProperty()` becomes
  // `mail = EmailProperty(db_property="email")`.
  schema::Property mail = property("mail", "EmailProperty");
  mail.db_property = "email";
  const auto g = generate(schema_of({node("k1", "P", {indexed(property("email"))})}),
                          schema_of({node("k1", "P", {indexed(mail)})}));
  EXPECT_TRUE(g.steps.upgrade.empty()) << ::testing::PrintToString(lines(g.steps.upgrade));
}

TEST(Autogen, DbPropertyChangeMovesTheStoredValues) {
  schema::Property stored = property("email");
  schema::Property moved = property("email");
  moved.db_property = "e_mail";
  const auto g =
      generate(schema_of({node("k1", "P", {stored})}), schema_of({node("k1", "P", {moved})}));
  EXPECT_THAT(lines(g.steps.upgrade),
              ElementsAre("rename_node_property label=P from=email to=e_mail"));
}

// A base class's db_property change reaches every class that inherits the property: each label
// gets its own move, the subclasses' first (an abstract base has no label of its own).
TEST(Autogen, InheritedDbPropertyChangeMovesTheValuesOnEveryLabel) {
  schema::Property stored = property("name");
  stored.db_property = "n";
  schema::Property moved = property("name");
  moved.db_property = "full_name";
  auto classes = [](const schema::Property& name, bool concrete_base) {
    schema::Node author = node("k_author", "Author", {name});
    schema::Node editor = node("k_editor", "Editor", {name});
    if (!concrete_base)
      return schema_of({author, editor});
    author.labels = {"Base", "Author"};
    editor.labels = {"Base", "Editor"};
    return schema_of({node("k_base", "Base", {name}), author, editor});
  };
  const auto abstract_base = generate(classes(stored, false), classes(moved, false));
  EXPECT_THAT(lines(abstract_base.steps.upgrade),
              ElementsAre("rename_node_property label=Author from=n to=full_name",
                          "rename_node_property label=Editor from=n to=full_name"));
  const auto concrete_base = generate(classes(stored, true), classes(moved, true));
  EXPECT_THAT(lines(concrete_base.steps.upgrade),
              ElementsAre("rename_node_property label=Author from=n to=full_name",
                          "rename_node_property label=Editor from=n to=full_name",
                          "rename_node_property label=Base from=n to=full_name"));
  EXPECT_TRUE(concrete_base.steps.notes.empty())
      << ::testing::PrintToString(concrete_base.steps.notes);
}

TEST(Autogen, RelationshipModelPropertyRenameAndRemovalPerType) {
  schema::Node person = node("k1", "Person");
  auto knows = relationship("knows", "KNOWS", "k1", "Person");
  knows.model_kgid = "r1";
  auto likes = relationship("likes", "LIKES", "k1", "Person");
  likes.model_kgid = "r1";
  person.relationships = {knows, likes};
  const Schema before = schema_of(
      {person}, {model("r1", "Link", {property("since"), property("weight", "FloatProperty")})});
  const Schema after = schema_of({person}, {model("r1", "Link", {property("start")})});
  const auto g = generate(before, after, {"Link.since=start"});
  EXPECT_THAT(lines(g.steps.upgrade),
              ElementsAre("remove_relationship_property rel_type=KNOWS property=weight",
                          "remove_relationship_property rel_type=LIKES property=weight",
                          "rename_relationship_property rel_type=KNOWS from=since to=start",
                          "rename_relationship_property rel_type=LIKES from=since to=start"));
  EXPECT_FALSE(g.steps.rollback_safe);
}

TEST(Autogen, PureRetypeRenamesTheRelationshipType) {
  schema::Node person = node("k1", "Person");
  person.relationships = {relationship("friends", "KNOWS", "k1", "Person")};
  schema::Node after = person;
  after.relationships[0].rel_type = "FRIEND";
  const auto g = generate(schema_of({person}), schema_of({after}));
  EXPECT_THAT(lines(g.steps.upgrade), ElementsAre("rename_relationship_type from=KNOWS to=FRIEND"));
  EXPECT_THAT(lines(g.steps.downgrade),
              ElementsAre("rename_relationship_type from=FRIEND to=KNOWS"));
}

TEST(Autogen, RetypeWithOtherChangesOrSharedTypeIsOnlyANote) {
  schema::Node person = node("k1", "Person");
  schema::Node dog = node("k2", "Dog");
  person.relationships = {relationship("friends", "KNOWS", "k1", "Person")};
  schema::Node retargeted = person;
  retargeted.relationships[0].rel_type = "FRIEND";
  retargeted.relationships[0].target_kgid = "k2";
  retargeted.relationships[0].target_class = "Dog";
  auto g = generate(schema_of({person, dog}), schema_of({retargeted, dog}));
  EXPECT_TRUE(g.steps.upgrade.empty());
  EXPECT_THAT(::testing::PrintToString(g.steps.notes),
              HasSubstr("the definitions also changed target or direction"));

  // Another definition keeps using KNOWS: renaming every KNOWS relationship would be wrong.
  dog.relationships = {relationship("pals", "KNOWS", "k2", "Dog")};
  schema::Node moved = person;
  moved.relationships[0].rel_type = "FRIEND";
  g = generate(schema_of({person, dog}), schema_of({moved, dog}));
  EXPECT_TRUE(g.steps.upgrade.empty());
  EXPECT_THAT(::testing::PrintToString(g.steps.notes),
              HasSubstr("KNOWS is still used by another definition"));
}

TEST(Autogen, FulltextVectorAndExistenceObjectsCarryTheirDefinition) {
  schema::Property bio = property("bio");
  bio.fulltext_index = schema::FulltextIndex{"english", true};
  schema::Property embedding = property("embedding", "ArrayProperty");
  embedding.item_type = "FloatProperty";
  embedding.vector_index = schema::VectorIndex{768, "euclidean"};
  const auto g = generate(
      schema_of({node("k1", "Doc")}, {}, true),
      schema_of({node("k1", "Doc", {bio, embedding, required(property("title"))})}, {}, true));
  EXPECT_THAT(lines(g.steps.upgrade),
              ElementsAre("add_existence_constraint name=constraint_existence_Doc_title "
                          "label=Doc property=title",
                          "add_fulltext_index name=fulltext_index_Doc_bio label=Doc property=bio "
                          "analyzer=english eventually_consistent=true",
                          "add_vector_index name=vector_index_Doc_embedding label=Doc "
                          "property=embedding dimensions=768 similarity_function=euclidean"));
  ASSERT_EQ(g.steps.notes.size(), 1u); // title is required with no default
  EXPECT_THAT(g.steps.notes[0], HasSubstr("no literal default"));
}

TEST(Autogen, ChangedIndexOptionsAreDroppedThenRecreated) {
  schema::Property bio = property("bio");
  bio.fulltext_index = schema::FulltextIndex{"english", false};
  schema::Property changed = bio;
  changed.fulltext_index->analyzer = "simple";
  const auto g =
      generate(schema_of({node("k1", "Doc", {bio})}), schema_of({node("k1", "Doc", {changed})}));
  EXPECT_THAT(lines(g.steps.upgrade),
              ElementsAre("drop_fulltext_index name=fulltext_index_Doc_bio label=Doc property=bio "
                          "analyzer=english eventually_consistent=false",
                          "add_fulltext_index name=fulltext_index_Doc_bio label=Doc property=bio "
                          "analyzer=simple eventually_consistent=false"));
  EXPECT_TRUE(g.steps.rollback_safe); // the drop carries every setting, so it can be undone
}

TEST(Autogen, RequiredPropertyWithALiteralDefaultIsFilledIn) {
  schema::Property status = required(property("status"));
  status.default_value = literal("active");
  const auto g = generate(schema_of({node("k1", "P", {property("name")})}),
                          schema_of({node("k1", "P", {property("name"), status})}));
  EXPECT_THAT(lines(g.steps.upgrade),
              ElementsAre("add_node_property label=P property=status value=active"));
  EXPECT_THAT(lines(g.steps.downgrade),
              ElementsAre("remove_node_property label=P property=status"));
  // A property that becomes required cannot be filled reversibly: a note instead.
  schema::Property optional = property("status");
  optional.default_value = literal("active");
  const auto later =
      generate(schema_of({node("k1", "P", {optional})}), schema_of({node("k1", "P", {status})}));
  EXPECT_TRUE(later.steps.upgrade.empty());
  EXPECT_THAT(::testing::PrintToString(later.steps.notes), HasSubstr("may lack a value"));
}

TEST(Autogen, RemovedNodeDropsItsObjectsAndLeavesANote) {
  const auto g =
      generate(schema_of({node("k1", "Person", {unique(property("email"))})}), schema_of({}));
  EXPECT_THAT(lines(g.steps.upgrade),
              ElementsAre("drop_unique_constraint name=constraint_unique_Person_email "
                          "label=Person property=email"));
  EXPECT_THAT(::testing::PrintToString(g.steps.notes), HasSubstr("its nodes stay in the graph"));
}

TEST(Autogen, SafeOrderAcrossManyChanges) {
  schema::Node person =
      node("k1", "Person", {indexed(property("age")), property("nick"), unique(property("mail"))});
  schema::Node human = node("k1", "Person", {unique(property("email")), indexed(property("born"))});
  human.label = "Human";
  human.labels = {"Human"};
  const auto g = generate(schema_of({person}), schema_of({human}), {"Human.mail=email"});
  const auto got = lines(g.steps.upgrade);
  // Drops, then the relabel, then data moves, then new objects.
  EXPECT_THAT(got, ElementsAre("drop_unique_constraint name=constraint_unique_Person_mail "
                               "label=Person property=mail",
                               "drop_index name=index_Person_age label=Person property=age",
                               "rename_label from=Person to=Human",
                               "remove_node_property label=Human property=age",
                               "remove_node_property label=Human property=nick",
                               "rename_node_property label=Human from=mail to=email",
                               "add_unique_constraint name=constraint_unique_Human_email "
                               "label=Human property=email",
                               "add_index name=index_Human_born label=Human property=born"));
  // The downgrade is the exact mirror.
  ASSERT_EQ(g.steps.downgrade.size(), g.steps.upgrade.size());
  EXPECT_EQ(lines(g.steps.downgrade).front(),
            "drop_index name=index_Human_born label=Human property=born");
  EXPECT_EQ(lines(g.steps.downgrade).back(),
            "add_unique_constraint name=constraint_unique_Person_mail label=Person property=mail");
}

TEST(Autogen, DowngradeOfReversesAndTracksFaithfulness) {
  Operation add;
  add.kind = OpKind::rename_label;
  add.args = {{"from", "A"}, {"to", "B"}};
  Operation cypher;
  cypher.kind = OpKind::cypher;
  cypher.args = {{"statement", "RETURN 1"}};
  GeneratedSteps steps = downgrade_of({add, cypher});
  EXPECT_THAT(lines(steps.downgrade), ElementsAre("rename_label from=B to=A"));
  EXPECT_FALSE(steps.rollback_safe);
}

} // namespace
} // namespace crochet::migration
