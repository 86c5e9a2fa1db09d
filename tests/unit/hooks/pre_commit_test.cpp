// The commit gate against real repositories: staged models and migrations read from the index
// (or $GIT_INDEX_FILE), the fast path when nothing relevant is staged, the gate cache, and every
// refusal the hook gives.
#include <fstream>

#include "core/hooks/gate_cache.hpp"
#include "core/hooks/pre_commit.hpp"
#include "tests/unit/hooks/hooks_fixture.hpp"

namespace crochet::hooks {
namespace {

namespace fs = std::filesystem;
using git::testing::ScopedEnv;
using testing::HookSandbox;
using testing::person;
using Result = GateOutcome::Result;

class PreCommitTest : public HookSandbox {
protected:
  GateOutcome gate() {
    HookContext c = context();
    return pre_commit(c);
  }
  fs::path cache_file() const { return repo_ / ".crochet/cache/pre-commit"; }
  // What create-migration tells the gate: `hash` for the work tree's model files as they are.
  void remember_worktree(const std::string& hash) {
    HookContext c = context();
    RealFileSystem fs;
    const auto files = as_staged(c.repo(), project::read_worktree_models(c.project, fs));
    ASSERT_FALSE(remember_models(c, files, hash).has_value());
  }
};

TEST_F(PreCommitTest, NothingStagedUnderModelsOrMigrationsIsNotRead) {
  write_file(repo_, "README", "docs\n");
  git("add README", repo_);
  // A broken model file in the work tree, unstaged, must not matter either.
  write_file(repo_, "models/broken.py", "class Broken(\n");
  const GateOutcome outcome = gate();
  EXPECT_EQ(outcome.result, Result::unchanged);
  EXPECT_EQ(outcome.exit_code(), 0);
  EXPECT_TRUE(outcome.report.empty());
  EXPECT_FALSE(fs::exists(cache_file())) << "the fast path reads and writes nothing";
}

TEST_F(PreCommitTest, ModelChangeWithoutMigrationIsRefusedWithTheChangesAndTheCommand) {
  write_file(repo_, "models/person.py", person("    email = StringProperty(unique_index=True)\n"));
  git("add models", repo_);
  const GateOutcome outcome = gate();
  EXPECT_EQ(outcome.result, Result::refused);
  EXPECT_EQ(outcome.exit_code(), 1);
  EXPECT_NE(outcome.report.find("not covered by the staged migrations"), std::string::npos)
      << outcome.report;
  EXPECT_NE(outcome.report.find("Person.email"), std::string::npos) << outcome.report;
  EXPECT_NE(outcome.report.find("git crochet create-migration \"add Person.email\""),
            std::string::npos)
      << outcome.report;
  EXPECT_NE(outcome.report.find("--no-verify"), std::string::npos);
}

TEST_F(PreCommitTest, ModelChangeWithItsMigrationIsAccepted) {
  write_file(repo_, "models/person.py", person("    email = StringProperty()\n"));
  create_migration("add email");
  git("add -A", repo_);
  const GateOutcome outcome = gate();
  EXPECT_EQ(outcome.result, Result::covered) << outcome.report;
  EXPECT_EQ(outcome.exit_code(), 0);
}

TEST_F(PreCommitTest, MigrationWrittenButNotStagedIsRefused) {
  write_file(repo_, "models/person.py", person("    email = StringProperty()\n"));
  create_migration("add email");
  git("add models", repo_);
  EXPECT_EQ(gate().result, Result::refused);
}

TEST_F(PreCommitTest, ReadsTheIndexNamedByGitIndexFile) {
  // `git commit -a` and `git commit <path>` stage into a temporary index: the repository's own
  // index keeps the old models, the temporary one has the change.
  write_file(repo_, "models/person.py", person("    email = StringProperty()\n"));
  const fs::path temporary = root() / "temporary-index";
  sh("cp .git/index '" + temporary.string() + "' && GIT_INDEX_FILE='" + temporary.string() +
         "' git add models",
     repo_);
  EXPECT_EQ(gate().result, Result::unchanged) << "the repository index has no change";
  {
    ScopedEnv index("GIT_INDEX_FILE", temporary.string());
    EXPECT_EQ(gate().result, Result::refused);
  }
  create_migration("add email");
  sh("GIT_INDEX_FILE='" + temporary.string() + "' git add migrations", repo_);
  ScopedEnv index("GIT_INDEX_FILE", temporary.string());
  EXPECT_EQ(gate().result, Result::covered);
}

TEST_F(PreCommitTest, SyntaxErrorIsRefusedWithTheLocation) {
  write_file(repo_, "models/broken.py", "class Broken(\n");
  git("add models", repo_);
  const GateOutcome outcome = gate();
  EXPECT_EQ(outcome.result, Result::refused);
  EXPECT_NE(outcome.report.find("have errors"), std::string::npos) << outcome.report;
  EXPECT_NE(outcome.report.find("models/broken.py:1:"), std::string::npos) << outcome.report;
}

TEST_F(PreCommitTest, StagedMigrationsThatDoNotLoadAreRefused) {
  write_file(repo_, "migrations/0002_bad.toml", "revision = \n");
  git("add migrations", repo_);
  const GateOutcome outcome = gate();
  EXPECT_EQ(outcome.result, Result::refused);
  EXPECT_NE(outcome.report.find("do not load"), std::string::npos) << outcome.report;
}

TEST_F(PreCommitTest, CommittedMigrationsAreReadByTheirHeadersChangedOnesInFull) {
  write_file(repo_, "models/person.py", person("    email = StringProperty()\n"));
  create_migration("add email");
  // A step damaged in a migration committed past the gate: committed at HEAD, it is trusted and
  // only its header is read, so an unrelated covered change still commits.
  const std::string first = "$(git ls-files 'migrations/*.toml' | head -n 1)";
  sh("printf '\\n[[upgrade]]\\nop = \"no_such_op\"\\n' >> \"" + first + "\" && git add \"" + first +
         "\" && git commit -q -m damaged",
     repo_);
  git("add -A", repo_);
  EXPECT_EQ(gate().result, Result::covered) << gate().report;
  // Staging any change to that file makes the gate read it in full, and refuse it.
  sh("f=\"" + first + "\" && echo '# reviewed' >> \"$f\" && git add \"$f\"", repo_);
  const GateOutcome outcome = gate();
  EXPECT_EQ(outcome.result, Result::refused);
  EXPECT_NE(outcome.report.find("do not load"), std::string::npos) << outcome.report;
  EXPECT_NE(outcome.report.find("no_such_op"), std::string::npos) << outcome.report;
}

TEST_F(PreCommitTest, RemovedModelNeedsAMigrationToo) {
  write_file(repo_, "models/dog.py",
             "from neomodel import StructuredNode\n\nclass Dog(StructuredNode):\n"
             "    __kgid__ = \"k-dog\"\n");
  create_migration("add dog");
  commit(repo_, "dog");
  git("rm -q models/dog.py", repo_);
  const GateOutcome outcome = gate();
  EXPECT_EQ(outcome.result, Result::refused);
  EXPECT_NE(outcome.report.find("remove Dog"), std::string::npos) << outcome.report;
}

TEST_F(PreCommitTest, VerdictsAreCachedByStagedContent) {
  write_file(repo_, "models/person.py", person("    email = StringProperty()\n"));
  create_migration("add email");
  git("add -A", repo_);
  EXPECT_EQ(gate().result, Result::covered);
  HookContext c = context();
  const StagedKeys keys = staged_keys(c);
  GateCache cache(gate_cache_file(c));
  ASSERT_TRUE(cache.find(keys.models).has_value());
  EXPECT_EQ(cache.find(keys.models), cache.find(keys.chain));
  // Another staged change is another key: refused, never served a stale verdict.
  write_file(repo_, "models/person.py",
             person("    email = StringProperty()\n    age = StringProperty()\n"));
  git("add models", repo_);
  EXPECT_EQ(gate().result, Result::refused);
}

TEST_F(PreCommitTest, CachedHashesAnswerWithoutReadingTheModels) {
  // An uncovered staged state whose cache entries (as if written by an earlier run) say the
  // hashes agree: the gate trusts them, which shows it read no model file.
  write_file(repo_, "models/person.py", person("    email = StringProperty()\n"));
  git("add models", repo_);
  HookContext c = context();
  const StagedKeys keys = staged_keys(c);
  GateCache cache(gate_cache_file(c));
  cache.put(keys.models, "sha256:same");
  cache.put(keys.chain, "sha256:same");
  ASSERT_FALSE(cache.save().has_value());
  EXPECT_EQ(gate().result, Result::covered);
  fs::remove(gate_cache_file(c));
  EXPECT_EQ(gate().result, Result::refused);
}

TEST_F(PreCommitTest, WorkTreeFilesAreKeyedAsTheIndexListsThemOnceStaged) {
  // Paths that sort differently by path component than byte by byte ("a.py" < "a/b.py").
  write_file(repo_, "models/a.py", "A = 1\n");
  write_file(repo_, "models/a/b.py", "B = 2\n");
  write_file(repo_, "models/a_b.py", "C = 3\r\n");
  write_file(repo_, "models/person.py", person("    email = StringProperty()\n"));
  HookContext c = context();
  RealFileSystem fs;
  const auto keyed = as_staged(c.repo(), project::read_worktree_models(c.project, fs));
  git("add models", repo_);
  const auto staged = c.repo().list_index(c.models_path, ".py");
  ASSERT_EQ(keyed.size(), staged.size());
  for (std::size_t i = 0; i < keyed.size(); ++i) {
    EXPECT_EQ(keyed[i].path, staged[i].path);
    EXPECT_EQ(keyed[i].blob_id, staged[i].blob_id) << keyed[i].path;
  }
}

TEST_F(PreCommitTest, ModelsRememberedFromTheWorkTreeAnswerOnceStagedUnchanged) {
  write_file(repo_, "models/person.py", person("    email = StringProperty()\n"));
  create_migration("add email");
  // Edited after the migration was written: the staged models are not covered...
  write_file(repo_, "models/person.py",
             person("    email = StringProperty()\n    age = StringProperty()\n"));
  git("add -A", repo_);
  const GateOutcome first = gate();
  EXPECT_EQ(first.result, Result::refused);
  EXPECT_NE(first.report.find("Person.age"), std::string::npos) << first.report;
  HookContext c = context();
  const StagedKeys keys = staged_keys(c);
  const auto chain_head = GateCache(gate_cache_file(c)).find(keys.chain);
  ASSERT_TRUE(chain_head.has_value());
  // ...but when a command that read these very bytes says their hash is the head's, the gate
  // takes its word, which shows it reads no model file.
  remember_worktree(*chain_head);
  EXPECT_EQ(GateCache(gate_cache_file(c)).find(keys.models), chain_head);
  EXPECT_EQ(gate().result, Result::covered);
  // Staged bytes other than those remembered are another key: read, and refused.
  write_file(repo_, "models/person.py",
             person("    email = StringProperty()\n    age = StringProperty(required=True)\n"));
  git("add -A", repo_);
  EXPECT_EQ(gate().result, Result::refused);
}

TEST_F(PreCommitTest, RememberedHashThatDisagreesWithTheChainIsReadAgain) {
  write_file(repo_, "models/person.py", person("    email = StringProperty()\n"));
  create_migration("add email");
  git("add -A", repo_);
  remember_worktree("sha256:other");
  EXPECT_EQ(gate().result, Result::covered);
  // The read corrected the entry.
  HookContext c = context();
  const StagedKeys keys = staged_keys(c);
  const GateCache cache(gate_cache_file(c));
  EXPECT_EQ(cache.find(keys.models), cache.find(keys.chain));
}

TEST_F(PreCommitTest, DamagedCacheIsIgnored) {
  fs::create_directories(cache_file().parent_path());
  std::ofstream(cache_file()) << "garbage\n\x01\x02";
  write_file(repo_, "models/person.py", person("    email = StringProperty()\n"));
  git("add models", repo_);
  EXPECT_EQ(gate().result, Result::refused);
  create_migration("add email");
  git("add migrations", repo_);
  EXPECT_EQ(gate().result, Result::covered);
}

TEST_F(PreCommitTest, SeveralHeadsAreRefusedWithMerge) {
  // Two migrations on the same parent, as after merging two branches.
  write_file(repo_, "models/person.py", person("    email = StringProperty()\n"));
  create_migration("add email");
  git("add -A", repo_);
  commit(repo_, "email");
  git("checkout -q -b other " + c_first_, repo_);
  write_file(repo_, "models/person.py", person("    age = StringProperty()\n"));
  create_migration("add age");
  commit(repo_, "age");
  git("checkout -q main", repo_);
  sh("git checkout -q other -- migrations", repo_);
  write_file(repo_, "models/person.py",
             person("    email = StringProperty()\n    age = StringProperty()\n"));
  git("add -A", repo_);
  const GateOutcome outcome = gate();
  EXPECT_EQ(outcome.result, Result::refused);
  EXPECT_NE(outcome.report.find("several heads"), std::string::npos) << outcome.report;
  EXPECT_NE(outcome.report.find("git crochet merge"), std::string::npos);
}

// --- crochet.toml: the schema read follows the settings the index holds -------------------------

constexpr const char* kPlainConfig = "[project]\nname = \"g\"\n";
constexpr const char* kExistenceConfig =
    "[project]\nname = \"g\"\n\n[schema]\nexistence_constraints = true\n";

TEST_F(PreCommitTest, StagedConfigChangeThatChangesTheSchemaIsRefused) {
  write_file(repo_, "models/person.py", person("    age = StringProperty(required=True)\n"));
  create_migration("add age");
  git("add -A", repo_);
  // Covered, which leaves these models' hash in the gate cache under the old settings.
  ASSERT_EQ(gate().result, Result::covered);
  commit(repo_, "age");
  write_file(repo_, "crochet.toml", kExistenceConfig);
  git("add crochet.toml", repo_);
  const GateOutcome outcome = gate();
  EXPECT_EQ(outcome.result, Result::refused);
  EXPECT_NE(outcome.report.find("not covered by the staged migrations"), std::string::npos)
      << outcome.report;
  EXPECT_NE(outcome.report.find("constraint_existence_Person_age"), std::string::npos)
      << outcome.report;
  EXPECT_NE(outcome.report.find("git crochet create-migration"), std::string::npos)
      << outcome.report;
  // Its migration, written under the new setting, covers it.
  create_migration("require existence");
  git("add migrations", repo_);
  EXPECT_EQ(gate().result, Result::covered) << gate().report;
}

TEST_F(PreCommitTest, MigrationWrittenButNotStagedIsNamedInsteadOfAnotherScaffold) {
  write_file(repo_, "models/person.py", person("    email = StringProperty()\n"));
  git("add models", repo_);
  create_migration("add email"); // not added
  GateOutcome outcome = gate();
  EXPECT_EQ(outcome.result, Result::refused);
  EXPECT_NE(outcome.report.find("the work tree's migrations cover these models, but "
                                "migrations/0002_add_email.toml is not staged"),
            std::string::npos)
      << outcome.report;
  EXPECT_NE(outcome.report.find("git add migrations/"), std::string::npos) << outcome.report;
  EXPECT_EQ(outcome.report.find("create-migration"), std::string::npos) << outcome.report;
  // One that does not cover the staged models is listed, and the usual advice follows.
  write_file(repo_, "models/person.py",
             person("    email = StringProperty()\n    age = StringProperty()\n"));
  git("add models", repo_);
  outcome = gate();
  EXPECT_NE(outcome.report.find("  not staged: migrations/0002_add_email.toml\n"),
            std::string::npos)
      << outcome.report;
  EXPECT_NE(outcome.report.find("git crochet create-migration"), std::string::npos)
      << outcome.report;
}

TEST_F(PreCommitTest, StagedConfigCountsNotTheWorkTrees) {
  write_file(repo_, "crochet.toml", kExistenceConfig);
  write_file(repo_, "models/person.py", person("    age = StringProperty(required=True)\n"));
  create_migration("add age");
  git("add -A", repo_);
  ASSERT_EQ(gate().result, Result::covered) << gate().report;
  // Edited back in the work tree but not staged: the commit still records the staged setting.
  write_file(repo_, "crochet.toml", kPlainConfig);
  EXPECT_EQ(gate().result, Result::covered) << gate().report;
  commit(repo_, "age"); // commits the plain crochet.toml too
  // The other way round: the setting in the work tree only changes nothing that is committed.
  write_file(repo_, "crochet.toml", kExistenceConfig);
  write_file(repo_, "README", "docs\n");
  git("add README", repo_);
  EXPECT_EQ(gate().result, Result::unchanged);
  write_file(repo_, "models/person.py",
             person("    age = StringProperty(required=True)\n    email = StringProperty()\n"));
  create_migration("add email"); // read under the work tree's setting: not what is committed
  git("add models migrations", repo_);
  EXPECT_EQ(gate().result, Result::refused);
}

TEST_F(PreCommitTest, StagedConfigChangeOutsideTheSchemaIsNotRead) {
  write_file(repo_, "crochet.toml",
             "[project]\nname = \"renamed\"\nmodels_path = \"models\"\n\n[neo4j]\n"
             "uri = \"http://db.example:7474\"\n");
  git("add crochet.toml", repo_);
  const GateOutcome outcome = gate();
  EXPECT_EQ(outcome.result, Result::unchanged) << outcome.report;
  EXPECT_FALSE(fs::exists(cache_file())) << "no model read, nothing cached";
}

TEST_F(PreCommitTest, StagedModelsPathNamesTheFolderRead) {
  write_file(repo_, "crochet.toml", "[project]\nname = \"g\"\nmodels_path = \"app/models\"\n");
  git("add crochet.toml", repo_);
  const GateOutcome outcome = gate();
  EXPECT_EQ(outcome.result, Result::refused) << "no models there: Person is gone";
  EXPECT_NE(outcome.report.find("Person"), std::string::npos) << outcome.report;
  // The models moved along: the same schema.
  fs::create_directories(repo_ / "app");
  git("mv models app/models", repo_);
  EXPECT_EQ(gate().result, Result::covered) << gate().report;
}

TEST_F(PreCommitTest, StagedConfigWithErrorsIsRefused) {
  write_file(repo_, "crochet.toml", "[project]\nname = \"g\"\n[schema]\nexistence = 1\n");
  git("add crochet.toml", repo_);
  write_file(repo_, "crochet.toml", kPlainConfig);
  const GateOutcome outcome = gate();
  EXPECT_EQ(outcome.result, Result::refused);
  EXPECT_NE(outcome.report.find("the staged crochet.toml has errors"), std::string::npos)
      << outcome.report;
  EXPECT_NE(outcome.report.find("crochet.toml:4:"), std::string::npos) << outcome.report;
}

TEST_F(PreCommitTest, CleanMergeLeavingTwoHeadsIsRefusedBeforeItsCommit) {
  write_file(repo_, "models/person.py", person("    email = StringProperty()\n"));
  create_migration("add email");
  commit(repo_, "email");
  git("checkout -q -b other " + c_first_, repo_);
  write_file(repo_, "models/dog.py",
             "from neomodel import StructuredNode\n\nclass Dog(StructuredNode):\n"
             "    __kgid__ = \"k-dog\"\n");
  create_migration("add dog");
  commit(repo_, "dog");
  git("checkout -q main", repo_);
  // What pre-merge-commit sees: the merge's index, HEAD still the first parent.
  sh("git merge -q --no-commit --no-ff other", repo_);
  HookContext c = context();
  const GateOutcome outcome = pre_commit(c, GateHook::pre_merge_commit);
  EXPECT_EQ(outcome.result, Result::refused);
  EXPECT_NE(outcome.report.find("several heads"), std::string::npos) << outcome.report;
  EXPECT_NE(outcome.report.find("`git crochet merge`"), std::string::npos) << outcome.report;
  EXPECT_EQ(outcome.report.find("crochet merge"), outcome.report.rfind("crochet merge"))
      << "the command is named once\n"
      << outcome.report;
  EXPECT_NE(outcome.report.find("heads: migrations/0002_add_dog.toml ("), std::string::npos)
      << outcome.report;
  EXPECT_NE(outcome.report.find("finish the merge with `git commit`"), std::string::npos);
  EXPECT_NE(outcome.report.find("`git merge --no-verify`"), std::string::npos) << outcome.report;
}

TEST_F(PreCommitTest, NoProjectMeansNothingToDo) {
  const fs::path other = init_repo("plain");
  EXPECT_FALSE(open_hook_context(other, testing::test_read_options).has_value());
}

TEST(SuggestedDescription, NamesTheFirstChangesAndCountsTheRest) {
  schema::Diff diff;
  schema::Change a;
  a.kind = schema::ChangeKind::property_added;
  a.owner_class = "Person";
  a.subject = "email";
  schema::Change b = a;
  b.kind = schema::ChangeKind::node_removed;
  b.owner_class = "Dog";
  b.subject = "";
  schema::Change c = a;
  c.kind = schema::ChangeKind::object_added;
  c.subject = "constraint_unique_person_email";
  diff.changes = {a};
  EXPECT_EQ(suggested_description(diff), "add Person.email");
  diff.changes = {a, c, b};
  EXPECT_EQ(suggested_description(diff), "add Person.email and remove Dog");
  schema::Change d = a;
  d.subject = "age";
  diff.changes = {a, b, d};
  EXPECT_EQ(suggested_description(diff), "add Person.email and 2 more changes");
  diff.changes = {c};
  EXPECT_EQ(suggested_description(diff), "add Person.constraint_unique_person_email");
  a.owner_class = "Per\"son$(x)";
  diff.changes = {a};
  EXPECT_EQ(suggested_description(diff), "add Personx.email") << "shell-safe";
}

} // namespace
} // namespace crochet::hooks
