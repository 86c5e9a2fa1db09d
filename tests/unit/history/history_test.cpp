// The snapshot reader, its disk cache, and the log and blame walks over real temp repositories.
#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "core/git/subtree_table.hpp"
#include "core/history/change_reader.hpp"
#include "core/history/context.hpp"
#include "core/history/history_cache.hpp"
#include "core/history/prefetch.hpp"
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

TEST(ChangeTokens, OneTokenPerSubjectAndObjectsLeftOut) {
  // A class renamed under its kgid is a label and a label-set change of one class.
  schema::Schema before, after;
  schema::Node& dog = before.nodes.emplace_back();
  dog.kgid = "k1";
  dog.class_name = dog.label = "Dog";
  dog.labels = {"Dog"};
  schema::Node& hound = after.nodes.emplace_back(dog);
  hound.class_name = hound.label = "Hound";
  hound.labels = {"Hound"};
  hound.properties.emplace_back().name = "name";
  hound.properties.back().db_property = "name";
  hound.properties.back().type = "StringProperty";
  const schema::Diff diff = schema::diff(before, after);
  ASSERT_GE(diff.changes.size(), 3u);
  EXPECT_EQ(change_tokens(diff), "~Hound, +Hound.name");
}

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

TEST_F(HistoryTest, SchemaCacheOfAnotherReaderRevisionIsReadAgain) {
  // A reader that reads the same files differently (a fix, a new check) does not take an older
  // reader's result from the cache: here the older one found the commit unreadable.
  const Snapshot fresh = reader().at_commit(c_email_);
  ASSERT_TRUE(fresh.readable);
  const std::filesystem::path file = cache_dir() / (*reader().models_tree(c_email_) + ".json");
  std::ifstream in(file);
  schema::Json json = schema::Json::parse(in);
  const std::string options = json.at("options").get<std::string>();
  const std::string revision = "r" + std::to_string(model::kReaderRevision) + ":";
  ASSERT_TRUE(options.starts_with(revision)) << options;
  auto write_unreadable = [&](const std::string& with_options) {
    schema::Json stale = {{"version", json.at("version")},
                          {"options", with_options},
                          {"readable", false},
                          {"error", "stale result"}};
    std::ofstream(file, std::ios::trunc) << stale.dump();
  };

  write_unreadable("r" + std::to_string(model::kReaderRevision - 1) + ":" +
                   options.substr(revision.size()));
  auto r = reader();
  const Snapshot again = r.at_commit(c_email_);
  EXPECT_TRUE(again.readable) << again.first_error;
  EXPECT_EQ(again.hash, fresh.hash);
  EXPECT_TRUE(r.cache_warnings().empty());

  // The same file under this revision's key is believed: the key is what tells them apart.
  write_unreadable(options);
  const Snapshot cached = reader().at_commit(c_email_);
  EXPECT_FALSE(cached.readable);
  EXPECT_EQ(cached.first_error, "stale result");
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
  EXPECT_EQ(log[2].summary, "+Person.email");
  EXPECT_EQ(log[3].summary, "+Person");
  EXPECT_THROW(schema_log(r, "HEAD..HEAD"), Error);
  EXPECT_EQ(schema_log(r, c_person_ + "..HEAD").size(), 3u);
}

// Everything a log entry shows, for comparing runs.
std::vector<std::string> describe(const std::vector<LogEntry>& log) {
  std::vector<std::string> out;
  for (const LogEntry& e : log)
    out.push_back(e.commit.id + " " + e.commit.subject + " " + (e.merge ? "merge " : "") +
                  (e.readable ? "r" : "u") + (e.parent_readable ? "r" : "u") + " " + e.hash + " [" +
                  e.summary + "] " + e.first_error + " " + e.diff_json);
  return out;
}

