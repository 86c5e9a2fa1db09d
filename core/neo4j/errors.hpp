#pragma once
// Failures Neo4j reports: a request failed when its status is not 2xx or its body lists errors
// (Neo4j answers 200/201/202 with an `errors` array when a statement fails). Each error keeps
// Neo4j's code and message; the text shown to the user never contains a credential.
#include <string>

#include "core/util/error.hpp"

namespace crochet::neo4j {

enum class ErrorKind {
  auth,                // wrong credentials, or too many attempts
  forbidden,           // authenticated, but not allowed
  database_not_found,  // the configured database does not exist
  syntax,              // Neo.ClientError.Statement.SyntaxError
  constraint,          // a schema constraint refused the change
  transaction_expired, // the explicit transaction is gone (idle timeout or closed)
  transient,           // Neo.TransientError.*: nothing was committed, running again may succeed
  client,              // any other Neo.ClientError.*
  database,            // Neo.DatabaseError.*
  unavailable,         // an HTTP error status without a Neo4j error body (5xx, proxies)
  protocol,            // the answer is not what the endpoint family documents
};

// Who we were talking to, for messages: never a password or token.
struct ErrorContext {
  std::string uri; // redacted
  std::string user;
  std::string database;
};

class Neo4jError : public Error {
public:
  Neo4jError(ErrorKind kind, std::string code, std::string server_message, long http_status,
             std::string message, std::string hint)
      : Error(std::move(message), std::move(hint)), kind_(kind), code_(std::move(code)),
        server_message_(std::move(server_message)), http_status_(http_status) {}

  ErrorKind kind() const { return kind_; }
  const std::string& code() const { return code_; } // e.g. Neo.ClientError.Statement.SyntaxError
  const std::string& server_message() const { return server_message_; }
  long http_status() const { return http_status_; }
  bool transient() const { return kind_ == ErrorKind::transient; }

private:
  ErrorKind kind_;
  std::string code_;
  std::string server_message_;
  long http_status_;
};

ErrorKind classify_code(const std::string& code);

// The error for one entry of a response's `errors` array. `statement` is the Cypher that was
// sent (empty for begin/commit/rollback); syntax errors show it with a caret at the position
// Neo4j names.
Neo4jError make_server_error(const std::string& code, const std::string& server_message,
                             long http_status, const std::string& statement,
                             const ErrorContext& context);

// The error for a non-2xx answer whose body lists no Neo4j error.
Neo4jError make_status_error(long http_status, const std::string& what,
                             const ErrorContext& context);

// "line 1, column 8" -> the statement line with a caret under column 8; empty when the message
// names no position.
std::string caret_excerpt(const std::string& statement, const std::string& server_message);

} // namespace crochet::neo4j
