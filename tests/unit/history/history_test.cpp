// The snapshot reader, its disk cache, and the log and blame walks over real temp repositories.
#include <fstream>

#include "core/history/context.hpp"
#include "core/history/walk.hpp"
#include "core/util/error.hpp"
#include "tests/unit/git/git_fixture.hpp"

namespace crochet::history {
namespace {

using git::testing::GitSandbox;

std::string person(const std::string& extra = "") {
  return "from neomodel import StructuredNode, StringProperty\n\n"
         "class Person(StructuredNode):\n"
         "    __kgid__ = \"k-person\"\n"
         "    name = StringProperty()\n" +
         extra;
}

class HistoryTest : public GitSandbox {
protected:
  void SetUp() override {
    GitSandbox::SetUp();
    repo_ = init_repo("repo");
    write_file(repo_, "crochet.toml", "[project]\nname = \"g\"\n");
    c_empty_ = commit(repo_, "no models");
    c_person_ = commit_file(repo_, "models/person.py", person(), "add person");
    c_docs_ = commit_file(repo_, "README", "docs\n", "docs");
    git("mv models/person.py models/people.py", repo_);
    c_moved_ = commit(repo_, "move");
    c_email_ = commit_file(repo_, "models/people.py",
                           person("    email = StringProperty(unique_index=True)\n"), "add email");
    c_broken_ = commit_file(repo_, "models/broken.py", "class Broken(\n", "broken");
    git("rm -q models/broken.py", repo_);
    c_fixed_ = commit(repo_, "fix");
  }

  ModelSnapshotReader reader(bool cache = true) {
    model::ReadOptions options;
    options.display_prefix = "models/";
    return ModelSnapshotReader(git::Repository::discover(repo_), "models", options,
                               cache ? cache_dir() : std::filesystem::path());
  }
  std::filesystem::path cache_dir() const { return repo_ / ".crochet/cache/schemas"; }

