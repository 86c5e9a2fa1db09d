// Names from model files, migration files and flags can never change the shape of a statement:
// every identifier is one backtick-quoted token, whatever it contains.
#include <gtest/gtest.h>

#include "core/migration/render.hpp"
#include "core/util/error.hpp"
#include "tests/cypher/sample_operations.hpp"

namespace crochet::migration {
namespace {

// The statement with every backtick-quoted identifier replaced by `_`, read the way Cypher reads
// it (a doubled backtick inside quotes is part of the name). Fails the test on an unclosed quote.
std::string skeleton(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '`') {
      out += text[i];
      continue;
    }
    std::size_t j = i + 1;
    for (;; ++j) {
      if (j >= text.size()) {
        ADD_FAILURE() << "unclosed quoted identifier in: " << text;
        return out;
      }
      if (text[j] == '`') {
        if (j + 1 < text.size() && text[j + 1] == '`') {
          ++j;
          continue;
        }
        break;
      }
    }
    out += "`_`";
    i = j;
  }
  return out;
}

// The step with every label, type, property, index name and column replaced by `name`.
Json hostile_args(const Operation& step, const std::string& name) {
  Json args = step.args;
  for (const char* key : {"label", "rel_type", "property", "from", "to", "name"})
    if (args.contains(key) && args[key].is_string())
      args[key] = name;
  for (const char* key : {"labels", "keys"})
    if (args.contains(key))
      for (auto& item : args[key])
        item = name;
  for (const char* side : {"from", "to"})
    if (args.contains(side) && args[side].is_object()) {
      args[side]["label"] = name;
      Json key = Json::object();
      for (const auto& [property, column] : args[side]["key"].items())
        key[name + property] = name + column.get<std::string>();
      args[side]["key"] = key;
    }
  if (args.contains("columns")) {
    Json columns = Json::object();
    for (const auto& [column, type] : args["columns"].items())
      columns[name + column] = type;
    args["columns"] = columns;
  }
  return args;
}

TEST(QuoteIdentifier, QuotesAndDoublesBackticks) {
  EXPECT_EQ(quote_identifier("Person"), "`Person`");
  EXPECT_EQ(quote_identifier("Per`son"), "`Per``son`");
  EXPECT_EQ(quote_identifier("`"), "````");
  EXPECT_EQ(quote_identifier("``"), "``````");
  EXPECT_EQ(quote_identifier("my label"), "`my label`");
  EXPECT_EQ(quote_identifier("Größe 東京 🚀"), "`Größe 東京 🚀`");
  EXPECT_EQ(quote_identifier("back\\slash"), "`back\\slash`");
  EXPECT_EQ(quote_identifier("$value"), "`$value`");
}

TEST(QuoteIdentifier, RefusesNamesNoQuotingCanCarry) {
  for (const std::string& name :
       {std::string(), std::string("a\0b", 3), std::string("A\\u0060) DETACH DELETE n //"),
        std::string("x\\U0060")}) {
    try {
      quote_identifier(name);
      ADD_FAILURE() << "accepted " << Json(name).dump();
    } catch (const Error& error) {
      EXPECT_NE(std::string(error.what()).find("cannot be used as a Cypher"), std::string::npos);
      EXPECT_FALSE(error.hint().empty());
    }
  }
}

TEST(RenderInjection, SkeletonSeesNaiveQuotingBreakOut) {
  // The oracle itself: a name pasted between backticks without doubling changes the shape.
  EXPECT_EQ(skeleton("MATCH (n:`a``b`) RETURN n"), "MATCH (n:`_`) RETURN n");
  const std::string name = "x`) DETACH DELETE n MATCH (m:`y";
  EXPECT_NE(skeleton("MATCH (n:`" + name + "`) RETURN n"), skeleton("MATCH (n:`x`) RETURN n"));
  EXPECT_EQ(skeleton("MATCH (n:" + quote_identifier(name) + ") RETURN n"),
            skeleton("MATCH (n:`x`) RETURN n"));
}

TEST(RenderInjection, HostileNamesNeverChangeTheStatementShape) {
  int checked = 0;
  for (const auto& sample : samples::all_samples()) {
    if (!sample.documented || sample.step.kind == OpKind::cypher)
      continue;
    for (const auto& name : samples::hostile_names()) {
      Operation hostile = sample.step;
      hostile.args = hostile_args(sample.step, name);
      if (hostile.args.contains("from") && hostile.args["from"].is_string())
        hostile.args["to"] = name + "2"; // renames need two different names
      validate_operation(hostile, "test");
      for (Dialect dialect : {Dialect::v3, Dialect::v4_4, Dialect::v5, Dialect::v2025}) {
        std::vector<Statement> plain;
        try {
          plain = render(sample.step, dialect);
        } catch (const Error&) {
          continue; // no form in this dialect
        }
        const auto evil = render(hostile, dialect);
        ASSERT_EQ(plain.size(), evil.size()) << sample.id;
        for (std::size_t i = 0; i < plain.size(); ++i) {
          EXPECT_EQ(skeleton(plain[i].text), skeleton(evil[i].text))
              << sample.id << " with " << name << " on " << to_string(dialect);
          EXPECT_EQ(plain[i].params.size(), evil[i].params.size()) << sample.id;
          ++checked;
        }
      }
    }
  }
  EXPECT_GT(checked, 500);
}

TEST(RenderInjection, ValuesTravelAsParametersNeverInline) {
  Operation step;
  step.kind = OpKind::add_node_property;
  step.args = {{"label", "Person"}, {"property", "note"}, {"value", "x' }) DETACH DELETE n //"}};
  for (Dialect dialect : {Dialect::v3, Dialect::v4_4, Dialect::v5, Dialect::v2025}) {
    const auto statements = render(step, dialect);
    ASSERT_EQ(statements.size(), 1u);
    EXPECT_EQ(statements[0].text.find("DETACH"), std::string::npos);
    EXPECT_EQ(statements[0].params["value"], step.args["value"]);
  }
  Operation load;
  load.kind = OpKind::create_nodes;
  load.args = {{"batch", "b' }) DETACH DELETE n //"}, {"labels", {"A"}}};
  const auto statement = render(load, Dialect::v5).at(0);
  EXPECT_EQ(statement.text.find("DETACH"), std::string::npos);
  EXPECT_EQ(statement.params["batch"], load.args["batch"]);
}

TEST(RenderInjection, UnicodeEscapeInAFlagNameIsRefusedNotRendered) {
  Operation step;
  step.kind = OpKind::rename_label;
  step.args = {{"from", "Person"}, {"to", "A\\u0060) MATCH (m) DETACH DELETE m //"}};
  EXPECT_THROW(render(step, Dialect::v5), Error);
  step.args = {{"from", "Person"}, {"to", "Human"}};
  step.kind = OpKind::create_nodes;
  step.args = {{"batch", "b"}, {"labels", {"Good", "Bad\\u0060"}}};
  EXPECT_THROW(render(step, Dialect::v2025), Error);
}

} // namespace
} // namespace crochet::migration
