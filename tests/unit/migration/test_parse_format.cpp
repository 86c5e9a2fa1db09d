// Migration files: the TOML format, its canonical layout, and every way a file can be wrong.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/migration/migration.hpp"
#include "core/util/diagnostic.hpp"
#include "core/util/error.hpp"

namespace crochet::migration {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kHash = "sha256:" + std::string(64, 'a');

std::string header(const std::string& extra = "") {
  return "revision = \"r2\"\nparent = \"r1\"\nschema_hash = \"" + kHash +
         "\"\ndescription = \"add email\"\n" + extra;
}

Migration parse(const std::string& text, const std::string& path = "migrations/0002_x.toml") {
  return parse_migration({path, text});
}

// The message of the error parsing `text` raises ("" when it parses).
std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(ParseMigration, ReadsHeaderAndSteps) {
  const Migration m = parse(header(R"(
[[upgrade]]
op = "add_unique_constraint"
name = "constraint_unique_Person_email"
label = "Person"
property = "email"

[[downgrade]]
op = "drop_unique_constraint"
name = "constraint_unique_Person_email"
label = "Person"
property = "email"
)"));
  EXPECT_EQ(m.revision, "r2");
  EXPECT_EQ(m.parents, std::vector<std::string>{"r1"});
  EXPECT_EQ(m.schema_hash, kHash);
  EXPECT_TRUE(m.rollback_safe);
  EXPECT_EQ(m.description, "add email");
  EXPECT_EQ(m.file, "migrations/0002_x.toml");
  ASSERT_EQ(m.upgrade.size(), 1u);
  EXPECT_EQ(m.upgrade[0].kind, OpKind::add_unique_constraint);
  EXPECT_EQ(m.upgrade[0].line, 6);
  EXPECT_EQ(m.upgrade[0].args, Json::parse(R"({"name":"constraint_unique_Person_email",
                                               "label":"Person","property":"email"})"));
  ASSERT_EQ(m.downgrade.size(), 1u);
  EXPECT_EQ(m.downgrade[0].kind, OpKind::drop_unique_constraint);
  EXPECT_EQ(m.downgrade[0].line, 12);
}

TEST(ParseMigration, HeaderOnlyLeavesTheStepTablesUnread) {
  const std::string text = header("\n[[upgrade]]\nop = \"no_such_op\"\n");
  EXPECT_THAT(error_of(text), HasSubstr("unknown op \"no_such_op\""));
  const Migration m = parse_migration({"migrations/0002_x.toml", text, true});
  EXPECT_EQ(m.revision, "r2");
  EXPECT_EQ(m.parents, std::vector<std::string>{"r1"});
  EXPECT_EQ(m.schema_hash, kHash);
  EXPECT_EQ(m.description, "add email");
  EXPECT_TRUE(m.upgrade.empty());
  // The header itself is still checked.
  EXPECT_THROW(
      parse_migration({"m.toml", "revision = \"r2\"\nschema_hash = \"x\"\n[[upgrade]]\n", true}),
      Error);
}

TEST(ParseMigration, HeaderOnlyReadsTheWholeFileWhenTheCutFallsInsideAValue) {
  // A line opening with '[' inside a multi-line string is no table header.
  const std::string text = "revision = \"r2\"\nschema_hash = \"" + kHash +
                           "\"\ndescription = \"\"\"\n[not a table]\n\"\"\"\n"
                           "[[upgrade]]\nop = \"cypher\"\nstatement = \"RETURN 1\"\n";
  const Migration m = parse_migration({"migrations/0002_x.toml", text, true});
  EXPECT_EQ(m.description, "[not a table]\n");
  ASSERT_EQ(m.upgrade.size(), 1u);
  EXPECT_EQ(m.upgrade[0].kind, OpKind::cypher);
}

TEST(ParseMigration, FirstMigrationMergeAndDefaults) {
  const Migration first = parse("revision = \"r1\"\nschema_hash = \"" + kHash + "\"\n");
  EXPECT_TRUE(first.parents.empty());
  EXPECT_TRUE(first.rollback_safe);
  EXPECT_EQ(first.description, "");
  EXPECT_TRUE(first.upgrade.empty());
  const Migration merge = parse("revision = \"m\"\nparents = [\"b\", \"a\"]\nschema_hash = \"" +
                                kHash + "\"\nrollback_safe = false\n");
  EXPECT_EQ(merge.parents, (std::vector<std::string>{"b", "a"}));
  EXPECT_FALSE(merge.rollback_safe);
}

TEST(ParseMigration, InlineArraysOfTablesWork) {
  const Migration m = parse(header(R"(upgrade = [
  { op = "rename_label", from = "A", to = "B" },
  { op = "cypher", statement = "RETURN 1" },
]
)"));
  ASSERT_EQ(m.upgrade.size(), 2u);
  EXPECT_EQ(m.upgrade[1].kind, OpKind::cypher);
  EXPECT_EQ(m.upgrade[1].line, 7);
}

Migration sample() {
  Migration m;
  m.revision = "3f9a0c1b2d4e";
  m.parents = {"a1b2c3d4e5f6"};
  m.schema_hash = kHash;
  m.rollback_safe = false;
  m.description = "add \"quoted\" \\ description é";
  Operation cypher;
  cypher.kind = OpKind::cypher;
  cypher.args = {{"statement", "MATCH (n:`Person`)\nWHERE n.name = $name\nSET n.flag = true"},
                 {"params",
                  {{"name", "O'Brien \"x\"\t\u0001"},
                   {"list", {1, 2.5, -3, true, "s"}},
                   {"nested", {{"a b", {{"deep", 1e300}}}}},
                   {"empty", Json::object()},
                   {"none", Json::array()}}},
                 {"in_transactions", true}};
  Operation fulltext;
  fulltext.kind = OpKind::add_fulltext_index;
  fulltext.args = {{"name", "fulltext_index_Post_body"},
                   {"label", "Post"},
                   {"property", "body"},
                   {"analyzer", "english"},
                   {"eventually_consistent", false}};
  Operation nodes;
  nodes.kind = OpKind::create_nodes;
  nodes.args = {{"batch", "b1"},
                {"labels", {"Person", "Weird`Label"}},
                {"rows", {{{"name", "a"}, {"age", 3}}, {{"name", "b"}, {"age", 4}}}}};
  Operation remove;
  remove.kind = OpKind::remove_relationship_property;
  remove.args = {{"rel_type", "WORKS AT"}, {"property", "since"}};
  m.upgrade = {cypher, fulltext, nodes, remove};
  Operation drop = fulltext;
  drop.kind = OpKind::drop_fulltext_index;
  m.downgrade = {drop};
  return m;
}

TEST(FormatMigration, RoundTripsThroughTheParser) {
  const Migration m = sample();
  const std::string text = format_migration(m);
  const Migration back = parse(text);
  EXPECT_EQ(back.revision, m.revision);
  EXPECT_EQ(back.parents, m.parents);
  EXPECT_EQ(back.schema_hash, m.schema_hash);
  EXPECT_EQ(back.rollback_safe, m.rollback_safe);
  EXPECT_EQ(back.description, m.description);
  EXPECT_EQ(back.upgrade, m.upgrade);
  EXPECT_EQ(back.downgrade, m.downgrade);
  // Canonical: formatting what was parsed gives the same text.
  EXPECT_EQ(format_migration(back), text);
}

TEST(FormatMigration, LayoutIsReadable) {
  Migration m;
  m.revision = "r2";
  m.parents = {"r1"};
  m.schema_hash = kHash;
  m.description = "add email";
  Operation add;
  add.kind = OpKind::add_unique_constraint;
  add.args = {{"property", "email"}, {"name", "constraint_unique_Person_email"}, {"label", "P"}};
  m.upgrade = {add};
  EXPECT_EQ(format_migration(m, {"note one", "bad\ncomment"}),
            "# note one\n# bad comment\n\n"
            "revision = \"r2\"\n"
            "parent = \"r1\"\n"
            "schema_hash = \"" +
                kHash +
                "\"\n"
                "rollback_safe = true\n"
                "description = \"add email\"\n"
                "\n[[upgrade]]\n"
                "op = \"add_unique_constraint\"\n"
                "name = "
                "\"constraint_unique_Person_"
                "email\"\n"
                "label = \"P\"\n"
                "property = \"email\"\n");
}

TEST(FormatMigration, MergeParentsAndMultilineStatements) {
  Migration m = sample();
  m.parents = {"x", "y"};
  const std::string text = format_migration(m);
  EXPECT_THAT(text, HasSubstr("parents = [\"x\", \"y\"]\n"));
  EXPECT_THAT(text, HasSubstr("statement = \"\"\"\nMATCH (n:`Person`)\nWHERE"));
  EXPECT_EQ(parse(text).parents, m.parents);
}

TEST(FormatMigration, RefusesValuesTomlCannotHold) {
  Migration m = sample();
  m.upgrade[0].args["params"]["null"] = nullptr;
  EXPECT_THROW(format_migration(m), Error);
  m = sample();
  m.description = std::string("bad \xff utf8");
  EXPECT_THROW(format_migration(m), Error);
}

TEST(ParseMigrationErrors, UnknownOpNamesFileLineAndSuggestion) {
  const std::string message = error_of(header("\n[[upgrade]]\nop = \"add_uniqe_constraint\"\n"));
  EXPECT_THAT(message, HasSubstr("migrations/0002_x.toml:7:6: error: unknown op "
                                 "\"add_uniqe_constraint\" (did you mean "
                                 "`add_unique_constraint`?)"));
}

TEST(ParseMigrationErrors, UnknownArgumentNamesItsOwnLine) {
  const std::string message = error_of(header(R"(
[[upgrade]]
op = "rename_label"
from = "A"
to = "B"
form = "C"
)"));
  EXPECT_THAT(message, HasSubstr("migrations/0002_x.toml:10:1: error: unknown argument `form` "
                                 "for op rename_label"));
  EXPECT_THAT(message, HasSubstr("form = \"C\"")); // the source line is shown
}

TEST(ParseMigrationErrors, BadArgumentsNameTheStepLine) {
  EXPECT_THAT(error_of(header("\n[[upgrade]]\nop = \"rename_label\"\nfrom = \"A\"\n")),
              HasSubstr("0002_x.toml:6:1: error: op rename_label needs argument 'to'"));
  EXPECT_THAT(error_of(header("\n[[upgrade]]\nop = \"rename_label\"\nfrom = 1\nto = \"B\"\n")),
              HasSubstr("0002_x.toml:6:1: error: argument 'from' of op rename_label must be a "
                        "string"));
  EXPECT_THAT(error_of(header("\n[[upgrade]]\nop = \"add_index\"\nname = \"i\"\nproperty = "
                              "\"p\"\nlabel = \"L\"\nrel_type = \"T\"\n")),
              HasSubstr("needs exactly one of 'label' and 'rel_type'"));
  EXPECT_THAT(error_of(header("\n[[upgrade]]\nop = \"rename_label\"\nfrom = \"\"\nto = \"B\"\n")),
              HasSubstr("must not be empty"));
  EXPECT_THAT(error_of(header("\n[[upgrade]]\nop = \"rename_node_property\"\nlabel = \"P\"\n"
                              "from = \"a\"\nto = \"a\"\n")),
              HasSubstr("0002_x.toml:6:1: error: op rename_node_property renames \"a\" to itself"));
  EXPECT_THAT(error_of(header("\n[[downgrade]]\nlabel = \"A\"\n")),
              HasSubstr("0002_x.toml:6:1: error: a step of `downgrade` has no `op`"));
  EXPECT_THAT(error_of(header("\n[[upgrade]]\nop = 3\n")), HasSubstr("`op` must be a string"));
}

TEST(ParseMigrationErrors, UnsupportedValues) {
  EXPECT_THAT(error_of(header("\n[[upgrade]]\nop = \"cypher\"\nstatement = \"RETURN $d\"\n"
                              "params = { d = 1979-05-27 }\n")),
              HasSubstr("0002_x.toml:9:16: error: dates and times are not supported"));
  EXPECT_THAT(error_of(header("\n[[upgrade]]\nop = \"cypher\"\nstatement = \"RETURN $d\"\n"
                              "params = { d = nan }\n")),
              HasSubstr("nan and inf"));
}

TEST(ParseMigrationErrors, Header) {
  EXPECT_THAT(error_of(header("revison = \"x\"\n")),
              HasSubstr("0002_x.toml:5:1: error: unknown key `revison` (did you mean "
                        "`revision`?)"));
  EXPECT_THAT(error_of("schema_hash = \"" + kHash + "\"\n"), HasSubstr("missing `revision`"));
  EXPECT_THAT(error_of("revision = \"r\"\n"), HasSubstr("missing `schema_hash`"));
  EXPECT_THAT(error_of("revision = \"r\"\nschema_hash = \"sha256:ABC\"\n"),
              HasSubstr("`schema_hash` must be \"sha256:\" followed by 64 lowercase hex digits"));
  EXPECT_THAT(error_of("revision = \"bad id\"\nschema_hash = \"" + kHash + "\"\n"),
              HasSubstr("`revision` must be 1-64 letters"));
  EXPECT_THAT(error_of("revision = 4\nschema_hash = \"" + kHash + "\"\n"),
              HasSubstr("`revision` must be a string"));
  EXPECT_THAT(error_of(header("parents = [\"a\"]\n")), HasSubstr("not both"));
  EXPECT_THAT(
      error_of("revision = \"r\"\nparents = [\"a\", \"a\"]\nschema_hash = \"" + kHash + "\"\n"),
      HasSubstr("parent \"a\" is listed twice"));
  EXPECT_THAT(error_of("revision = \"r\"\nparents = []\nschema_hash = \"" + kHash + "\"\n"),
              HasSubstr("`parents` is empty"));
  EXPECT_THAT(error_of("revision = \"r\"\nparent = [\"a\"]\nschema_hash = \"" + kHash + "\"\n"),
              HasSubstr("`parent` must be a string"));
  EXPECT_THAT(error_of(header("rollback_safe = \"yes\"\n")),
              HasSubstr("`rollback_safe` must be true or false"));
  EXPECT_THAT(error_of("revision = \"r\"\nschema_hash = \"" + kHash + "\"\ndescription = 1\n"),
              HasSubstr("`description` must be a string"));
  EXPECT_THAT(error_of(header("[upgrade]\nop = \"x\"\n")),
              HasSubstr("`upgrade` must be an array of tables ([[upgrade]])"));
  EXPECT_THAT(error_of(header("upgrade = [1]\n")),
              HasSubstr("each `upgrade` step must be a table"));
}

TEST(ParseMigrationErrors, MalformedTomlIsLocated) {
  const std::string message = error_of("revision = \"r\"\nschema_hash = \"abc\n");
  EXPECT_THAT(message, HasSubstr("migrations/0002_x.toml:2:"));
  EXPECT_THAT(message, HasSubstr("invalid TOML"));
  EXPECT_THAT(error_of("revision = \"r\"\nrevision = \"s\"\n"), HasSubstr("invalid TOML"));
  EXPECT_THAT(error_of(std::string("revision = \"\xc3\x28\"\n")), HasSubstr("invalid TOML"));
}

// Both branches ran create-migration with one description: git's add/add conflict in one file.
TEST(ParseMigrationErrors, MergeConflictMarkersAreNamed) {
  const std::string both = "<<<<<<< HEAD\nrevision = \"a\"\n=======\nrevision = \"b\"\n"
                           ">>>>>>> topic\nschema_hash = \"" +
                           kHash + "\"\n";
  const std::string message = error_of(both);
  EXPECT_THAT(message, HasSubstr("migrations/0002_x.toml:1:"));
  EXPECT_THAT(message, HasSubstr("unresolved merge conflict"));
  EXPECT_THAT(message, HasSubstr("keep both sides as two files"));
  EXPECT_THAT(message, HasSubstr("git crochet merge"));
  EXPECT_THAT(message, Not(HasSubstr("invalid TOML")));
  // A lone marker-like line is TOML's business.
  EXPECT_THAT(error_of("revision = \"r\"\n=======\n"), HasSubstr("invalid TOML"));
}

TEST(ParseMigrationErrors, ErrorsAreDiagnosticsWithTheSourceLine) {
  try {
    parse(header("\n[[upgrade]]\nop = \"nope\"\n"));
    FAIL() << "expected an error";
  } catch (const DiagnosticError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].file, "migrations/0002_x.toml");
    EXPECT_EQ(e.diagnostics()[0].line, 7u);
    EXPECT_EQ(e.diagnostics()[0].source_line, "op = \"nope\"");
  }
}

} // namespace
} // namespace crochet::migration
