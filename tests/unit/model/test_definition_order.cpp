// A class or function used at import time above its own statement: Python's NameError, found
// statically (core/model/definition_order).
#include "tests/unit/model/model_test_support.hpp"

namespace crochet::model::testing {
namespace {

// The messages of `r` that report a use before definition.
std::vector<std::string> order_errors(const ReadResult& r) {
  std::vector<std::string> out;
  for (const Diagnostic& d : r.diagnostics)
    if (d.message.find("raises NameError") != std::string::npos) {
      EXPECT_EQ(d.severity, Severity::error) << d.format();
      out.push_back(std::to_string(d.line) + ":" + std::to_string(d.column) + " " + d.message);
    }
  return out;
}

TEST(DefinitionOrder, AClassUsedAboveItsStatementIsAnError) {
  ReadResult r = read({{"people.py", R"PY(
from neomodel import StructuredNode, StringProperty, RelationshipTo

class Person(StructuredNode):
    __kgid__ = "person"
    mentor = RelationshipTo(Mentor, "MENTORED_BY")
    friend = RelationshipTo("Mentor", "KNOWS")

class Mentor(Person):
    __kgid__ = "mentor"
)PY"}});
  EXPECT_FALSE(r.ok());
  EXPECT_THAT(order_errors(r),
              ::testing::ElementsAre(
                  "6:29 class 'Mentor' is used before it is defined (line 9): importing this file "
                  "raises NameError; move the class above this use (a relationship target may "
                  "also be the string \"Mentor\")"))
      << all_messages(r);
  const Diagnostic* d = find_diagnostic(r, "class 'Mentor' is used before");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->file, "models/people.py");
  EXPECT_EQ(d->source_line, "    mentor = RelationshipTo(Mentor, \"MENTORED_BY\")");
  EXPECT_TRUE(r.schema.nodes.empty()) << "a read with errors yields no schema";
}

TEST(DefinitionOrder, AClassNamingItselfBeforeItsStatementEndsIsAnError) {
  ReadResult r = read({{"people.py", R"PY(
from neomodel import StructuredNode, RelationshipTo

class Person(StructuredNode):
    __kgid__ = "person"
    friends = RelationshipTo(Person, "KNOWS")
)PY"}});
  EXPECT_THAT(order_errors(r),
              ::testing::ElementsAre("6:30 class 'Person' is used inside its own definition, "
                                     "before Python binds its name: importing this file raises "
                                     "NameError; name the relationship target as the string "
                                     "\"Person\""))
      << all_messages(r);
}

TEST(DefinitionOrder, BasesDecoratorsCalleesAndNestedClassesAreChecked) {
  // Only a relationship's target (a call's first argument or cls_name=) gets the hint to name
  // the class as a string: a property class or a model= cannot be strings.
  ReadResult r = read({{"a.py", R"PY(
from neomodel import StructuredNode, StringProperty, RelationshipTo

@register
class Early(Later):
    __kgid__ = "early"
    code = Code()
    rel = RelationshipTo(Later, "R", model=Later)
    class Meta(Later):
        pass

class Later(StructuredNode):
    __kgid__ = "later"

class Code(StringProperty):
    pass

def register(cls):
    return cls
)PY"}});
  const std::string before = " is used before it is defined ";
  const std::string raises = ": importing this file raises NameError; move the ";
  EXPECT_THAT(
      order_errors(r),
      ::testing::ElementsAre(
          "4:2 function 'register'" + before + "(line 18)" + raises + "function above this use",
          "5:13 class 'Later'" + before + "(line 12)" + raises + "class above this use",
          "7:12 class 'Code'" + before + "(line 15)" + raises + "class above this use",
          "8:26 class 'Later'" + before + "(line 12)" + raises +
              "class above this use (a relationship target may also be the string "
              "\"Later\")",
          "8:44 class 'Later'" + before + "(line 12)" + raises + "class above this use",
          "9:16 class 'Later'" + before + "(line 12)" + raises + "class above this use"))
      << all_messages(r);
}

TEST(DefinitionOrder, NamesBoundEarlierOrUsedLaterAreLeftAlone) {
  // Each use here works in Python: the name is bound by the time the statement runs, or the
  // statement runs later (a function body), or maybe not at all (an if block), or the name is
  // bound in a way a static read cannot rule out (a star import of a project module).
  ReadResult r = read({{"a.py", R"PY(
from neomodel import StructuredNode, StringProperty, RelationshipTo
from .b import Other
import json

class Before(StructuredNode):
    __kgid__ = "before"

class A(StructuredNode):
    __kgid__ = "a"
    first = RelationshipTo(Before, "REL")
    second = RelationshipTo(Other, "REL")
    third = RelationshipTo("Later", "REL")
    Later = "Before"
    fourth = RelationshipTo(Later, "REL")

    @property
    def p(self):
        return Later

    if json:
        fifth = RelationshipTo(Later, "REL")

class Other(StructuredNode):
    __kgid__ = "other_here"

class Later(StructuredNode):
    __kgid__ = "later"

def property(f):
    return f
)PY"},
                       {"b.py", R"PY(
from neomodel import StructuredNode
from .c import *

class B(StructuredNode):
    __kgid__ = "b"
    x = Shadow

class Shadow(StructuredNode):
    __kgid__ = "shadow"
)PY"},
                       {"c.py", "Shadow = 1\n"}});
  EXPECT_TRUE(order_errors(r).empty()) << all_messages(r);
}

TEST(DefinitionOrder, AStarImportOfNeomodelBindsOnlyNeomodelsNames) {
  ReadResult r = read({{"a.py", R"PY(
from neomodel import *

class A(StructuredNode):
    __kgid__ = "a"
    name = StringProperty()
    target = RelationshipTo(Later, "REL")

class Later(StructuredNode):
    __kgid__ = "later"

class StringProperty(Property):
    pass
)PY"}});
  EXPECT_THAT(order_errors(r),
              ::testing::ElementsAre(::testing::StartsWith("7:29 class 'Later' is used before")))
      << all_messages(r);
}

} // namespace
} // namespace crochet::model::testing
