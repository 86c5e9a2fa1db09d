// The migration graph: order, heads, and every way the chain can be broken or tampered with.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/migration/migration.hpp"
#include "core/util/error.hpp"
#include "core/util/sha256.hpp"

namespace crochet::migration {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::string kHash = "sha256:" + std::string(64, 'b');

MigrationFile file(const std::string& name, const std::string& revision,
                   const std::vector<std::string>& parents, const std::string& extra = "") {
  std::string text = "revision = \"" + revision + "\"\n";
  if (parents.size() == 1)
    text += "parent = \"" + parents[0] + "\"\n";
  if (parents.size() > 1) {
    text += "parents = [";
    for (std::size_t i = 0; i < parents.size(); ++i)
      text += (i ? ", \"" : "\"") + parents[i] + "\"";
    text += "]\n";
  }
  text += "schema_hash = \"" + kHash + "\"\n" + extra;
  return {"migrations/" + name, text};
}

std::vector<std::string> order(const Chain& chain) {
  std::vector<std::string> revisions;
  for (const Migration& migration : chain.migrations)
    revisions.push_back(migration.revision);
  return revisions;
}

std::string error_of(const std::vector<MigrationFile>& files) {
  try {
    load_chain(files);
  } catch (const Error& e) {
    return std::string(e.what()) + " | hint: " + e.hint();
  }
  return "";
}

std::vector<MigrationFile> linear() {
  return {file("0001_a.toml", "ra", {}), file("0002_b.toml", "rb", {"ra"}),
          file("0003_c.toml", "rc", {"rb"})};
}

TEST(LoadChain, EmptyFolder) {
  const Chain chain = load_chain({});
  EXPECT_TRUE(chain.migrations.empty());
  EXPECT_TRUE(chain.heads.empty());
  EXPECT_EQ(chain.head(), nullptr);
}

TEST(LoadChain, ParentsComeBeforeChildrenWhateverTheFileOrder) {
  // Children listed (and numbered) before their parents must still come after them.
  const std::vector<MigrationFile> files = {
      file("0001_c.toml", "rc", {"rb"}), file("0002_a.toml", "ra", {}),
      file("0010_b.toml", "rb", {"ra"}), file("0009_d.toml", "rd", {"rc"})};
  const Chain chain = load_chain(files);
  EXPECT_THAT(order(chain), ElementsAre("ra", "rb", "rc", "rd"));
  EXPECT_THAT(chain.heads, ElementsAre("rd"));
  EXPECT_EQ(chain.head()->revision, "rd");
  EXPECT_EQ(chain.find("rb")->file, "migrations/0010_b.toml");
  EXPECT_EQ(chain.find("nope"), nullptr);
}

TEST(LoadChain, NumbersSortNumericallyAndOtherFilesAreSkipped) {
  std::vector<MigrationFile> files = {file("0010_j.toml", "rj", {}), file("0009_i.toml", "ri", {})};
  files.push_back({"migrations/snapshots/abc.json", "{not toml"});
  files.push_back({"migrations/.hidden.toml", "garbage"});
  files.push_back({"migrations/README.md", "# notes"});
  const Chain chain = load_chain(files);
  EXPECT_THAT(order(chain), ElementsAre("ri", "rj"));
  EXPECT_THAT(chain.heads, ElementsAre("ri", "rj"));
}

TEST(LoadChain, ChecksumsAndChainHashes) {
  const auto files = linear();
  const Chain chain = load_chain(files);
  const Migration& a = chain.migrations[0];
  const Migration& b = chain.migrations[1];
  EXPECT_EQ(a.file_sha256, "sha256:" + sha256_hex(files[0].bytes));
  EXPECT_EQ(a.chain_hash, chain_hash({}, a.file_sha256));
  EXPECT_EQ(b.chain_hash, chain_hash({a.chain_hash}, b.file_sha256));
  // Defined independently: sha256 over a version line, sorted parent hashes, own checksum.
  EXPECT_EQ(a.chain_hash, "sha256:" + sha256_hex("crochet-chain-v1\n" + a.file_sha256 + "\n"));
  EXPECT_EQ(chain_hash({"sha256:2", "sha256:1"}, "sha256:f"),
            chain_hash({"sha256:1", "sha256:2"}, "sha256:f"));
}

TEST(LoadChainTamper, EditingAMigrationChangesItsHashAndEveryLaterOne) {
  const Chain original = load_chain(linear());
  auto files = linear();
  files[1].bytes += "# an innocent comment\n";
  const Chain edited = load_chain(files);
  EXPECT_EQ(edited.migrations[0].chain_hash, original.migrations[0].chain_hash);
  EXPECT_NE(edited.migrations[1].file_sha256, original.migrations[1].file_sha256);
  EXPECT_NE(edited.migrations[1].chain_hash, original.migrations[1].chain_hash);
  EXPECT_NE(edited.migrations[2].chain_hash, original.migrations[2].chain_hash);
  EXPECT_EQ(edited.migrations[2].file_sha256, original.migrations[2].file_sha256);
}

TEST(LoadChainTamper, DeletingAMigrationLeavesAMissingParent) {
  auto files = linear();
  files.erase(files.begin() + 1);
  const std::string message = error_of(files);
  EXPECT_THAT(message, HasSubstr("migrations/0003_c.toml: parent 'rb' is not the revision of "
                                 "any migration in the folder"));
  EXPECT_THAT(message, HasSubstr("restore the missing migration file"));
}

TEST(LoadChainTamper, DeletingTheFirstAndRelinkingChangesEveryHash) {
  const Chain original = load_chain(linear());
  // Someone drops 0001 and makes 0002 a root: the hashes of what remains all change.
  const Chain relinked =
      load_chain({file("0002_b.toml", "rb", {}), file("0003_c.toml", "rc", {"rb"})});
  EXPECT_NE(relinked.migrations[0].chain_hash, original.migrations[1].chain_hash);
  EXPECT_NE(relinked.migrations[1].chain_hash, original.migrations[2].chain_hash);
}

TEST(LoadChainTamper, ReorderingChangesTheHashes) {
  const Chain original = load_chain(linear());
  // Swap the order of b and c: c now comes right after a, b after c.
  const Chain swapped =
      load_chain({file("0001_a.toml", "ra", {}), file("0002_b.toml", "rb", {"rc"}),
                  file("0003_c.toml", "rc", {"ra"})});
  EXPECT_THAT(order(swapped), ElementsAre("ra", "rc", "rb"));
  EXPECT_NE(swapped.find("rb")->chain_hash, original.find("rb")->chain_hash);
  EXPECT_NE(swapped.find("rc")->chain_hash, original.find("rc")->chain_hash);
}

TEST(LoadChainTamper, ReorderingAMergesParentsChangesItsChecksum) {
  std::vector<MigrationFile> files = {
      file("0001_a.toml", "ra", {}), file("0002_b.toml", "rb", {"ra"}),
      file("0002_c.toml", "rc", {"ra"}), file("0003_m.toml", "rm", {"rb", "rc"})};
  const Chain merged = load_chain(files);
  EXPECT_THAT(merged.heads, ElementsAre("rm"));
  files[3] = file("0003_m.toml", "rm", {"rc", "rb"});
  const Chain reordered = load_chain(files);
  EXPECT_NE(reordered.find("rm")->file_sha256, merged.find("rm")->file_sha256);
  EXPECT_NE(reordered.find("rm")->chain_hash, merged.find("rm")->chain_hash);
}

TEST(LoadChainErrors, DuplicateRevisionNamesBothFiles) {
  const std::string message =
      error_of({file("0002_x.toml", "dup", {}), file("0001_y.toml", "dup", {})});
  EXPECT_THAT(message, HasSubstr("two migrations have the revision 'dup': "
                                 "migrations/0001_y.toml and migrations/0002_x.toml"));
}

TEST(LoadChainErrors, CycleIsNamed) {
  const std::string message =
      error_of({file("0001_a.toml", "ra", {}), file("0002_b.toml", "rb", {"rc"}),
                file("0003_c.toml", "rc", {"rb"}), file("0004_d.toml", "rd", {"rc"})});
  EXPECT_THAT(message, HasSubstr("the migrations' parents form a cycle: "));
  EXPECT_THAT(message, HasSubstr("migrations/0002_b.toml (rb) -> migrations/0003_c.toml (rc) -> "
                                 "migrations/0002_b.toml (rb)"));
  EXPECT_THAT(error_of({file("0001_a.toml", "ra", {"ra"})}),
              HasSubstr("cycle: migrations/0001_a.toml (ra) -> migrations/0001_a.toml (ra)"));
}

TEST(LoadChainErrors, ParseErrorsPropagateWithTheFile) {
  auto files = linear();
  files[2].bytes += "\n[[upgrade]]\nop = \"frobnicate\"\n";
  EXPECT_THAT(error_of(files), HasSubstr("migrations/0003_c.toml:6:6: error: unknown op"));
}

TEST(LoadChainErrors, SeveralHeadsAreAllowedUntilOneIsNeeded) {
  const Chain chain =
      load_chain({file("0001_a.toml", "ra", {}), file("0002_feature_x.toml", "rx", {"ra"}),
                  file("0002_feature_y.toml", "ry", {"ra"})});
  EXPECT_THAT(chain.heads, ElementsAre("rx", "ry"));
  try {
    chain.head();
    FAIL() << "head() must refuse several heads";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("the migrations have 2 heads: "
                                    "migrations/0002_feature_x.toml (rx), "
                                    "migrations/0002_feature_y.toml (ry)"));
    EXPECT_THAT(e.hint(), HasSubstr("git crochet merge"));
  }
}

} // namespace
} // namespace crochet::migration
