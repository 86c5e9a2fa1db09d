// The golden IR of a realistic models folder, and what the schema hash does and does not see.
#include <cstdlib>
#include <fstream>

#include "core/util/fs.hpp"
#include "tests/unit/model/model_test_support.hpp"

namespace crochet::model::testing {
namespace {

const std::string kFixtures = CROCHET_FIXTURES;

SourceSet load_folder(const std::string& dir) {
  RealFileSystem fs;
  SourceSet set;
  for (const std::string& path : fs.list_files(dir, ".py"))
    set.push_back({path, fs.read(dir + "/" + path), ""});
  return set;
}

TEST(ModelGolden, RealisticFolderMatchesGoldenIR) {
  const std::string dir = kFixtures + "/models/realistic";
  ReadOptions options;
  options.display_prefix = "models/";
  ReadResult r = read_models(load_folder(dir), options);
  ASSERT_TRUE(r.ok()) << all_messages(r);
  EXPECT_TRUE(r.diagnostics.empty()) << all_messages(r);
  const std::string actual = schema::to_json(r.schema).dump(2) + "\n";
  const std::string golden_path = kFixtures + "/models/realistic.golden.json";
  if (std::getenv("CROCHET_UPDATE_GOLDEN")) {
    std::ofstream(golden_path) << actual;
    GTEST_SKIP() << "golden file rewritten";
  }
  RealFileSystem fs;
  ASSERT_TRUE(fs.exists(golden_path)) << "run with CROCHET_UPDATE_GOLDEN=1 to create it";
  EXPECT_EQ(actual, fs.read(golden_path));
}

const char* kPerson = R"PY(
from neomodel import StructuredNode, StringProperty, RelationshipTo
class Person(StructuredNode):
    __kgid__ = "person"
    name = StringProperty(unique_index=True)
    pets = RelationshipTo("Dog", "OWNS")
)PY";
const char* kDog = R"PY(
from neomodel import StructuredNode, StringProperty
class Dog(StructuredNode):
    __kgid__ = "dog"
    name = StringProperty(index=True)
)PY";

std::string hash_of(std::initializer_list<std::pair<std::string, std::string>> files) {
  ReadResult r = read(files);
  EXPECT_TRUE(r.ok()) << all_messages(r);
  return schema::schema_hash(r.schema);
}

TEST(ModelHash, IndependentOfFileNamesOrderAndPlacement) {
  const std::string base = hash_of({{"person.py", kPerson}, {"dog.py", kDog}});
  EXPECT_TRUE(base.starts_with("sha256:"));
  EXPECT_EQ(base.size(), 7u + 64u);
  EXPECT_EQ(base, hash_of({{"dog.py", kDog}, {"person.py", kPerson}})) << "file order";
  EXPECT_EQ(base, hash_of({{"humans.py", kPerson}, {"animals/dog.py", kDog}})) << "renamed files";
  const std::string both = "from neomodel import RelationshipTo\n" + std::string(kDog) + "\n" +
                           std::string(kPerson).substr(std::string(kPerson).find("class"));
  EXPECT_EQ(base, hash_of({{"all.py", both}})) << "class moved to another file";
  EXPECT_EQ(base, hash_of({{"person.py", std::string("# a comment\n") + kPerson + "\n\n"},
                           {"dog.py", kDog}}))
      << "comments and blank lines";
}

TEST(ModelHash, EverySchemaRelevantChangeChangesIt) {
  const std::string base = hash_of({{"person.py", kPerson}, {"dog.py", kDog}});
  auto with_person = [&](const std::string& from, const std::string& to) {
    std::string text = kPerson;
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    return hash_of({{"person.py", text}, {"dog.py", kDog}});
  };
  const std::vector<std::pair<std::string, std::string>> edits = {
      {"unique_index=True", "index=True"},
      {"unique_index=True", "unique_index=True, required=True"},
      {"unique_index=True", "unique_index=True, default='x'"},
      {"unique_index=True", "unique_index=True, db_property='nm'"},
      {"unique_index=True", "unique_index=True, choices={'a': 'A'}"},
      {"unique_index=True", "unique_index=True, max_length=5"},
      {"StringProperty(unique_index=True)", "IntegerProperty(unique_index=True)"},
      {"StringProperty(unique_index=True)",
       "StringProperty(unique_index=True, fulltext_index=FulltextIndex())"},
      {"\"OWNS\"", "\"HAS\""},
      {"RelationshipTo(\"Dog\"", "RelationshipTo(\"Person\""},
      {"\"OWNS\")", "\"OWNS\", cardinality=One)"},
      {"name =", "full_name ="},
      {"__kgid__ = \"person\"", "__kgid__ = \"person\"\n    __label__ = \"Human\""},
      {"__kgid__ = \"person\"", "__kgid__ = \"person2\""},
      {"class Person", "class People"},
  };
  for (const auto& [from, to] : edits) {
    std::string replaced = to;
    if (to.find("FulltextIndex") != std::string::npos || to.find("One)") != std::string::npos ||
        to.find("IntegerProperty") != std::string::npos) {
      std::string text = std::string("from neomodel import *\n") + kPerson;
      const auto at = text.find(from);
      text.replace(at, from.size(), to);
      EXPECT_NE(base, hash_of({{"person.py", text}, {"dog.py", kDog}})) << from << " -> " << to;
      continue;
    }
    EXPECT_NE(base, with_person(from, to)) << from << " -> " << to;
  }
}

} // namespace
} // namespace crochet::model::testing
