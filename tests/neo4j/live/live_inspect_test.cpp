// status/verify --live's reader against a real server: constraints and indexes created with the
// Cypher git-crochet renders for the server's dialect are read back and match the IR objects
// they came from, by definition and (4.4 and later) by name; dropping one shows it missing.
#include <chrono>
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

#include "core/inspect/drift.hpp"
#include "core/migration/autogen.hpp"
#include "core/migration/render.hpp"
#include "core/neo4j/session.hpp"

namespace crochet::inspect {
namespace {

std::string env(const char* name, const char* fallback = "") {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

class LiveInspect : public ::testing::Test {
protected:
  void SetUp() override {
    neo4j::SessionOptions options;
    options.uri = env("CROCHET_TEST_NEO4J_URI");
    options.database = env("CROCHET_TEST_NEO4J_DATABASE", "neo4j");
    if (!env("CROCHET_TEST_NEO4J_PASSWORD").empty())
      options.auth = neo4j::Auth::basic(env("CROCHET_TEST_NEO4J_USER", "neo4j"),
                                        env("CROCHET_TEST_NEO4J_PASSWORD"));
    session_ = neo4j::connect(options);
    label_ = "CrochetInspect" +
             std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 1000003);
    unique_ = object(schema::SchemaObject::Kind::unique_constraint, "email");
    index_ = object(schema::SchemaObject::Kind::range_index, "age");
  }
  void TearDown() override {
    for (const schema::SchemaObject* o : {&unique_, &index_})
      try {
        send(migration::drop_object_step(*o));
      } catch (...) {
      }
  }

  schema::SchemaObject object(schema::SchemaObject::Kind kind, const std::string& property) {
    schema::SchemaObject o;
    o.kind = kind;
    o.label = label_;
    o.property = property;
    o.name =
        std::string(kind == schema::SchemaObject::Kind::unique_constraint ? "constraint_unique_"
                                                                          : "index_") +
        label_ + "_" + property;
    return o;
  }
  void send(const migration::Operation& step) {
    for (const migration::Statement& statement :
         migration::render(step, session_->server().capabilities))
      session_->run(statement);
  }
  // Only this test's objects: the server may hold others.
  std::vector<GraphObject> mine() {
    std::vector<GraphObject> objects;
    for (GraphObject& object : read_graph_schema(*session_))
      if (object.tokens == std::vector<std::string>{label_})
        objects.push_back(std::move(object));
    return objects;
  }

  std::unique_ptr<neo4j::Session> session_;
  std::string label_;
  schema::SchemaObject unique_;
  schema::SchemaObject index_;
};

TEST_F(LiveInspect, RenderedObjectsReadBackAsTheIrSaysThenOneGoesMissing) {
  send(migration::add_object_step(unique_));
  send(migration::add_object_step(index_));
  Drift drift = compare_graph_schema({unique_, index_}, mine());
  EXPECT_TRUE(drift.empty()) << "missing " << drift.missing.size() << ", extra "
                             << drift.extra.size() << ", different "
                             << (drift.different.empty() ? "none" : drift.different.front());
  EXPECT_EQ(drift.matched, 2);

  send(migration::drop_object_step(index_));
  drift = compare_graph_schema({unique_, index_}, mine());
  ASSERT_EQ(drift.missing.size(), 1u);
  EXPECT_NE(drift.missing[0].find(index_.name), std::string::npos);
  EXPECT_EQ(drift.matched, 1);
}

} // namespace
} // namespace crochet::inspect
