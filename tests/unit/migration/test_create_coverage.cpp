// create-migration's core (diff base from the head snapshot, file naming, revision ids, writes)
// and the coverage question the hook and `check` ask.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/migration/coverage.hpp"
#include "core/migration/create.hpp"
#include "core/migration/names.hpp"
#include "core/migration/schema_snapshot.hpp"
#include "core/util/error.hpp"
#include "tests/unit/project/memory_fs.hpp"
#include "tests/unit/schema/builders.hpp"

namespace crochet::migration {
namespace {

using namespace schema::test;
using schema::Schema;
using ::testing::HasSubstr;

Schema schema_of(std::vector<schema::Node> nodes) {
  Schema schema;
  schema.nodes = std::move(nodes);
  schema::derive_objects(schema);
  schema::normalize(schema);
  return schema;
}

const Schema kPerson = schema_of({node("k1", "Person", {property("name")})});
const Schema kPersonEmail =
    schema_of({node("k1", "Person", {property("name"), unique(property("email"))})});

class Folder : public ::testing::Test {
protected:
  testing::MemoryFileSystem fs;
  MigrationsFolder folder{"/project", "migrations"};

  Chain chain() const { return load_chain(read_migration_files(fs, folder)); }

  NewMigration create(const Schema& models, const std::string& description,
                      const std::string& nonce = "n1", std::vector<std::string> renames = {},
                      bool empty = false) {
    const Chain current = chain();
    const Schema base = head_schema(fs, folder, current);
    NewMigration created =
        prepare_migration(current, base, models, {description, std::move(renames), empty, nonce});
    write_migration(fs, folder, created);
    return created;
  }

  std::vector<MigrationFile> all_files() const {
    std::vector<MigrationFile> files;
    for (const auto& [path, bytes] : fs.files())
      files.push_back({path.substr(std::string("/project/").size()), bytes});
    return files;
  }
};

TEST_F(Folder, FirstMigrationDiffsAgainstTheEmptySchema) {
  const NewMigration first = create(kPerson, "Add Person!");
  EXPECT_EQ(first.file_name, "0001_add_person.toml");
  EXPECT_TRUE(first.migration.parents.empty());
  EXPECT_EQ(first.migration.schema_hash, schema::schema_hash(kPerson));
  EXPECT_EQ(first.migration.description, "Add Person!");
  EXPECT_TRUE(fs.exists("/project/migrations/0001_add_person.toml"));
  const std::string snapshot =
      "/project/migrations/snapshots/" + first.migration.schema_hash.substr(7) + ".json";
  ASSERT_TRUE(fs.exists(snapshot));
  EXPECT_EQ(parse_snapshot(fs.read(snapshot), first.migration.schema_hash, "s"), kPerson);
}

TEST_F(Folder, NextMigrationChainsOnTheHeadAndDiffsItsSnapshot) {
  const NewMigration first = create(kPerson, "add person");
  const NewMigration second = create(kPersonEmail, "add person email");
  EXPECT_EQ(second.file_name, "0002_add_person_email.toml");
  EXPECT_EQ(second.migration.parents, std::vector<std::string>{first.migration.revision});
  ASSERT_EQ(second.migration.upgrade.size(), 1u);
  EXPECT_EQ(second.migration.upgrade[0].kind, OpKind::add_unique_constraint);
  const Chain loaded = chain();
  EXPECT_EQ(loaded.head()->revision, second.migration.revision);
  EXPECT_EQ(head_schema(fs, folder, loaded), kPersonEmail);
}

TEST_F(Folder, NothingChangedIsRefusedUnlessEmpty) {
  create(kPerson, "add person");
  const int writes = fs.writes;
  try {
    create(kPerson, "again");
    FAIL() << "expected a refusal";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("nothing changed: the models match the schema of migrations/"
                                    "0001_add_person.toml"));
    EXPECT_THAT(e.hint(), HasSubstr("--empty"));
  }
  EXPECT_EQ(fs.writes, writes); // nothing written
  const NewMigration empty = create(kPerson, "data fix", "n2", {}, true);
  EXPECT_EQ(empty.file_name, "0002_data_fix.toml");
  EXPECT_TRUE(empty.migration.upgrade.empty());
  EXPECT_EQ(empty.migration.schema_hash, schema::schema_hash(kPerson));
}

TEST_F(Folder, EmptyWithChangesRecordsTheSchemaWithoutSteps) {
  create(kPerson, "add person");
  const NewMigration manual = create(kPersonEmail, "hand written", "n2", {}, true);
  EXPECT_TRUE(manual.migration.upgrade.empty());
  EXPECT_EQ(manual.migration.schema_hash, schema::schema_hash(kPersonEmail));
  EXPECT_THAT(::testing::PrintToString(manual.notes), HasSubstr("without generated steps"));
}

TEST_F(Folder, DescriptionAndRenameErrors) {
  EXPECT_THROW(create(kPerson, "   "), Error);
  EXPECT_THROW(create(kPerson, "two\nlines"), Error);
  create(kPerson, "add person");
  EXPECT_THROW(create(kPersonEmail, "x", "n", {"Person.nope=email"}), Error);
}

TEST_F(Folder, SeveralHeadsAreRefusedWithTheFix) {
  const NewMigration first = create(kPerson, "base");
  // Two branches each added a migration on the same parent.
  for (const char* name : {"0002_a.toml", "0002_b.toml"}) {
    Migration m;
    m.revision = std::string("r") + name[5];
    m.parents = {first.migration.revision};
    m.schema_hash = first.migration.schema_hash;
    fs.add(std::string("/project/migrations/") + name, format_migration(m));
  }
  try {
    create(kPersonEmail, "more");
    FAIL() << "expected a refusal";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("2 heads"));
    EXPECT_THAT(e.hint(), HasSubstr("git crochet merge"));
  }
}

