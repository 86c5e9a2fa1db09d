// Classes, labels, imports, relationships and identity across the files of a models folder.
#include "tests/unit/model/model_test_support.hpp"

namespace crochet::model::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ModelResolution, LabelInheritanceAbstractBasesAndMixins) {
  ReadResult r = read({{"people.py", R"PY(
from neomodel import StructuredNode, StringProperty, IntegerProperty

class Timestamped:
    created = IntegerProperty(index=True)
    name = IntegerProperty()

class Base(StructuredNode):
    __abstract_node__ = True
    name = StringProperty(required=True)

class Person(Timestamped, Base):
    __kgid__ = "person"
    __optional_labels__ = ["Human"]

class Employee(Person):
    __kgid__ = "employee"
    __label__ = "Staff"
    salary = IntegerProperty()

class Manager(Employee):
    __kgid__ = "manager"
)PY"}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  EXPECT_EQ(node(r, "Base"), nullptr) << "abstract classes are not in the IR";
  const auto* person = node(r, "Person");
  ASSERT_TRUE(person);
  EXPECT_EQ(person->label, "Person");
  EXPECT_THAT(person->labels, ElementsAre("Person"));
  EXPECT_THAT(person->optional_labels, ElementsAre("Human"));
  // The mixin comes first in the MRO, so its `name` wins over Base's.
  EXPECT_EQ(property(person, "name")->type, "IntegerProperty");
  EXPECT_TRUE(property(person, "created")->index);

  const auto* employee = node(r, "Employee");
  EXPECT_EQ(employee->label, "Staff");
  EXPECT_THAT(employee->labels, ElementsAre("Person", "Staff"));
  EXPECT_EQ(employee->properties.size(), 3u);

  const auto* manager = node(r, "Manager");
  EXPECT_EQ(manager->label, "Manager") << "__label__ is not inherited";
  EXPECT_THAT(manager->labels, ElementsAre("Manager", "Person", "Staff"));
  EXPECT_THAT(manager->optional_labels, ElementsAre("Human"));
}

TEST(ModelResolution, AbstractBasesAndMixinsPassOnTheLabelsTheyDeclare) {
  // neomodel deletes __abstract_node__ from each class, then collects __label__ and
  // __optional_labels__ from every class of the MRO that has them: a concrete class's label
  // (its name by default), and what an abstract base or a mixin declares.
  ReadResult r = read({{"a.py", R"PY(
from neomodel import StructuredNode, StringProperty

class Searchable:
    __optional_labels__ = ["Searchable"]

class Tagged:
    __label__ = "Tagged"

class Named(StructuredNode):
    __abstract_node__ = True
    __optional_labels__ = ["Named"]
    name = StringProperty()

class Plain(StructuredNode):
    __abstract_node__ = True

class Org(Searchable, Named):
    __kgid__ = "org"
    __label__ = "Organisation"

class Club(Tagged, Org, Plain):
    __kgid__ = "club"
    __optional_labels__ = ["Venue"]
)PY"}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  const auto* org = node(r, "Org");
  ASSERT_TRUE(org);
  EXPECT_THAT(org->labels, ElementsAre("Organisation"));
  EXPECT_THAT(org->optional_labels, ElementsAre("Named", "Searchable"));
  const auto* club = node(r, "Club");
  ASSERT_TRUE(club);
  EXPECT_THAT(club->labels, ElementsAre("Club", "Organisation", "Tagged"));
  EXPECT_THAT(club->optional_labels, ElementsAre("Named", "Searchable", "Venue"));
}

TEST(ModelResolution, MembersFollowPythonsMethodResolutionOrder) {
  // Diamonds merged by C3 and chains of single bases: the first class of the order that assigns
  // a name gives its member. LeftFirst's order is LeftFirst, Left, Right, Base, so its `y` is
  // Right's, where a depth-first walk would find Base's first.
  ReadResult r = read({{"a.py", R"PY(
from neomodel import StructuredNode, StringProperty, IntegerProperty, FloatProperty
class Base(StructuredNode):
    __abstract_node__ = True
    x = StringProperty()
    y = StringProperty()
class Left(Base):
    __abstract_node__ = True
    x = IntegerProperty()
class Right(Base):
    __abstract_node__ = True
    x = FloatProperty()
    y = FloatProperty()
class LeftFirst(Left, Right):
    __kgid__ = "lr"
class RightFirst(Right, Left):
    __kgid__ = "rl"
class Deep(LeftFirst):
    __kgid__ = "deep"
class Deeper(Deep):
    __kgid__ = "deeper"
    y = IntegerProperty()
)PY"}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  EXPECT_EQ(property(node(r, "LeftFirst"), "x")->type, "IntegerProperty");
  EXPECT_EQ(property(node(r, "LeftFirst"), "y")->type, "FloatProperty");
  EXPECT_EQ(property(node(r, "RightFirst"), "x")->type, "FloatProperty");
  EXPECT_EQ(property(node(r, "Deep"), "x")->type, "IntegerProperty");
  EXPECT_EQ(property(node(r, "Deep"), "y")->type, "FloatProperty");
  EXPECT_EQ(property(node(r, "Deeper"), "x")->type, "IntegerProperty");
  EXPECT_EQ(property(node(r, "Deeper"), "y")->type, "IntegerProperty");
  EXPECT_THAT(node(r, "Deeper")->labels, ElementsAre("Deep", "Deeper", "LeftFirst"));
}

TEST(ModelResolution, OnlyAPropertyOrRelationshipReplacesABasesMember) {
  // neomodel's defined_properties() keeps a base's property when a subclass assigns the name
  // something else (None, a method, a plain value): its index is still made for the subclass.
  // A property or a relationship of the subclass replaces it.
  ReadResult r = read({{"a.py", R"PY(
from neomodel import StructuredNode, IntegerProperty, StringProperty, RelationshipTo
class Animal(StructuredNode):
    __kgid__ = "animal"
    legs = IntegerProperty(index=True)
    name = StringProperty()
    friend = RelationshipTo("Animal", "KNOWS")
class Fish(Animal):
    __kgid__ = "fish"
    legs = None
    def name(self):
        return "fish"
    friend = 3
class Bird(Animal):
    __kgid__ = "bird"
    legs = StringProperty()
    friend = IntegerProperty()
)PY"}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  const schema::Node* fish = node(r, "Fish");
  ASSERT_NE(property(fish, "legs"), nullptr);
  EXPECT_TRUE(property(fish, "legs")->index);
  EXPECT_NE(property(fish, "name"), nullptr);
  ASSERT_EQ(fish->relationships.size(), 1u);
  EXPECT_EQ(fish->relationships[0].name, "friend");
  EXPECT_EQ(property(node(r, "Bird"), "legs")->type, "StringProperty");
  EXPECT_EQ(property(node(r, "Bird"), "friend")->type, "IntegerProperty");
  EXPECT_TRUE(node(r, "Bird")->relationships.empty());
  EXPECT_NE(std::find_if(r.schema.objects.begin(), r.schema.objects.end(),
                         [](const schema::SchemaObject& o) { return o.name == "index_Fish_legs"; }),
            r.schema.objects.end());
}

TEST(ModelResolution, BasesWithNoConsistentOrderAreAnError) {
  // Python refuses the class (TypeError: Cannot create a consistent method resolution order).
  ReadResult r = read({{"a.py", R"PY(
from neomodel import StructuredNode
class A(StructuredNode):
    __kgid__ = "a"
class B(A):
    __kgid__ = "b"
class C(A, B):
    __kgid__ = "c"
)PY"}});
  EXPECT_FALSE(r.ok());
  const Diagnostic* d =
      find_diagnostic(r, "cannot create a consistent method resolution order for class 'C'");
  ASSERT_TRUE(d) << all_messages(r);
  EXPECT_EQ(d->line, 7u);
  EXPECT_EQ(d->source_line, "class C(A, B):");
  EXPECT_EQ(r.diagnostics.size(), 1u) << all_messages(r);
}

TEST(ModelResolution, AbstractIsNotInherited) {
  ReadResult r = read({{"a.py", R"PY(
from neomodel import StructuredNode
class Base(StructuredNode):
    __abstract_node__ = False
class Child(Base):
    __kgid__ = "child"
)PY"}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  EXPECT_EQ(node(r, "Base"), nullptr) << "any value of __abstract_node__ makes a class abstract";
  ASSERT_TRUE(node(r, "Child"));
  EXPECT_THAT(node(r, "Child")->labels, ElementsAre("Child"));
}

TEST(ModelResolution, AliasAndNamespaceImports) {
  ReadResult r = read({{"a.py", R"PY(
import neomodel as nm
import neomodel
from neomodel import StringProperty as Text, RelationshipTo as To
from neomodel.properties import IntegerProperty
from neomodel.contrib import SemiStructuredNode
from neomodel import AsyncStructuredNode

class A(nm.StructuredNode):
    __kgid__ = "a"
    one = Text(index=True)
    two = nm.IntegerProperty()
    three = neomodel.properties.FloatProperty()
    four = IntegerProperty()
    friend = To("B", "KNOWS")

class B(SemiStructuredNode):
    __kgid__ = "b"

class C(AsyncStructuredNode):
    __kgid__ = "c"
    name = nm.StringProperty()
)PY"}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  const auto* a = node(r, "A");
  ASSERT_TRUE(a);
  EXPECT_EQ(property(a, "one")->type, "StringProperty");
  EXPECT_EQ(property(a, "two")->type, "IntegerProperty");
  EXPECT_EQ(property(a, "three")->type, "FloatProperty");
  EXPECT_EQ(property(a, "four")->type, "IntegerProperty");
  EXPECT_EQ(relationship(a, "friend")->target_kgid, "b");
  EXPECT_TRUE(node(r, "B")->semi_structured);
  EXPECT_TRUE(node(r, "C")->async);
}

TEST(ModelResolution, StarImportOfNeomodelLeavesBuiltinsAlone) {
  // `from neomodel import *` binds what neomodel exports, its public submodules among them, and
  // nothing else: `object`, `list` and `str` stay Python's, as a neomodel example writes them.
  ReadResult r = read({{"a.py", R"PY(
from neomodel import *

class Stamped(object):
    created = DateTimeProperty(default_now=True)

class A(Stamped, StructuredNode):
    __kgid__ = "a"
    tags = ArrayProperty(StringProperty(), default=list)
    code = StringProperty(default=str)
    size = properties.IntegerProperty(index=True)
    cfg = config
)PY"}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  EXPECT_TRUE(r.diagnostics.empty()) << all_messages(r);
  const auto* a = node(r, "A");
  ASSERT_TRUE(a);
  EXPECT_EQ(property(a, "created")->type, "DateTimeProperty") << "the mixin's member is read";
  ASSERT_TRUE(property(a, "tags")->default_value);
  EXPECT_EQ(property(a, "tags")->default_value->kind, schema::Value::Kind::callable);
  EXPECT_EQ(property(a, "tags")->default_value->text, "list");
  EXPECT_EQ(property(a, "code")->default_value->text, "str");
  EXPECT_TRUE(property(a, "size")->index) << "neomodel.properties comes with the star import";

  // Every builtin is known by name, not only the common ones.
  ReadResult builtins = read({{"c.py", R"PY(
from neomodel import StructuredNode, StringProperty

class C(StructuredNode):
    __kgid__ = "c"
    code = StringProperty(default=repr)
)PY"}});
  ASSERT_TRUE(builtins.ok()) << all_messages(builtins);
  EXPECT_TRUE(builtins.diagnostics.empty()) << all_messages(builtins);
  EXPECT_EQ(property(node(builtins, "C"), "code")->default_value->text, "repr");

  // The same names unbound anywhere are still errors, star import or not.
  ReadResult missing = read({{"b.py", R"PY(
from neomodel import *

class B(NotAClass, StructuredNode):
    __kgid__ = "b"
)PY"}});
  EXPECT_TRUE(find_diagnostic(missing, "unknown base class 'NotAClass'")) << all_messages(missing);
}

TEST(ModelResolution, RelationshipsWithStringAndClassTargetsAndModels) {
  ReadResult r = read({{"graph.py", R"PY(
from neomodel import (StructuredNode, StructuredRel, StringProperty, DateTimeProperty,
    RelationshipTo, RelationshipFrom, Relationship, One, ZeroOrOne, OneOrMore)
from neomodel import AsyncRelationshipTo, AsyncZeroOrMore

KNOWS = "KNOWS"
PREFIX = "WORKS_"

class Since(StructuredRel):
    __kgid__ = "since"
    since = DateTimeProperty(default_now=True, index=True)
    note = StringProperty(unique_index=True)

class Company(StructuredNode):
    __kgid__ = "company"
    staff = RelationshipFrom("Person", PREFIX + "AT", cardinality=OneOrMore)

class Person(StructuredNode):
    __kgid__ = "person"
    employer = RelationshipTo(Company, "WORKS_AT", cardinality=One, model=Since)
    friends = Relationship("Person", KNOWS, model=Since)
    boss = RelationshipTo("graph.Person", relation_type="REPORTS_TO", cardinality=ZeroOrOne)
    later = AsyncRelationshipTo(".graph.Company", "LATER", AsyncZeroOrMore)
)PY"}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  const auto* person = node(r, "Person");
  const auto* employer = relationship(person, "employer");
  ASSERT_TRUE(employer);
  EXPECT_EQ(employer->direction, schema::Direction::outgoing);
  EXPECT_EQ(employer->rel_type, "WORKS_AT");
  EXPECT_EQ(employer->target_kgid, "company");
  EXPECT_EQ(employer->cardinality, "One");
  EXPECT_EQ(employer->model_kgid, "since");
  const auto* friends = relationship(person, "friends");
  EXPECT_EQ(friends->direction, schema::Direction::either);
  EXPECT_EQ(friends->rel_type, "KNOWS");
  EXPECT_EQ(friends->target_kgid, "person");
  EXPECT_EQ(relationship(person, "boss")->target_kgid, "person");
  EXPECT_EQ(relationship(person, "boss")->cardinality, "ZeroOrOne");
  EXPECT_EQ(relationship(person, "later")->target_kgid, "company");
  EXPECT_EQ(relationship(person, "later")->cardinality, "ZeroOrMore");
  const auto* staff = relationship(node(r, "Company"), "staff");
  EXPECT_EQ(staff->direction, schema::Direction::incoming);
  EXPECT_EQ(staff->rel_type, "WORKS_AT");

  const auto* since = rel_model(r, "Since");
  ASSERT_TRUE(since);
  EXPECT_THAT(since->rel_types, ElementsAre("KNOWS", "WORKS_AT"));
  EXPECT_TRUE(property(since, "since")->index);
}

TEST(ModelResolution, CrossFileImportsAndConstants) {
  ReadResult r =
      read({{"__init__.py", "from .person import Person\n"},
            {"constants.py", "FRIEND = 'FRIEND' + '_OF'\nNAME_CHOICES = {'a': 'A'}\nMAX = 10\n"},
            {"base.py", R"PY(
from neomodel import StructuredNode, StringProperty
class Named(StructuredNode):
    __abstract_node__ = True
    name = StringProperty(required=True)
)PY"},
            {"person.py", R"PY(
from neomodel import RelationshipTo, StringProperty, IntegerProperty
from app.models.base import Named
from . import constants
from .constants import FRIEND as F, MAX
class Person(Named):
    __kgid__ = "person"
    friends = RelationshipTo("models.pets.dog.Dog", F)
    kind = StringProperty(choices=constants.NAME_CHOICES)
    level = IntegerProperty(default=MAX)
)PY"},
            {"pets/dog.py", R"PY(
from neomodel import StructuredNode, RelationshipFrom
from ..person import Person
class Dog(StructuredNode):
    __kgid__ = "dog"
    owner = RelationshipFrom(Person, "OWNS")
)PY"}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  const auto* person = node(r, "Person");
  ASSERT_TRUE(person);
  EXPECT_EQ(property(person, "name")->type, "StringProperty");
  EXPECT_EQ(relationship(person, "friends")->rel_type, "FRIEND_OF");
  EXPECT_EQ(relationship(person, "friends")->target_kgid, "dog");
  EXPECT_EQ(property(person, "kind")->choices->literal, (schema::Json{{"a", "A"}}));
  EXPECT_EQ(property(person, "level")->default_value->literal, 10);
  EXPECT_EQ(relationship(node(r, "Dog"), "owner")->target_kgid, "person");
}

// Constants are evaluated once and reused; a reused value must be what evaluating afresh gives,
// including where a chain of constants is longer than the evaluator follows (and so unresolved).
TEST(ModelResolution, ConstantsReusedKeepTheirValuesAtEveryDepth) {
  std::string constants = "CHOICES = (('a', 'A'), ('b', 'B'))\nC = 'x'\nB1 = C\n";
  for (int i = 2; i <= 40; ++i)
    constants += "B" + std::to_string(i) + " = B" + std::to_string(i - 1) + "\n";
  const std::string header =
      "from neomodel import StructuredNode, StringProperty\nfrom .constants import *\n";
  const std::string deep_first = R"PY(
class DeepFirst(StructuredNode):
    __kgid__ = "deep_first"
    deep = StringProperty(default=B40)
    near = StringProperty(default=B20)
    plain = StringProperty(default=C, choices=CHOICES)
)PY";
  const std::string near_first = R"PY(
class NearFirst(StructuredNode):
    __kgid__ = "near_first"
    plain = StringProperty(default=C, choices=CHOICES)
    near = StringProperty(default=B20)
    deep = StringProperty(default=B40)
)PY";
  ReadResult r =
      read({{"constants.py", constants}, {"models.py", header + deep_first + near_first}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  for (const char* name : {"DeepFirst", "NearFirst"}) {
    SCOPED_TRACE(name);
    const schema::Node* n = node(r, name);
    ASSERT_TRUE(n);
    EXPECT_EQ(property(n, "plain")->default_value->literal, "x");
    EXPECT_EQ(property(n, "plain")->choices->literal, (schema::Json{{"a", "A"}, {"b", "B"}}));
    EXPECT_EQ(property(n, "near")->default_value->literal, "x");
    EXPECT_EQ(property(n, "deep")->default_value->kind, schema::Value::Kind::unresolved);
  }
  // Each class alone, read afresh, gets exactly the same properties.
  for (const auto& [name, body] : {std::pair{"DeepFirst", deep_first}, {"NearFirst", near_first}}) {
    SCOPED_TRACE(name);
    ReadResult alone = read({{"constants.py", constants}, {"models.py", header + body}});
    ASSERT_TRUE(alone.ok()) << all_messages(alone);
    ASSERT_TRUE(node(alone, name));
    EXPECT_EQ(node(alone, name)->properties, node(r, name)->properties);
  }
}

// Strings fold through constants and `+` wherever one is expected (kgid, label, relation type);
// anything else, or a chain past the evaluator's depth limit, is not a string.
TEST(ModelResolution, StringsFoldThroughConstantsAndConcatenation) {
  std::string source = R"PY(
from neomodel import StructuredNode, RelationshipTo
PREFIX = "HAS_"
SUFFIX = PREFIX + "ITEM"
NUMBER = 1
B1 = "R"
)PY";
  for (int i = 2; i <= 40; ++i)
    source += "B" + std::to_string(i) + " = B" + std::to_string(i - 1) + "\n";
  source += R"PY(
class A(StructuredNode):
    __kgid__ = "k_" + "a"
    __label__ = SUFFIX
    x = RelationshipTo("A", SUFFIX + "S")
    w = RelationshipTo("A", ("T" + "U") + (PREFIX + "V"))
    near = RelationshipTo("A", B20)
    y = RelationshipTo("A", PREFIX + NUMBER)
    z = RelationshipTo("A", f"{PREFIX}Z")
    z_spec = RelationshipTo("A", f"{PREFIX:>5}")
    deep = RelationshipTo("A", B40)
)PY";
  ReadResult r = read({{"a.py", source}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  const schema::Node* a = node(r, "A");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->kgid, "k_a");
  EXPECT_EQ(a->label, "HAS_ITEM");
  EXPECT_EQ(relationship(a, "x")->rel_type, "HAS_ITEMS");
  EXPECT_EQ(relationship(a, "w")->rel_type, "TUHAS_V");
  EXPECT_EQ(relationship(a, "near")->rel_type, "R");
  EXPECT_EQ(relationship(a, "z")->rel_type, "HAS_Z");
  for (const char* name : {"y", "z_spec", "deep"}) {
    EXPECT_FALSE(relationship(a, name)->rel_type_resolved) << name;
    EXPECT_TRUE(find_diagnostic(r, "relation type '" + relationship(a, name)->rel_type +
                                       "' cannot be read statically"))
        << name;
  }
  EXPECT_EQ(relationship(a, "y")->rel_type, "PREFIX + NUMBER");
}

// An f-string whose replacement fields are all strings, ints or bools folds to the text Python
// makes of it (str() of each field); a field of another value, a format spec or a conversion
// other than !s keeps it unresolved.
TEST(ModelResolution, FstringsOfConstantsFold) {
  ReadResult r = read({{"a.py", R"PY(
from neomodel import StructuredNode, StringProperty, RelationshipTo
PREFIX = "Acme"
P = "acme"
VERSION = 2
ON = True
RATIO = 1.5
class Item(StructuredNode):
    __kgid__ = "item"
    __label__ = f"{PREFIX}Item"
    name = StringProperty(db_property=f"{P}_name")
    code = StringProperty(db_property=f'{P}_v{VERSION}_{ON}_{-1}_{VERSION + 1!s}' "_" f"{P + P}")
    joined = StringProperty(db_property="{literal} " + f"{{P}}" f"{P}")
    rel = RelationshipTo("Item", f"{P.upper()}")
    ratio = RelationshipTo("Item", f"R{RATIO}")
    repr = RelationshipTo("Item", f"R{P!r}")
    spec = RelationshipTo("Item", f"R{VERSION:03}")
    missing = RelationshipTo("Item", f"R{NOWHERE}")
)PY"}});
  const schema::Node* item = node(r, "Item");
  ASSERT_TRUE(item) << all_messages(r);
  EXPECT_EQ(item->label, "AcmeItem");
  EXPECT_EQ(property(item, "name")->db_property, "acme_name");
  EXPECT_EQ(property(item, "code")->db_property, "acme_v2_True_-1_3_acmeacme");
  EXPECT_EQ(property(item, "joined")->db_property, "{literal} {P}acme");
  for (const char* name : {"rel", "ratio", "repr", "spec", "missing"})
    EXPECT_FALSE(relationship(item, name)->rel_type_resolved) << name;
}

// A class body reads its names in its own namespace first, as Python does: an assignment above
// a statement shadows the module's name there; one below, another class's, or one inside an
// if/try block (which may not run) does not stand for it.
TEST(ModelResolution, ClassBodyAssignmentsShadowModuleConstants) {
  ReadResult r = read({{"a.py", R"PY(
from neomodel import StructuredNode, StringProperty, RelationshipTo
TYPE = "MODULE_TYPE"
LABEL_IN_CLASS = "ModuleLabel"
PREFIX = "mod"
CONDITIONAL = "MODULE_CONDITIONAL"
class Person(StructuredNode):
    __kgid__ = "person"
    LABEL_IN_CLASS = "Human"
    __label__ = LABEL_IN_CLASS
    early = RelationshipTo("Person", TYPE)
    TYPE = "LINKS"
    friends = RelationshipTo("Person", TYPE)
    NAME = PREFIX + "_name"
    name = StringProperty(db_property=NAME)
    TYPE = TYPE + "_AGAIN"
    again = RelationshipTo("Person", TYPE)
    if PREFIX:
        CONDITIONAL = "CLASS_CONDITIONAL"
    maybe = RelationshipTo("Person", CONDITIONAL)
    def make():
        return "x"
    made = StringProperty(default=make)
class Other(StructuredNode):
    __kgid__ = "other"
    knows = RelationshipTo("Person", TYPE)
)PY"}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  const schema::Node* person = node(r, "Person");
  ASSERT_TRUE(person);
  EXPECT_EQ(person->label, "Human");
  EXPECT_EQ(relationship(person, "early")->rel_type, "MODULE_TYPE");
  EXPECT_EQ(relationship(person, "friends")->rel_type, "LINKS");
  EXPECT_EQ(property(person, "name")->db_property, "mod_name");
  EXPECT_EQ(relationship(person, "again")->rel_type, "LINKS_AGAIN");
  EXPECT_FALSE(relationship(person, "maybe")->rel_type_resolved);
  EXPECT_EQ(property(person, "made")->default_value->kind, schema::Value::Kind::callable);
  EXPECT_EQ(relationship(node(r, "Other"), "knows")->rel_type, "MODULE_TYPE");
}

// neomodel's defined_properties() reads vars(cls): a name that holds a property or relationship
// made elsewhere is a member too. A module constant (of this file or another, imported by name or
// reached as an attribute of its module) is read as its call, in the scope of its own file; an
// earlier member named again is that member under the second name as well.
TEST(ModelResolution, MembersHeldByConstantsAndEarlierMembersAreRead) {
  ReadResult r = read({{"__init__.py", ""},
                       {"fields.py", R"PY(
from neomodel import StringProperty, RelationshipTo
PREFIX = "e"
EMAIL = StringProperty(unique_index=True, db_property=PREFIX + "mail")
FRIENDS = RelationshipTo("A", "FRIEND")
NICK = StringProperty(index=True)
)PY"},
                       {"a.py", R"PY(
from neomodel import StructuredNode, IntegerProperty, StringProperty
from .fields import EMAIL, FRIENDS
from . import fields
PREFIX = "class"
HOME = StringProperty(index=True)
HOME_AGAIN = HOME
class A(StructuredNode):
    __kgid__ = "a"
    email = EMAIL
    friends = FRIENDS
    nick = fields.NICK
    home = HOME_AGAIN
    age = IntegerProperty(index=True, extra=1)
    years = age
    pals = friends
)PY"}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  const schema::Node* a = node(r, "A");
  ASSERT_TRUE(a);
  ASSERT_TRUE(property(a, "email")) << all_messages(r);
  EXPECT_TRUE(property(a, "email")->unique_index);
  EXPECT_EQ(property(a, "email")->db_property, "email"); // PREFIX of fields.py, not of a.py
  ASSERT_TRUE(property(a, "nick"));
  EXPECT_TRUE(property(a, "nick")->index);
  ASSERT_TRUE(property(a, "home"));
  EXPECT_TRUE(property(a, "home")->index);
  ASSERT_TRUE(property(a, "years"));
  EXPECT_EQ(property(a, "years")->type, "IntegerProperty");
  EXPECT_EQ(property(a, "years")->db_property, "years");
  EXPECT_TRUE(property(a, "years")->index);
  ASSERT_TRUE(relationship(a, "friends"));
  EXPECT_EQ(relationship(a, "friends")->rel_type, "FRIEND");
  EXPECT_EQ(relationship(a, "friends")->target_kgid, "a");
  ASSERT_TRUE(relationship(a, "pals"));
  EXPECT_EQ(relationship(a, "pals")->rel_type, "FRIEND");
  for (const char* index : {"index_A_age", "index_A_years", "index_A_nick", "index_A_home"})
    EXPECT_NE(std::find_if(r.schema.objects.begin(), r.schema.objects.end(),
                           [&](const schema::SchemaObject& o) { return o.name == index; }),
              r.schema.objects.end())
        << index;
  // The options of `age` are checked once, where it is written, not again for `years`.
  ASSERT_EQ(r.diagnostics.size(), 1u) << all_messages(r);
  EXPECT_THAT(r.diagnostics[0].message, HasSubstr("age = IntegerProperty(...): unknown option"));
}

// What may hold a property or relationship but cannot be read without running Python (a
// function's result, a conditional expression) is a warning naming the member; plain class
// attributes, ordinary classes and names that go round in a circle stay quiet.
TEST(ModelResolution, MembersThatCannotBeReadWarn) {
  ReadResult r = read({{"a.py", R"PY(
from neomodel import StructuredNode, StringProperty
from common.fields import make_email, Manager
import os
EMAIL = StringProperty(unique_index=True)
FLAG = os.environ.get("X")
LABEL = "Thing"
def uniq(**kw):
    return StringProperty(unique_index=True, **kw)
MAYBE = EMAIL if FLAG else None
ROUND = AND_ROUND
AND_ROUND = ROUND
class Thing(StructuredNode):
    __kgid__ = "thing"
    __label__ = LABEL
    code = uniq(db_property="c")
    mail = make_email()
    maybe = EMAIL if FLAG else None
    later = MAYBE
    copy = code
    if FLAG:
        E = EMAIL
    conditional = E
    looped = ROUND
    title = "x"
    count = 3
    objects = Manager()
    kinds = dict(a=1)
    label_text = LABEL
    flag = FLAG
    sizes = [n for n in range(3)]
    key = lambda self: uniq()
)PY"}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  const schema::Node* thing = node(r, "Thing");
  ASSERT_TRUE(thing);
  EXPECT_TRUE(thing->properties.empty()) << all_messages(r);
  const Diagnostic* code = find_diagnostic(
      r, "'code' in class 'Thing' is made by calling 'uniq', which git-crochet cannot read "
         "statically: a property or relationship it returns is not part of the schema");
  ASSERT_TRUE(code) << all_messages(r);
  EXPECT_EQ(code->severity, Severity::warning);
  EXPECT_EQ(code->line, 16u);
  EXPECT_TRUE(find_diagnostic(r, "'mail' in class 'Thing' is made by calling 'make_email'"));
  const Diagnostic* maybe = find_diagnostic(
      r, "'maybe' in class 'Thing' is 'EMAIL if FLAG else None', which git-crochet cannot read "
         "statically: a property or relationship it holds is not part of the schema");
  ASSERT_TRUE(maybe) << all_messages(r);
  EXPECT_EQ(maybe->line, 18u);
  const Diagnostic* later = find_diagnostic(r, "'later' in class 'Thing' is 'EMAIL if FLAG");
  ASSERT_TRUE(later) << all_messages(r);
  EXPECT_EQ(later->line, 19u); // at the member, though the expression is the constant's
  const Diagnostic* copy = find_diagnostic(r, "'copy' in class 'Thing' is made by calling 'uniq'");
  ASSERT_TRUE(copy);
  EXPECT_EQ(copy->line, 20u);
  EXPECT_TRUE(find_diagnostic(r, "'conditional' in class 'Thing' is 'E', assigned in an if/try "
                                 "block, which git-crochet cannot read statically"))
      << all_messages(r);
  for (const char* quiet : {"'looped'", "'title'", "'count'", "'objects'", "'kinds'",
                            "'label_text'", "'flag'", "'sizes'", "'key'", "__label__"})
    EXPECT_FALSE(find_diagnostic(r, quiet)) << quiet << "\n" << all_messages(r);
  EXPECT_EQ(r.diagnostics.size(), 6u) << all_messages(r);
}

// A call with more keyword arguments than are kept in place still binds every one of them.
TEST(ModelResolution, CallsWithManyKeywordArguments) {
  ReadResult r = read({{"models.py", R"PY(
from neomodel import StructuredNode, StringProperty, RelationshipTo, ZeroOrOne
class Thing(StructuredNode):
    __kgid__ = "thing"
    name = StringProperty(label="Name", help_text="shown", db_property="n", default="z",
                          choices={"z": "Zed"}, unique_index=True, required=False, index=False,
                          format="plain", extra="ignored")
    other = RelationshipTo(model=None, cardinality=ZeroOrOne, relation_type="OWNS",
                           cls_name="Thing")
)PY"}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  const schema::Node* thing = node(r, "Thing");
  ASSERT_TRUE(thing);
  const schema::Property* name = property(thing, "name");
  ASSERT_TRUE(name);
  EXPECT_EQ(name->db_property, "n");
  EXPECT_EQ(name->default_value->literal, "z");
  EXPECT_EQ(name->choices->literal, (schema::Json{{"z", "Zed"}}));
  EXPECT_TRUE(name->unique_index);
  EXPECT_FALSE(name->required);
  EXPECT_FALSE(name->index);
  EXPECT_EQ(name->other_options.at("format").literal, "plain");
  EXPECT_EQ(name->other_options.count("extra"), 0u);
  EXPECT_THAT(all_messages(r), ::testing::HasSubstr("unknown option 'extra'"));
  const schema::RelationshipDef* other = relationship(thing, "other");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->rel_type, "OWNS");
  EXPECT_EQ(other->cardinality, "ZeroOrOne");
  EXPECT_EQ(other->target_kgid, "thing");
}

TEST(ModelResolution, StringTargetsMeanWhatTheirFileBinds) {
  // neomodel looks a string target up in the module that defines the relationship: an alias
  // there wins over a class of that name elsewhere, and a star import brings names in. A name the
  // file does not bind falls back to the one class of that name in the folder.
  ReadResult r = read({{"people.py", R"PY(
from neomodel import StructuredNode
class Person(StructuredNode):
    __kgid__ = "person"
class Admin(StructuredNode):
    __kgid__ = "admin"
)PY"},
                       {"aliases.py", "from .people import Admin as Boss\n"},
                       {"links.py", R"PY(
from neomodel import StructuredNode, RelationshipTo
from .people import Admin as Person
class Aliased(StructuredNode):
    __kgid__ = "aliased"
    to_admin = RelationshipTo("Person", "A")
)PY"},
                       {"starred.py", R"PY(
from neomodel import StructuredNode, RelationshipTo
from .aliases import *
class Starred(StructuredNode):
    __kgid__ = "starred"
    to_boss = RelationshipTo("Boss", "B")
    to_person = RelationshipTo("Person", "C")
)PY"}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  EXPECT_EQ(relationship(node(r, "Aliased"), "to_admin")->target_kgid, "admin");
  EXPECT_EQ(relationship(node(r, "Starred"), "to_boss")->target_kgid, "admin");
  EXPECT_EQ(relationship(node(r, "Starred"), "to_person")->target_kgid, "person");
}

TEST(ModelResolution, UnresolvedTargetsAndTypesWarn) {
  ReadResult r = read({{"a.py", R"PY(
from neomodel import StructuredNode, RelationshipTo
import config
class A(StructuredNode):
    __kgid__ = "a"
    x = RelationshipTo("Nowhere", config.REL)
)PY"}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  const auto* x = relationship(node(r, "A"), "x");
  ASSERT_TRUE(x);
  EXPECT_EQ(x->target_kgid, "");
  EXPECT_FALSE(x->rel_type_resolved);
  EXPECT_EQ(x->rel_type, "config.REL");
  EXPECT_TRUE(find_diagnostic(r, "target 'Nowhere' is not a class of the models folder"));
  EXPECT_TRUE(find_diagnostic(r, "relation type 'config.REL' cannot be read statically"));
}

TEST(ModelResolution, RelationshipModelMustBeAStructuredRelClass) {
  ReadResult r = read({{"a.py", R"PY(
from neomodel import StructuredNode, StructuredRel, RelationshipTo
class Since(StructuredRel):
    __kgid__ = "since"
class B(StructuredNode):
    __kgid__ = "b"
class A(StructuredNode):
    __kgid__ = "a"
    by_name = RelationshipTo("A", "KNOWS", model="Since")
    by_node = RelationshipTo("A", "LIKES", model=B)
)PY"}});
  EXPECT_FALSE(r.ok());
  const Diagnostic* string = find_diagnostic(
      r, "by_name = RelationshipTo(...): model \"Since\" is a string; neomodel needs the "
         "StructuredRel class itself (import it)");
  ASSERT_TRUE(string) << all_messages(r);
  EXPECT_EQ(string->line, 9u);
  EXPECT_EQ(string->column, 50u);
  EXPECT_TRUE(find_diagnostic(
      r, "by_node = RelationshipTo(...): model 'B' is not a StructuredRel class of the models "
         "folder"))
      << all_messages(r);
}

// A StructuredRel shared from another package is valid neomodel: its properties are unknown, so
// the model is recorded by its dotted name, unresolved, with a warning. model=StructuredRel is
// neomodel's default spelled out.
TEST(ModelResolution, RelationshipModelFromOutsideTheFolderIsRecordedUnresolved) {
  ReadResult r = read({{"a.py", R"PY(
from neomodel import StructuredNode, StructuredRel, RelationshipTo
import shared.rels as rels
from shared.rels import Since as Started
class A(StructuredNode):
    __kgid__ = "a"
    plain = RelationshipTo("A", "KNOWS", model=StructuredRel)
    since = RelationshipTo("A", "LIKES", model=Started)
    dotted = RelationshipTo("A", "OWNS", model=rels.Ownership)
)PY"}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  const schema::Node& a = r.schema.nodes.at(0);
  ASSERT_EQ(a.relationships.size(), 3u);
  const auto rel = [&](const std::string& name) {
    for (const auto& d : a.relationships)
      if (d.name == name)
        return d;
    ADD_FAILURE() << "no relationship " << name;
    return schema::RelationshipDef{};
  };
  EXPECT_EQ(rel("plain").model_kgid, "");
  EXPECT_EQ(rel("plain").model_class, "");
  EXPECT_EQ(rel("since").model_class, "shared.rels.Since");
  EXPECT_EQ(rel("dotted").model_class, "shared.rels.Ownership");
  EXPECT_EQ(rel("since").model_kgid, "");
  EXPECT_TRUE(r.schema.relationships.empty());
  const Diagnostic* since = find_diagnostic(
      r, "since = RelationshipTo(...): model 'shared.rels.Since' comes from outside the models "
         "folder, so its properties (and the constraints and indexes they need) are not in the "
         "schema");
  ASSERT_TRUE(since) << all_messages(r);
  EXPECT_EQ(since->severity, Severity::warning);
  EXPECT_EQ(since->line, 8u);
  EXPECT_TRUE(find_diagnostic(r, "model 'shared.rels.Ownership' comes from outside"))
      << all_messages(r);
  EXPECT_FALSE(find_diagnostic(r, "plain = RelationshipTo")) << all_messages(r);
  EXPECT_EQ(r.diagnostics.size(), 2u) << all_messages(r);
}

// neomodel ties a relationship type to the model of its first definition that names one, and
// raises RelationshipClassRedefined for a later one with a model that is neither a subclass nor
// a base of it and derives from StructuredRel directly. The same model again, a subclass, a
// base, a definition without a model, or a model that derives from StructuredRel through
// another class are all accepted.
TEST(ModelResolution, OneRelationshipTypeWithTwoUnrelatedModelsIsAnError) {
  const char* rels = R"PY(
from neomodel import StructuredRel, StringProperty
class Friendship(StructuredRel):
    __kgid__ = "friendship"
class CloseFriendship(Friendship):
    __kgid__ = "close_friendship"
class Employment(StructuredRel):
    __kgid__ = "employment"
class Dated(StructuredRel):
    since = StringProperty()
class Contract(Dated):
    __kgid__ = "contract"
)PY";
  ReadResult r = read({{"rels.py", rels}, {"people.py", R"PY(
from neomodel import StructuredNode, RelationshipTo
from .rels import Friendship, CloseFriendship, Employment, Contract
class Person(StructuredNode):
    __kgid__ = "person"
    friends = RelationshipTo("Person", "KNOWS", model=Friendship)
    close = RelationshipTo("Person", "KNOWS", model=CloseFriendship)
    plain = RelationshipTo("Person", "KNOWS")
    again = RelationshipTo("Person", "KNOWS", model=Friendship)
    colleagues = RelationshipTo("Person", "KNOWS", model=Employment)
    signed = RelationshipTo("Person", "KNOWS", model=Contract)
    employer = RelationshipTo("Person", "WORKS_FOR", model=Contract)
    boss = RelationshipTo("Person", "WORKS_FOR", model=Employment)
)PY"}});
  EXPECT_FALSE(r.ok());
  std::vector<const Diagnostic*> errors;
  for (const Diagnostic& d : r.diagnostics)
    if (d.severity == Severity::error)
      errors.push_back(&d);
  ASSERT_EQ(errors.size(), 2u) << all_messages(r);
  EXPECT_EQ(errors[0]->file, "models/people.py");
  EXPECT_EQ(errors[0]->line, 10u);
  EXPECT_EQ(errors[0]->message,
            "relationship type 'KNOWS' of 'colleagues' in class 'Person' has the model "
            "'Employment', but 'close' in class 'Person' (models/people.py:7) ties it to the "
            "model 'CloseFriendship': neomodel raises RelationshipClassRedefined when it imports "
            "them (one type, one model: use the same model, or a subclass of it)");
  EXPECT_EQ(errors[1]->line, 13u);
  EXPECT_THAT(errors[1]->message, ::testing::HasSubstr("'boss' in class 'Person' has the model "
                                                       "'Employment', but 'employer'"));

  // Across files the import order decides, which is not known: only two models that both derive
  // from StructuredRel directly raise whichever file comes first.
  const char* node = R"PY(
from neomodel import StructuredNode, RelationshipTo
from .rels import {model}
class {name}(StructuredNode):
    __kgid__ = "{kgid}"
    rel = RelationshipTo("{name}", "LINKS", model={model})
)PY";
  auto file = [&](const char* name, const char* kgid, const char* model) {
    std::string text = node;
    for (const auto& [key, value] : {std::pair{"{name}", name},
                                     {"{kgid}", kgid},
                                     {"{model}", model},
                                     {"{name}", name},
                                     {"{model}", model}})
      text.replace(text.find(key), std::string(key).size(), value);
    return text;
  };
  ReadResult both_direct = read({{"rels.py", rels},
                                 {"a.py", file("A", "a", "Friendship")},
                                 {"b.py", file("B", "b", "Employment")}});
  const Diagnostic* d = find_diagnostic(both_direct, "RelationshipClassRedefined");
  ASSERT_TRUE(d) << all_messages(both_direct);
  EXPECT_EQ(d->file, "models/b.py");
  EXPECT_THAT(d->message, ::testing::HasSubstr("(models/a.py:6)"));
  ReadResult one_indirect = read({{"rels.py", rels},
                                  {"a.py", file("A", "a", "Contract")},
                                  {"b.py", file("B", "b", "Employment")}});
  EXPECT_TRUE(one_indirect.ok()) << all_messages(one_indirect);

  // A base's definition runs once, in the base's body, even when a subclass replaces it.
  ReadResult overridden = read({{"rels.py", rels}, {"a.py", R"PY(
from neomodel import StructuredNode, RelationshipTo
from .rels import Friendship, Employment
class Animal(StructuredNode):
    __abstract_node__ = True
    friends = RelationshipTo("Animal", "KNOWS", model=Friendship)
class Dog(Animal):
    __kgid__ = "dog"
class Cat(Animal):
    __kgid__ = "cat"
    friends = RelationshipTo("Animal", "KNOWS", model=Employment)
)PY"}});
  const Diagnostic* replaced = find_diagnostic(overridden, "RelationshipClassRedefined");
  ASSERT_TRUE(replaced) << all_messages(overridden);
  EXPECT_EQ(replaced->line, 11u);
  EXPECT_THAT(replaced->message,
              ::testing::HasSubstr("'friends' in class 'Animal' (models/a.py:6)"));
  EXPECT_EQ(std::count_if(overridden.diagnostics.begin(), overridden.diagnostics.end(),
                          [](const Diagnostic& e) { return e.severity == Severity::error; }),
            1);
}

TEST(ModelResolution, UnknownBaseClassIsError) {
  ReadResult r = read({{"a.py", "from neomodel import StructuredNode\n"
                                "class A(StructuredNod):\n    __kgid__ = 'a'\n"}});
  EXPECT_FALSE(r.ok());
  const Diagnostic* d = find_diagnostic(r, "unknown base class 'StructuredNod'");
  ASSERT_TRUE(d) << all_messages(r);
  EXPECT_EQ(d->line, 2u);
  EXPECT_EQ(d->column, 9u);
  EXPECT_EQ(d->source_line, "class A(StructuredNod):");
}

TEST(ModelResolution, AMemberOfAClassNeomodelDoesNotHaveIsAnError) {
  // Left out with a warning, the property would vanish from the schema and a migration made
  // from it would remove its values.
  ReadResult r = read({{"a.py", R"PY(
from neomodel import StructuredNode, StringPropery
import neomodel as nm
class A(StructuredNode):
    __kgid__ = "a"
    name = StringPropery()
    age = nm.IntegerPropery(index=True)
)PY"}});
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 2u) << all_messages(r);
  EXPECT_EQ(r.diagnostics[0].severity, Severity::error);
  EXPECT_EQ(r.diagnostics[0].message,
            "'neomodel.StringPropery' is not a neomodel class git-crochet knows, so 'name' in "
            "class 'A' cannot be read (a misspelling? importing the models would fail)");
  EXPECT_EQ(r.diagnostics[0].line, 6u);
  EXPECT_EQ(r.diagnostics[0].column, 12u);
  EXPECT_NE(r.diagnostics[1].message.find("'neomodel.IntegerPropery'"), std::string::npos);
  EXPECT_TRUE(r.schema.nodes.empty());
}

TEST(ModelResolution, InheritanceCycleAcrossFilesIsOneError) {
  // Python could not import these; read statically, the cycle is reported once, where it is
  // first met, whichever class of it (or of a branch back into it) is reached again.
  ReadResult r = read({{"a.py", "from neomodel import StructuredNode\nfrom .b import B, C\n"
                                "class A(B):\n    __kgid__ = 'a'\n"
                                "class D(StructuredNode):\n    __kgid__ = 'd'\n"},
                       {"b.py", "from .a import A\n"
                                "class C(A, A):\n    __kgid__ = 'c'\n"
                                "class B(C):\n    __kgid__ = 'b'\n"}});
  EXPECT_FALSE(r.ok());
  std::size_t cycles = 0;
  for (const Diagnostic& d : r.diagnostics)
    cycles += d.message.find("inherits from itself") != std::string::npos;
  EXPECT_EQ(cycles, 1u) << all_messages(r);
  const Diagnostic* d = find_diagnostic(r, "class 'A' inherits from itself");
  ASSERT_TRUE(d) << all_messages(r);
  EXPECT_EQ(d->line, 3u);
  EXPECT_EQ(d->source_line, "class A(B):");
  EXPECT_EQ(r.diagnostics.size(), 1u) << all_messages(r);
  EXPECT_TRUE(r.schema.nodes.empty()) << "a read with errors yields no schema";
}

TEST(ModelResolution, DiagnosticsShowTheLineWhateverTheLineEndings) {
  // Old Mac (CR only) and Windows (CRLF) line endings count lines as the tokenizer does.
  for (const std::string eol : {"\r", "\r\n"}) {
    ReadResult r =
        read({{"a.py", "from neomodel import StructuredNode" + eol + "# note" + eol +
                           "class A(StructuredNod):" + eol + "    __kgid__ = 'a'" + eol}});
    const Diagnostic* d = find_diagnostic(r, "unknown base class 'StructuredNod'");
    ASSERT_TRUE(d) << all_messages(r);
    EXPECT_EQ(d->line, 3u);
    EXPECT_EQ(d->source_line, "class A(StructuredNod):");
  }
}

TEST(ModelResolution, ExternalBasesAreNotModels) {
  ReadResult r = read({{"a.py", R"PY(
from django.db import models
from neomodel import StructuredNode
class Form(models.Model):
    pass
class Tagged(StructuredNode, SomeMixin):
    __kgid__ = "t"
)PY"}});
  EXPECT_FALSE(r.ok()) << "SomeMixin is undefined";
  ReadResult ok = read({{"a.py", R"PY(
from django.db import models
from otherlib import Mixin
from neomodel import StructuredNode, StringProperty
class Form(models.Model):
    pass
class Tagged(StructuredNode, Mixin):
    __kgid__ = "t"
    name = StringProperty()
)PY"}});
  ASSERT_TRUE(ok.ok()) << all_messages(ok);
  ASSERT_EQ(ok.schema.nodes.size(), 1u);
  EXPECT_EQ(ok.schema.nodes[0].class_name, "Tagged");
}

TEST(ModelResolution, MissingKgidIsErrorWithHintAndStampSite) {
  ReadResult r = read({{"a.py", R"PY(
from neomodel import StructuredNode, StringProperty
class A(StructuredNode):
    """A documented class."""
    name = StringProperty()
)PY"}});
  EXPECT_FALSE(r.ok());
  const Diagnostic* d = find_diagnostic(r, "has no __kgid__");
  ASSERT_TRUE(d);
  EXPECT_NE(d->message.find("kgid --write"), std::string::npos);
  ASSERT_EQ(r.missing_kgids.size(), 1u);
  EXPECT_EQ(r.missing_kgids[0].class_name, "A");
  EXPECT_EQ(r.missing_kgids[0].insert_line, 5u) << "after the docstring";
  EXPECT_EQ(r.missing_kgids[0].indent, "    ");
  EXPECT_FALSE(r.missing_kgids[0].one_line_body);
}

// Classes missing a kgid come in file and line order, a relationship model above the nodes
// included; a definition two classes inherit is reported once, not once per class.
TEST(ModelResolution, MissingKgidsInLineOrderAndInheritedFindingsOnce) {
  ReadResult r = read({{"b.py", "from neomodel import StructuredNode, StructuredRel\n"
                                "class Knows(StructuredRel): pass\n"
                                "class Zed(StructuredNode): pass\n"},
                       {"a.py", "from neomodel import StructuredNode, RelationshipTo\n"
                                "class Ant(StructuredNode): pass\n"
                                "class Shape(StructuredNode):\n"
                                "    __abstract_node__ = True\n"
                                "    near = RelationshipTo('Shape', 'NEAR')\n"
                                "Circle = type('Circle', (Shape,), {})\n"
                                "class Square(Shape): __kgid__ = 'square'\n"
                                "class Oval(Shape): __kgid__ = 'oval'\n"}});
  std::vector<std::string> missing;
  for (const MissingKgid& m : r.missing_kgids)
    missing.push_back(m.file + ":" + m.class_name);
  EXPECT_THAT(missing, ElementsAre("a.py:Ant", "b.py:Knows", "b.py:Zed"));
  const std::string messages = all_messages(r);
  const std::string warning = "targets abstract class 'Shape'";
  const std::size_t first = messages.find(warning);
  ASSERT_NE(first, std::string::npos) << messages;
  EXPECT_EQ(messages.find(warning, first + 1), std::string::npos) << messages;
}

TEST(ModelResolution, AKgidThatIsNotAStringHasOneErrorAndIsNotStamped) {
  for (const char* kgid : {"123", "\"\"", "str(1)"}) {
    ReadResult r = read({{"a.py", std::string("from neomodel import StructuredNode\n"
                                              "class A(StructuredNode):\n"
                                              "    __kgid__ = ") +
                                      kgid + "\n"}});
    EXPECT_FALSE(r.ok()) << kgid;
    ASSERT_EQ(r.diagnostics.size(), 1u) << kgid << all_messages(r);
    EXPECT_NE(r.diagnostics[0].message.find("__kgid__ of class 'A' must be a non-empty string"),
              std::string::npos);
    EXPECT_EQ(r.diagnostics[0].line, 3u);
    EXPECT_TRUE(r.missing_kgids.empty()) << "kgid --write would add a second __kgid__";
  }
}

TEST(ModelResolution, TwoClassesWithOneSetOfLabelsAreAnError) {
  // neomodel's class registry refuses the second class for a set of labels.
  ReadResult r = read({{"a.py", R"PY(
from neomodel import StructuredNode, StringProperty
class Dup1(StructuredNode):
    __kgid__ = "d1"
    __label__ = "Same"
class Dup2(StructuredNode):
    __kgid__ = "d2"
    __label__ = "Same"
class Base(StructuredNode):
    __kgid__ = "base"
class Sub(Base):
    __kgid__ = "sub"
    __label__ = "Base"
class Fine(Base):
    __kgid__ = "fine"
)PY"}});
  EXPECT_FALSE(r.ok());
  std::vector<std::string> errors;
  for (const Diagnostic& d : r.diagnostics)
    errors.push_back(std::to_string(d.line) + ": " + d.message);
  EXPECT_THAT(errors,
              ElementsAre("6: class 'Dup2' has the labels :Same of class 'Dup1' (models/a.py:3): "
                          "neomodel refuses a second class for one set of labels "
                          "(NodeClassAlreadyDefined); give one of them a __label__ of its own",
                          HasSubstr("11: class 'Sub' has the labels :Base of class 'Base'")));
}

TEST(ModelResolution, ClassesOfDifferentTargetDatabasesMayShareLabels) {
  // neomodel keeps a registry per database for classes with __target_databases__ (its own or a
  // base's), apart from the shared one.
  ReadResult r = read({{"a.py", R"PY(
from neomodel import StructuredNode, StringProperty
DATABASES = ("two",)
class InOne(StructuredNode):
    __abstract_node__ = True
    __target_databases__ = ["one"]
class PatientOne(InOne):
    __kgid__ = "p1"
    __label__ = "Patient"
    name = StringProperty(unique_index=True)
class PatientTwo(StructuredNode):
    __kgid__ = "p2"
    __label__ = "Patient"
    __target_databases__ = DATABASES
class PatientShared(StructuredNode):
    __kgid__ = "p0"
    __label__ = "Patient"
)PY"}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  EXPECT_TRUE(r.diagnostics.empty()) << all_messages(r);
  EXPECT_EQ(r.schema.nodes.size(), 3u);
}

TEST(ModelResolution, ClassesSharingATargetDatabaseMayNotShareLabels) {
  ReadResult r = read({{"a.py", R"PY(
from neomodel import StructuredNode
class PatientOne(StructuredNode):
    __kgid__ = "p1"
    __label__ = "Patient"
    __target_databases__ = ["one", "two"]
class PatientTwo(StructuredNode):
    __kgid__ = "p2"
    __label__ = "Patient"
    __target_databases__ = {"three", "two"}
)PY"}});
  EXPECT_FALSE(r.ok());
  std::vector<std::string> errors;
  for (const Diagnostic& d : r.diagnostics)
    errors.push_back(std::to_string(d.line) + ": " + d.message);
  EXPECT_THAT(errors, ElementsAre("7: class 'PatientTwo' has the labels :Patient of class "
                                  "'PatientOne' (models/a.py:3) in database 'two': neomodel "
                                  "refuses a second class for one set of labels "
                                  "(NodeClassAlreadyDefined); give one of them a __label__ of "
                                  "its own"));
}

TEST(ModelResolution, TargetDatabasesNotKnownStaticallyLeaveTheLabelsUnchecked) {
  ReadResult r = read({{"a.py", R"PY(
from neomodel import StructuredNode
from settings import DATABASES
class PatientOne(StructuredNode):
    __kgid__ = "p1"
    __label__ = "Patient"
    __target_databases__ = DATABASES
class PatientTwo(StructuredNode):
    __kgid__ = "p2"
    __label__ = "Patient"
)PY"}});
  EXPECT_TRUE(r.ok()) << all_messages(r);
  ASSERT_EQ(r.diagnostics.size(), 1u) << all_messages(r);
  EXPECT_EQ(r.diagnostics[0].severity, Severity::warning);
  EXPECT_EQ(r.diagnostics[0].line, 7u);
  EXPECT_EQ(r.diagnostics[0].message,
            "__target_databases__ of class 'PatientOne' cannot be read statically; its labels "
            "are not checked against other classes");
}

TEST(ModelResolution, OptionalLabelsTakePartInTheLabelSetCheck) {
  // neomodel registers a class under its labels with every combination of its optional labels:
  // Person may carry :Human:Person, which is Human's set of labels.
  ReadResult r = read({{"a.py", R"PY(
from neomodel import StructuredNode
class Person(StructuredNode):
    __kgid__ = "person"
    __optional_labels__ = ["Human"]
class Human(Person):
    __kgid__ = "human"
class Robot(StructuredNode):
    __kgid__ = "robot"
    __optional_labels__ = ["Human"]
)PY"}});
  EXPECT_FALSE(r.ok());
  std::vector<std::string> errors;
  for (const Diagnostic& d : r.diagnostics)
    errors.push_back(std::to_string(d.line) + ": " + d.message);
  EXPECT_THAT(errors, ElementsAre("6: class 'Human' and class 'Person' (models/a.py:3) can both "
                                  "carry the labels :Human:Person (optional labels included): "
                                  "neomodel refuses a second class for one set of labels "
                                  "(NodeClassAlreadyDefined); give one of them a __label__ of "
                                  "its own"));
}

// neomodel registers a relationship type that has a model as the label set {type}, in the
// registry of node classes.
std::vector<std::string> located_errors(const ReadResult& r) {
  std::vector<std::string> errors;
  for (const Diagnostic& d : r.diagnostics)
    errors.push_back(d.file + ":" + std::to_string(d.line) + ": " + d.message);
  return errors;
}

TEST(ModelResolution, ARelationshipTypeWithAModelClashesWithANodeOfThatLabel) {
  const std::string rel = R"PY(from neomodel import StructuredNode, StructuredRel, RelationshipTo
class Since(StructuredRel):
    __kgid__ = "since"
)PY";
  const std::string member = "class Membership(StructuredNode):\n    __kgid__ = \"membership\"\n";
  const std::string person = "class Person(StructuredNode):\n    __kgid__ = \"person\"\n"
                             "    groups = RelationshipTo(\"Membership\", \"Membership\", "
                             "model=Since)\n";
  const std::string remedy =
      "; give the class a __label__ of its own, or the relationship another type";
  // The class registered first: the definition raises.
  EXPECT_THAT(located_errors(read({{"a.py", rel + member + person}})),
              ElementsAre("models/a.py:8: relationship type 'Membership' of 'groups' in class "
                          "'Person' has the model 'Since', but class 'Membership' (models/a.py:4) "
                          "has the labels :Membership: neomodel keeps both in one registry and "
                          "raises RelationshipClassRedefined" +
                          remedy));
  // The definition ran first: the class is refused.
  EXPECT_THAT(located_errors(read({{"a.py", rel + person + member}})),
              ElementsAre("models/a.py:7: class 'Membership' has the labels :Membership, the "
                          "relationship type that 'groups' in class 'Person' (line 6) gives the "
                          "model 'Since': neomodel keeps both in one registry and refuses the "
                          "class (NodeClassAlreadyDefined)" +
                          remedy));
  // Another file: whichever is imported second raises.
  EXPECT_THAT(located_errors(read({{"a.py", rel + person},
                                   {"b.py", "from neomodel import StructuredNode\n" + member}})),
              ElementsAre(HasSubstr("models/a.py:6: relationship type 'Membership' of 'groups' "
                                    "in class 'Person' has the model 'Since', but class "
                                    "'Membership' (models/b.py:2) has the labels :Membership: "
                                    "neomodel keeps both in one registry and raises "
                                    "RelationshipClassRedefined or NodeClassAlreadyDefined, for "
                                    "whichever it imports second")));
}

TEST(ModelResolution, ARelationshipTypeMayNameANodeLabelWhereNeomodelAllowsIt) {
  // A model that is not a direct subclass of StructuredRel, defined after the class: neomodel
  // keeps the class and carries on. A class in a database's own registry, or one with more
  // labels, or a definition without a model, never meets the type.
  ReadResult r = read({{"a.py", R"PY(
from neomodel import StructuredNode, StructuredRel, RelationshipTo
class Dated(StructuredRel):
    pass
class Since(Dated):
    __kgid__ = "since"
class Membership(StructuredNode):
    __kgid__ = "membership"
class Club(StructuredNode):
    __kgid__ = "club"
    __target_databases__ = ["clubs"]
class Admin(Membership):
    __kgid__ = "admin"
    __label__ = "Owner"
class Person(StructuredNode):
    __kgid__ = "person"
    groups = RelationshipTo("Membership", "Membership", model=Since)
    clubs = RelationshipTo("Club", "Club", model=Since)
    owns = RelationshipTo("Admin", "Owner", model=Since)
    plain = RelationshipTo("Person", "Person")
)PY"}});
  EXPECT_TRUE(r.ok()) << all_messages(r);
  EXPECT_TRUE(r.diagnostics.empty()) << all_messages(r);
}

// neomodel registers the type of every definition with a model, whatever the model: StructuredRel
// spelled out and a class from another package too. So a class with that one label defined after
// the definition, in its file, is refused as for a model of the models folder.
TEST(ModelResolution, AnyModelRegistersItsRelationshipType) {
  const std::string head = "from neomodel import StructuredNode, StructuredRel, RelationshipTo\n"
                           "from shared.rels import Ownership\n"
                           "class Person(StructuredNode):\n    __kgid__ = \"person\"\n";
  const std::string member = "class Membership(StructuredNode):\n    __kgid__ = \"membership\"\n";
  for (const std::string model : {"StructuredRel", "Ownership"}) {
    const std::string definition =
        "    groups = RelationshipTo(\"Membership\", \"Membership\", model=" + model + ")\n";
    const ReadResult after = read({{"a.py", head + definition + member}});
    EXPECT_FALSE(after.ok());
    EXPECT_THAT(
        located_errors(after),
        ::testing::Contains("models/a.py:6: class 'Membership' has the labels :Membership, the "
                            "relationship type that 'groups' in class 'Person' (line 5) gives the "
                            "model '" +
                            (model == "Ownership" ? "shared.rels.Ownership" : model) +
                            "': neomodel keeps both in one registry and refuses the class "
                            "(NodeClassAlreadyDefined); give the class a __label__ of its own, "
                            "or the relationship another type"));
    // The class first: StructuredRel is not its own direct subclass, so neomodel carries on;
    // what an outside model derives from is not known.
    const ReadResult before =
        read({{"a.py", head.substr(0, head.find("class Person")) + member +
                           head.substr(head.find("class Person")) + definition}});
    EXPECT_TRUE(before.ok()) << all_messages(before);
  }
}

// StructuredRel registered first yields the type to any later model, which then clashes with a
// third, unrelated one; StructuredRel after a model keeps that model.
TEST(ModelResolution, StructuredRelYieldsItsRelationshipTypeToTheNextModel) {
  const std::string rels = R"PY(from neomodel import StructuredNode, StructuredRel, RelationshipTo
class Friendship(StructuredRel):
    __kgid__ = "friendship"
class Employment(StructuredRel):
    __kgid__ = "employment"
class Person(StructuredNode):
    __kgid__ = "person"
)PY";
  const ReadResult r =
      read({{"a.py", rels + R"PY(    plain = RelationshipTo("Person", "KNOWS", model=StructuredRel)
    friends = RelationshipTo("Person", "KNOWS", model=Friendship)
    again = RelationshipTo("Person", "KNOWS", model=StructuredRel)
    colleagues = RelationshipTo("Person", "KNOWS", model=Employment)
)PY"}});
  EXPECT_THAT(located_errors(r),
              ElementsAre("models/a.py:11: relationship type 'KNOWS' of 'colleagues' in class "
                          "'Person' has the model 'Employment', but 'friends' in class 'Person' "
                          "(models/a.py:9) ties it to the model 'Friendship': neomodel raises "
                          "RelationshipClassRedefined when it imports them (one type, one model: "
                          "use the same model, or a subclass of it)"));
  // A model from outside registered first: a direct subclass of StructuredRel of the models
  // folder is neither its subclass nor its base. One that derives from a class of another
  // package, or a definition in another file (the import order is not known), may not raise.
  const std::string outside = "from shared.rels import Ownership, SharedBase\n" + rels +
                              "    owns = RelationshipTo(\"Person\", \"KNOWS\", model=Ownership)\n";
  EXPECT_THAT(located_errors(read({{"a.py", outside + "    friends = RelationshipTo(\"Person\", "
                                                      "\"KNOWS\", model=Friendship)\n"}})),
              ::testing::Contains("models/a.py:10: relationship type 'KNOWS' of 'friends' in class "
                                  "'Person' has the model 'Friendship', but 'owns' in class "
                                  "'Person' (models/a.py:9) ties it to the model "
                                  "'shared.rels.Ownership': neomodel raises "
                                  "RelationshipClassRedefined when it imports them (one type, one "
                                  "model: use the same model, or a subclass of it)"));
  const ReadResult derived = read({{"a.py", outside + R"PY(class Local(SharedBase, StructuredRel):
    __kgid__ = "local"
class Pet(StructuredNode):
    __kgid__ = "pet"
    owner = RelationshipTo("Person", "KNOWS", model=Local)
)PY"}});
  EXPECT_TRUE(derived.ok()) << all_messages(derived);
  const ReadResult elsewhere =
      read({{"a.py", outside},
            {"b.py", "from neomodel import StructuredNode, RelationshipTo\nfrom .a import "
                     "Friendship\nclass Pet(StructuredNode):\n    __kgid__ = \"pet\"\n    owner = "
                     "RelationshipTo(\"Pet\", \"KNOWS\", model=Friendship)\n"}});
  EXPECT_TRUE(elsewhere.ok()) << all_messages(elsewhere);
}

// neomodel's async classes register in AsyncDatabase's registries, not in the sync ones: a
// sync and an async class may share a set of labels, two async classes may not, and an async
// definition's type meets only async classes' labels.
TEST(ModelResolution, AsyncClassesHaveRegistriesOfTheirOwn) {
  const std::string head =
      "from neomodel import StructuredNode, AsyncStructuredNode, AsyncStructuredRel, "
      "AsyncRelationshipTo\n"
      "class Person(StructuredNode):\n    __kgid__ = \"person\"\n"
      "class AsyncPerson(AsyncStructuredNode):\n    __kgid__ = \"async_person\"\n"
      "    __label__ = \"Person\"\n"
      "class Since(AsyncStructuredRel):\n    __kgid__ = \"since\"\n"
      "class Club(AsyncStructuredNode):\n    __kgid__ = \"club\"\n"
      "    members = AsyncRelationshipTo(\"Club\", \"Member\", model=Since)\n";
  const ReadResult sync_beside_async =
      read({{"a.py", head + "class Member(StructuredNode):\n    __kgid__ = \"member\"\n"}});
  EXPECT_TRUE(sync_beside_async.ok()) << all_messages(sync_beside_async);
  EXPECT_TRUE(sync_beside_async.diagnostics.empty()) << all_messages(sync_beside_async);
  EXPECT_THAT(
      located_errors(
          read({{"a.py", head + "class AsyncMember(AsyncStructuredNode):\n    __kgid__ = "
                                "\"async_member\"\n    __label__ = \"Member\"\n"
                                "class AsyncHuman(AsyncStructuredNode):\n    __kgid__ = "
                                "\"async_human\"\n    __label__ = \"Person\"\n"}})),
      ElementsAre(HasSubstr("models/a.py:12: class 'AsyncMember' has the labels :Member, the "
                            "relationship type that 'members' in class 'Club' (line 11)"),
                  HasSubstr("models/a.py:15: class 'AsyncHuman' has the labels :Person of class "
                            "'AsyncPerson' (models/a.py:4)")));
}

TEST(ModelResolution, DuplicateKgidIsError) {
  ReadResult r = read({{"a.py", "from neomodel import StructuredNode\n"
                                "class A(StructuredNode):\n    __kgid__ = 'same'\n"},
                       {"b.py", "from neomodel import StructuredNode\n"
                                "class B(StructuredNode):\n    __kgid__ = 'same'\n"}});
  EXPECT_FALSE(r.ok());
  const Diagnostic* d = find_diagnostic(r, "duplicate __kgid__");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->file, "models/b.py");
  EXPECT_EQ(d->line, 3u);
  EXPECT_NE(d->message.find("models/a.py:2"), std::string::npos);
}

TEST(ModelResolution, SyntaxErrorFailsTheWholeRead) {
  ReadResult r = read({{"good.py", "from neomodel import StructuredNode\n"
                                   "class A(StructuredNode):\n    __kgid__ = 'a'\n"},
                       {"bad.py", "class B(:\n"}});
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(r.schema.nodes.empty());
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_EQ(r.diagnostics[0].file, "models/bad.py");
  EXPECT_EQ(r.diagnostics[0].line, 1u);
}

TEST(ModelResolution, EmptyFolderAndEmptyFilesGiveEmptySchema) {
  ReadResult none = read({});
  EXPECT_TRUE(none.ok());
  EXPECT_TRUE(none.schema.nodes.empty());
  ReadResult empty = read({{"__init__.py", ""}, {"x.py", "# nothing\n"}});
  EXPECT_TRUE(empty.ok()) << all_messages(empty);
  EXPECT_TRUE(empty.schema.nodes.empty());
}

TEST(ModelResolution, RelationshipBaseClassesNeedNoKgid) {
  ReadResult r = read({{"a.py", R"PY(
from neomodel import StructuredNode, StructuredRel, DateTimeProperty, RelationshipTo
class Timestamped(StructuredRel):
    at = DateTimeProperty(default_now=True)
class Knows(Timestamped):
    __kgid__ = "knows"
class P(StructuredNode):
    __kgid__ = "p"
    knows = RelationshipTo("P", "KNOWS", model=Knows)
)PY"}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  ASSERT_EQ(r.schema.relationships.size(), 1u);
  EXPECT_EQ(property(rel_model(r, "Knows"), "at")->type, "DateTimeProperty");
}

TEST(ModelResolution, TargetNamedByAStringConstantResolvesAsTheString) {
  ReadResult r = read({{"people/a.py", R"PY(
from neomodel import StructuredNode, RelationshipTo, RelationshipFrom
from .names import PET_CLASS
HOME_CLASS = ".places.Home"
class Owner(StructuredNode):
    __kgid__ = "owner"
    HERE = "Owner"
    home = RelationshipTo(HOME_CLASS, "LIVES_IN")
    pet = RelationshipTo(PET_CLASS, "OWNS")
    boss = RelationshipTo(HERE, "REPORTS_TO")
    lost = RelationshipFrom(HOME_CLASS + "Nowhere", "LEFT")
)PY"},
                       {"people/names.py", "PET_CLASS = 'people.places.Pet'\n"},
                       {"people/places.py", R"PY(
from neomodel import StructuredNode
class Home(StructuredNode):
    __kgid__ = "home"
class Pet(StructuredNode):
    __kgid__ = "pet"
)PY"}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  const schema::Node* owner = node(r, "Owner");
  ASSERT_TRUE(owner);
  EXPECT_EQ(relationship(owner, "home")->target_kgid, "home");
  EXPECT_EQ(relationship(owner, "pet")->target_kgid, "pet");
  EXPECT_EQ(relationship(owner, "boss")->target_kgid, "owner");
  const auto* lost = relationship(owner, "lost");
  ASSERT_TRUE(lost);
  EXPECT_EQ(lost->target_kgid, "");
  EXPECT_EQ(lost->target_class, ".places.HomeNowhere");
  EXPECT_TRUE(
      find_diagnostic(r, "target '.places.HomeNowhere' is not a class of the models folder"));
  EXPECT_FALSE(find_diagnostic(r, "HOME_CLASS"));
  EXPECT_FALSE(find_diagnostic(r, "PET_CLASS"));
}

TEST(ModelResolution, DjangoNodeIsANodeBase) {
  ReadResult r = read({{"a.py", R"PY(
import django_neomodel
from django_neomodel import DjangoNode
from neomodel import StringProperty, RelationshipTo
class Movie(DjangoNode):
    __kgid__ = "movie"
    title = StringProperty(unique_index=True)
    cast = RelationshipTo("Person", "ACTED_IN")

    class Meta:
        app_label = "movies"
class Person(django_neomodel.DjangoNode):
    __kgid__ = "person"
    name = StringProperty()
)PY"}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  const schema::Node* movie = node(r, "Movie");
  ASSERT_TRUE(movie);
  EXPECT_THAT(movie->labels, ElementsAre("Movie"));
  ASSERT_TRUE(property(movie, "title"));
  EXPECT_TRUE(property(movie, "title")->unique_index);
  EXPECT_EQ(relationship(movie, "cast")->target_kgid, "person");
  ASSERT_TRUE(node(r, "Person"));
  EXPECT_THAT(node(r, "Person")->labels, ElementsAre("Person"));
}

TEST(ModelResolution, DjangoNodeKeepsNeomodelsReservedNames) {
  ReadResult r = read({{"a.py", R"PY(
from django_neomodel import DjangoNode
from neomodel import IntegerProperty
class Movie(DjangoNode):
    __kgid__ = "movie"
    id = IntegerProperty()
)PY"}});
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(find_diagnostic(r, "'id'")) << all_messages(r);
}

TEST(ModelResolution, ModelLikeClassWithAnOutsideBaseWarns) {
  ReadResult r = read({{"a.py", R"PY(
from neomodel import StringProperty, RelationshipTo
from framework import GraphNode, Serializable
class Base(GraphNode):
    name = StringProperty()
class Movie(Base):
    pass
class Actor(GraphNode):
    films = RelationshipTo("Movie", "ACTED_IN")
class Plain(Serializable):
    size = 3
)PY"}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  EXPECT_TRUE(r.schema.nodes.empty());
  const Diagnostic* movie = find_diagnostic(r, "class 'Movie' declares neomodel properties or "
                                               "relationships but derives from 'GraphNode'");
  ASSERT_TRUE(movie) << all_messages(r);
  EXPECT_EQ(movie->severity, Severity::warning);
  EXPECT_TRUE(find_diagnostic(r, "class 'Actor' declares neomodel properties"));
  EXPECT_FALSE(find_diagnostic(r, "class 'Base'")) << all_messages(r);
  EXPECT_FALSE(find_diagnostic(r, "class 'Plain'")) << all_messages(r);
}

TEST(ModelResolution, DotClassTargetNamesTheClassThePackageHolds) {
  ReadResult r =
      read({{"onto/__init__.py", "from onto.core import Region, Thing\n"}, {"onto/core.py", R"PY(
from neomodel import StructuredNode, RelationshipTo
class Thing(StructuredNode):
    __kgid__ = "thing"
    in_region = RelationshipTo('.Region', 'IN')
    twin = RelationshipTo('..Thing', 'TWIN')
    missing = RelationshipTo('.Nowhere', 'NOWHERE')
class Region(StructuredNode):
    __kgid__ = "region"
)PY"}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  const schema::Node* thing = node(r, "Thing");
  ASSERT_TRUE(thing);
  EXPECT_EQ(relationship(thing, "in_region")->target_kgid, "region");
  EXPECT_EQ(relationship(thing, "twin")->target_kgid, "thing");
  EXPECT_EQ(relationship(thing, "missing")->target_kgid, "");
  EXPECT_TRUE(find_diagnostic(r, "target '.Nowhere' is not a class of the models folder"));
  EXPECT_FALSE(find_diagnostic(r, "'.Region'")) << all_messages(r);
}

TEST(ModelResolution, NeomodelLikeClassFromOutsideTheFolderWarns) {
  ReadResult r = read({{"a.py", R"PY(
from neomodel import StructuredNode, StringProperty
from common.fields import StringProperty as WrappedString, RelationshipTo
from .helpers import *
class Base(StructuredNode):
    __abstract_node__ = True
    name = StringProperty()
class Thing(Base):
    __kgid__ = "thing"
    name = WrappedString(unique_index=True)
    code = IntegerProperty()
    owner = RelationshipTo("Thing", "OWNS")
    objects = Manager()
)PY"}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  const schema::Node* thing = node(r, "Thing");
  ASSERT_TRUE(thing);
  ASSERT_TRUE(property(thing, "name"));
  EXPECT_FALSE(property(thing, "name")->unique_index);
  EXPECT_FALSE(property(thing, "code"));
  const Diagnostic* name = find_diagnostic(
      r, "'name' in class 'Thing' is made by 'common.fields.StringProperty', which comes from "
         "outside the models folder and cannot be read");
  ASSERT_TRUE(name) << all_messages(r);
  EXPECT_EQ(name->severity, Severity::warning);
  EXPECT_TRUE(find_diagnostic(r, "'code' in class 'Thing' is made by '.helpers.IntegerProperty'"))
      << all_messages(r);
  EXPECT_TRUE(find_diagnostic(r, "'owner' in class 'Thing' is made by"));
  EXPECT_FALSE(find_diagnostic(r, "'objects'"));
}

} // namespace
} // namespace crochet::model::testing