TEST_F(HistoryTest, LogCachesAreOnlyCaches) {
  auto uncached_reader = reader(false);
  const std::vector<std::string> uncached = describe(schema_log(uncached_reader, ""));
  EXPECT_FALSE(std::filesystem::exists(cache_dir()));
  ASSERT_EQ(uncached.size(), 4u);

  auto cold_reader = reader();
  EXPECT_EQ(describe(schema_log(cold_reader, "")), uncached);
  EXPECT_TRUE(cold_reader.cache_warnings().empty());
  const std::filesystem::path commits = cache_dir() / "commits.bin";
  const std::filesystem::path log_file = cache_dir() / "log.bin";
  ASSERT_TRUE(std::filesystem::exists(commits));
  ASSERT_TRUE(std::filesystem::exists(log_file));
  // A log needs no schema files: they are for diff, check and blame.
  EXPECT_FALSE(
      std::filesystem::exists(cache_dir() / (*cold_reader.models_tree(c_email_) + ".json")));

  auto warm_reader = reader();
  EXPECT_EQ(describe(schema_log(warm_reader, "")), uncached);
  EXPECT_TRUE(warm_reader.cache_warnings().empty());

  // Corrupt files (garbage, a torn write, one flipped byte) are each reported once and rewritten.
  const auto read_bytes = [](const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), {});
  };
  const std::string good_log = read_bytes(log_file);
  const std::string good_commits = read_bytes(commits);
  std::string flipped = good_log;
  flipped[flipped.size() / 2] ^= 0x01;
  for (const auto& [file, damaged] : std::vector<std::pair<std::filesystem::path, std::string>>{
           {commits, "garbage"},
           {log_file, "garbage"},
           {commits, good_commits.substr(0, good_commits.size() / 2)},
           {log_file, good_log.substr(0, good_log.size() - 3)},
           {log_file, flipped}}) {
    std::ofstream(file, std::ios::binary | std::ios::trunc) << damaged;
    auto r = reader();
    EXPECT_EQ(describe(schema_log(r, "")), uncached) << file;
    ASSERT_EQ(r.cache_warnings().size(), 1u) << file;
    EXPECT_NE(r.cache_warnings()[0].find("corrupt"), std::string::npos);
    EXPECT_NE(r.cache_warnings()[0].find(file.filename().string()), std::string::npos);
    auto again = reader();
    EXPECT_EQ(describe(schema_log(again, "")), uncached) << file;
    EXPECT_TRUE(again.cache_warnings().empty()) << file; // rewritten
  }

  // Written under other read options: ignored without a warning, and replaced.
  model::ReadOptions other;
  other.display_prefix = "elsewhere/";
  ModelSnapshotReader other_reader(git::Repository::discover(repo_), "models", other, cache_dir());
  const std::vector<LogEntry> other_log = schema_log(other_reader, "");
  EXPECT_TRUE(other_reader.cache_warnings().empty());
  EXPECT_NE(other_log[1].first_error.find("elsewhere/broken.py"), std::string::npos);
  auto back = reader();
  EXPECT_EQ(describe(schema_log(back, "")), uncached);
  EXPECT_TRUE(back.cache_warnings().empty());

  // A commit added later is read; the rest comes from the caches.
  commit_file(repo_, "models/people.py",
              person("    email = StringProperty(unique_index=True)\n    age = StringProperty()\n"),
              "add age");
  auto grown = reader();
  const std::vector<LogEntry> log = schema_log(grown, "");
  ASSERT_EQ(log.size(), 5u);
  EXPECT_EQ(log[0].summary, "+Person.age");
  EXPECT_EQ(describe({log.begin() + 1, log.end()}), uncached);

  std::filesystem::remove_all(cache_dir());
  auto fresh = reader();
  EXPECT_EQ(describe(schema_log(fresh, "")), describe(log));
}

TEST_F(HistoryTest, LogDiffJsonIsTheDiff) {
  auto r = reader();
  const std::vector<LogEntry> log = schema_log(r, "");
  const schema::Json email = schema::Json::parse(log[2].diff_json);
  EXPECT_EQ(email, schema::to_json(
                       schema::diff(r.at_commit(c_person_).schema, r.at_commit(c_email_).schema)));
  EXPECT_EQ(schema::Json::parse(log[1].diff_json), schema::to_json(schema::Diff{}));
}

