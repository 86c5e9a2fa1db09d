// Every neomodel property class and option, read statically.
#include "tests/unit/model/model_test_support.hpp"

namespace crochet::model::testing {
namespace {

const char* kAllProperties = R"PY(
from neomodel import (StructuredNode, StringProperty, IntegerProperty, FloatProperty,
    BooleanProperty, DateProperty, DateTimeProperty, DateTimeFormatProperty,
    DateTimeNeo4jFormatProperty, JSONProperty, ArrayProperty, UniqueIdProperty, EmailProperty,
    RegexProperty, AliasProperty, FulltextIndex, VectorIndex)
from neomodel.contrib.spatial_properties import PointProperty
import datetime

class Thing(StructuredNode):
    __kgid__ = "thing"
    uid = UniqueIdProperty()
    name = StringProperty(required=True, max_length=40, db_property="full_name")
    status = StringProperty(choices=(("a", "Active"), ("i", "Inactive")), default="a")
    age = IntegerProperty(index=True, default=0)
    score = FloatProperty(default=-1.5)
    active = BooleanProperty(default=True)
    born = DateProperty()
    created = DateTimeProperty(default_now=True)
    updated = DateTimeProperty(default=datetime.datetime.now)
    stamp = DateTimeFormatProperty(format="%Y-%m-%d")
    neo_time = DateTimeNeo4jFormatProperty()
    data = JSONProperty()
    tags = ArrayProperty(StringProperty(), index=True)
    email = EmailProperty(unique_index=True)
    code = RegexProperty(expression=r"^[A-Z]{3}$")
    title = AliasProperty(to="name")
    where = PointProperty(crs="wgs-84")
    bio = StringProperty(fulltext_index=FulltextIndex(analyzer="english", eventually_consistent=True))
    embedding = ArrayProperty(FloatProperty(), vector_index=VectorIndex(dimensions=256, similarity_function="euclidean"))
)PY";

// Choices given as pairs become an object, the last pair of a key winning, as neomodel's dict()
// does; any other list is kept as written where neomodel does not check it (it keeps choices of
// a property other than StringProperty as given). A constant read by several properties keeps
// its value.
TEST(ModelProperties, ChoicesShapes) {
  ReadResult r = read({{"thing.py", R"PY(
from neomodel import StructuredNode, StringProperty, IntegerProperty
PAIRS = [("a", "A"), ("b", "B"), ("a", "Again")]
MIXED = [("a", "A"), "b"]
class Thing(StructuredNode):
    __kgid__ = "thing"
    first = StringProperty(choices=PAIRS)
    second = StringProperty(choices=PAIRS)
    mixed = IntegerProperty(choices=MIXED)
    plain = IntegerProperty(choices=["x", "y"])
)PY"}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  const schema::Node* thing = node(r, "Thing");
  ASSERT_NE(thing, nullptr);
  for (const char* name : {"first", "second"}) {
    ASSERT_TRUE(property(thing, name)->choices) << name;
    EXPECT_EQ(property(thing, name)->choices->literal, (schema::Json{{"a", "Again"}, {"b", "B"}}))
        << name;
  }
  EXPECT_EQ(property(thing, "mixed")->choices->literal,
            schema::Json::parse(R"([["a", "A"], "b"])"));
  EXPECT_EQ(property(thing, "plain")->choices->literal, schema::Json::parse(R"(["x", "y"])"));
}

// Keys that are not strings (IntegerProperty's choices) cannot be a JSON object: a dict and a
// list of pairs both read as the pairs of the dict neomodel makes, without a warning.
TEST(ModelProperties, ChoicesWithKeysThatAreNotStrings) {
  ReadResult r = read({{"thing.py", R"PY(
from neomodel import StructuredNode, IntegerProperty
STARS = {1: "one", 2: "two", 1: "uno"}
class Thing(StructuredNode):
    __kgid__ = "thing"
    by_dict = IntegerProperty(choices=STARS)
    by_pairs = IntegerProperty(choices=((1, "one"), (2, "two"), (1, "uno")))
    by_mixed_keys = IntegerProperty(choices={"a": 1, 2: "b"})
    by_comprehension = IntegerProperty(choices={n: str(n) for n in range(3)})
)PY"}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  const schema::Node* thing = node(r, "Thing");
  ASSERT_NE(thing, nullptr);
  const schema::Json expected = schema::Json::parse(R"([[1, "uno"], [2, "two"]])");
  for (const char* name : {"by_dict", "by_pairs"}) {
    ASSERT_TRUE(property(thing, name)->choices) << name;
    EXPECT_EQ(property(thing, name)->choices->literal, expected) << name;
  }
  EXPECT_EQ(property(thing, "by_mixed_keys")->choices->literal,
            schema::Json::parse(R"([["a", 1], [2, "b"]])"));
  EXPECT_EQ(property(thing, "by_comprehension")->choices->kind, schema::Value::Kind::unresolved);
  ASSERT_EQ(r.diagnostics.size(), 1u) << all_messages(r);
  EXPECT_NE(r.diagnostics[0].message.find("by_comprehension"), std::string::npos);
}

// A dict's keys are one when Python's == says so (1, 1.0 and True; not 2**53 + 1 and 2.0**53,
// nor 1 and "1"): the first key stays, with the last value.
TEST(ModelProperties, ChoicesKeysEqualByPythonsEqualityAreOneKey) {
  ReadResult r = read({{"thing.py", R"PY(
from neomodel import StructuredNode, IntegerProperty
class Thing(StructuredNode):
    __kgid__ = "thing"
    by_dict = IntegerProperty(choices={1: "one", True: "yes", 0: "zero", 1.0: "uno", False: "no"})
    by_pairs = IntegerProperty(choices=[(True, "yes"), (1, "one"), ("1", "text")])
    large = IntegerProperty(choices={9007199254740993: "odd", 9007199254740992.0: "even"})
)PY"}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  const schema::Node* thing = node(r, "Thing");
  ASSERT_NE(thing, nullptr);
  EXPECT_EQ(property(thing, "by_dict")->choices->literal,
            schema::Json::parse(R"([[1, "uno"], [0, "no"]])"));
  EXPECT_EQ(property(thing, "by_pairs")->choices->literal,
            schema::Json::parse(R"([[true, "one"], ["1", "text"]])"));
  EXPECT_EQ(property(thing, "large")->choices->literal,
            schema::Json::parse(R"([[9007199254740993, "odd"], [9007199254740992.0, "even"]])"));
}

// Calls of the builtins dict, list, tuple and len on literals fold as Python evaluates them; a
// shadowed builtin, a call of anything else, or an argument that is not a literal stays unresolved.
TEST(ModelProperties, BuiltinCallsOnLiteralsAreFolded) {
  ReadResult r = read({{"thing.py", R"PY(
from neomodel import StructuredNode, StringProperty, IntegerProperty
from .helpers import make_choices
CODES = dict(a="Active", i="Inactive")
PREFIX = "Größe"
class Thing(StructuredNode):
    __kgid__ = "thing"
    by_keywords = StringProperty(choices=CODES)
    by_pairs = IntegerProperty(choices=dict([(1, "one"), (2, "two")], three=3))
    by_list = StringProperty(choices=list((("x", "X"), ("y", "Y"))))
    empty = StringProperty(choices=tuple())
    sized = StringProperty(max_length=len(PREFIX) + 10)
    counted = StringProperty(max_length=len(CODES))
    by_helper = StringProperty(choices=make_choices())
    by_mapping = StringProperty(choices=dict(**CODES))
)PY"},
                       {"helpers.py", "def make_choices():\n    return {}\n"},
                       {"shadow.py", R"PY(
from neomodel import StructuredNode, StringProperty
def len(value):
    return 99
class Shadowed(StructuredNode):
    __kgid__ = "shadowed"
    name = StringProperty(max_length=len("abc"))
)PY"}});
  const schema::Node* thing = node(r, "Thing");
  ASSERT_NE(thing, nullptr) << all_messages(r);
  EXPECT_EQ(property(thing, "by_keywords")->choices->literal,
            (schema::Json{{"a", "Active"}, {"i", "Inactive"}}));
  EXPECT_EQ(property(thing, "by_pairs")->choices->literal,
            schema::Json::parse(R"([[1, "one"], [2, "two"], ["three", 3]])"));
  EXPECT_EQ(property(thing, "by_list")->choices->literal, (schema::Json{{"x", "X"}, {"y", "Y"}}));
  EXPECT_EQ(property(thing, "empty")->choices->literal, schema::Json::object()); // dict(())
  EXPECT_EQ(property(thing, "sized")->max_length, 15); // five code points, not seven bytes
  EXPECT_EQ(property(thing, "counted")->max_length, 2);
  for (const char* name : {"by_helper", "by_mapping"})
    EXPECT_EQ(property(thing, name)->choices->kind, schema::Value::Kind::unresolved) << name;
  const schema::Node* shadowed = node(r, "Shadowed");
  ASSERT_NE(shadowed, nullptr);
  EXPECT_FALSE(property(shadowed, "name")->max_length);
}

// A set keeps one of each group of items Python's == finds equal, the first (so 1, True and 1.0
// are one item); a list inside a set, or an array that may be one, leaves the set unresolved.
TEST(ModelProperties, SetsKeepOneOfEqualItems) {
  ReadResult r = read({{"thing.py", R"PY(
from neomodel import StructuredNode, StringProperty, IntegerProperty
PAIRS = [("a", "A")]
class Thing(StructuredNode):
    __kgid__ = "thing"
    one = StringProperty(max_length=len({1, 1}))
    numbers = IntegerProperty(choices={1, True, 1.0, 2, 2.5, 0, False, "1"})
    pairs = StringProperty(choices={("a", "A"), ("a", "A"), ("b", "B")})
    called = IntegerProperty(choices=frozenset([3, 3, 4]))
    big = IntegerProperty(choices={9007199254740993, 9007199254740992.0})
    lists = IntegerProperty(choices={[1], [1]})
    named = IntegerProperty(choices={PAIRS[0]})
    arrays = IntegerProperty(choices=set([(1, 2), (1, 2)]))
)PY"}});
  const schema::Node* thing = node(r, "Thing");
  ASSERT_NE(thing, nullptr) << all_messages(r);
  EXPECT_EQ(property(thing, "one")->max_length, 1);
  EXPECT_EQ(property(thing, "numbers")->choices->literal,
            schema::Json::parse(R"([1, 2, 2.5, 0, "1"])"));
  EXPECT_EQ(property(thing, "pairs")->choices->literal, (schema::Json{{"a", "A"}, {"b", "B"}}));
  EXPECT_EQ(property(thing, "called")->choices->literal, schema::Json::parse("[3, 4]"));
  EXPECT_EQ(property(thing, "big")->choices->literal,
            schema::Json::parse("[9007199254740993, 9007199254740992.0]"));
  for (const char* name : {"lists", "named", "arrays"})
    EXPECT_EQ(property(thing, name)->choices->kind, schema::Value::Kind::unresolved) << name;
}

// Two properties stored under one name would overwrite each other in the graph: each after the
// first is an error naming the first. An alias must point to a property of its class.
TEST(ModelProperties, StoredNameClashesAndAliasesPointingNowhere) {
  ReadResult r = read({{"thing.py", R"PY(
from neomodel import StructuredNode, StringProperty, AliasProperty
class Base(StructuredNode):
    __abstract_node__ = True
    a = StringProperty(db_property="x")
class Thing(Base):
    __kgid__ = "thing"
    b = StringProperty(db_property="x")
    c = StringProperty(db_property="y")
    x = StringProperty()
    y = AliasProperty(to="c")
    z = AliasProperty(to="missing")
)PY"}});
  EXPECT_FALSE(r.ok());
  std::vector<std::string> errors;
  for (const Diagnostic& d : r.diagnostics)
    if (d.severity == Severity::error)
      errors.push_back(std::to_string(d.line) + ": " + d.message);
  EXPECT_EQ(errors, (std::vector<std::string>{
                        "8: properties 'a' and 'b' of class 'Thing' are both stored as 'x'",
                        "10: properties 'a' and 'x' of class 'Thing' are both stored as 'x'",
                        "12: alias 'z' on class 'Thing' points to 'missing', which is not a "
                        "property of the class",
                    }))
      << all_messages(r);
}

TEST(ModelProperties, EveryPropertyClassAndOption) {
  ReadResult r = read({{"thing.py", kAllProperties}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  const schema::Node* thing = node(r, "Thing");
  ASSERT_NE(thing, nullptr);
  EXPECT_EQ(thing->properties.size(), 19u);

  const auto* uid = property(thing, "uid");
  ASSERT_TRUE(uid);
  EXPECT_EQ(uid->type, "UniqueIdProperty");
  EXPECT_TRUE(uid->unique_index);
  ASSERT_TRUE(uid->default_value);
  EXPECT_EQ(uid->default_value->kind, schema::Value::Kind::callable);

  const auto* name = property(thing, "name");
  EXPECT_TRUE(name->required);
  EXPECT_EQ(name->max_length, 40);
  EXPECT_EQ(name->db_property, "full_name");

  const auto* status = property(thing, "status");
  ASSERT_TRUE(status->choices);
  EXPECT_EQ(status->choices->literal, (schema::Json{{"a", "Active"}, {"i", "Inactive"}}));
  EXPECT_EQ(status->default_value->literal, "a");

  EXPECT_TRUE(property(thing, "age")->index);
  EXPECT_EQ(property(thing, "age")->default_value->literal, 0);
  EXPECT_EQ(property(thing, "score")->default_value->literal, -1.5);
  EXPECT_EQ(property(thing, "active")->default_value->literal, true);
  EXPECT_EQ(property(thing, "born")->type, "DateProperty");
  EXPECT_EQ(property(thing, "created")->default_value->kind, schema::Value::Kind::callable);
  EXPECT_EQ(property(thing, "updated")->default_value->text, "datetime.datetime.now");
  EXPECT_EQ(property(thing, "stamp")->other_options.at("format").literal, "%Y-%m-%d");
  EXPECT_EQ(property(thing, "neo_time")->type, "DateTimeNeo4jFormatProperty");
  EXPECT_EQ(property(thing, "data")->type, "JSONProperty");
  EXPECT_EQ(property(thing, "tags")->item_type, "StringProperty");
  EXPECT_TRUE(property(thing, "tags")->index);
  EXPECT_TRUE(property(thing, "email")->unique_index);
  EXPECT_EQ(property(thing, "email")->type, "EmailProperty");
  EXPECT_EQ(property(thing, "code")->other_options.at("expression").literal, "^[A-Z]{3}$");
  EXPECT_EQ(property(thing, "title")->alias_of, "name");
  EXPECT_EQ(property(thing, "where")->crs, "wgs-84");

  const auto* bio = property(thing, "bio");
  ASSERT_TRUE(bio->fulltext_index);
  EXPECT_EQ(bio->fulltext_index->analyzer, "english");
  EXPECT_TRUE(bio->fulltext_index->eventually_consistent);
  const auto* embedding = property(thing, "embedding");
  ASSERT_TRUE(embedding->vector_index);
  EXPECT_EQ(embedding->vector_index->dimensions, 256);
  EXPECT_EQ(embedding->vector_index->similarity_function, "euclidean");
  EXPECT_EQ(embedding->item_type, "FloatProperty");
}

TEST(ModelProperties, FulltextAndVectorDefaults) {
  ReadResult r = read({{"a.py", R"PY(
from neomodel import StructuredNode, StringProperty, ArrayProperty, FloatProperty, FulltextIndex, VectorIndex
class Doc(StructuredNode):
    __kgid__ = "doc"
    body = StringProperty(fulltext_index=FulltextIndex())
    vec = ArrayProperty(FloatProperty(), vector_index=VectorIndex())
)PY"}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  const auto* doc = node(r, "Doc");
  EXPECT_EQ(property(doc, "body")->fulltext_index->analyzer, "standard-no-stop-words");
  EXPECT_FALSE(property(doc, "body")->fulltext_index->eventually_consistent);
  EXPECT_EQ(property(doc, "vec")->vector_index->dimensions, 1536);
  EXPECT_EQ(property(doc, "vec")->vector_index->similarity_function, "cosine");
}

TEST(ModelProperties, ArrayOfAnyValues) {
  // base_property=None is neomodel's default: an array whose items are not typed.
  ReadResult r = read({{"a.py", R"PY(
from neomodel import StructuredNode, ArrayProperty, VectorIndex
class Doc(StructuredNode):
    __kgid__ = "doc"
    plain = ArrayProperty()
    spelled = ArrayProperty(base_property=None)
    vec = ArrayProperty(None, vector_index=VectorIndex(dimensions=8))
)PY"}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  EXPECT_TRUE(r.diagnostics.empty()) << all_messages(r);
  const auto* doc = node(r, "Doc");
  for (const char* name : {"plain", "spelled", "vec"}) {
    EXPECT_FALSE(property(doc, name)->item_type) << name;
    EXPECT_TRUE(property(doc, name)->other_options.empty()) << name;
  }
  EXPECT_EQ(property(doc, "vec")->vector_index->dimensions, 8);
}

TEST(ModelProperties, UserSubclassOfPropertyClass) {
  ReadResult r = read({{"props.py", R"PY(
from neomodel import StringProperty, NormalizedProperty
class UpperString(StringProperty):
    def normalize(self, value):
        return value.upper()
class Slug(UpperString):
    pass
class Trimmed(NormalizedProperty):
    def normalize(self, value):
        return value.strip()
)PY"},
                       {"page.py", R"PY(
from neomodel import StructuredNode
from .props import Slug, Trimmed
class Page(StructuredNode):
    __kgid__ = "page"
    slug = Slug(unique_index=True)
    text = Trimmed()
)PY"}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  const auto* slug = property(node(r, "Page"), "slug");
  ASSERT_TRUE(slug);
  EXPECT_EQ(slug->type, "StringProperty");
  EXPECT_EQ(slug->declared_type, "Slug");
  EXPECT_TRUE(slug->unique_index);
  EXPECT_EQ(property(node(r, "Page"), "text")->type, "NormalizedProperty");
}

// A property class whose own __init__ may pass neomodel options of its own: they are not read,
// which one warning at that __init__ says, however many members use the class.
TEST(ModelProperties, UserSubclassWithItsOwnInitWarnsOnce) {
  ReadResult r = read({{"props.py", R"PY(
from neomodel import StringProperty
class UniqueString(StringProperty):
    def __init__(self, **kwargs):
        kwargs["unique_index"] = True
        super().__init__(**kwargs)
class Slug(UniqueString):
    pass
class Upper(StringProperty):
    def normalize(self, value):
        return value.upper()
)PY"},
                       {"page.py", R"PY(
from neomodel import StructuredNode
from .props import UniqueString, Slug, Upper
class Page(StructuredNode):
    __kgid__ = "page"
    slug = Slug()
    name = UniqueString(required=True)
    title = Upper()
class Post(StructuredNode):
    __kgid__ = "post"
    name = UniqueString()
)PY"}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  ASSERT_TRUE(property(node(r, "Page"), "slug"));
  EXPECT_TRUE(property(node(r, "Page"), "name")->required);
  ASSERT_EQ(r.diagnostics.size(), 1u) << all_messages(r);
  const Diagnostic& w = r.diagnostics[0];
  EXPECT_EQ(w.severity, Severity::warning);
  EXPECT_EQ(w.file, "models/props.py");
  EXPECT_EQ(w.line, 4u);
  EXPECT_EQ(w.message, "class 'UniqueString' has an __init__ of its own: the options it passes "
                       "to neomodel's StringProperty (index, unique_index, required, default, "
                       "...) are not read, only the arguments written where the class is used");
}

TEST(ModelProperties, CallableAndLambdaDefaults) {
  ReadResult r = read({{"a.py", R"PY(
from neomodel import StructuredNode, StringProperty
from uuid import uuid4
def make_code():
    return "x"
class A(StructuredNode):
    __kgid__ = "a"
    one = StringProperty(default=uuid4)
    two = StringProperty(default=make_code)
    three = StringProperty(default=lambda: "x")
)PY"}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  const auto* a = node(r, "A");
  EXPECT_EQ(property(a, "one")->default_value->kind, schema::Value::Kind::callable);
  EXPECT_EQ(property(a, "one")->default_value->text, "uuid4");
  EXPECT_EQ(property(a, "two")->default_value->text, "make_code");
  EXPECT_EQ(property(a, "three")->default_value->text, "lambda");
}

TEST(ModelProperties, UnresolvedOptionIsExplicitWithWarning) {
  ReadResult r = read({{"a.py", R"PY(
from neomodel import StructuredNode, StringProperty
import settings
class A(StructuredNode):
    __kgid__ = "a"
    name = StringProperty(choices=settings.load_choices(), default=f"{settings.X}")
)PY"}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  const auto* name = property(node(r, "A"), "name");
  ASSERT_TRUE(name && name->choices);
  EXPECT_EQ(name->choices->kind, schema::Value::Kind::unresolved);
  EXPECT_EQ(name->choices->text, "settings.load_choices()");
  EXPECT_EQ(name->default_value->kind, schema::Value::Kind::unresolved);
  const Diagnostic* w = find_diagnostic(r, "choices cannot be read statically");
  ASSERT_TRUE(w);
  EXPECT_EQ(w->severity, Severity::warning);
  EXPECT_EQ(w->file, "models/a.py");
  EXPECT_EQ(w->line, 6u);
  EXPECT_TRUE(find_diagnostic(r, "default 'f\""));
}

TEST(ModelProperties, UnresolvedFlagRecorded) {
  ReadResult r = read({{"a.py", R"PY(
from neomodel import StructuredNode, StringProperty
import os
class A(StructuredNode):
    __kgid__ = "a"
    name = StringProperty(required=os.environ.get("X") == "1")
)PY"}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  const auto* name = property(node(r, "A"), "name");
  EXPECT_EQ(name->other_options.at("required").kind, schema::Value::Kind::unresolved);
  EXPECT_TRUE(find_diagnostic(r, "option 'required' cannot be read statically"));
}

struct BadOption {
  const char* declaration;
  const char* message;
};

class NeomodelRules : public ::testing::TestWithParam<BadOption> {};

TEST_P(NeomodelRules, AreErrorsWithLocation) {
  const std::string text = std::string("from neomodel import *\n"
                                       "class A(StructuredNode):\n"
                                       "    __kgid__ = \"a\"\n"
                                       "    prop = ") +
                           GetParam().declaration + "\n";
  ReadResult r = read({{"a.py", text}});
  EXPECT_FALSE(r.ok());
  const Diagnostic* d = find_diagnostic(r, GetParam().message);
  ASSERT_TRUE(d) << all_messages(r);
  EXPECT_EQ(d->severity, Severity::error);
  EXPECT_EQ(d->file, "models/a.py");
  EXPECT_EQ(d->line, 4u);
  EXPECT_GT(d->column, 0u);
  EXPECT_NE(d->source_line.find("prop = "), std::string::npos);
  EXPECT_TRUE(r.schema.nodes.empty()) << "no partial schema on error";
}

INSTANTIATE_TEST_SUITE_P(
    All, NeomodelRules,
    ::testing::Values(
        BadOption{"StringProperty(unique_index=True, index=True)", "mutually exclusive"},
        BadOption{"StringProperty(required=True, default='x')", "required and default"},
        BadOption{"StringProperty(choices={'a': 'A'}, max_length=3)", "choices and max_length"},
        BadOption{"StringProperty(choices=['red', 'green'])",
                  "choices must be a dict or a sequence of (value, label) pairs, not "
                  "[\"red\", \"green\"]"},
        BadOption{"StringProperty(choices=5)", "choices must be a dict or a sequence"},
        BadOption{"StringProperty(max_length=0)", "max_length must be a positive integer, not 0"},
        BadOption{"StringProperty(max_length='10')", "max_length must be a positive integer"},
        BadOption{"UniqueIdProperty(required=True)", "does not accept 'required'"},
        BadOption{"ArrayProperty(ArrayProperty())", "cannot be nested"},
        BadOption{"ArrayProperty(StringProperty(index=True))", "cannot have 'index'"},
        BadOption{"PointProperty()", "needs crs"},
        BadOption{"PointProperty(crs='mars')", "invalid crs"},
        BadOption{"RegexProperty()", "needs an expression"},
        BadOption{"AliasProperty()", "needs a target"},
        BadOption{"StringProperty(db_property=NAME)", "db_property must be a string"},
        BadOption{"DateTimeProperty(default_now=True, default=1)", "mutually exclusive"},
        BadOption{"ArrayProperty(FloatProperty(), vector_index=VectorIndex(dimensions=0))",
                  "dimensions must be a positive integer"},
        BadOption{"StringProperty(fulltext_index=True)", "must be FulltextIndex"},
        BadOption{"StringProperty(fulltext_index=FulltextIndex(eventually_consistent='no'))",
                  "eventually_consistent must be True or False known statically, not \"no\""},
        BadOption{"StringProperty(fulltext_index=FulltextIndex(eventually_consistent=1))",
                  "eventually_consistent must be True or False known statically, not 1"},
        BadOption{"StringProperty(fulltext_index=FulltextIndex('english', None))",
                  "eventually_consistent must be True or False known statically, not None"}));

// neomodel writes eventually_consistent into the index's Cypher as Python prints it, so a value
// that is not a bool is an invalid index, reported at the value (not read as a truthy flag).
TEST(ModelProperties, FulltextFlagThatIsNotABoolIsAnErrorAtTheValue) {
  const std::string line =
      "    bio = StringProperty(fulltext_index=FulltextIndex(eventually_consistent=\"no\"))";
  ReadResult r = read({{"a.py", "from neomodel import StructuredNode, StringProperty, "
                                "FulltextIndex\nclass A(StructuredNode):\n    __kgid__ = \"a\"\n" +
                                    line + "\n"}});
  EXPECT_FALSE(r.ok());
  const Diagnostic* d = find_diagnostic(r, "eventually_consistent must be True or False");
  ASSERT_TRUE(d) << all_messages(r);
  EXPECT_EQ(d->file, "models/a.py");
  EXPECT_EQ(d->line, 4u);
  EXPECT_EQ(d->column, line.find("\"no\"") + 1);
  ReadResult fine = read({{"a.py", R"PY(
from neomodel import StructuredNode, StringProperty, FulltextIndex
class A(StructuredNode):
    __kgid__ = "a"
    bio = StringProperty(fulltext_index=FulltextIndex(eventually_consistent=False))
)PY"}});
  ASSERT_TRUE(fine.ok()) << all_messages(fine);
  EXPECT_FALSE(property(node(fine, "A"), "bio")->fulltext_index->eventually_consistent);
}

TEST(ModelProperties, ReservedNamesAreErrors) {
  for (const char* reserved : {"id", "deleted", "element_id"}) {
    const std::string text = std::string("from neomodel import StructuredNode, StringProperty\n"
                                         "class A(StructuredNode):\n"
                                         "    __kgid__ = \"a\"\n    ") +
                             reserved + " = StringProperty()\n";
    ReadResult r = read({{"a.py", text}});
    EXPECT_FALSE(r.ok()) << reserved;
    const Diagnostic* d = find_diagnostic(r, "reserved by neomodel");
    ASSERT_TRUE(d) << reserved;
    EXPECT_EQ(d->line, 4u);
  }
}

TEST(ModelProperties, ReservedNamesOfRelationshipModelsAreErrors) {
  // neomodel's RelationshipMeta refuses them as the model's own properties; other members of
  // those names (a method `source`) are fine.
  for (const char* reserved : {"source", "target", "id", "element_id"}) {
    const std::string text = std::string("from neomodel import StructuredRel, StringProperty\n"
                                         "class Knows(StructuredRel):\n"
                                         "    __kgid__ = \"knows\"\n    ") +
                             reserved + " = StringProperty()\n";
    ReadResult r = read({{"a.py", text}});
    EXPECT_FALSE(r.ok()) << reserved;
    const Diagnostic* d =
        find_diagnostic(r, "on relationship model 'Knows' is reserved by neomodel");
    ASSERT_TRUE(d) << reserved << all_messages(r);
    EXPECT_EQ(d->line, 4u);
  }
  ReadResult fine = read({{"a.py", R"PY(
from neomodel import StructuredRel, StringProperty
class Knows(StructuredRel):
    __kgid__ = "knows"
    deleted = StringProperty()
    def source(self):
        return None
)PY"}});
  EXPECT_TRUE(fine.ok()) << all_messages(fine);
}

TEST(ModelProperties, ReservedNamesAllowedOnAbstractClasses) {
  ReadResult r = read({{"a.py", R"PY(
from neomodel import StructuredNode, StringProperty
class Base(StructuredNode):
    __abstract_node__ = True
    def id(self):
        return 1
)PY"}});
  EXPECT_TRUE(r.ok()) << all_messages(r);
}

TEST(ModelProperties, AliasToMissingPropertyIsError) {
  ReadResult r = read({{"a.py", R"PY(
from neomodel import StructuredNode, AliasProperty
class A(StructuredNode):
    __kgid__ = "a"
    title = AliasProperty(to="nothing")
)PY"}});
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(find_diagnostic(r, "not a property of the class"));
}

TEST(ModelProperties, HiddenPropertiesWarn) {
  ReadResult r = read({{"a.py", R"PY(
from neomodel import StructuredNode, StringProperty
import os
class A(StructuredNode):
    __kgid__ = "a"
    if os.environ.get("X"):
        extra = StringProperty()
    def method(self):
        local = StringProperty()
        return local
)PY"}});
  ASSERT_TRUE(r.ok()) << all_messages(r);
  EXPECT_TRUE(node(r, "A")->properties.empty());
  const Diagnostic* in_if = find_diagnostic(r, "'extra' is defined inside an if/try block");
  ASSERT_TRUE(in_if);
  EXPECT_EQ(in_if->line, 7u);
  EXPECT_TRUE(find_diagnostic(r, "'local' is defined inside a function body"));
}

} // namespace
} // namespace crochet::model::testing
