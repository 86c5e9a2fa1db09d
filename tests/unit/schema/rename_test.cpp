#include <gtest/gtest.h>

#include "core/schema/diff.hpp"
#include "core/util/error.hpp"
#include "tests/unit/schema/builders.hpp"

namespace crochet::schema {
namespace {

using namespace test;
using K = ChangeKind;
using C = ChangeClass;

Schema schema_of(std::vector<Node> nodes, std::vector<RelationshipModel> models = {}) {
  Schema schema;
  schema.nodes = std::move(nodes);
  schema.relationships = std::move(models);
  derive_objects(schema);
  normalize(schema);
  return schema;
}

std::string error_of(Diff& d, const std::vector<std::string>& confirmations) {
  try {
    apply_renames(d, confirmations);
  } catch (const Error& error) {
    return std::string(error.what()) + " | " + error.hint();
  }
  return "(no error)";
}

Diff mail_to_email() {
  Node before = node("k1", "Person", {indexed(property("mail"))});
  before.label = "Human";
  before.labels = {"Human"};
  Node after = before;
  after.properties = {unique(property("email"))};
  return diff(schema_of({before}), schema_of({after}));
}

TEST(RenameProposals, SameTypePairOnOneClassIsProposed) {
  const Diff d = mail_to_email();
  ASSERT_EQ(d.renames.size(), 1u);
  EXPECT_EQ(d.renames[0], (RenameProposal{"k1", "Person", "Human", "mail", "email", {}}));
  EXPECT_EQ(to_string(d.renames[0]), "Person.mail=email");
  // Offered only: the changes stay a removal and an addition.
  int removed = 0;
  int added = 0;
  for (const auto& change : d.changes) {
    removed += change.kind == K::property_removed;
    added += change.kind == K::property_added;
  }
  EXPECT_EQ(removed, 1);
  EXPECT_EQ(added, 1);
  EXPECT_EQ(to_json(d)["renames"][0]["confirm"], "Person.mail=email");
}

TEST(RenameProposals, DifferentTypesOrClassesAreNotProposed) {
  Diff d = diff(schema_of({node("k1", "A", {property("x")})}),
                schema_of({node("k1", "A", {property("y", "IntegerProperty")})}));
  EXPECT_TRUE(d.renames.empty());

  Property list_a = property("a", "ArrayProperty");
  list_a.item_type = "StringProperty";
  Property list_b = property("b", "ArrayProperty");
  list_b.item_type = "IntegerProperty";
  d = diff(schema_of({node("k1", "A", {list_a})}), schema_of({node("k1", "A", {list_b})}));
  EXPECT_TRUE(d.renames.empty());

  d = diff(schema_of({node("k1", "A", {property("x")}), node("k2", "B")}),
           schema_of({node("k1", "A"), node("k2", "B", {property("y")})}));
  EXPECT_TRUE(d.renames.empty());
}

TEST(RenameProposals, RelationshipModelPropertiesToo) {
  const Diff d = diff(schema_of({}, {model("r1", "Friendship", {property("since")}, {"F"})}),
                      schema_of({}, {model("r1", "Friendship", {property("from")}, {"F"})}));
  ASSERT_EQ(d.renames.size(), 1u);
  EXPECT_EQ(d.renames[0], (RenameProposal{"r1", "Friendship", "", "since", "from", {}}));
}

TEST(ApplyRenames, ConfirmedRenameBecomesOneChange) {
  Diff d = mail_to_email();
  apply_renames(d, {"Person.mail=email"});
  EXPECT_TRUE(d.renames.empty());
  std::vector<std::string> kinds;
  for (const auto& change : d.changes)
    kinds.push_back(std::string(to_string(change.kind)) + " " + change.subject + " " +
                    change.option);
  EXPECT_EQ(kinds, (std::vector<std::string>{"property_renamed email ",
                                             "property_option_changed email index",
                                             "property_option_changed email unique_index",
                                             "object_added constraint_unique_Human_email ",
                                             "object_removed index_Human_mail "}));
  const Change& renamed = d.changes[0];
  EXPECT_EQ(renamed.change_class, C::needs_data);
  EXPECT_EQ(renamed.owner_class, "Person");
  EXPECT_EQ(renamed.before["name"], "mail");
  EXPECT_EQ(renamed.after["name"], "email");
  EXPECT_EQ(renamed.summary, "Person.email: renamed from mail (values move from mail to email)");
}

// Person.age -> years, inherited by Employee (whose nodes carry Person) and Manager (Employee's).
Diff inherited_age_to_years() {
  Node person = node("k_person", "Person", {property("age")});
  Node employee = node("k_employee", "Employee", {property("age")});
  employee.labels = {"Employee", "Person"};
  Node manager = node("k_manager", "Manager", {property("age")});
  manager.labels = {"Employee", "Manager", "Person"};
  std::vector<Node> after = {person, employee, manager};
  for (Node& n : after)
    n.properties = {property("years")};
  return diff(schema_of({person, employee, manager}), schema_of(after));
}

TEST(RenameProposals, SubclassesRideOnTheirBaseClassRename) {
  const Diff d = inherited_age_to_years();
  ASSERT_EQ(d.renames.size(), 1u);
  EXPECT_EQ(to_string(d.renames[0]), "Person.age=years");
  EXPECT_EQ(describe(d.renames[0]), "Person.age=years (with Employee, Manager)");
  EXPECT_EQ(to_json(d)["renames"][0]["carries"][1]["confirm"], "Manager.age=years");
}

// The base class relabelled in the same commit (Person -> Member): the subclass rides on it by
// the labels its nodes carry after the change.
TEST(RenameProposals, SubclassesRideOnARelabelledBaseClass) {
  Node person = node("k_person", "Person", {indexed(property("handle"))});
  Node staff = node("k_staff", "Staff", {indexed(property("handle"))});
  staff.labels = {"Person", "Staff"};
  Node member = node("k_person", "Member", {unique(property("nick"))});
  Node staff_after = node("k_staff", "Staff", {unique(property("nick"))});
  staff_after.labels = {"Member", "Staff"};
  const Diff d = diff(schema_of({person, staff}), schema_of({member, staff_after}));
  ASSERT_EQ(d.renames.size(), 1u);
  EXPECT_EQ(describe(d.renames[0]), "Member.handle=nick (with Staff)");
}

TEST(ApplyRenames, OneConfirmationRenamesTheCarriedSubclassesToo) {
  for (const std::string confirmation : {"Person.age=years", "Manager.age=years"}) {
    Diff d = inherited_age_to_years();
    apply_renames(d, {confirmation});
    EXPECT_TRUE(d.renames.empty());
    std::vector<std::string> renamed;
    for (const auto& change : d.changes) {
      EXPECT_EQ(change.kind, K::property_renamed) << change.summary;
      renamed.push_back(change.owner_class);
    }
    EXPECT_EQ(renamed, (std::vector<std::string>{"Employee", "Manager", "Person"}));
  }
}

TEST(ApplyRenames, ByNodeLabel) {
  Diff d = mail_to_email();
  apply_renames(d, {"Human.mail=email"});
  EXPECT_EQ(d.changes[0].kind, K::property_renamed);
}

// A removed and an added property stored under one name are one property whose attribute was
// renamed: the diff makes the rename itself, and confirming it as well is accepted.
TEST(StoredNameRenames, UnchangedDbPropertyIsARenameWithoutConfirmation) {
  Property before = property("mail");
  before.db_property = "email";
  Property after = property("email");
  Diff d =
      diff(schema_of({node("k1", "Person", {before})}), schema_of({node("k1", "Person", {after})}));
  ASSERT_EQ(d.changes.size(), 1u);
  EXPECT_EQ(d.changes[0].kind, K::property_renamed);
  EXPECT_EQ(d.changes[0].change_class, C::additive);
  EXPECT_EQ(d.changes[0].summary, "Person.email: renamed from mail");
  EXPECT_TRUE(d.renames.empty());
  const Diff made = d;
  EXPECT_EQ(error_of(d, {"Person.mail=email"}), "(no error)");
  EXPECT_EQ(d, made);
}

TEST(StoredNameRenames, OtherChangesOfThePropertyFollowTheRename) {
  // `email = StringProperty(index=True)` -> `mail = EmailProperty(db_property="email")`.
  Property after = property("mail", "EmailProperty");
  after.db_property = "email";
  const Diff d = diff(schema_of({node("k1", "Person", {indexed(property("email"))})}),
                      schema_of({node("k1", "Person", {after})}));
  std::vector<std::string> kinds;
  for (const auto& change : d.changes)
    kinds.push_back(std::string(to_string(change.kind)) + " " + change.subject + " " +
                    change.option);
  EXPECT_EQ(kinds, (std::vector<std::string>{"property_renamed mail ", "property_retyped mail ",
                                             "property_option_changed mail index",
                                             "object_removed index_Person_email "}));
  EXPECT_EQ(d.changes[0].summary, "Person.mail: renamed from email (still stored as email)");
}

TEST(StoredNameRenames, OnlyWithinOneClassAndNotForAliases) {
  Property alias = property("mail", "AliasProperty");
  alias.alias_of = "email";
  alias.db_property = "email";
  Diff d = diff(schema_of({node("k1", "A", {property("email")}), node("k2", "B")}),
                schema_of({node("k1", "A"), node("k2", "B", {property("email")})}));
  for (const auto& change : d.changes)
    EXPECT_NE(change.kind, K::property_renamed) << change.summary;
  d = diff(schema_of({node("k1", "A", {property("x"), alias})}),
           schema_of({node("k1", "A", {property("x")})}));
  for (const auto& change : d.changes)
    EXPECT_NE(change.kind, K::property_renamed) << change.summary;
}

TEST(ApplyRenames, OneConfirmationWithdrawsCompetingProposals) {
  Diff d = diff(schema_of({node("k1", "A", {property("a"), property("b")})}),
                schema_of({node("k1", "A", {property("c"), property("d")})}));
  ASSERT_EQ(d.renames.size(), 4u);
  apply_renames(d, {"A.a=c"});
  ASSERT_EQ(d.renames.size(), 1u);
  EXPECT_EQ(to_string(d.renames[0]), "A.b=d");
  apply_renames(d, {"A.b=d"});
  EXPECT_TRUE(d.renames.empty());
  ASSERT_EQ(d.changes.size(), 2u);
  EXPECT_EQ(d.changes[0].subject, "c");
  EXPECT_EQ(d.changes[1].subject, "d");
}

TEST(ApplyRenames, BadConfirmationsAreErrorsThatNameThem) {
  Diff d = mail_to_email();
  const Diff original = d;
  std::string message = error_of(d, {"Person.mail=email", "Person.nope=email", "garbage"});
  EXPECT_NE(message.find("'Person.nope=email' matches no proposed rename"), std::string::npos)
      << message;
  EXPECT_NE(message.find("'garbage' is not of the form Class.old=new"), std::string::npos);
  EXPECT_NE(message.find("proposed renames: Person.mail=email"), std::string::npos);
  EXPECT_EQ(d, original) << "nothing is applied when any confirmation is bad";

  EXPECT_NE(error_of(d, {"Other.mail=email"}).find("matches no proposed rename"),
            std::string::npos);
  EXPECT_NE(error_of(d, {".mail=email"}).find("not of the form"), std::string::npos);
  EXPECT_NE(error_of(d, {"Person.mail="}).find("not of the form"), std::string::npos);

  Diff none = diff(Schema{}, Schema{});
  EXPECT_NE(error_of(none, {"A.b=c"}).find("this diff proposes no renames"), std::string::npos);
}

TEST(ApplyRenames, ConflictingConfirmationsAreRefused) {
  Diff d = diff(schema_of({node("k1", "A", {property("a")})}),
                schema_of({node("k1", "A", {property("c"), property("d")})}));
  ASSERT_EQ(d.renames.size(), 2u);
  const std::string message = error_of(d, {"A.a=c", "A.a=d"});
  EXPECT_NE(message.find("'A.a=d' conflicts with A.a=c"), std::string::npos) << message;
}

TEST(ApplyRenames, AmbiguousLabelIsRefused) {
  Node a = node("k1", "A", {property("x")});
  a.label = "Shared";
  Node b = node("k2", "B", {property("x")});
  b.label = "Shared";
  Node a2 = a;
  a2.properties = {property("y")};
  Node b2 = b;
  b2.properties = {property("y")};
  Diff d = diff(schema_of({a, b}), schema_of({a2, b2}));
  ASSERT_EQ(d.renames.size(), 2u);
  EXPECT_NE(error_of(d, {"Shared.x=y"}).find("ambiguous"), std::string::npos);
  apply_renames(d, {"A.x=y", "A.x=y"}); // by class name it is clear; twice is harmless
  EXPECT_EQ(d.renames.size(), 1u);
}

TEST(ApplyRenames, NoConfirmationsChangeNothing) {
  Diff d = mail_to_email();
  const Diff original = d;
  apply_renames(d, {});
  EXPECT_EQ(d, original);
}

} // namespace
} // namespace crochet::schema
