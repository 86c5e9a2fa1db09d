// `git crochet merge`'s plan: the merge migration joining two heads, the overlaps it warns
// about, and the merged-model changes no side's migration makes.
#include <gmock/gmock.h>

#include "core/hooks/merge_heads.hpp"
#include "core/migration/coverage.hpp"
#include "core/migration/schema_snapshot.hpp"
#include "core/util/error.hpp"
#include "tests/unit/hooks/hooks_fixture.hpp"

namespace crochet::hooks {
namespace {

using ::testing::HasSubstr;
using testing::HookSandbox;
using testing::person;

class MergeTest : public HookSandbox {
protected:
  // Branch a adds `a_line` to Person, branch b adds `b_line`; main merges both models and
  // migrations (the migration files never conflict: their names differ).
  void diverge(const std::string& a_line, const std::string& b_line) {
    git("checkout -q -b a", repo_);
    write_file(repo_, "models/person.py", person("    " + a_line + "\n"));
    create_migration("side a");
    commit(repo_, "a");
    git("checkout -q -b b " + c_first_, repo_);
    write_file(repo_, "models/person.py", person("    " + b_line + "\n"));
    create_migration("side b");
    commit(repo_, "b");
    git("checkout -q main", repo_);
    sh("git checkout -q a -- migrations && git checkout -q b -- migrations", repo_);
  }
  migration::Chain chain() {
    RealFileSystem fs;
    return migration::load_chain(migration::read_migration_files(fs, folder()));
  }
  migration::MigrationsFolder folder() const { return {repo_, "migrations"}; }
  RecordedSchema recorded() {
    return [this](const migration::Migration& m) {
      RealFileSystem fs;
      return migration::recorded_schema(fs, folder(), m);
    };
  }
  schema::Schema models() {
    RealFileSystem fs;
    const project::Project project = project::find_project(repo_, fs);
    return model::read_schema(project::read_worktree_models(project, fs),
                              testing::test_read_options(project));
  }
};

TEST_F(MergeTest, JoinsTwoHeadsIntoOneCoveringTheMergedModels) {
  diverge("email = StringProperty()", "age = StringProperty()");
  write_file(repo_, "models/person.py",
             person("    email = StringProperty()\n    age = StringProperty()\n"));
  const migration::Chain before = chain();
  ASSERT_EQ(before.heads.size(), 2u);
  const MergePlan plan = plan_merge(before, recorded(), models(), "merge sides", "n");
  EXPECT_EQ(plan.migration.parents, before.heads);
  EXPECT_TRUE(plan.migration.upgrade.empty());
  EXPECT_EQ(plan.migration.schema_hash, schema::schema_hash(models()));
  EXPECT_EQ(plan.file_name, "0003_merge_sides.toml");
  EXPECT_TRUE(plan.overlaps.empty());
  EXPECT_TRUE(plan.unexplained.empty()) << plan.unexplained[0];
  EXPECT_THAT(plan.heads, ::testing::ElementsAre("0002_side_a", "0002_side_b"));

  // Written out with its snapshot, the chain has one head and covers the models.
  std::vector<migration::MigrationFile> files =
      migration::read_migration_files(RealFileSystem(), folder());
  files.push_back({"migrations/" + plan.file_name, plan.text});
  files.push_back({"migrations/" + plan.snapshot_path, plan.snapshot_text});
  EXPECT_EQ(migration::load_chain(files).heads.size(), 1u);
  EXPECT_TRUE(migration::check_coverage(files, models()).ok());
}

TEST_F(MergeTest, WarnsWhenBothSidesTouchTheSameProperty) {
  diverge("email = StringProperty()", "email = StringProperty(unique_index=True)");
  write_file(repo_, "models/person.py", person("    email = StringProperty(unique_index=True)\n"));
  const MergePlan plan = plan_merge(chain(), recorded(), models(), "m", "n");
  ASSERT_FALSE(plan.overlaps.empty());
  int email = 0; // one overlap for the property, however many ways each side touches it
  for (const Overlap& overlap : plan.overlaps)
    if (overlap.subject == "Person.email") {
      ++email;
      ASSERT_EQ(overlap.by_side.size(), 2u);
      EXPECT_THAT(overlap.by_side[0], ::testing::ElementsAre("0002_side_a"));
      EXPECT_THAT(overlap.by_side[1], ::testing::ElementsAre("0002_side_b"));
    }
  EXPECT_EQ(email, 1);
  // Running both sides makes b's constraint, which the merged models have: nothing to refuse.
  EXPECT_TRUE(plan.unexplained.empty()) << plan.unexplained[0];
}

TEST_F(MergeTest, SidesChangingAPropertyDifferentlyAreRefused) {
  // Side a makes bio unique, side b indexes it, and the merge keeps b's models: a database that
  // runs both sides has the constraint too, which no model asks for.
  diverge("bio = StringProperty(unique_index=True)", "bio = StringProperty(index=True)");
  write_file(repo_, "models/person.py", person("    bio = StringProperty(index=True)\n"));
  const MergePlan plan = plan_merge(chain(), recorded(), models(), "m", "n");
  ASSERT_EQ(plan.unexplained.size(), 1u) << ::testing::PrintToString(plan.unexplained);
  EXPECT_EQ(plan.unexplained[0], "constraint_unique_Person_bio: the migrations of both branches "
                                 "make it, but the merged models do not have it");
}

TEST_F(MergeTest, ChangesNoSideMakesAreReported) {
  diverge("email = StringProperty()", "age = StringProperty()");
  write_file(repo_, "models/person.py",
             person("    email = StringProperty()\n    age = StringProperty()\n"
                    "    nickname = StringProperty()\n"));
  const MergePlan plan = plan_merge(chain(), recorded(), models(), "m", "n");
  ASSERT_EQ(plan.unexplained.size(), 1u);
  EXPECT_THAT(plan.unexplained[0], HasSubstr("nickname"));
}

TEST_F(MergeTest, ASecondRootExplainsTheClassesItAdds) {
  // Branch a started its migrations afresh (a second root): its first migration adds Person
  // whole, so every property of Person that branch b's head lacks comes from side a.
  git("checkout -q -b a", repo_);
  sh("git rm -q -r migrations", repo_);
  write_file(repo_, "models/person.py", person("    email = StringProperty()\n"));
  create_migration("side a");
  commit(repo_, "a");
  git("checkout -q -b b " + c_first_, repo_);
  write_file(repo_, "models/person.py", person("    age = StringProperty()\n"));
  create_migration("side b");
  commit(repo_, "b");
  git("checkout -q main", repo_);
  sh("git checkout -q a -- migrations && git checkout -q b -- migrations", repo_);
  write_file(repo_, "models/person.py",
             person("    email = StringProperty()\n    age = StringProperty()\n"));
  ASSERT_EQ(chain().heads.size(), 2u);
  MergePlan plan = plan_merge(chain(), recorded(), models(), "m", "n");
  EXPECT_TRUE(plan.unexplained.empty()) << ::testing::PrintToString(plan.unexplained);

  // A property neither side adds is still reported.
  write_file(repo_, "models/person.py",
             person("    email = StringProperty()\n    age = StringProperty()\n"
                    "    nickname = StringProperty()\n"));
  plan = plan_merge(chain(), recorded(), models(), "m", "n");
  ASSERT_EQ(plan.unexplained.size(), 1u) << ::testing::PrintToString(plan.unexplained);
  EXPECT_THAT(plan.unexplained[0], HasSubstr("nickname"));
}

TEST_F(MergeTest, RefusesWithASingleHead) {
  try {
    plan_merge(chain(), recorded(), models(), "m", "n");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("single head (0001_add_person)"));
  }
}

TEST_F(MergeTest, DefaultDescriptionNamesTheHeads) {
  diverge("email = StringProperty()", "age = StringProperty()");
  EXPECT_EQ(default_merge_description(chain()), "merge 0002_side_a and 0002_side_b");
}

} // namespace
} // namespace crochet::hooks
