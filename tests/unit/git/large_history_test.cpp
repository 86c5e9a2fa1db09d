// A 10,000-commit history (built with git fast-import): finding the commits that change
// models/ by comparing subtree ids must agree with `git log -- models/` and stay fast.
#include "core/git/repository.hpp"
#include "core/git/subtree_table.hpp"

#include <algorithm>
#include <chrono>
#include <iostream>

#include "tests/unit/git/git_fixture.hpp"

namespace crochet::git {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

class LargeHistoryTest : public testing::GitSandbox {
protected:
  static constexpr int commit_count = 10000;
  static constexpr int models_every = 97; // a models/ change every 97th commit

  // Linear history; every commit touches src/, some touch models/.
  fs::path build_repository() {
    const fs::path repo = init_repo("big");
    const fs::path stream_path = root() / "stream";
    std::ofstream stream(stream_path, std::ios::binary);
    auto data = [&](const std::string& text) { stream << "data " << text.size() << "\n" << text; };
    for (int i = 1; i <= commit_count; ++i) {
      stream << "commit refs/heads/main\nmark :" << i << "\n";
      stream << "committer Ada <ada@example.com> " << (1600000000 + i * 60) << " +0000\n";
      data("commit " + std::to_string(i) + "\n");
      if (i > 1)
        stream << "from :" << (i - 1) << "\n";
      stream << "M 100644 inline src/file" << (i % 50) << ".txt\n";
      data(std::to_string(i) + "\n");
      if (i % models_every == 1) {
        stream << "M 100644 inline models/m" << (i % 7) << ".py\n";
        data("class M" + std::to_string(i) + ": pass\n");
      }
      stream << "\n";
    }
    stream.close();
    sh("git fast-import --quiet < '" + stream_path.string() + "'", repo);
    return repo;
  }
};

TEST_F(LargeHistoryTest, ModelsChangesMatchGitLogAndAreFast) {
  const auto build_start = Clock::now();
  const fs::path repo = build_repository();
  const double build_seconds = seconds_since(build_start);

  const auto walk_start = Clock::now();
  const Repository r = Repository::discover(repo);
  const std::vector<std::string> commits = r.rev_list();
  const double rev_list_seconds = seconds_since(walk_start);
  // Oldest first: a commit changes models/ when its subtree id differs from its parent's.
  std::vector<std::string> changed;
  std::optional<std::string> previous;
  for (auto it = commits.rbegin(); it != commits.rend(); ++it) {
    std::optional<std::string> current = r.subtree_id(*it, "models");
    if (current != previous)
      changed.push_back(*it);
    previous = std::move(current);
  }
  std::reverse(changed.begin(), changed.end());
  const double crochet_seconds = seconds_since(walk_start);

  const auto git_start = Clock::now();
  const std::vector<std::string> expected =
      testing::split_lines(git("log --format=%H -- models/", repo));
  const double git_seconds = seconds_since(git_start);

  // The same question through one subtree walk, cold and then with the table it filled.
  const auto subtree_start = Clock::now();
  SubtreeTable table("models");
  auto changed_by_walk = [&] {
    std::vector<std::string> out;
    for (const SubtreeStep& step : r.subtree_history("HEAD", table))
      if (step.tree != step.parent_tree)
        out.push_back(step.commit.hex());
    return out;
  };
  EXPECT_EQ(changed_by_walk(), expected);
  const double cold_walk_seconds = seconds_since(subtree_start);
  SubtreeTable loaded("models");
  ASSERT_EQ(loaded.load(table.serialize()), SubtreeTable::LoadResult::loaded);
  table = std::move(loaded);
  const auto warm_start = Clock::now();
  EXPECT_EQ(changed_by_walk(), expected);
  const double warm_walk_seconds = seconds_since(warm_start);
  EXPECT_FALSE(table.modified());

  ASSERT_EQ(commits.size(), static_cast<std::size_t>(commit_count));
  EXPECT_EQ(changed, expected);
  EXPECT_EQ(changed.size(), static_cast<std::size_t>((commit_count - 1) / models_every + 1));
  std::cout << "[ timing   ] fast-import " << build_seconds << " s; rev_list " << rev_list_seconds
            << " s; rev_list + subtree_id " << crochet_seconds << " s; git log -- models/ "
            << git_seconds << " s; subtree_history cold " << cold_walk_seconds << " s, warm "
            << warm_walk_seconds << " s\n";
  EXPECT_LT(crochet_seconds, 10.0); // generous: a few hundred ms on a laptop
}

} // namespace
} // namespace crochet::git