TEST_F(Folder, MissingOrEditedSnapshotIsAClearError) {
  const NewMigration first = create(kPerson, "add person");
  const std::string snapshot = "/project/migrations/" + first.snapshot_path;
  fs.add(snapshot, fs.read(snapshot) + " "); // whitespace only: still the same schema
  EXPECT_EQ(head_schema(fs, folder, chain()), kPerson);
  fs.add(snapshot, snapshot_text(kPersonEmail)); // another schema under this name
  EXPECT_THAT([&] { head_schema(fs, folder, chain()); },
              ::testing::ThrowsMessage<Error>(HasSubstr("hashes to")));
  fs.add(snapshot, "{ nope");
  EXPECT_THAT([&] { head_schema(fs, folder, chain()); },
              ::testing::ThrowsMessage<Error>(HasSubstr("is not valid JSON")));
  testing::MemoryFileSystem bare;
  bare.add("/project/migrations/" + first.file_name, first.text);
  EXPECT_THAT([&] { head_schema(bare, folder, load_chain(read_migration_files(bare, folder))); },
              ::testing::ThrowsMessage<Error>(HasSubstr("is missing: migrations/snapshots/")));
}

TEST_F(Folder, WriteRefusesToOverwriteAMigration) {
  const NewMigration first = create(kPerson, "add person");
  EXPECT_THROW(write_migration(fs, folder, first), Error);
}

TEST(Snapshots, EveryFieldOfTheIrSurvivesTheRoundTrip) {
  const Schema full = full_schema(); // sets every field, incl. ones the hash leaves out
  const std::string hash = schema::schema_hash(full);
  EXPECT_EQ(parse_snapshot(snapshot_text(full), hash, "s.json"), full);
  EXPECT_EQ(snapshot_relative_path(hash), "snapshots/" + hash.substr(7) + ".json");
  EXPECT_THAT([&] { parse_snapshot(snapshot_text(full), schema::schema_hash(Schema{}), "s.json"); },
              ::testing::ThrowsMessage<Error>(HasSubstr("s.json hashes to " + hash)));
  EXPECT_THAT([&] { parse_snapshot("{\"nodes\": 3}", hash, "s.json"); },
              ::testing::ThrowsMessage<Error>(HasSubstr("s.json is not a schema")));
  const std::vector<MigrationFile> files = {
      {"db/migrations/" + snapshot_relative_path(hash), snapshot_text(full)}};
  EXPECT_EQ(find_snapshot(files, hash), full);
  EXPECT_FALSE(find_snapshot(files, schema::schema_hash(Schema{})).has_value());
}

