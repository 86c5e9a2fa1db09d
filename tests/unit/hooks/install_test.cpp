// Installing, listing and removing the hook shims: chaining foreign hooks, --force, the hooks
// folder of core.hooksPath and of linked worktrees, and the shim's own behaviour under sh.
#include <fstream>
#include <sys/stat.h>

#include "core/hooks/install.hpp"
#include "core/util/error.hpp"
#include "tests/unit/git/git_fixture.hpp"

namespace crochet::hooks {
namespace {

namespace fs = std::filesystem;
using git::testing::GitSandbox;
using git::testing::run_command;

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_script(const fs::path& path, const std::string& body) {
  std::ofstream(path, std::ios::binary) << "#!/bin/sh\n" << body;
  fs::permissions(path, fs::perms::owner_all);
}

class InstallTest : public GitSandbox {
protected:
  void SetUp() override {
    GitSandbox::SetUp();
    dir_ = root() / "hooks";
  }
  const HookStatus& status_of(const std::vector<HookStatus>& all, const std::string& name) {
    for (const HookStatus& status : all)
      if (status.name == name)
        return status;
    throw std::runtime_error("no status for " + name);
  }
  // What install or uninstall did to one hook (the list follows hook_names()).
  static std::string what_of(const std::vector<HookChange>& changes, const std::string& name) {
    for (const HookChange& change : changes)
      if (change.name == name)
        return change.what;
    throw std::runtime_error("no change for " + name);
  }
  fs::path dir_;
};

TEST_F(InstallTest, InstallsEveryShimExecutableWithMarkerAndVersion) {
  const auto changes = install(dir_, "", InstallMode::chain);
  ASSERT_EQ(changes.size(), hook_names().size());
  // A clean `git merge` runs pre-merge-commit, not pre-commit.
  // A cherry-pick runs post-commit, not pre-commit.
  EXPECT_EQ(hook_names(),
            (std::vector<std::string>{"pre-commit", "pre-merge-commit", "post-commit", "post-merge",
                                      "post-checkout", "post-rewrite"}));
  for (const std::string& name : hook_names()) {
    const fs::path path = dir_ / name;
    ASSERT_TRUE(fs::exists(path)) << name;
    EXPECT_EQ(::access(path.c_str(), X_OK), 0) << name;
    const std::string text = read(path);
    EXPECT_TRUE(text.starts_with("#!/bin/sh\n")) << name;
    EXPECT_EQ(shim_version(text), kShimVersion) << name;
    EXPECT_NE(text.find("hook=" + name), std::string::npos);
    EXPECT_NE(text.find("git-crochet hook \"$hook\""), std::string::npos);
    for (const char* placeholder : {"@HOOK@", "@SHIM_VERSION@", "@PROJECT_ARGS@"})
      EXPECT_EQ(text.find(placeholder), std::string::npos) << placeholder << " in " << name;
  }
  for (const HookStatus& status : hook_status(dir_, "")) {
    EXPECT_EQ(status.state, HookState::ours);
    EXPECT_FALSE(status.outdated);
    EXPECT_EQ(state_name(status), "ours");
  }
}

TEST_F(InstallTest, InstallTwiceChangesNothing) {
  install(dir_, "", InstallMode::chain);
  const auto again = install(dir_, "", InstallMode::chain);
  for (const HookChange& change : again)
    EXPECT_EQ(change.what, "already installed") << change.name;
  EXPECT_FALSE(fs::exists(dir_ / "pre-commit.crochet-chained"));
}

TEST_F(InstallTest, ProjectDirIsPassedQuotedAndChangesTheShim) {
  install(dir_, "sub dir/it's", InstallMode::chain);
  const std::string text = read(dir_ / "pre-commit");
  EXPECT_NE(text.find("git-crochet -C 'sub dir/it'\\''s' hook"), std::string::npos) << text;
  // The same shim for another project location is outdated and rewritten.
  const auto statuses = hook_status(dir_, "");
  EXPECT_TRUE(status_of(statuses, "pre-commit").outdated);
  const auto changes = install(dir_, "", InstallMode::chain);
  EXPECT_EQ(what_of(changes, "pre-commit"), "updated");
  EXPECT_EQ(read(dir_ / "pre-commit").find("-C"), std::string::npos);
}

TEST_F(InstallTest, OlderShimIsReportedOutdatedAndUpgraded) {
  fs::create_directories(dir_);
  write_script(dir_ / "post-merge", "# git-crochet-hook-shim version=0 hook=post-merge\nexit 0\n");
  const auto statuses = hook_status(dir_, "");
  const HookStatus& merge = status_of(statuses, "post-merge");
  EXPECT_EQ(merge.state, HookState::ours);
  EXPECT_EQ(merge.version, 0);
  EXPECT_TRUE(merge.outdated);
  const auto changes = install(dir_, "", InstallMode::chain);
  EXPECT_EQ(what_of(changes, "post-merge"),
            "updated (shim version 0 -> " + std::to_string(kShimVersion) + ")");
  EXPECT_EQ(shim_version(read(dir_ / "post-merge")), kShimVersion);
}

TEST_F(InstallTest, ForeignHookIsChainedNeverOverwritten) {
  fs::create_directories(dir_);
  write_script(dir_ / "pre-commit", "echo mine\n");
  const auto changes = install(dir_, "", InstallMode::chain);
  EXPECT_NE(what_of(changes, "pre-commit").find("pre-commit.crochet-chained"), std::string::npos);
  EXPECT_EQ(read(dir_ / "pre-commit.crochet-chained"), "#!/bin/sh\necho mine\n");
  const auto statuses = hook_status(dir_, "");
  const HookStatus& pre = status_of(statuses, "pre-commit");
  EXPECT_EQ(pre.state, HookState::ours);
  ASSERT_TRUE(pre.chained.has_value());
  EXPECT_EQ(state_name(pre), "chained");
}

TEST_F(InstallTest, RefusesWhenTheChainSlotIsTakenAndTouchesNothing) {
  fs::create_directories(dir_);
  write_script(dir_ / "pre-commit", "echo new\n");
  write_script(dir_ / "pre-commit.crochet-chained", "echo old\n");
  try {
    install(dir_, "", InstallMode::chain);
    FAIL() << "expected a refusal";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("pre-commit.crochet-chained is already taken"),
              std::string::npos)
        << e.what();
    EXPECT_NE(e.hint().find("--force"), std::string::npos);
    EXPECT_NE(e.hint().find("--manual"), std::string::npos);
  }
  EXPECT_EQ(read(dir_ / "pre-commit"), "#!/bin/sh\necho new\n");
  EXPECT_FALSE(fs::exists(dir_ / "post-merge")) << "a refusal must not install the others";
}

TEST_F(InstallTest, ForceReplacesForeignHookKeepingACopy) {
  fs::create_directories(dir_);
  write_script(dir_ / "post-checkout", "echo theirs\n");
  const auto changes = install(dir_, "", InstallMode::force);
  EXPECT_NE(what_of(changes, "post-checkout").find("replaced"), std::string::npos);
  EXPECT_EQ(read(dir_ / "post-checkout.crochet-backup"), "#!/bin/sh\necho theirs\n");
  EXPECT_FALSE(fs::exists(dir_ / "post-checkout.crochet-chained"));
  EXPECT_EQ(shim_version(read(dir_ / "post-checkout")), kShimVersion);
}

TEST_F(InstallTest, UninstallRemovesOnlyOursAndRestoresChained) {
  fs::create_directories(dir_);
  write_script(dir_ / "pre-commit", "echo mine\n");
  install(dir_, "", InstallMode::chain);
  // Someone replaces our post-merge with their own hook after the install.
  write_script(dir_ / "post-merge", "echo later\n");
  const auto changes = uninstall(dir_);
  EXPECT_EQ(what_of(changes, "pre-commit"), "removed; put back the hook it chained");
  EXPECT_EQ(what_of(changes, "post-merge"), "not ours, left alone");
  EXPECT_EQ(read(dir_ / "pre-commit"), "#!/bin/sh\necho mine\n");
  EXPECT_FALSE(fs::exists(dir_ / "pre-commit.crochet-chained"));
  EXPECT_EQ(read(dir_ / "post-merge"), "#!/bin/sh\necho later\n");
  EXPECT_FALSE(fs::exists(dir_ / "post-checkout"));
  EXPECT_FALSE(fs::exists(dir_ / "post-rewrite"));
  for (const HookChange& change : uninstall(dir_)) {
    if (change.name != "pre-commit" && change.name != "post-merge") {
      EXPECT_EQ(change.what, "not installed");
    }
  }
}

TEST_F(InstallTest, ForeignPreMergeCommitIsChainedAndPutBack) {
  fs::create_directories(dir_);
  write_script(dir_ / "pre-merge-commit", "echo theirs\n");
  install(dir_, "", InstallMode::chain);
  EXPECT_EQ(read(dir_ / "pre-merge-commit.crochet-chained"), "#!/bin/sh\necho theirs\n");
  EXPECT_EQ(shim_version(read(dir_ / "pre-merge-commit")), kShimVersion);
  uninstall(dir_);
  EXPECT_EQ(read(dir_ / "pre-merge-commit"), "#!/bin/sh\necho theirs\n");
  EXPECT_FALSE(fs::exists(dir_ / "pre-merge-commit.crochet-chained"));
}

TEST_F(InstallTest, ManualLineForAForeignPreMergeCommitPassesARefusalOn) {
  fs::create_directories(dir_);
  write_script(dir_ / "pre-merge-commit", "exit 0\n");
  EXPECT_NE(
      manual_instructions(dir_, "").find("git-crochet hook pre-merge-commit \"$@\" || exit $?"),
      std::string::npos);
}

TEST_F(InstallTest, StatusReportsMissingForeignAndLeftoverChained) {
  fs::create_directories(dir_);
  write_script(dir_ / "post-rewrite", "echo x\n");
  write_script(dir_ / "post-merge.crochet-chained", "echo y\n");
  const auto statuses = hook_status(dir_, "");
  EXPECT_EQ(status_of(statuses, "pre-commit").state, HookState::missing);
  EXPECT_EQ(status_of(statuses, "post-rewrite").state, HookState::foreign);
  EXPECT_TRUE(status_of(statuses, "post-rewrite").executable);
  EXPECT_EQ(status_of(statuses, "post-merge").state, HookState::missing);
  EXPECT_TRUE(status_of(statuses, "post-merge").chained.has_value());
  // A leftover chained hook is run again by a fresh install.
  const auto changes = install(dir_, "", InstallMode::chain);
  EXPECT_NE(what_of(changes, "post-merge").find("runs the chained"), std::string::npos);
}

TEST_F(InstallTest, ShimVersionReadsOnlyTheMarker) {
  EXPECT_EQ(shim_version("#!/bin/sh\n# git-crochet-hook-shim version=7 hook=x\n"), 7);
  EXPECT_EQ(shim_version("#!/bin/sh\n# git-crochet-hook-shim\n"), 0);
  EXPECT_EQ(shim_version("#!/bin/sh\necho git-crochet-hook-shim\n"), std::nullopt);
  EXPECT_EQ(shim_version(""), std::nullopt);
}

TEST_F(InstallTest, ManualPrintsLinesForForeignHooksAndShimsForMissing) {
  fs::create_directories(dir_);
  write_script(dir_ / "pre-commit", "echo mine\n");
  const std::string text = manual_instructions(dir_, "");
  EXPECT_NE(text.find("git-crochet hook pre-commit \"$@\" || exit $?"), std::string::npos);
  EXPECT_NE(text.find("# git-crochet-hook-shim version="), std::string::npos);
  EXPECT_FALSE(fs::exists(dir_ / "post-merge")) << "--manual must not write";
}

// --- the hooks folder ---------------------------------------------------------------------

TEST_F(InstallTest, HooksFolderDefaultsToTheCommonGitDir) {
  const fs::path repo = init_repo("r");
  commit(repo, "first");
  EXPECT_EQ(hooks_folder(git::Repository::discover(repo)).dir, repo / ".git" / "hooks");
  git("worktree add -q ../wt", repo);
  const HooksFolder linked = hooks_folder(git::Repository::discover(root() / "wt"));
  EXPECT_EQ(linked.dir, repo / ".git" / "hooks") << "linked worktrees share the hooks";
  EXPECT_FALSE(linked.hooks_path_config.has_value());
}

TEST_F(InstallTest, HooksFolderHonoursCoreHooksPath) {
  const fs::path repo = init_repo("r");
  git("config core.hooksPath .githooks", repo);
  HooksFolder folder = hooks_folder(git::Repository::discover(repo / "."));
  EXPECT_EQ(folder.dir, repo / ".githooks") << "relative to the work tree root";
  EXPECT_EQ(folder.hooks_path_config, ".githooks");
  fs::create_directories(repo / "sub");
  EXPECT_EQ(hooks_folder(git::Repository::discover(repo / "sub")).dir, repo / ".githooks");
  git("config core.hooksPath " + (root() / "shared").string(), repo);
  EXPECT_EQ(hooks_folder(git::Repository::discover(repo)).dir, root() / "shared");
  git("config core.hooksPath '~/myhooks'", repo);
  EXPECT_EQ(hooks_folder(git::Repository::discover(repo)).dir,
            fs::path(std::getenv("HOME")) / "myhooks");
}

// --- the shim under sh ----------------------------------------------------------------------

class ShimTest : public InstallTest {
protected:
  void SetUp() override {
    InstallTest::SetUp();
    bin_ = root() / "bin";
    fs::create_directories(bin_);
    install(dir_, "", InstallMode::chain);
  }
  // A stand-in git-crochet that records its arguments and standard input.
  void fake_tool(int status) {
    write_script(bin_ / "git-crochet", "echo \"tool $*\" >> '" + (root() / "log").string() +
                                           "'\ncat >> '" + (root() / "log").string() + "'\nexit " +
                                           std::to_string(status) + "\n");
  }
  git::testing::CommandResult run_hook(const std::string& name, const std::string& args,
                                       const std::string& input = "") {
    return run_command("printf '" + input + "' | PATH='" + bin_.string() + ":/usr/bin:/bin' sh '" +
                           (dir_ / name).string() + "' " + args,
                       root());
  }
  std::string log() { return read(root() / "log"); }
  fs::path bin_;
};

TEST_F(ShimTest, RunsTheToolWithTheHookArguments) {
  fake_tool(0);
  EXPECT_EQ(run_hook("post-checkout", "a b 1").status, 0);
  EXPECT_EQ(log(), "tool hook post-checkout a b 1\n");
}

TEST_F(ShimTest, PreCommitExitStatusIsTheTools) {
  fake_tool(1);
  EXPECT_EQ(run_hook("pre-commit", "").status, 1);
}

TEST_F(ShimTest, ChainedHookRunsFirstAndItsRefusalWins) {
  fake_tool(0);
  write_script(dir_ / "pre-commit.crochet-chained", "echo \"chained $GIT_CROCHET_HOOK\" >> '" +
                                                        (root() / "log").string() + "'\nexit 3\n");
  EXPECT_EQ(run_hook("pre-commit", "").status, 3);
  EXPECT_EQ(log(), "chained pre-commit\n") << "the tool must not run after a refusal";
}

TEST_F(ShimTest, PreMergeCommitBlocksLikePreCommit) {
  fake_tool(1);
  EXPECT_EQ(run_hook("pre-merge-commit", "").status, 1);
  EXPECT_EQ(log(), "tool hook pre-merge-commit\n");
  write_script(dir_ / "pre-merge-commit.crochet-chained", "exit 3\n");
  EXPECT_EQ(run_hook("pre-merge-commit", "").status, 3);
  EXPECT_EQ(log(), "tool hook pre-merge-commit\n") << "the tool must not run after a refusal";
}

TEST_F(ShimTest, PostRewriteFeedsStdinToBothHooks) {
  fake_tool(0);
  write_script(dir_ / "post-rewrite.crochet-chained",
               "echo chained >> '" + (root() / "log").string() + "'\ncat >> '" +
                   (root() / "log").string() + "'\n");
  EXPECT_EQ(run_hook("post-rewrite", "amend", "old1 new1\\n").status, 0);
  EXPECT_EQ(log(), "chained\nold1 new1\ntool hook post-rewrite amend\nold1 new1\n");
}

TEST_F(ShimTest, PostHookKeepsTheChainedHooksStatus) {
  fake_tool(0);
  write_script(dir_ / "post-checkout.crochet-chained", "exit 4\n");
  EXPECT_EQ(run_hook("post-checkout", "a b 1").status, 4);
  EXPECT_EQ(log(), "tool hook post-checkout a b 1\n") << "the tool still runs";
}

TEST_F(ShimTest, MissingToolSaysHowToRemoveAndNeverBlocks) {
  write_script(dir_ / "pre-commit.crochet-chained", "exit 0\n");
  const auto result = run_hook("pre-commit", "");
  EXPECT_EQ(result.status, 0);
  EXPECT_NE(result.output.find("git-crochet is not on PATH"), std::string::npos);
  EXPECT_NE(result.output.find("rm '" + (dir_ / "pre-commit").string() + "'"), std::string::npos);
  EXPECT_NE(result.output.find("mv '" + (dir_ / "pre-commit.crochet-chained").string()),
            std::string::npos);
}

TEST_F(ShimTest, NestedRunSkipsTheTool) {
  fake_tool(0);
  const auto result =
      run_command("GIT_CROCHET_HOOK=post-checkout PATH='" + bin_.string() + ":/usr/bin:/bin' sh '" +
                      (dir_ / "post-checkout").string() + "' a b 1",
                  root());
  EXPECT_EQ(result.status, 0);
  EXPECT_FALSE(fs::exists(root() / "log"));
}

} // namespace
} // namespace crochet::hooks