  std::filesystem::path repo_;
  std::string c_empty_, c_person_, c_docs_, c_moved_, c_email_, c_broken_, c_fixed_;
};

TEST_F(HistoryTest, ReadsSchemaAtCommitsAndEmptyWithoutModelsFolder) {
  auto r = reader();
  const Snapshot none = r.at_commit(c_empty_);
  EXPECT_TRUE(none.readable);
  EXPECT_TRUE(none.schema.nodes.empty());
  EXPECT_EQ(none.hash, schema::schema_hash(schema::Schema{}));
  const Snapshot with_person = r.at_commit(c_person_);
  ASSERT_EQ(with_person.schema.nodes.size(), 1u);
  EXPECT_EQ(with_person.schema.nodes[0].class_name, "Person");
  EXPECT_EQ(r.at_commit(c_moved_).hash, with_person.hash); // moving a file keeps the schema
  EXPECT_TRUE(schema_has(r.at_commit(c_email_).schema, "Person.email"));
  EXPECT_FALSE(schema_has(with_person.schema, "Person.email"));
}

TEST_F(HistoryTest, UnreadableCommitCarriesFirstError) {
  auto r = reader();
  const Snapshot broken = r.at_commit(c_broken_);
  EXPECT_FALSE(broken.readable);
  EXPECT_NE(broken.first_error.find("models/broken.py:1"), std::string::npos) << broken.first_error;
  EXPECT_EQ(broken.first_error.find('\n'), std::string::npos);
  // Served from the cache the second time, still unreadable with the same error.
  const Snapshot again = reader().at_commit(c_broken_);
  EXPECT_FALSE(again.readable);
  EXPECT_EQ(again.first_error, broken.first_error);
}

TEST_F(HistoryTest, CacheIsOnlyACache) {
  const std::string tree = *reader().models_tree(c_email_);
  const Snapshot cold = reader().at_commit(c_email_);
  const std::filesystem::path file = cache_dir() / (tree + ".json");
  ASSERT_TRUE(std::filesystem::exists(file));
  const Snapshot warm = reader().at_commit(c_email_);
  EXPECT_EQ(warm.hash, cold.hash);
  EXPECT_EQ(warm.schema, cold.schema);
  std::ofstream(file) << "{not json";
  auto r = reader();
  const Snapshot after_corruption = r.at_commit(c_email_);
  EXPECT_EQ(after_corruption.hash, cold.hash);
  ASSERT_EQ(r.cache_warnings().size(), 1u);
  EXPECT_NE(r.cache_warnings()[0].find("corrupt"), std::string::npos);
  auto r2 = reader();
  EXPECT_EQ(r2.at_commit(c_email_).hash, cold.hash); // rewritten: no warning now
  EXPECT_TRUE(r2.cache_warnings().empty());
  // A tampered schema whose hash no longer matches is rejected, not believed.
  std::ifstream in(file);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  const auto at = text.find("\"email\"");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 7, "\"mail_\"");
  std::ofstream(file) << text;
  auto r3 = reader();
  EXPECT_EQ(r3.at_commit(c_email_).hash, cold.hash);
  EXPECT_EQ(r3.cache_warnings().size(), 1u);
  std::filesystem::remove_all(cache_dir());
  EXPECT_EQ(reader(false).at_commit(c_email_).hash, cold.hash);
  EXPECT_FALSE(std::filesystem::exists(cache_dir()));
}

TEST_F(HistoryTest, LogListsOnlySchemaChangesAndMarksUnreadable) {
  auto r = reader();
  const std::vector<LogEntry> log = schema_log(r, "");
  std::vector<std::string> subjects;
  for (const LogEntry& e : log)
    subjects.push_back(e.commit.subject);
  EXPECT_EQ(subjects, (std::vector<std::string>{"fix", "broken", "add email", "add person"}));
  EXPECT_FALSE(log[0].parent_readable);
  EXPECT_FALSE(log[1].readable);
  EXPECT_NE(log[1].first_error.find("broken.py"), std::string::npos);
  EXPECT_EQ(change_tokens(log[2].diff), "+Person.email");
  EXPECT_EQ(change_tokens(log[3].diff), "+Person");
  EXPECT_THROW(schema_log(r, "HEAD..HEAD"), Error);
  EXPECT_EQ(schema_log(r, c_person_ + "..HEAD").size(), 3u);
}

TEST_F(HistoryTest, LogReportsMergesAgainstFirstParent) {
  git("checkout -q -b side", repo_);
  commit_file(repo_, "models/dog.py",
              "from neomodel import StructuredNode\n\nclass Dog(StructuredNode):\n"
              "    __kgid__ = \"k-dog\"\n",
              "add dog");
  git("checkout -q main", repo_);
  sh(next_dates() + "git merge -q --no-ff --no-edit side", repo_);
  auto r = reader();
  const std::vector<LogEntry> log = schema_log(r, "");
  ASSERT_GE(log.size(), 2u);
  EXPECT_TRUE(log[0].merge);
  EXPECT_EQ(change_tokens(log[0].diff), "+Dog");
}

TEST_F(HistoryTest, BlameFindsIntroductionAndChanges) {
  commit_file(repo_, "models/people.py", person("    email = StringProperty(index=True)\n"),
              "index email");
  auto r = reader();
  const std::vector<BlameEntry> entries = blame(r, "Person.email");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].commit.id, c_email_);
  EXPECT_EQ(entries[0].what, "introduced");
  EXPECT_EQ(entries[1].commit.subject, "index email");
  EXPECT_EQ(entries[1].what, "changed");
  EXPECT_FALSE(entries[1].changes.empty());
  const std::vector<BlameEntry> person_entries = blame(r, "Person", c_person_);
  ASSERT_EQ(person_entries.size(), 1u);
  EXPECT_EQ(person_entries[0].what, "introduced");
  EXPECT_THROW(blame(r, "Cat"), Error);
  EXPECT_THROW(blame(r, "Person."), Error);
}

TEST_F(HistoryTest, ReadsTheIndexAndOpensProjectContext) {
  write_file(repo_, "models/people.py", person("    age = StringProperty()\n"));
  git("add models/people.py", repo_);
  auto r = reader();
  EXPECT_TRUE(schema_has(r.in_index().schema, "Person.age"));
  HistoryContext context =
      open_history(repo_ / "models", [](const project::Project&) { return model::ReadOptions{}; });
  EXPECT_EQ(context.reader->models_path(), "models");
  EXPECT_THROW(open_history(root(), [](const project::Project&) { return model::ReadOptions{}; }),
               Error);
}

} // namespace
} // namespace crochet::history
