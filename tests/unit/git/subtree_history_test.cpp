// Walks over one directory's history: the same commits and order as rev_list, the directory's
// tree at each commit and its first parent, and a commit table that, saved and loaded, makes a
// repeated walk read nothing from git.
#include "core/git/subtree_table.hpp"

#include "core/util/error.hpp"
#include "tests/unit/git/git_fixture.hpp"

namespace crochet::git {
namespace {

namespace fs = std::filesystem;

std::optional<ObjectId> id_of(const std::optional<std::string>& hex) {
  return hex ? ObjectId::from_hex(*hex) : std::nullopt;
}

std::vector<std::string> commits_of(const std::vector<SubtreeStep>& steps) {
  std::vector<std::string> out;
  for (const SubtreeStep& step : steps)
    out.push_back(step.commit.hex());
  return out;
}

class SubtreeHistoryTest : public testing::GitSandbox {
protected:
  //   c1 - c2 - c3 - c4 - c5 ----- m - c6     main   (c1 has no models/, c4 removes it,
  //         \                     /                  c5 brings it back)
  //          s1 --------------- s2               side
  void SetUp() override {
    GitSandbox::SetUp();
    repo_ = init_repo("app");
    c1_ = commit_file(repo_, "README", "readme", "c1");
    c2_ = commit_file(repo_, "app/models/a.py", "1", "c2");
    git("checkout -q -b side", repo_);
    s1_ = commit_file(repo_, "app/models/s.py", "1", "s1");
    git("checkout -q main", repo_);
    c3_ = commit_file(repo_, "app/models/a.py", "3", "c3");
    git("rm -rq app/models", repo_);
    write_file(repo_, "app/models", "now a file\n");
    c4_ = commit(repo_, "c4");
    git("rm -q app/models", repo_);
    c5_ = commit_file(repo_, "app/models/a.py", "5", "c5");
    git("checkout -q side", repo_);
    s2_ = commit_file(repo_, "src/x.txt", "x", "s2");
    git("checkout -q main", repo_);
    sh(next_dates() + "git merge -q --no-edit side -m merge", repo_);
    m_ = git("rev-parse HEAD", repo_);
    c6_ = commit_file(repo_, "README", "readme 2", "c6");
  }

  // Each step against rev_list and per-commit lookups.
  void expect_consistent(const Repository& r, const std::string& range,
                         const std::vector<SubtreeStep>& steps, const std::string& dir) {
    EXPECT_EQ(commits_of(steps), r.rev_list(range)) << range;
    for (const SubtreeStep& step : steps) {
      const std::string id = step.commit.hex();
      const CommitInfo info = r.commit_info(id);
      EXPECT_EQ(step.tree, id_of(r.subtree_id(id, dir))) << id;
      EXPECT_EQ(step.parent_count, info.parents.size()) << id;
      EXPECT_EQ(step.parent_tree,
                info.parents.empty() ? std::nullopt : id_of(r.subtree_id(info.parents[0], dir)))
          << id;
    }
  }

