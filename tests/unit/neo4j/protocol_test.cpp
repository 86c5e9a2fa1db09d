// Endpoint family shapes, response parsing and error messages, without a server.
#include <gtest/gtest.h>

#include "core/neo4j/errors.hpp"
#include "core/neo4j/http.hpp"
#include "core/neo4j/protocol.hpp"
#include "core/neo4j/session.hpp"

namespace crochet::neo4j {
namespace {

TEST(Protocol, UrlsPerFamily) {
  Protocol query(EndpointFamily::query_api, "https://db.example:7473/", "movies");
  EXPECT_EQ(query.autocommit_url(), "https://db.example:7473/db/movies/query/v2");
  EXPECT_EQ(query.begin_url(), "https://db.example:7473/db/movies/query/v2/tx");
  EXPECT_EQ(query.transaction_url("lyU"), "https://db.example:7473/db/movies/query/v2/tx/lyU");
  EXPECT_EQ(query.commit_url("lyU"), "https://db.example:7473/db/movies/query/v2/tx/lyU/commit");

  Protocol tx(EndpointFamily::http_tx, "http://h:7474", "neo4j");
  EXPECT_EQ(tx.autocommit_url(), "http://h:7474/db/neo4j/tx/commit");
  EXPECT_EQ(tx.begin_url(), "http://h:7474/db/neo4j/tx");
  EXPECT_EQ(tx.commit_url("17"), "http://h:7474/db/neo4j/tx/17/commit");

  Protocol v3(EndpointFamily::legacy_v3, "http://h:7474", "ignored");
  EXPECT_EQ(v3.autocommit_url(), "http://h:7474/db/data/transaction/commit");
  EXPECT_EQ(v3.transaction_url("3"), "http://h:7474/db/data/transaction/3");
}

TEST(Protocol, DatabaseNameIsPercentEncoded) {
  Protocol tx(EndpointFamily::http_tx, "http://h", "a b/c");
  EXPECT_EQ(tx.autocommit_url(), "http://h/db/a%20b%2Fc/tx/commit");
}

TEST(Protocol, BodiesCarryParametersStatsAndBookmarks) {
  Statement statement{"MATCH (n:`P`) WHERE n.x = $x RETURN n", {{"x", 1}}};
  Protocol query(EndpointFamily::query_api, "http://h", "neo4j");
  auto body = Json::parse(query.body({statement}, {"FB:1"}));
  EXPECT_EQ(body["statement"], statement.text);
  EXPECT_EQ(body["parameters"]["x"], 1);
  EXPECT_EQ(body["includeCounters"], true);
  EXPECT_EQ(body["bookmarks"], Json::array({"FB:1"}));
  EXPECT_THROW(query.body({statement, statement}, {}), Error);
  EXPECT_EQ(query.body({}, {}), "{}");

  Protocol tx(EndpointFamily::http_tx, "http://h", "neo4j");
  body = Json::parse(tx.body({statement, statement}, {}));
  ASSERT_EQ(body["statements"].size(), 2u);
  EXPECT_EQ(body["statements"][0]["includeStats"], true);
  EXPECT_EQ(body["statements"][1]["parameters"]["x"], 1);
  EXPECT_FALSE(body.contains("bookmarks"));
}

TEST(Protocol, ParsesQueryApiAnswer) {
  Protocol query(EndpointFamily::query_api, "http://h", "neo4j");
  Reply reply = query.parse(R"({"data":{"fields":["a","b"],"values":[[1,"x"],[2,"y"]]},
      "counters":{"containsUpdates":true,"nodesCreated":2,"propertiesSet":4},
      "bookmarks":["FB:9"],"transaction":{"id":"lyU","expires":"2024-10-22T15:48:29Z"}})");
  ASSERT_EQ(reply.results.size(), 1u);
  EXPECT_EQ(reply.results[0].columns, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(reply.results[0].value(1, "b"), "y");
  EXPECT_EQ(reply.results[0].counters.get("nodes_created"), 2);
  EXPECT_EQ(reply.results[0].counters.get("properties_set"), 4);
  EXPECT_TRUE(reply.results[0].counters.contains_updates);
  EXPECT_EQ(reply.bookmarks, std::vector<std::string>{"FB:9"});
  EXPECT_EQ(reply.transaction_id, "lyU");
  EXPECT_EQ(reply.expires, "2024-10-22T15:48:29Z");
  EXPECT_TRUE(reply.errors.empty());
}

TEST(Protocol, ParsesTransactionalAnswerAndTransactionIdFromCommitUrl) {
  Protocol tx(EndpointFamily::legacy_v3, "http://127.0.0.1:7474", "neo4j");
  Reply reply = tx.parse(R"({"results":[{"columns":["n"],"data":[{"row":[{"x":1}],"meta":[null]}],
      "stats":{"contains_updates":true,"nodes_created":1,"relationship_deleted":3}}],
      "errors":[],"commit":"http://localhost:7474/db/data/transaction/50/commit",
      "transaction":{"expires":"Thu, 3 Aug 2023 11:45:10 GMT"}})");
  EXPECT_EQ(reply.transaction_id, "50");
  EXPECT_EQ(reply.results[0].value(0, "n")["x"], 1);
  EXPECT_EQ(reply.results[0].counters.get("relationships_deleted"), 3);
  EXPECT_THROW(reply.results[0].value(0, "missing"), Error);
}