TEST_F(HistoryTest, LogOverManyChangesMatchesCommitByCommitReads) {
  // 150 commits, each adding a property to one of 7 classes, with a broken file now and then:
  // more changes than one round of the parallel reader takes.
  std::ofstream stream(root() / "stream", std::ios::binary);
  auto data = [&](const std::string& text) { stream << "data " << text.size() << "\n" << text; };
  std::map<int, std::string> bodies;
  for (int i = 1; i <= 150; ++i) {
    stream << "commit refs/heads/main\ncommitter Ada <ada@example.com> " << (1800000000 + i * 60)
           << " +0000\n";
    data("change " + std::to_string(i) + "\n");
    if (i == 1)
      stream << "from refs/heads/main^0\n";
    const int cls = i % 7;
    bodies[cls] += "    p" + std::to_string(i) + " = StringProperty()\n";
    stream << "M 100644 inline models/m" << cls << ".py\n";
    data("from neomodel import StructuredNode, StringProperty\n\nclass M" + std::to_string(cls) +
         "(StructuredNode):\n    __kgid__ = \"k" + std::to_string(cls) + "\"\n" + bodies[cls]);
    if (i % 40 == 0) {
      stream << "M 100644 inline models/zz_broken.py\n";
      data("class Broken(\n");
    } else if (i % 40 == 1 && i > 1) {
      stream << "D models/zz_broken.py\n";
    }
    stream << "\n";
  }
  stream.close();
  sh("git fast-import --quiet < '" + (root() / "stream").string() + "'", repo_);

  auto r = reader(false);
  const std::vector<LogEntry> log = schema_log(r, c_fixed_ + "..HEAD");
  ASSERT_EQ(log.size(), 150u);
  for (const LogEntry& e : log) {
    const Snapshot after = r.at_commit(e.commit.id);
    const Snapshot before = r.at_commit(e.commit.parents.at(0));
    EXPECT_EQ(e.hash, after.hash) << e.commit.subject;
    EXPECT_EQ(e.readable, after.readable) << e.commit.subject;
    EXPECT_EQ(e.parent_readable, before.readable) << e.commit.subject;
    if (after.readable && before.readable) {
      const schema::Diff diff = schema::diff(before.schema, after.schema);
      EXPECT_EQ(e.summary, change_tokens(diff)) << e.commit.subject;
      EXPECT_EQ(e.diff_json, schema::to_json(diff).dump()) << e.commit.subject;
    } else {
      EXPECT_FALSE(e.first_error.empty()) << e.commit.subject;
    }
  }
  EXPECT_FALSE(log[150 - 40].readable); // "change 40" adds the broken file
}

// Walks the history of `repo`'s models folder as `log` does, announcing each commit to
// `prefetcher`; returns the changes the walk's steps have, parent side first.
std::set<LogCache::Trees> walk_announcing(git::Repository& repo, ChangePrefetcher& prefetcher) {
  git::SubtreeTable table("models");
  table.on_add([&](const git::SubtreeTable::Entry& entry) { prefetcher.announce(table, entry); });
  std::set<LogCache::Trees> changes;
  for (const git::SubtreeStep& step : repo.subtree_history("", table))
    if (step.tree != step.parent_tree)
      changes.insert({step.parent_tree, step.tree});
  return changes;
}

TEST_F(HistoryTest, DrainedPrefetcherReadsEveryChangeOfTheWalk) {
  // A side branch merged back: the walk meets both lines of history interleaved.
  git("checkout -q -b side " + c_email_, repo_);
  commit_file(repo_, "models/dog.py",
              "from neomodel import StructuredNode\n\nclass Dog(StructuredNode):\n"
              "    __kgid__ = \"k-dog\"\n",
              "add dog");
  git("checkout -q main", repo_);
  commit_file(repo_, "models/cat.py",
              "from neomodel import StructuredNode\n\nclass Cat(StructuredNode):\n"
              "    __kgid__ = \"k-cat\"\n",
              "add cat");
  sh(next_dates() + "git merge -q --no-ff --no-edit side", repo_);

  auto r = reader(false);
  ChangePrefetcher prefetcher(r, 100);
  git::Repository repo = r.repo().reopen();
  const std::set<LogCache::Trees> expected = walk_announcing(repo, prefetcher);
  ASSERT_GE(expected.size(), 7u);
  const Prefetched read = prefetcher.drain(repo);
  std::set<LogCache::Trees> got;
  for (const auto& [trees, change] : read.changes)
    got.insert(trees);
  EXPECT_EQ(got, expected); // every change of the walk, and nothing else
  auto at = [&](const ChangePrefetcher::Tree& tree) {
    return r.at_tree(tree ? std::optional(tree->hex()) : std::nullopt);
  };
  for (const auto& [trees, change] : read.changes) {
    const TreeChange direct = change_between(at(trees.first), at(trees.second));
    EXPECT_EQ(change.readable, direct.readable) << direct.summary;
    EXPECT_EQ(change.parent_readable, direct.parent_readable) << direct.summary;
    EXPECT_EQ(change.hash, direct.hash) << direct.summary;
    EXPECT_EQ(change.summary, direct.summary);
    EXPECT_EQ(change.diff_json, direct.diff_json) << direct.summary;
  }
}

