#include <gtest/gtest.h>

#include <regex>

#include "core/project/kgid.hpp"
#include "tests/unit/project/memory_fs.hpp"

namespace crochet::project {
namespace {

using testing::CountingRandom;
using testing::MemoryFileSystem;

model::MissingKgid missing(std::string file, std::string class_name, std::uint32_t class_line,
                           std::uint32_t insert_line, std::string indent = "    ") {
  model::MissingKgid record;
  record.file = std::move(file);
  record.class_name = std::move(class_name);
  record.class_line = class_line;
  record.insert_line = insert_line;
  record.indent = std::move(indent);
  return record;
}

Project project_at(const std::string& root) {
  Project project;
  project.root = root;
  return project;
}

TEST(KgidTest, SnakeCase) {
  EXPECT_EQ(snake_case("Person"), "person");
  EXPECT_EQ(snake_case("PurchaseOrder"), "purchase_order");
  EXPECT_EQ(snake_case("HTTPServer"), "http_server");
  EXPECT_EQ(snake_case("Person2Address"), "person2_address");
  EXPECT_EQ(snake_case("already_snake"), "already_snake");
  EXPECT_EQ(snake_case("My_Class"), "my_class");
  EXPECT_EQ(snake_case("ABC"), "abc");
  EXPECT_EQ(snake_case("_Private"), "_private");
}

TEST(KgidTest, NewKgidIsSnakeNamePlusTwelveHexDigits) {
  CountingRandom random;
  EXPECT_EQ(new_kgid("Person", random), "person_001122334455");
  EXPECT_EQ(new_kgid("FriendsWith", random), "friends_with_66778899aabb");
}

TEST(KgidTest, SystemRandomGivesDistinctWellFormedKgids) {
  SystemRandom random;
  const std::string a = new_kgid("Person", random);
  const std::string b = new_kgid("Person", random);
  EXPECT_TRUE(std::regex_match(a, std::regex("person_[0-9a-f]{12}"))) << a;
  EXPECT_NE(a, b);
  EXPECT_NO_THROW(validate_kgid(a));
}

TEST(KgidTest, ValidateKgid) {
  EXPECT_NO_THROW(validate_kgid("person_v1"));
  EXPECT_NO_THROW(validate_kgid("a-b.c:d/e@1"));
  EXPECT_NO_THROW(validate_kgid(std::string(128, 'k')));
  for (const std::string bad : {"", " lead", "a b", "q\"", "q'", "back\\", "nl\n", "\x7f"})
    EXPECT_THROW(validate_kgid(bad), Error) << bad;
}

const std::string kNode = "from neomodel import StructuredNode, StringProperty\n"
                          "\n"
                          "\n"
                          "class Person(StructuredNode):\n"
                          "    name = StringProperty()\n";

TEST(StampTest, InsertsBeforeTheFirstBodyLine) {
  EXPECT_EQ(
      stamp_text(kNode, "models/person.py", {missing("person.py", "Person", 4, 5)}, {"person_1"}),
      "from neomodel import StructuredNode, StringProperty\n"
      "\n"
      "\n"
      "class Person(StructuredNode):\n"
      "    __kgid__ = \"person_1\"\n"
      "    name = StringProperty()\n");
}

TEST(StampTest, InsertsAfterADocstring) {
  const std::string text = "class Person(StructuredNode):\n"
                           "    \"\"\"A person.\n"
                           "\n"
                           "    More words.\n"
                           "    \"\"\"\n"
                           "\n"
                           "    name = StringProperty()\n";
  EXPECT_EQ(stamp_text(text, "m.py", {missing("m.py", "Person", 1, 6)}, {"k"}),
            "class Person(StructuredNode):\n"
            "    \"\"\"A person.\n"
            "\n"
            "    More words.\n"
            "    \"\"\"\n"
            "    __kgid__ = \"k\"\n"
            "\n"
            "    name = StringProperty()\n");
}

TEST(StampTest, KeepsCrlfLineEndings) {
  const std::string text = "class A(StructuredNode):\r\n    x = StringProperty()\r\n";
  EXPECT_EQ(stamp_text(text, "m.py", {missing("m.py", "A", 1, 2)}, {"a_1"}),
            "class A(StructuredNode):\r\n    __kgid__ = \"a_1\"\r\n    x = StringProperty()\r\n");
}

TEST(StampTest, KeepsTheByteOrderMark) {
  const std::string text = "\xEF\xBB\xBF"
                           "class A(StructuredNode):\n\tx = StringProperty()\n";
  EXPECT_EQ(stamp_text(text, "m.py", {missing("m.py", "A", 1, 2, "\t")}, {"a_1"}),
            "\xEF\xBB\xBF"
            "class A(StructuredNode):\n\t__kgid__ = \"a_1\"\n\tx = StringProperty()\n");
}

TEST(StampTest, KeepsAMissingFinalNewline) {
  const std::string before_last = "class A(StructuredNode):\n    x = StringProperty()";
  EXPECT_EQ(stamp_text(before_last, "m.py", {missing("m.py", "A", 1, 2)}, {"a_1"}),
            "class A(StructuredNode):\n    __kgid__ = \"a_1\"\n    x = StringProperty()");

  const std::string docstring_only =
      "class A(StructuredNode):\r\n    \"\"\"Only a docstring.\"\"\"";
  EXPECT_EQ(stamp_text(docstring_only, "m.py", {missing("m.py", "A", 1, 3)}, {"a_1"}),
            "class A(StructuredNode):\r\n    \"\"\"Only a docstring.\"\"\"\r\n"
            "    __kgid__ = \"a_1\"");
}

TEST(StampTest, AppendsAfterALastLineThatEndsTheFile) {
  const std::string text = "class A(StructuredNode):\n    \"\"\"Doc.\"\"\"\n";
  EXPECT_EQ(stamp_text(text, "m.py", {missing("m.py", "A", 1, 3)}, {"a_1"}),
            "class A(StructuredNode):\n    \"\"\"Doc.\"\"\"\n    __kgid__ = \"a_1\"\n");
}

TEST(StampTest, StampsSeveralClassesOfOneFileInAnyOrder) {
  const std::string text = "class A(StructuredNode):\n"
                           "    a = StringProperty()\n"
                           "class B(StructuredNode):\n"
                           "        b = StringProperty()\n";
  EXPECT_EQ(stamp_text(text, "m.py",
                       {missing("m.py", "A", 1, 2), missing("m.py", "B", 3, 4, "        ")},
                       {"a_1", "b_1"}),
            "class A(StructuredNode):\n"
            "    __kgid__ = \"a_1\"\n"
            "    a = StringProperty()\n"
            "class B(StructuredNode):\n"
            "        __kgid__ = \"b_1\"\n"
            "        b = StringProperty()\n");
  EXPECT_EQ(
      stamp_text(text, "m.py", {missing("m.py", "B", 3, 4, "        "), missing("m.py", "A", 1, 2)},
                 {"b_1", "a_1"}),
      stamp_text(text, "m.py", {missing("m.py", "A", 1, 2), missing("m.py", "B", 3, 4, "        ")},
                 {"a_1", "b_1"}));
}

TEST(StampTest, LoneCarriageReturnsCountAsLineEnds) {
  const std::string text = "class A(StructuredNode):\r    a = StringProperty()\r";
  EXPECT_EQ(stamp_text(text, "m.py", {missing("m.py", "A", 1, 2)}, {"a_1"}),
            "class A(StructuredNode):\r    __kgid__ = \"a_1\"\r    a = StringProperty()\r");
}

// Reads `text` as models/m.py, stamps every class the reader finds without a kgid ("k1",
// "k2", ... in the reader's order), and checks that the stamped file reads with no missing kgid.
std::string stamp_as_read(const std::string& text) {
  const model::ReadResult before = model::read_models({{"m.py", text, ""}});
  std::vector<std::string> kgids;
  for (std::size_t i = 0; i < before.missing_kgids.size(); ++i)
    kgids.push_back("k" + std::to_string(i + 1));
  const std::string stamped = stamp_text(text, "models/m.py", before.missing_kgids, kgids);
  const model::ReadResult after = model::read_models({{"m.py", stamped, ""}});
  EXPECT_TRUE(after.ok()) << stamped;
  EXPECT_TRUE(after.missing_kgids.empty()) << stamped;
  return stamped;
}

TEST(StampTest, OneLineBodyMovesToALineOfItsOwn) {
  EXPECT_EQ(stamp_as_read("from neomodel import StructuredNode\n"
                          "class Tag(StructuredNode): pass\n"),
            "from neomodel import StructuredNode\n"
            "class Tag(StructuredNode):\n"
            "    pass\n"
            "    __kgid__ = \"k1\"\n");
  // A docstring stays the docstring; several statements and a comment move together.
  EXPECT_EQ(stamp_as_read("from neomodel import StructuredNode, StringProperty\n"
                          "class Doc(StructuredNode):   \"\"\"Doc.\"\"\"\n"
                          "class Pair(StructuredNode): a = StringProperty(); b = 1  # two\n"),
            "from neomodel import StructuredNode, StringProperty\n"
            "class Doc(StructuredNode):\n"
            "    \"\"\"Doc.\"\"\"\n"
            "    __kgid__ = \"k1\"\n"
            "class Pair(StructuredNode):\n"
            "    a = StringProperty(); b = 1  # two\n"
            "    __kgid__ = \"k2\"\n");
}

TEST(StampTest, OneLineBodyKeepsTheFilesLineEndsAndItsCodePoints) {
  // CRLF, no final newline, a statement continued over lines, a nested class one level down,
  // and a non-ASCII class name before the body (columns count code points, not bytes).
  EXPECT_EQ(stamp_as_read("from neomodel import StructuredNode, StringProperty\r\n"
                          "class Größe(StructuredNode): x = StringProperty(\r\n"
                          "        index=True)\r\n"
                          "class Outer(StructuredNode):\r\n"
                          "    __kgid__ = \"outer\"\r\n"
                          "    class Inner: pass\r\n"
                          "class Last(StructuredNode): pass"),
            "from neomodel import StructuredNode, StringProperty\r\n"
            "class Größe(StructuredNode):\r\n"
            "    x = StringProperty(\r\n"
            "        index=True)\r\n"
            "    __kgid__ = \"k1\"\r\n"
            "class Outer(StructuredNode):\r\n"
            "    __kgid__ = \"outer\"\r\n"
            "    class Inner: pass\r\n"
            "class Last(StructuredNode):\r\n"
            "    pass\r\n"
            "    __kgid__ = \"k2\"");
}

TEST(StampTest, OneLineBodyIsIndentedAsTheFileIndents) {
  // A file indented with tabs gets a tab, one with two spaces two; nested classes go one more.
  EXPECT_EQ(stamp_as_read("from neomodel import StructuredNode\n"
                          "class Person(StructuredNode):\n"
                          "\t__kgid__ = \"p\"\n"
                          "class Tag(StructuredNode): pass\n"),
            "from neomodel import StructuredNode\n"
            "class Person(StructuredNode):\n"
            "\t__kgid__ = \"p\"\n"
            "class Tag(StructuredNode):\n"
            "\tpass\n"
            "\t__kgid__ = \"k1\"\n");
  EXPECT_EQ(stamp_as_read("from neomodel import StructuredNode\n"
                          "def helper():\n"
                          "  return 1\n"
                          "class Tag(StructuredNode): pass\n"),
            "from neomodel import StructuredNode\n"
            "def helper():\n"
            "  return 1\n"
            "class Tag(StructuredNode):\n"
            "  pass\n"
            "  __kgid__ = \"k1\"\n");
}

TEST(StampTest, OneLineBodyOnTheFirstLineAfterAByteOrderMark) {
  EXPECT_EQ(stamp_as_read("\xEF\xBB\xBF"
                          "class Tag(StructuredNode): pass\n"
                          "from neomodel import StructuredNode\n"),
            "\xEF\xBB\xBF"
            "class Tag(StructuredNode):\n"
            "    pass\n"
            "    __kgid__ = \"k1\"\n"
            "from neomodel import StructuredNode\n");
}

TEST(StampTest, OneLineRecordTheFileNoLongerMatchesIsRefused) {
  auto record = missing("person.py", "Person", 1, 2);
  record.one_line_body = true;
  record.body_column = 32; // inside "pass" of "class Person(StructuredNode): pass"
  EXPECT_THROW(stamp_text("class Person(StructuredNode): pass\n", "m.py", {record}, {"k"}), Error);
  record.body_column = 0; // no body at all
  try {
    stamp_text("class Person(StructuredNode): pass\n", "models/person.py", {record}, {"k"});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("models/person.py:1"), std::string::npos) << e.what();
  }
}

TEST(StampTest, StaleRecordsAreRefused) {
  EXPECT_THROW(stamp_text(kNode, "m.py", {missing("m.py", "Person", 4, 9)}, {"k"}), Error);
  EXPECT_THROW(stamp_text(kNode, "m.py", {missing("m.py", "Person", 4, 4)}, {"k"}), Error);
  EXPECT_THROW(stamp_text(kNode, "m.py", {missing("m.py", "Person", 4, 5, "")}, {"k"}), Error);
  EXPECT_THROW(stamp_text(kNode, "m.py", {missing("m.py", "Person", 4, 5, " x")}, {"k"}), Error);
}

TEST(StampTest, StampKgidsWritesEveryFileAndReportsEachStamp) {
  MemoryFileSystem files;
  files.add("/p/models/person.py", kNode);
  files.add("/p/models/rels/knows.py", "class Knows(StructuredRel):\n    pass\n");
  files.add("/p/models/other.py", "X = 1\n");
  CountingRandom random;
  const auto stamped = stamp_kgids(
      files, project_at("/p"),
      {missing("rels/knows.py", "Knows", 1, 2), missing("person.py", "Person", 4, 5)}, random);
  ASSERT_EQ(stamped.size(), 2u);
  EXPECT_EQ(stamped[0].file, "rels/knows.py");
  EXPECT_EQ(stamped[0].class_name, "Knows");
  EXPECT_EQ(stamped[0].kgid, "knows_001122334455");
  EXPECT_EQ(stamped[1].kgid, "person_66778899aabb");
  EXPECT_EQ(files.read("/p/models/rels/knows.py"),
            "class Knows(StructuredRel):\n    __kgid__ = \"knows_001122334455\"\n    pass\n");
  EXPECT_NE(files.read("/p/models/person.py").find("    __kgid__ = \"person_66778899aabb\"\n"),
            std::string::npos);
  EXPECT_EQ(files.read("/p/models/other.py"), "X = 1\n");
  EXPECT_EQ(files.writes, 2);
}

TEST(StampTest, AnyBadRecordLeavesEveryFileUntouched) {
  MemoryFileSystem files;
  files.add("/p/models/a.py", "class A(StructuredNode):\n    pass\n");
  files.add("/p/models/b.py", "class B(StructuredNode): pass\n");
  const auto before = files.files();
  auto one_line = missing("b.py", "B", 1, 2); // a body the reader did not find
  one_line.one_line_body = true;
  CountingRandom random;
  try {
    stamp_kgids(files, project_at("/p"), {missing("a.py", "A", 1, 2), one_line}, random);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("models/b.py:1"), std::string::npos) << e.what();
  }
  EXPECT_THROW(stamp_kgids(files, project_at("/p"),
                           {missing("a.py", "A", 1, 2), missing("b.py", "B", 1, 7)}, random),
               Error);
  EXPECT_EQ(files.files(), before);
  EXPECT_EQ(files.writes, 0);
}

TEST(StampTest, NothingMissingWritesNothing) {
  MemoryFileSystem files;
  CountingRandom random;
  EXPECT_TRUE(stamp_kgids(files, project_at("/p"), {}, random).empty());
  EXPECT_EQ(files.writes, 0);
}

} // namespace
} // namespace crochet::project