TEST(Protocol, ErrorsInsideASuccessBodyAreListed) {
  Protocol tx(EndpointFamily::http_tx, "http://h", "neo4j");
  Reply reply = tx.parse(R"({"results":[],"errors":[{"code":
      "Neo.ClientError.Schema.ConstraintValidationFailed","message":"Node(0) already exists"}]})");
  ASSERT_EQ(reply.errors.size(), 1u);
  EXPECT_EQ(reply.errors[0].message, "Node(0) already exists");
}

TEST(Protocol, MalformedBodiesAreProtocolErrors) {
  Protocol tx(EndpointFamily::http_tx, "http://h", "neo4j");
  try {
    tx.parse("<html>gateway</html>");
    FAIL();
  } catch (const Neo4jError& error) {
    EXPECT_EQ(error.kind(), ErrorKind::protocol);
  }
  EXPECT_THROW(tx.parse(R"({"errors": 3})"), Neo4jError);
  EXPECT_NO_THROW(tx.parse(""));
}

TEST(Protocol, CounterNames) {
  EXPECT_EQ(counter_name("nodesCreated"), "nodes_created");
  EXPECT_EQ(counter_name("constraints_added"), "constraints_added");
  EXPECT_EQ(counter_name("relationship_deleted"), "relationships_deleted");
}

TEST(Errors, ClassifiesCodes) {
  EXPECT_EQ(classify_code("Neo.TransientError.Transaction.DeadlockDetected"), ErrorKind::transient);
  EXPECT_EQ(classify_code("Neo.ClientError.Security.Unauthorized"), ErrorKind::auth);
  EXPECT_EQ(classify_code("Neo.ClientError.Security.Forbidden"), ErrorKind::forbidden);
  EXPECT_EQ(classify_code("Neo.ClientError.Database.DatabaseNotFound"),
            ErrorKind::database_not_found);
  EXPECT_EQ(classify_code("Neo.ClientError.Statement.SyntaxError"), ErrorKind::syntax);
  EXPECT_EQ(classify_code("Neo.ClientError.Schema.ConstraintValidationFailed"),
            ErrorKind::constraint);
  EXPECT_EQ(classify_code("Neo.ClientError.Transaction.TransactionNotFound"),
            ErrorKind::transaction_expired);
  EXPECT_EQ(classify_code("Neo.DatabaseError.General.UnknownError"), ErrorKind::database);
  EXPECT_EQ(classify_code("Neo.ClientError.Statement.ParameterMissing"), ErrorKind::client);
}

TEST(Errors, SyntaxErrorShowsTheStatementWithACaret) {
  ErrorContext context{"http://h:7474", "neo4j", "neo4j"};
  std::string statement = "MATCH (n)\nRETRUN n";
  Neo4jError error = make_server_error(
      "Neo.ClientError.Statement.SyntaxError",
      "Invalid input 'T': expected 'u/U' (line 2, column 4 (offset: 13))\n\"RETRUN n\"\n    ^", 200,
      statement, context);
  std::string message = error.what();
  EXPECT_NE(message.find("Invalid input 'T'"), std::string::npos) << message;
  EXPECT_NE(message.find("(Neo.ClientError.Statement.SyntaxError)"), std::string::npos);
  EXPECT_NE(message.find("\n  RETRUN n\n     ^"), std::string::npos) << message;
  // The server's own echo of the line is left out: the excerpt shows it.
  EXPECT_EQ(message.find("\"RETRUN n\""), std::string::npos) << message;
  EXPECT_EQ(error.code(), "Neo.ClientError.Statement.SyntaxError");
}

// Neo4j 3.1.1's answer to a uniqueness constraint over duplicate values, as the server words it:
// only its second line names the value and the third and fourth the nodes.
TEST(Errors, AMultiLineMessageKeepsEveryLineIndented) {
  ErrorContext context{"http://h:7474", "neo4j", "neo4j"};
  Neo4jError error = make_server_error(
      "Neo.DatabaseError.Schema.ConstraintCreationFailed",
      "Unable to create CONSTRAINT ON ( m:M ) ASSERT m.e IS UNIQUE:\nMultiple nodes with label "
      "`M` have property `e` = 'd':\n  node(0)\n  node(1)",
      200, "CREATE CONSTRAINT ON (m:M) ASSERT m.e IS UNIQUE", context);
  EXPECT_EQ(std::string(error.what()),
            "Neo4j reported an error: Unable to create CONSTRAINT ON ( m:M ) ASSERT m.e IS UNIQUE "
            "(Neo.DatabaseError.Schema.ConstraintCreationFailed):\n"
            "  Multiple nodes with label `M` have property `e` = 'd':\n"
            "    node(0)\n"
            "    node(1)");
  Neo4jError refused = make_server_error("Neo.ClientError.Schema.ConstraintValidationFailed",
                                         "first\r\nsecond  \r\n\r\n", 200, "", context);
  EXPECT_EQ(std::string(refused.what()),
            "A constraint in the graph refused the change: first "
            "(Neo.ClientError.Schema.ConstraintValidationFailed):\n  second");
}