  fs::path repo_;
  std::string c1_, c2_, s1_, c3_, c4_, c5_, s2_, m_, c6_;
};

TEST_F(SubtreeHistoryTest, MatchesRevListAndSubtreeLookups) {
  const Repository r = Repository::discover(repo_);
  for (const std::string range : {"", "HEAD", "side", "side..main", "main~3..main", "HEAD~1^2"}) {
    SubtreeTable table("app/models");
    expect_consistent(r, range, r.subtree_history(range, table), "app/models");
  }
  SubtreeTable root("");
  expect_consistent(r, "HEAD", r.subtree_history("HEAD", root), "");
  SubtreeTable nested("./app/models/");
  EXPECT_EQ(nested.dir_path(), "app/models");

  SubtreeTable table("app/models");
  const std::vector<SubtreeStep> steps = r.subtree_history("HEAD", table);
  const auto step_of = [&](const std::string& id) {
    for (const SubtreeStep& step : steps)
      if (step.commit.hex() == id)
        return step;
    ADD_FAILURE() << "no step for " << id;
    return SubtreeStep{};
  };
  EXPECT_EQ(step_of(c1_).tree, std::nullopt); // no models folder yet
  EXPECT_EQ(step_of(c1_).parent_count, 0u);
  EXPECT_EQ(step_of(c4_).tree, std::nullopt); // app/models is a file here
  EXPECT_NE(step_of(c5_).tree, std::nullopt);
  EXPECT_EQ(step_of(m_).parent_count, 2u);
  EXPECT_EQ(step_of(c6_).tree, step_of(c6_).parent_tree);
  EXPECT_THROW(r.subtree_history("nope", table), Error);
  EXPECT_TRUE(r.subtree_history("HEAD..HEAD", table).empty());
}

TEST_F(SubtreeHistoryTest, SavedTableMakesARepeatWalkReadNothing) {
  const Repository r = Repository::discover(repo_);
  SubtreeTable first("app/models");
  const std::vector<SubtreeStep> cold = r.subtree_history("HEAD", first);
  EXPECT_TRUE(first.modified());
  EXPECT_EQ(first.size(), 9u);

  SubtreeTable second("app/models");
  ASSERT_EQ(second.load(first.serialize()), SubtreeTable::LoadResult::loaded);
  EXPECT_FALSE(second.modified());
  EXPECT_EQ(second.size(), 9u);
  const std::vector<SubtreeStep> warm = r.subtree_history("HEAD", second);
  EXPECT_FALSE(second.modified()); // every commit came from the table
  EXPECT_EQ(commits_of(warm), commits_of(cold));
  for (std::size_t i = 0; i < warm.size(); ++i) {
    EXPECT_EQ(warm[i].tree, cold[i].tree);
    EXPECT_EQ(warm[i].parent_tree, cold[i].parent_tree);
    EXPECT_EQ(warm[i].parent_count, cold[i].parent_count);
  }

  // New commits are read and added; the old ones still come from the table.
  const std::string c7 = commit_file(repo_, "app/models/b.py", "7", "c7");
  const std::vector<SubtreeStep> grown = r.subtree_history("HEAD", second);
  EXPECT_TRUE(second.modified());
  EXPECT_EQ(second.size(), 10u);
  ASSERT_FALSE(grown.empty());
  EXPECT_EQ(grown.front().commit.hex(), c7);
  expect_consistent(r, "HEAD", grown, "app/models");
}

TEST_F(SubtreeHistoryTest, TableLoadRejectsDamagedBytes) {
  const Repository r = Repository::discover(repo_);
  SubtreeTable table("app/models");
  r.subtree_history("HEAD", table);
  const std::string bytes = table.serialize();

  SubtreeTable other("models");
  EXPECT_EQ(other.load(bytes), SubtreeTable::LoadResult::other_directory);
  EXPECT_EQ(other.size(), 0u);

  SubtreeTable loaded("app/models");
  EXPECT_EQ(loaded.load(bytes.substr(0, bytes.size() - 1)), SubtreeTable::LoadResult::malformed);
  EXPECT_EQ(loaded.size(), 0u);
  EXPECT_EQ(loaded.load(bytes + "x"), SubtreeTable::LoadResult::malformed);
  EXPECT_EQ(loaded.load(""), SubtreeTable::LoadResult::malformed);
  EXPECT_EQ(loaded.load("garbage that is not a table at all"), SubtreeTable::LoadResult::malformed);
  std::string bad_magic = bytes;
  bad_magic[0] ^= 0x20;
  EXPECT_EQ(loaded.load(bad_magic), SubtreeTable::LoadResult::malformed);
  EXPECT_EQ(loaded.load(bytes), SubtreeTable::LoadResult::loaded);
  EXPECT_EQ(loaded.size(), table.size());

  SubtreeTable empty("app/models");
  SubtreeTable empty_loaded("app/models");
  EXPECT_EQ(empty_loaded.load(empty.serialize()), SubtreeTable::LoadResult::loaded);
  EXPECT_EQ(empty_loaded.size(), 0u);
}

TEST_F(SubtreeHistoryTest, ShallowCloneStopsAtItsBoundaryEvenWithAFullTable) {
  const fs::path clone = root() / "shallow";
  git("clone -q --depth 3 'file://" + repo_.string() + "' '" + clone.string() + "'", root());
  const Repository r = Repository::discover(clone);
  ASSERT_TRUE(r.is_shallow());
  SubtreeTable fresh("app/models");
  const std::vector<SubtreeStep> steps = r.subtree_history("HEAD", fresh);
  expect_consistent(r, "HEAD", steps, "app/models");
  ASSERT_FALSE(steps.empty());
  EXPECT_EQ(steps.back().parent_count, 0u); // a boundary shows as a root, like git
  EXPECT_EQ(steps.back().parent_tree, std::nullopt);
  // ... but is told from one, so log and blame do not take it for where the schema began: the
  // boundaries are the commits of the shallow file, whatever their place in the walk.
  const std::string shallow = sh("cat \"$(git rev-parse --git-path shallow)\"", clone);
  EXPECT_TRUE(steps.back().shallow_boundary);
  for (const SubtreeStep& step : steps)
    EXPECT_EQ(step.shallow_boundary, shallow.find(step.commit.hex()) != std::string::npos)
        << step.commit.hex();

  // A table built in the full repository knows the boundary's parents; the walk still stops.
  SubtreeTable full("app/models");
  Repository::discover(repo_).subtree_history("HEAD", full);
  const std::vector<SubtreeStep> with_full = r.subtree_history("HEAD", full);
  EXPECT_EQ(commits_of(with_full), commits_of(steps));
  EXPECT_EQ(with_full.back().parent_count, 0u);
  EXPECT_TRUE(with_full.back().shallow_boundary);
  // In the full repository the oldest commit is a true root.
  const std::vector<SubtreeStep> in_full =
      Repository::discover(repo_).subtree_history("HEAD", full);
  EXPECT_FALSE(in_full.back().shallow_boundary);
}

TEST_F(SubtreeHistoryTest, MissingCommitObjectEndsTheWalk) {
  const fs::path object = repo_ / ".git" / "objects" / c1_.substr(0, 2) / c1_.substr(2);
  ASSERT_TRUE(fs::exists(object));
  fs::permissions(object, fs::perms::owner_write, fs::perm_options::add);
  fs::remove(object);
  const Repository damaged = Repository::discover(repo_);
  SubtreeTable table("app/models");
  const std::vector<SubtreeStep> steps = damaged.subtree_history("HEAD", table);
  ASSERT_FALSE(steps.empty());
  EXPECT_EQ(steps.back().commit.hex(), c2_);
  EXPECT_EQ(steps.back().parent_count, 1u); // c1 is named but absent: no tree there
  EXPECT_EQ(steps.back().parent_tree, std::nullopt);
  EXPECT_EQ(table.find(*ObjectId::from_hex(c1_)), nullptr); // not remembered as absent
}

TEST(ObjectIdTest, HexRoundTrip) {
  const std::string hex = "0123456789abcdef0123456789abcdef01234567";
  const std::optional<ObjectId> id = ObjectId::from_hex(hex);
  ASSERT_TRUE(id);
  EXPECT_EQ(id->hex(), hex);
  EXPECT_EQ(ObjectId::from_hex("0123"), std::nullopt);
  EXPECT_EQ(ObjectId::from_hex(std::string(40, 'g')), std::nullopt);
  EXPECT_LT(ObjectId{}, *id);
}

} // namespace
} // namespace crochet::git
