#include <gtest/gtest.h>

#include <map>

#include "core/config/config.hpp"
#include "core/util/diagnostic.hpp"

namespace crochet::config {
namespace {

// The first diagnostic of a parse that must fail.
Diagnostic parse_error(std::string_view text) {
  try {
    parse_config(text, "crochet.toml");
  } catch (const DiagnosticError& e) {
    EXPECT_FALSE(e.diagnostics().empty());
    return e.diagnostics().front();
  }
  ADD_FAILURE() << "expected an error for:\n" << text;
  return {};
}

EnvLookup fixed_environment(std::map<std::string, std::string> values) {
  return [values](const char* name) -> std::optional<std::string> {
    const auto it = values.find(name);
    if (it == values.end())
      return std::nullopt;
    return it->second;
  };
}

TEST(ConfigTest, EmptyFileGivesDefaults) {
  const Config config = parse_config("", "crochet.toml");
  EXPECT_EQ(config.project_name, "");
  EXPECT_EQ(config.models_path, "models");
  EXPECT_EQ(config.migrations_path, "migrations");
  EXPECT_EQ(config.ledger_path, ".crochet/ledger.db");
  EXPECT_FALSE(config.existence_constraints);
  EXPECT_EQ(config.neo4j.uri, "http://localhost:7474");
  EXPECT_EQ(config.neo4j.database, "neo4j");
  EXPECT_EQ(config.neo4j.username, "neo4j");
  EXPECT_FALSE(config.neo4j.password.has_value());
}

TEST(ConfigTest, ReadsEveryKey) {
  const Config config = parse_config(R"(
[project]
name = "my-graph"
models_path = "app/models"
migrations_path = "db/migrations"

[neo4j]
uri = "https://graph.example.com:7473"
database = "people"
username = "deployer"

[ledger]
path = "state/ledger.sqlite"

[schema]
existence_constraints = true
)",
                                     "crochet.toml");
  EXPECT_EQ(config.project_name, "my-graph");
  EXPECT_EQ(config.models_path, "app/models");
  EXPECT_EQ(config.migrations_path, "db/migrations");
  EXPECT_EQ(config.neo4j.uri, "https://graph.example.com:7473");
  EXPECT_EQ(config.neo4j.database, "people");
  EXPECT_EQ(config.neo4j.username, "deployer");
  EXPECT_EQ(config.ledger_path, "state/ledger.sqlite");
  EXPECT_TRUE(config.existence_constraints);
  EXPECT_FALSE(config.neo4j.password.has_value());
}

TEST(ConfigTest, DottedKeysAndInlineTablesWork) {
  const Config config =
      parse_config("project.name = \"x\"\nneo4j = { database = \"other\" }\n", "crochet.toml");
  EXPECT_EQ(config.project_name, "x");
  EXPECT_EQ(config.neo4j.database, "other");
}

TEST(ConfigTest, DefaultConfigTextRoundTrips) {
  const std::string text = default_config_text("my-graph");
  EXPECT_NE(text.find("# "), std::string::npos) << "the file should explain itself";
  EXPECT_NE(text.find("CROCHET_NEO4J_PASSWORD"), std::string::npos);
  EXPECT_EQ(text.find("password ="), std::string::npos);
  const Config config = parse_config(text, "crochet.toml");
  const Config defaults;
  EXPECT_EQ(config.project_name, "my-graph");
  EXPECT_EQ(config.models_path, defaults.models_path);
  EXPECT_EQ(config.migrations_path, defaults.migrations_path);
  EXPECT_EQ(config.ledger_path, defaults.ledger_path);
  EXPECT_EQ(config.neo4j.uri, "http://localhost:7474");
  EXPECT_EQ(config.neo4j.database, defaults.neo4j.database);
  EXPECT_EQ(config.neo4j.username, defaults.neo4j.username);
  EXPECT_EQ(config.existence_constraints, defaults.existence_constraints);
}

TEST(ConfigTest, DefaultConfigTextEscapesTheName) {
  const std::string name = "we \"quote\" \\ and\ttab";
  EXPECT_EQ(parse_config(default_config_text(name), "crochet.toml").project_name, name);
}

TEST(ConfigTest, PasswordKeyIsRefused) {
  const Diagnostic d = parse_error("[neo4j]\nusername = \"neo4j\"\npassword = \"secret\"\n");
  EXPECT_EQ(d.line, 3u);
  EXPECT_EQ(d.column, 1u);
  EXPECT_NE(d.message.find("neo4j.password"), std::string::npos);
  EXPECT_NE(d.message.find("CROCHET_NEO4J_PASSWORD"), std::string::npos);
  EXPECT_EQ(d.source_line, "password = \"secret\"");
}

TEST(ConfigTest, UnknownKeyIsNamedWithItsLineAndASuggestion) {
  const Diagnostic d = parse_error("[neo4j]\nuri = \"http://h:7474\"\n  usrname = \"bob\"\n");
  EXPECT_EQ(d.file, "crochet.toml");
  EXPECT_EQ(d.line, 3u);
  EXPECT_EQ(d.column, 3u);
  EXPECT_NE(d.message.find("`neo4j.usrname`"), std::string::npos) << d.message;
  EXPECT_NE(d.message.find("did you mean `neo4j.username`"), std::string::npos) << d.message;
  EXPECT_EQ(d.source_line, "  usrname = \"bob\"");
  const std::string formatted = d.format();
  EXPECT_NE(formatted.find("crochet.toml:3:3: error:"), std::string::npos) << formatted;
  EXPECT_NE(formatted.find("  usrname = \"bob\""), std::string::npos) << formatted;
}

TEST(ConfigTest, UnknownSectionIsNamed) {
  const Diagnostic d = parse_error("[project]\nname = \"x\"\n\n[neo4jj]\nuri = \"http://h\"\n");
  EXPECT_EQ(d.line, 4u);
  EXPECT_NE(d.message.find("unknown section `neo4jj`"), std::string::npos) << d.message;
  EXPECT_NE(d.message.find("did you mean `neo4j`"), std::string::npos) << d.message;
}

TEST(ConfigTest, TopLevelKeySuggestsItsSection) {
  const Diagnostic d = parse_error("models_path = \"m\"\n");
  EXPECT_EQ(d.line, 1u);
  EXPECT_NE(d.message.find("`project.models_path`"), std::string::npos) << d.message;
}

TEST(ConfigTest, NestedTableInASectionIsUnknown) {
  const Diagnostic d = parse_error("[neo4j]\n[neo4j.auth]\nuser = \"x\"\n");
  EXPECT_NE(d.message.find("`neo4j.auth`"), std::string::npos) << d.message;
}

TEST(ConfigTest, WrongTypeNamesKeyAndExpectedType) {
  Diagnostic d = parse_error("[neo4j]\nuri = 7474\n");
  EXPECT_EQ(d.line, 2u);
  EXPECT_EQ(d.column, 7u);
  EXPECT_NE(d.message.find("`neo4j.uri` must be a string, not an integer"), std::string::npos)
      << d.message;

  d = parse_error("[schema]\nexistence_constraints = \"yes\"\n");
  EXPECT_EQ(d.line, 2u);
  EXPECT_NE(d.message.find("`schema.existence_constraints` must be a boolean"), std::string::npos)
      << d.message;
  EXPECT_NE(d.message.find("not a string"), std::string::npos) << d.message;

  d = parse_error("project = \"x\"\n");
  EXPECT_NE(d.message.find("`project` must be a table"), std::string::npos) << d.message;

  d = parse_error("[[ledger]]\npath = \"x\"\n");
  EXPECT_NE(d.message.find("`ledger` must be a table"), std::string::npos) << d.message;
  EXPECT_NE(d.message.find("not an array"), std::string::npos) << d.message;
}

TEST(ConfigTest, EveryErrorIsReportedInFileOrder) {
  try {
    parse_config("[schema]\nextra = 1\n[neo4j]\nuri = 1\npassword = \"p\"\n", "crochet.toml");
    FAIL() << "expected errors";
  } catch (const DiagnosticError& e) {
    ASSERT_EQ(e.diagnostics().size(), 3u);
    EXPECT_EQ(e.diagnostics()[0].line, 2u);
    EXPECT_EQ(e.diagnostics()[1].line, 4u);
    EXPECT_EQ(e.diagnostics()[2].line, 5u);
    EXPECT_NE(std::string(e.what()).find("2 more errors"), std::string::npos) << e.what();
  }
}

TEST(ConfigTest, MalformedTomlReportsTomlLocation) {
  const Diagnostic d = parse_error("[project]\nname = \"unterminated\n");
  EXPECT_EQ(d.file, "crochet.toml");
  EXPECT_EQ(d.line, 2u);
  EXPECT_GT(d.column, 0u);
  EXPECT_NE(d.message.find("invalid TOML"), std::string::npos) << d.message;
  EXPECT_EQ(d.source_line, "name = \"unterminated");

  EXPECT_EQ(parse_error("[project\n").line, 1u);
  EXPECT_EQ(parse_error("[project]\nname = \"a\"\nname = \"b\"\n").line, 3u);
}

TEST(ConfigTest, PathsMustStayInsideTheProject) {
  for (const char* bad : {"/abs/models", "../models", "models/../../x", "a/../..", ""}) {
    const Diagnostic d = parse_error(std::string("[project]\nmodels_path = \"") + bad + "\"\n");
    EXPECT_EQ(d.line, 2u) << bad;
    EXPECT_NE(d.message.find("`project.models_path`"), std::string::npos) << d.message;
  }
  EXPECT_NE(parse_error("[ledger]\npath = \"/var/ledger.db\"\n").message.find("absolute"),
            std::string::npos);
  EXPECT_NE(parse_error("[project]\nmigrations_path = \"../m\"\n").message.find(".."),
            std::string::npos);
  EXPECT_EQ(parse_config("[project]\nmodels_path = \"src/app.models\"\n", "c").models_path,
            "src/app.models");
}

TEST(ConfigTest, UriMustBeHttp) {
  const Diagnostic bolt = parse_error("[neo4j]\nuri = \"bolt://localhost:7687\"\n");
  EXPECT_EQ(bolt.line, 2u);
  EXPECT_NE(bolt.message.find("Bolt"), std::string::npos) << bolt.message;
  EXPECT_NE(bolt.message.find("http://localhost:7474"), std::string::npos) << bolt.message;
  EXPECT_NE(parse_error("[neo4j]\nuri = \"localhost:7474\"\n").message.find("http://"),
            std::string::npos);
  EXPECT_NE(parse_error("[neo4j]\nuri = \"http://\"\n").message.find("no host"), std::string::npos);
  EXPECT_EQ(parse_config("[neo4j]\nuri = \"HTTP://h:1\"\n", "c").neo4j.uri, "HTTP://h:1");
}

TEST(ConfigTest, DatabaseNameIsChecked) {
  EXPECT_NE(parse_error("[neo4j]\ndatabase = \"a/b\"\n").message.find("`neo4j.database`"),
            std::string::npos);
  EXPECT_NE(parse_error("[neo4j]\ndatabase = \"\"\n").message.find("empty"), std::string::npos);
  EXPECT_NE(parse_error("[neo4j]\ndatabase = \"1db\"\n").message.find("letter"), std::string::npos);
  EXPECT_EQ(parse_config("[neo4j]\ndatabase = \"my-db.v2\"\n", "c").neo4j.database, "my-db.v2");
}

TEST(ConfigTest, EnvironmentOverridesTheFile) {
  Config config = parse_config("[neo4j]\nuri = \"http://file:7474\"\n", "crochet.toml");
  apply_environment(config, fixed_environment({{"CROCHET_NEO4J_URI", "https://env:7473"},
                                               {"CROCHET_NEO4J_USERNAME", "envuser"},
                                               {"CROCHET_NEO4J_PASSWORD", "s3cret"},
                                               {"CROCHET_NEO4J_DATABASE", "envdb"}}));
  EXPECT_EQ(config.neo4j.uri, "https://env:7473");
  EXPECT_EQ(config.neo4j.username, "envuser");
  EXPECT_EQ(config.neo4j.password, std::optional<std::string>("s3cret"));
  EXPECT_EQ(config.neo4j.database, "envdb");
}

TEST(ConfigTest, EmptyOrMissingVariablesKeepTheFileValues) {
  Config config = parse_config("[neo4j]\nusername = \"fileuser\"\n", "crochet.toml");
  apply_environment(config,
                    fixed_environment({{"CROCHET_NEO4J_URI", ""}, {"CROCHET_NEO4J_USERNAME", ""}}));
  EXPECT_EQ(config.neo4j.uri, "http://localhost:7474");
  EXPECT_EQ(config.neo4j.username, "fileuser");
  EXPECT_FALSE(config.neo4j.password.has_value());

  apply_environment(config, fixed_environment({{"CROCHET_NEO4J_PASSWORD", ""}}));
  EXPECT_EQ(config.neo4j.password, std::optional<std::string>(""));
}

TEST(ConfigTest, BadEnvironmentValuesAreErrorsNamingTheVariable) {
  Config config;
  try {
    apply_environment(config, fixed_environment({{"CROCHET_NEO4J_URI", "bolt://x:7687"}}));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("CROCHET_NEO4J_URI"), std::string::npos) << e.what();
    EXPECT_FALSE(e.hint().empty());
  }
  EXPECT_THROW(apply_environment(config, fixed_environment({{"CROCHET_NEO4J_DATABASE", "x y"}})),
               Error);
  EXPECT_EQ(config.neo4j.uri, "http://localhost:7474");
}

TEST(ConfigTest, ProcessEnvironmentReadsRealVariables) {
  ::setenv("CROCHET_CONFIG_TEST_VARIABLE", "value", 1);
  const EnvLookup lookup = process_environment();
  EXPECT_EQ(lookup("CROCHET_CONFIG_TEST_VARIABLE"), std::optional<std::string>("value"));
  ::unsetenv("CROCHET_CONFIG_TEST_VARIABLE");
  EXPECT_FALSE(lookup("CROCHET_CONFIG_TEST_VARIABLE").has_value());
}

} // namespace
} // namespace crochet::config