TEST(Errors, AOneLineMessageIsUnchanged) {
  ErrorContext context{"http://h:7474", "neo4j", "neo4j"};
  EXPECT_EQ(std::string(make_server_error("Neo.ClientError.Schema.ConstraintValidationFailed",
                                          "Node 2 already exists with label N and property "
                                          "\"e\"=[1]\n",
                                          200, "", context)
                            .what()),
            "A constraint in the graph refused the change: Node 2 already exists with label N and "
            "property \"e\"=[1] (Neo.ClientError.Schema.ConstraintValidationFailed).");
  EXPECT_EQ(std::string(
                make_server_error("Neo.TransientError.General.X", "busy", 200, "", context).what()),
            "Neo4j reported a transient failure: busy (Neo.TransientError.General.X).");
}

TEST(Errors, AVeryLongMessageIsCut) {
  ErrorContext context{"http://h:7474", "neo4j", "neo4j"};
  std::string message = "head";
  for (int i = 1; i <= 25; ++i)
    message += "\nline " + std::to_string(i);
  const std::string what =
      make_server_error("Neo.DatabaseError.General.X", message, 200, "", context).what();
  EXPECT_NE(what.find("\n  line 20\n  ... (5 more lines)"), std::string::npos) << what;
  EXPECT_EQ(what.find("line 21"), std::string::npos) << what;
}

TEST(Errors, CaretAtEndOfInput) {
  EXPECT_EQ(caret_excerpt("RETURN 1 +", "end of input (line 1, column 11 (offset: 10))"),
            "  RETURN 1 +\n            ^");
  EXPECT_EQ(caret_excerpt("RETURN 1", "no position"), "");
  EXPECT_EQ(caret_excerpt("RETURN 1", "(line 5, column 1)"), "");
}

TEST(Errors, AuthFailureNamesTheUserNotTheSecret) {
  ErrorContext context{"http://h:7474", "alice", "neo4j"};
  Neo4jError error = make_server_error("Neo.ClientError.Security.Unauthorized",
                                       "Invalid username or password.", 401, "", context);
  EXPECT_EQ(error.kind(), ErrorKind::auth);
  EXPECT_NE(std::string(error.what()).find("user 'alice'"), std::string::npos);
  EXPECT_NE(error.hint().find("CROCHET_NEO4J_PASSWORD"), std::string::npos);
  Neo4jError status = make_status_error(401, "GET /db/data/", context);
  EXPECT_EQ(status.kind(), ErrorKind::auth);
}

TEST(Errors, StatusErrors) {
  ErrorContext context{"http://h:7474", "neo4j", "neo4j"};
  EXPECT_EQ(make_status_error(503, "POST /x", context).kind(), ErrorKind::unavailable);
  EXPECT_EQ(make_status_error(404, "POST /x", context).kind(), ErrorKind::protocol);
  EXPECT_NE(std::string(make_status_error(503, "POST /x", context).what()).find("HTTP 503"),
            std::string::npos);
}

TEST(Http, RedactUrlDropsCredentials) {
  EXPECT_EQ(redact_url("http://neo4j:secret@db:7474/db/x"), "http://db:7474/db/x");
  EXPECT_EQ(redact_url("https://db:7473"), "https://db:7473");
  EXPECT_EQ(redact_url("http://db:7474/a@b"), "http://db:7474/a@b");
}

TEST(Auth, Headers) {
  EXPECT_EQ(Auth::basic("neo4j", "password").header(), "Basic bmVvNGo6cGFzc3dvcmQ=");
  EXPECT_EQ(Auth::basic("a", "").header(), "Basic YTo=");
  EXPECT_EQ(Auth::basic("ab", "").header(), "Basic YWI6");
  EXPECT_EQ(Auth::bearer("tok").header(), "Bearer tok");
  EXPECT_EQ(Auth{}.header(), "");
}

TEST(Connect, RefusesNonHttpUrisAndCredentialsInTheUri) {
  SessionOptions options;
  options.uri = "bolt://localhost:7687";
  EXPECT_THROW(connect(options), Error);
  options.uri = "http://neo4j:hunter2@localhost:7474";
  try {
    connect(options);
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(std::string(error.what()).find("hunter2"), std::string::npos);
  }
}

} // namespace
} // namespace crochet::neo4j