TEST_F(HistoryTest, PrefetcherReadsAtMostItsLimitAndNothingAfterFinish) {
  auto r = reader(false);
  using Tree = ChangePrefetcher::Tree;
  auto tree_at = [&](const std::string& commit) -> Tree {
    const auto hex = r.models_tree(commit);
    return hex ? Tree(git::ObjectId::from_hex(*hex)) : std::nullopt;
  };
  auto id = [](const std::string& commit) { return *git::ObjectId::from_hex(commit); };
  // A table filled as a walk would: c_email_, then c_moved_, c_docs_, c_person_ (each the first
  // parent of the one before), then c_empty_. With a limit of one change, only the first change
  // completed (email's) is read.
  Prefetched read;
  for (int attempt = 1; attempt <= 60 && read.changes.empty(); ++attempt) {
    ChangePrefetcher prefetcher(r, 1);
    git::SubtreeTable table("models");
    table.on_add([&](const git::SubtreeTable::Entry& entry) { prefetcher.announce(table, entry); });
    const std::vector<std::string> line = {c_email_, c_moved_, c_docs_, c_person_, c_empty_};
    for (std::size_t i = 0; i + 1 < line.size(); ++i) {
      const git::ObjectId parent = id(line[i + 1]);
      table.add(id(line[i]), 0, std::span(&parent, 1), tree_at(line[i]));
    }
    // finish() stops at the change being read: give each attempt longer.
    std::this_thread::sleep_for(std::chrono::milliseconds(20 * attempt));
    read = prefetcher.finish();
    table.add(id(c_empty_), 0, {}, Tree{}); // after finish: ignored
  }
  ASSERT_EQ(read.changes.size(), 1u);
  const LogCache::Trees email_change{tree_at(c_moved_), tree_at(c_email_)};
  ASSERT_TRUE(read.changes.contains(email_change));
  EXPECT_EQ(read.changes.at(email_change).summary, "+Person.email");
  EXPECT_EQ(read.snapshots.size(), 2u); // the last change's two sides, for the rounds
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
  EXPECT_EQ(log[0].summary, "+Dog");
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

TEST_F(HistoryTest, BlameAndHasFindRelationshipDefinitions) {
  // A relationship definition is a member of its node as a property is: Person.friends.
  commit_file(repo_, "models/people.py",
              "from neomodel import StructuredNode, StringProperty, RelationshipTo\n\n"
              "class Person(StructuredNode):\n"
              "    __kgid__ = \"k-person\"\n"
              "    name = StringProperty()\n"
              "    email = StringProperty(unique_index=True)\n"
              "    friends = RelationshipTo(\"Person\", \"KNOWS\")\n",
              "add friends");
  auto r = reader();
  const std::vector<BlameEntry> entries = blame(r, "Person.friends");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].commit.subject, "add friends");
  EXPECT_EQ(entries[0].what, "introduced");
  EXPECT_FALSE(entries[0].shallow_boundary);
  EXPECT_TRUE(schema_has(r.at_commit("HEAD").schema, "Person.friends"));
  EXPECT_FALSE(schema_has(r.at_commit(c_email_).schema, "Person.friends"));
}

TEST_F(HistoryTest, ShallowBoundaryIsMarkedInLogAndBlame) {
  // Three commits: "add email" (the boundary), "broken", "fix".
  const std::filesystem::path clone = root() / "shallow";
  git("clone -q --depth 3 'file://" + repo_.string() + "' '" + clone.string() + "'", root());
  model::ReadOptions options;
  options.display_prefix = "models/";
  ModelSnapshotReader r(git::Repository::discover(clone), "models", options, {});
  const std::vector<LogEntry> log = schema_log(r, "HEAD");
  ASSERT_FALSE(log.empty());
  EXPECT_TRUE(log.back().shallow_boundary); // its "+Person" is all the clone knows
  const std::vector<BlameEntry> entries = blame(r, "Person.email");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].what, "introduced");
  EXPECT_TRUE(entries[0].shallow_boundary);
  auto full = reader();
  for (const LogEntry& entry : schema_log(full, "HEAD"))
    EXPECT_FALSE(entry.shallow_boundary) << entry.commit.subject;
}

