#include <gtest/gtest.h>

#include "core/config/config.hpp"
#include "core/project/scaffold.hpp"
#include "tests/unit/project/memory_fs.hpp"

namespace crochet::project {
namespace {

using testing::CountingRandom;
using testing::MemoryFileSystem;

config::EnvLookup no_environment() {
  return [](const char*) { return std::optional<std::string>(); };
}

// Expects `action` to throw crochet::Error whose message contains `needle`, and the file system
// to be exactly as before.
template <typename Action>
void expect_refused(MemoryFileSystem& files, const std::string& needle, Action action) {
  const auto files_before = files.files();
  const auto dirs_before = files.dirs();
  try {
    action();
    ADD_FAILURE() << "expected an error containing: " << needle;
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
  EXPECT_EQ(files.files(), files_before);
  EXPECT_EQ(files.dirs(), dirs_before);
}

// ---- new_project ----

TEST(NewProjectTest, CreatesTheLayoutInBaseSlashName) {
  MemoryFileSystem files;
  files.create_directories("/work");
  const NewProjectResult result = new_project(files, "/work", std::string("my-graph"), {});
  EXPECT_EQ(result.root, "/work/my-graph");
  EXPECT_EQ(result.name, "my-graph");
  EXPECT_EQ(result.created, (std::vector<std::string>{"models/__init__.py", "migrations/.gitkeep",
                                                      ".gitignore", "crochet.toml"}));
  EXPECT_TRUE(result.updated.empty());
  EXPECT_EQ(files.read("/work/my-graph/crochet.toml"), config::default_config_text("my-graph"));
  EXPECT_EQ(files.read("/work/my-graph/models/__init__.py"), "");
  EXPECT_TRUE(files.is_directory("/work/my-graph/migrations"));
  EXPECT_EQ(files.read("/work/my-graph/.gitignore"),
            "# git-crochet: local ledger and caches\n.crochet/\n");
  EXPECT_FALSE(files.exists("/work/my-graph/.crochet"));

  const Project project = find_project("/work/my-graph/models", files, no_environment());
  EXPECT_EQ(project.config.project_name, "my-graph");
}

TEST(NewProjectTest, PathChoosesTheFolderAndDefaultsTheName) {
  MemoryFileSystem files;
  NewProjectResult result = new_project(files, "/w", {}, std::string("apps/graph/"));
  EXPECT_EQ(result.root, "/w/apps/graph");
  EXPECT_EQ(result.name, "graph");
  EXPECT_TRUE(files.exists("/w/apps/graph/crochet.toml"));

  result = new_project(files, "/w", std::string("Named"), std::string("/abs/place"));
  EXPECT_EQ(result.root, "/abs/place");
  EXPECT_EQ(config::parse_config(files.read("/abs/place/crochet.toml"), "c").project_name, "Named");
}

TEST(NewProjectTest, WithoutNameOrPathUsesTheBaseFolder) {
  MemoryFileSystem files;
  files.add("/src/shop/README.md", "hello");
  const NewProjectResult result = new_project(files, "/src/shop", {}, {});
  EXPECT_EQ(result.root, "/src/shop");
  EXPECT_EQ(result.name, "shop");
  EXPECT_TRUE(files.exists("/src/shop/crochet.toml"));
  EXPECT_EQ(files.read("/src/shop/README.md"), "hello");
}

TEST(NewProjectTest, RefusesAnExistingProjectAndWritesNothing) {
  MemoryFileSystem files;
  files.add("/p/crochet.toml", "[project]\nname = \"old\"\n");
  files.add("/p/.gitignore", "build/\n");
  expect_refused(files, "already a crochet project: /p/crochet.toml",
                 [&] { new_project(files, "/p", {}, {}); });
  EXPECT_EQ(files.writes, 0);
}

TEST(NewProjectTest, AppendsToAnExistingGitignore) {
  MemoryFileSystem files;
  files.add("/p/.gitignore", "build/\n*.o");
  const NewProjectResult result = new_project(files, "/p", {}, {});
  EXPECT_EQ(files.read("/p/.gitignore"),
            "build/\n*.o\n# git-crochet: local ledger and caches\n.crochet/\n");
  EXPECT_EQ(result.updated, std::vector<std::string>{".gitignore"});
  EXPECT_EQ(std::count(result.created.begin(), result.created.end(), ".gitignore"), 0);
}

TEST(NewProjectTest, KeepsCrlfInAnExistingGitignore) {
  MemoryFileSystem files;
  files.add("/p/.gitignore", "build/\r\n");
  new_project(files, "/p", {}, {});
  EXPECT_EQ(files.read("/p/.gitignore"),
            "build/\r\n# git-crochet: local ledger and caches\r\n.crochet/\r\n");
}

TEST(NewProjectTest, LeavesAGitignoreThatAlreadyIgnoresTheLedger) {
  for (const char* entry : {".crochet/", ".crochet", "/.crochet/", "  /.crochet  "}) {
    MemoryFileSystem files;
    const std::string text = std::string("a\n") + entry + "\r\nb\n";
    files.add("/p/.gitignore", text);
    const NewProjectResult result = new_project(files, "/p", {}, {});
    EXPECT_EQ(files.read("/p/.gitignore"), text) << entry;
    EXPECT_TRUE(result.updated.empty());
  }
}

TEST(NewProjectTest, KeepsExistingModelFiles) {
  MemoryFileSystem files;
  files.add("/p/models/__init__.py", "from .person import Person\n");
  files.add("/p/migrations/.gitkeep", "x");
  const NewProjectResult result = new_project(files, "/p", {}, {});
  EXPECT_EQ(files.read("/p/models/__init__.py"), "from .person import Person\n");
  EXPECT_EQ(files.read("/p/migrations/.gitkeep"), "x");
  EXPECT_EQ(result.created, (std::vector<std::string>{".gitignore", "crochet.toml"}));
}

TEST(NewProjectTest, RejectsBadNames) {
  for (const std::string bad : {"", "a/b", "..", ".", "tab\there", "back\\slash"}) {
    MemoryFileSystem files;
    files.create_directories("/w");
    expect_refused(files, "invalid project name", [&] { new_project(files, "/w", bad, {}); });
  }
  MemoryFileSystem files;
  expect_refused(files, "cannot name a project", [&] { new_project(files, "/", {}, {}); });
  expect_refused(files, "--path", [&] { new_project(files, "/", {}, std::string()); });
}

TEST(NewProjectTest, RefusesWhenModelsIsAFile) {
  MemoryFileSystem files;
  files.add("/p/models", "oops");
  expect_refused(files, "a file of that name exists", [&] { new_project(files, "/p", {}, {}); });
  MemoryFileSystem other;
  other.add("/p", "a file");
  expect_refused(other, "not a folder", [&] { new_project(other, "/", {}, std::string("p")); });
}

// ---- create_node / create_relationship ----

class ModelScaffoldTest : public ::testing::Test {
protected:
  void SetUp() override {
    new_project(files, "/p", {}, {});
    project = find_project("/p", files, no_environment());
  }
  MemoryFileSystem files;
  CountingRandom random;
  Project project;
};

TEST_F(ModelScaffoldTest, NodeTextIsExact) {
  EXPECT_EQ(node_model_text("Person", "person_3f9c2a1b7d4e"),
            "from neomodel import StringProperty, StructuredNode\n"
            "\n"
            "\n"
            "class Person(StructuredNode):\n"
            "    # Identity for git-crochet: keep it when renaming or moving this class.\n"
            "    __kgid__ = \"person_3f9c2a1b7d4e\"\n"
            "    name = StringProperty(required=True)\n");
}

TEST_F(ModelScaffoldTest, RelationshipTextIsExact) {
  EXPECT_EQ(relationship_model_text("Friendship", "FRIENDS_WITH", "friendship_1"),
            "from neomodel import DateTimeProperty, StructuredRel\n"
            "\n"
            "\n"
            "# Properties of FRIENDS_WITH relationships. Reference this class from a node class:\n"
            "#     RelationshipTo(..., \"FRIENDS_WITH\", model=Friendship)\n"
            "class Friendship(StructuredRel):\n"
            "    # Identity for git-crochet: keep it when renaming or moving this class.\n"
            "    __kgid__ = \"friendship_1\"\n"
            "    since = DateTimeProperty()\n");
}

TEST_F(ModelScaffoldTest, CreateNodeWritesASnakeCaseFileWithAFreshKgid) {
  const ScaffoldResult result = create_node(files, project, "PurchaseOrder", {}, random);
  EXPECT_EQ(result.path, "/p/models/purchase_order.py");
  EXPECT_EQ(result.display_path, "models/purchase_order.py");
  EXPECT_EQ(result.class_name, "PurchaseOrder");
  EXPECT_EQ(result.kgid, "purchase_order_001122334455");
  EXPECT_EQ(files.read("/p/models/purchase_order.py"),
            node_model_text("PurchaseOrder", "purchase_order_001122334455"));
}

TEST_F(ModelScaffoldTest, CreateNodeUsesAGivenKgid) {
  const ScaffoldResult result = create_node(files, project, "Person", "person_v1", random);
  EXPECT_EQ(result.kgid, "person_v1");
  EXPECT_EQ(files.read("/p/models/person.py"), node_model_text("Person", "person_v1"));
}

TEST_F(ModelScaffoldTest, CreateNodeMakesAMissingModelsFolderInTheConfiguredPlace) {
  MemoryFileSystem other;
  other.add("/q/crochet.toml", "[project]\nmodels_path = \"src/models\"\n");
  const Project configured = find_project("/q", other, no_environment());
  const ScaffoldResult result = create_node(other, configured, "Person", {}, random);
  EXPECT_EQ(result.display_path, "src/models/person.py");
  EXPECT_TRUE(other.exists("/q/src/models/person.py"));
}

TEST_F(ModelScaffoldTest, CreateRelationshipWritesItsFile) {
  const ScaffoldResult result =
      create_relationship(files, project, "Friendship", "FRIENDS_WITH", {}, random);
  EXPECT_EQ(result.display_path, "models/friendship.py");
  EXPECT_EQ(files.read("/p/models/friendship.py"),
            relationship_model_text("Friendship", "FRIENDS_WITH", "friendship_001122334455"));
  create_relationship(files, project, "Knows", "knows", std::string("k1"), random);
  EXPECT_TRUE(files.exists("/p/models/knows.py"));
}

TEST_F(ModelScaffoldTest, RefusesAnExistingFile) {
  files.add("/p/models/person.py", "# mine\n");
  expect_refused(files, "models/person.py already exists",
                 [&] { create_node(files, project, "Person", {}, random); });
}

TEST_F(ModelScaffoldTest, RefusesAClassDefinedInAnotherFile) {
  files.add("/p/models/people.py", "from neomodel import StructuredNode\n\n"
                                   "class  Person (StructuredNode):\n    pass\n");
  expect_refused(files, "class Person is already defined at models/people.py:3",
                 [&] { create_node(files, project, "Person", {}, random); });
  files.add("/p/models/sub/rels.py", "if True:\n\tclass Knows:\n\t\tpass\n");
  expect_refused(files, "models/sub/rels.py:2",
                 [&] { create_relationship(files, project, "Knows", "KNOWS", {}, random); });
  // A longer name that starts with the same letters is no clash.
  EXPECT_NO_THROW(create_node(files, project, "Per", {}, random));
  EXPECT_NO_THROW(create_node(files, project, "PersonCard", {}, random));
}

TEST_F(ModelScaffoldTest, RefusesAKgidAlreadyInUse) {
  files.add("/p/models/people.py", "class Human(StructuredNode):\n    __kgid__ = 'person_v1'\n");
  expect_refused(files, "kgid \"person_v1\" is already used in models/people.py",
                 [&] { create_node(files, project, "Person", "person_v1", random); });
}

TEST_F(ModelScaffoldTest, RejectsInvalidClassNames) {
  for (const std::string bad : {"", "1Person", "My-Class", "P\xc3\xa9rson", "Has Space", "a.b"})
    expect_refused(files, "invalid class name",
                   [&] { create_node(files, project, bad, {}, random); });
}

TEST_F(ModelScaffoldTest, RejectsPythonKeywords) {
  for (const std::string keyword : {"class", "None", "True", "lambda", "async", "await"})
    expect_refused(files, "Python keyword",
                   [&] { create_node(files, project, keyword, {}, random); });
}

TEST_F(ModelScaffoldTest, RejectsNeomodelAndReservedNames) {
  for (const std::string name : {"StructuredNode", "StructuredRel", "StringProperty",
                                 "RelationshipTo", "ZeroOrMore", "AsyncStructuredNode"})
    expect_refused(files, "neomodel already defines",
                   [&] { create_node(files, project, name, {}, random); });
  expect_refused(files, "dunder", [&] { create_node(files, project, "__init__", {}, random); });
  expect_refused(files, "reserved for git-crochet",
                 [&] { create_node(files, project, "__CrochetMigration", {}, random); });
}

TEST_F(ModelScaffoldTest, RejectsInvalidRelationshipTypes) {
  for (const std::string bad : {"", "FRIENDS-WITH", "1X", "HAS SPACE", "A`B"})
    expect_refused(files, "invalid relationship type",
                   [&] { create_relationship(files, project, "Friendship", bad, {}, random); });
  expect_refused(files, "reserved for git-crochet", [&] {
    create_relationship(files, project, "Friendship", "__CROCHET_NEXT", {}, random);
  });
}

TEST_F(ModelScaffoldTest, RejectsInvalidKgids) {
  for (const std::string& bad : std::vector<std::string>{
           "", "a\"b", "a'b", "a\\b", "has space", "tab\t", "caf\xc3\xa9", std::string(129, 'k')})
    expect_refused(files, "invalid kgid",
                   [&] { create_node(files, project, "Person", bad, random); });
}

} // namespace
} // namespace crochet::project
