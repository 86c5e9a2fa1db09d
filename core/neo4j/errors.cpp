#include "core/neo4j/errors.hpp"

#include <regex>
#include <sstream>

#include <fmt/core.h>

namespace crochet::neo4j {
namespace {

bool starts_with(const std::string& text, const char* prefix) {
  return text.rfind(prefix, 0) == 0;
}

std::string first_line(const std::string& text) {
  auto end = text.find('\n');
  std::string line = text.substr(0, end);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
    line.pop_back();
  return line;
}

std::string credentials_hint() {
  return "Check CROCHET_NEO4J_USERNAME and CROCHET_NEO4J_PASSWORD (or CROCHET_NEO4J_TOKEN); "
         "the secret is never printed.";
}

} // namespace

ErrorKind classify_code(const std::string& code) {
  if (starts_with(code, "Neo.TransientError."))
    return ErrorKind::transient;
  if (code == "Neo.ClientError.Security.Unauthorized" ||
      code == "Neo.ClientError.Security.AuthenticationRateLimit" ||
      code == "Neo.ClientError.Security.CredentialsExpired" ||
      code == "Neo.ClientError.Security.TokenExpired")
    return ErrorKind::auth;
  if (starts_with(code, "Neo.ClientError.Security."))
    return ErrorKind::forbidden;
  if (code == "Neo.ClientError.Database.DatabaseNotFound" ||
      code == "Neo.ClientError.Database.DatabaseUnavailable")
    return ErrorKind::database_not_found;
  if (code == "Neo.ClientError.Statement.SyntaxError")
    return ErrorKind::syntax;
  if (code == "Neo.ClientError.Schema.ConstraintValidationFailed" ||
      code == "Neo.ClientError.Schema.ConstraintViolation")
    return ErrorKind::constraint;
  if (code == "Neo.ClientError.Transaction.TransactionNotFound" ||
      code == "Neo.ClientError.Transaction.InvalidTransactionId" ||
      code == "Neo.ClientError.Transaction.TransactionTimedOut" ||
      code == "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration")
    return ErrorKind::transaction_expired;
  if (starts_with(code, "Neo.DatabaseError."))
    return ErrorKind::database;
  return ErrorKind::client;
}

std::string caret_excerpt(const std::string& statement, const std::string& server_message) {
  static const std::regex position(R"(line (\d+), column (\d+))");
  std::smatch match;
  if (statement.empty() || !std::regex_search(server_message, match, position))
    return {};
  const long line_no = std::stol(match[1]);
  const long column = std::stol(match[2]);
  std::istringstream lines(statement);
  std::string line;
  for (long i = 1; std::getline(lines, line); ++i) {
    if (i == line_no) {
      if (column < 1 || column > static_cast<long>(line.size()) + 1)
        return {};
      return "  " + line + "\n  " + std::string(static_cast<size_t>(column - 1), ' ') + "^";
    }
  }
  return {};
}

Neo4jError make_server_error(const std::string& code, const std::string& server_message,
                             long http_status, const std::string& statement,
                             const ErrorContext& context) {
  const ErrorKind kind = classify_code(code);
  const std::string said = first_line(server_message);
  switch (kind) {
  case ErrorKind::auth:
    // Neo4j's own text is not repeated: it is generic and we never echo credentials.
    return Neo4jError(kind, code, server_message, http_status,
                      fmt::format("Neo4j at {} refused the credentials of user '{}' ({}).",
                                  context.uri, context.user, code),
                      credentials_hint());
  case ErrorKind::forbidden:
    return Neo4jError(kind, code, server_message, http_status,
                      fmt::format("Neo4j at {} does not allow user '{}' to do this: {} ({}).",
                                  context.uri, context.user, said, code),
                      "Ask an administrator for the privileges the migration needs.");
  case ErrorKind::database_not_found:
    return Neo4jError(kind, code, server_message, http_status,
                      fmt::format("Neo4j at {} has no available database '{}' ({}).", context.uri,
                                  context.database, code),
                      "Check [neo4j] database in crochet.toml or CROCHET_NEO4J_DATABASE; "
                      "SHOW DATABASES lists the server's databases.");
  case ErrorKind::syntax: {
    std::string message = fmt::format("Neo4j could not parse a statement: {} ({}).", said, code);
    std::string excerpt = caret_excerpt(statement, server_message);
    if (!excerpt.empty())
      message += "\n" + excerpt;
    else if (!statement.empty())
      message += "\n  " + statement;
    return Neo4jError(kind, code, server_message, http_status, message,
                      "Fix the statement in the migration file; `git crochet upgrade --sql` "
                      "prints what is sent.");
  }
  case ErrorKind::constraint:
    return Neo4jError(
        kind, code, server_message, http_status,
        fmt::format("A constraint in the graph refused the change: {} ({}).", said, code),
        "Fix the conflicting data, then run the command again.");
  case ErrorKind::transaction_expired:
    return Neo4jError(kind, code, server_message, http_status,
                      fmt::format("The transaction on Neo4j at {} expired or was closed before it "
                                  "was committed; nothing in it was applied ({}).",
                                  context.uri, code),
                      "Run the command again; if steps are slow, raise the server's "
                      "transaction idle timeout.");
  case ErrorKind::transient:
    return Neo4jError(kind, code, server_message, http_status,
                      fmt::format("Neo4j reported a transient failure: {} ({}).", said, code),
                      "Nothing was committed by the failed request; run the command again.");
  default:
    break;
  }
  return Neo4jError(kind, code, server_message, http_status,
                    fmt::format("Neo4j reported an error: {} ({}).", said, code), "");
}

Neo4jError make_status_error(long http_status, const std::string& what,
                             const ErrorContext& context) {
  if (http_status == 401)
    return Neo4jError(ErrorKind::auth, "", "", http_status,
                      fmt::format("Neo4j at {} refused the credentials of user '{}' (HTTP 401).",
                                  context.uri, context.user),
                      credentials_hint());
  if (http_status == 403)
    return Neo4jError(ErrorKind::forbidden, "", "", http_status,
                      fmt::format("Neo4j at {} refused {} (HTTP 403).", context.uri, what), "");
  if (http_status >= 500)
    return Neo4jError(
        ErrorKind::unavailable, "", "", http_status,
        fmt::format("Neo4j at {} failed {} (HTTP {}).", context.uri, what, http_status),
        "Check the server's health and logs, then run the command again.");
  return Neo4jError(
      ErrorKind::protocol, "", "", http_status,
      fmt::format("Neo4j at {} answered {} with HTTP {}.", context.uri, what, http_status),
      "Check the URI and database name; is this a Neo4j HTTP endpoint?");
}

} // namespace crochet::neo4j