TEST_F(HistoryTest, BlameShowsARenameUnderBothNames) {
  // `email` becomes `mail`, still stored as "email": one property renamed, seen from either name.
  commit_file(repo_, "models/people.py",
              person("    mail = StringProperty(unique_index=True, db_property=\"email\")\n"),
              "rename email");
  auto r = reader();
  for (const char* name : {"Person.email", "Person.mail"}) {
    const std::vector<BlameEntry> entries = blame(r, name);
    ASSERT_FALSE(entries.empty()) << name;
    const BlameEntry& last = entries.back();
    EXPECT_EQ(last.commit.subject, "rename email") << name;
    EXPECT_EQ(last.what, "renamed") << name;
    ASSERT_EQ(last.changes.size(), 1u) << name;
    EXPECT_EQ(last.changes[0].summary, "Person.mail: renamed from email (still stored as email)");
  }
}

// blame skips the changes the log cache knows to leave the schema as it was; its answers are
// the same with no cache, a filled one, or a corrupt one.
TEST_F(HistoryTest, BlameAnswersDoNotDependOnTheLogCache) {
  // A comment: the models tree changes, the schema does not.
  commit_file(repo_, "models/people.py",
              "# people\n" + person("    email = StringProperty(unique_index=True)\n"), "comment");
  commit_file(repo_, "models/people.py",
              "# people\n" + person("    email = StringProperty(index=True)\n"), "index email");
  const auto describe_blame = [](const std::vector<BlameEntry>& entries) {
    std::vector<std::string> out;
    for (const BlameEntry& e : entries)
      out.push_back(e.commit.id + " " + e.what + " " + std::to_string(e.changes.size()));
    return out;
  };
  for (const std::string target : {"Person.email", "Person", "Person.name"}) {
    std::filesystem::remove_all(cache_dir());
    auto uncached_reader = reader(false);
    const auto uncached = describe_blame(blame(uncached_reader, target));
    auto cold = reader();
    EXPECT_EQ(describe_blame(blame(cold, target)), uncached) << target;
    auto logged = reader();
    schema_log(logged, "");
    EXPECT_EQ(describe_blame(blame(logged, target)), uncached) << target;
    std::ofstream(cache_dir() / "log.bin", std::ios::binary | std::ios::trunc) << "garbage";
    auto corrupt = reader();
    EXPECT_EQ(describe_blame(blame(corrupt, target)), uncached) << target;
    EXPECT_EQ(corrupt.cache_warnings().size(), 1u) << target;
  }
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

namespace crochet::history {
namespace {

TEST(LogCacheTest, RoundTripsAndRejectsMalformedBytes) {
  const git::ObjectId a = *git::ObjectId::from_hex(std::string(40, 'a'));
  const git::ObjectId b = *git::ObjectId::from_hex(std::string(40, 'b'));
  LogCache cache;
  TreeChange change;
  change.hash = "sha256:1";
  change.summary = "+Person.email";
  change.diff_json = "{\"changes\":[]}";
  cache.add({a, b}, change);
  TreeChange unreadable;
  unreadable.readable = false;
  unreadable.first_error = "models/x.py:1:1: error: bad";
  cache.add({std::nullopt, a}, unreadable);
  EXPECT_TRUE(cache.modified());
  const std::string bytes = cache.serialize();

  LogCache loaded;
  ASSERT_TRUE(loaded.load(bytes));
  EXPECT_FALSE(loaded.modified());
  ASSERT_NE(loaded.find({a, b}), nullptr);
  EXPECT_EQ(loaded.find({a, b})->summary, "+Person.email");
  EXPECT_EQ(loaded.find({a, b})->diff_json, "{\"changes\":[]}");
  ASSERT_NE(loaded.find({std::nullopt, a}), nullptr);
  EXPECT_FALSE(loaded.find({std::nullopt, a})->readable);
  EXPECT_EQ(loaded.find({std::nullopt, a})->first_error, "models/x.py:1:1: error: bad");
  EXPECT_EQ(loaded.find({b, a}), nullptr);
  EXPECT_EQ(loaded.find({a, std::nullopt}), nullptr);

  for (const std::string& bad : {bytes.substr(0, bytes.size() - 1), bytes + "x", std::string(),
                                 std::string("\xff\xff\xff\xff", 4)}) {
    LogCache damaged;
    EXPECT_FALSE(damaged.load(bad));
    EXPECT_EQ(damaged.find({a, b}), nullptr);
  }
}

} // namespace
} // namespace crochet::history