TEST(RevisionIds, UniqueAcrossBranchesAndDeterministicForTheSameInputs) {
  const std::string a = new_revision_id({"p"}, "sha256:x", "add email", "nonce-a");
  const std::string b = new_revision_id({"p"}, "sha256:x", "add email", "nonce-b");
  EXPECT_NE(a, b);
  EXPECT_EQ(a, new_revision_id({"p"}, "sha256:x", "add email", "nonce-a"));
  EXPECT_EQ(a.size(), 12u);
  EXPECT_TRUE(is_revision_id(a));
  EXPECT_NE(a, new_revision_id({"q"}, "sha256:x", "add email", "nonce-a"));
}

TEST(FileNames, SlugAndNumbers) {
  EXPECT_EQ(slug("Add Person.email!"), "add_person_email");
  EXPECT_EQ(slug("  --- "), "migration");
  EXPECT_EQ(slug("Ünïcode names"), "unicode_names");
  EXPECT_EQ(slug("ajout émile"), "ajout_emile");
  EXPECT_EQ(slug("Straße für Łódź, Ærø"), "strasse_fur_lodz_aero");
  EXPECT_EQ(slug("5×3 ÷ 2"), "5_3_2");
  EXPECT_EQ(slug("日本語 Person"), "person");
  EXPECT_EQ(slug("\xC3"), "migration"); // a truncated sequence is not a letter
  EXPECT_EQ(slug(std::string(100, 'a')).size(), 48u);
  EXPECT_EQ(migration_file_name(3, "add email"), "0003_add_email.toml");
  EXPECT_EQ(migration_file_name(12345, "x"), "12345_x.toml");
  EXPECT_EQ(file_number("migrations/0010_x.toml"), 10);
  EXPECT_EQ(file_number("x.toml"), 0);
}

TEST_F(Folder, CoverageOfModelsAndMigrations) {
  Coverage none = check_coverage({}, Schema{});
  EXPECT_EQ(none.state, CoverageState::covered);
  none = check_coverage({}, kPerson);
  EXPECT_EQ(none.state, CoverageState::uncovered);
  ASSERT_TRUE(none.missing.has_value()); // against the empty schema
  EXPECT_FALSE(none.missing->empty());

  const NewMigration first = create(kPerson, "add person");
  Coverage covered = check_coverage(all_files(), kPerson);
  EXPECT_TRUE(covered.ok());
  EXPECT_EQ(covered.head_revision, first.migration.revision);
  EXPECT_EQ(covered.head_file, "migrations/0001_add_person.toml");

  Coverage uncovered = check_coverage(all_files(), kPersonEmail);
  EXPECT_EQ(uncovered.state, CoverageState::uncovered);
  ASSERT_TRUE(uncovered.missing.has_value());
  ASSERT_FALSE(uncovered.missing->changes.empty());
  EXPECT_THAT(uncovered.missing->changes[0].summary, HasSubstr("Person.email: added"));
  EXPECT_THAT(uncovered.message, HasSubstr("differ from the schema the head migration"));

  // Without the snapshots the verdict stands, only the detail is missing.
  std::vector<MigrationFile> toml_only;
  for (const MigrationFile& file : all_files())
    if (is_migration_path(file.path))
      toml_only.push_back(file);
  uncovered = check_coverage(toml_only, kPersonEmail);
  EXPECT_EQ(uncovered.state, CoverageState::uncovered);
  EXPECT_FALSE(uncovered.missing.has_value());
}

TEST_F(Folder, CoverageReportsHeadsAndBrokenFiles) {
  const NewMigration first = create(kPerson, "base");
  std::vector<MigrationFile> files = all_files();
  for (const char* revision : {"ra", "rb"}) {
    Migration m;
    m.revision = revision;
    m.parents = {first.migration.revision};
    m.schema_hash = first.migration.schema_hash;
    files.push_back({std::string("migrations/0002_") + revision + ".toml", format_migration(m)});
  }
  Coverage heads = check_coverage(files, kPerson);
  EXPECT_EQ(heads.state, CoverageState::several_heads);
  EXPECT_EQ(heads.heads.size(), 2u);
  EXPECT_THAT(heads.message, HasSubstr("git crochet merge"));

  files.push_back({"migrations/0003_bad.toml", "revision = "});
  Coverage broken = check_coverage(files, kPerson);
  EXPECT_EQ(broken.state, CoverageState::invalid);
  EXPECT_THAT(broken.message, HasSubstr("migrations/0003_bad.toml:1"));
  EXPECT_STREQ(to_string(broken.state), "invalid");
}

} // namespace
} // namespace crochet::migration
