#include "core/neo4j/errors.hpp"
#include "core/util/advice.hpp"

#include <algorithm>
#include <regex>
#include <sstream>
#include <vector>

#include <fmt/core.h>

namespace crochet::neo4j {
namespace {

bool starts_with(const std::string& text, const char* prefix) {
  return text.rfind(prefix, 0) == 0;
}

// The lines of a server message without trailing blanks or line-end characters; blank lines
// at the end dropped.
std::vector<std::string> message_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
      line.pop_back();
    lines.push_back(std::move(line));
  }
  while (!lines.empty() && lines.back().empty())
    lines.pop_back();
  return lines;
}

std::string first_line(const std::string& text) {
  std::vector<std::string> lines = message_lines(text);
  return lines.empty() ? std::string() : lines.front();
}

// At most this many of a message's further lines are shown (3.1.1's constraint failure lists
// the conflicting nodes, two of them).
constexpr std::size_t kMoreLinesShown = 20;

// The server's message followed by its code: "first line (code)." for a one-line message; a
// longer one, such as 3.1.1's ConstraintCreationFailed, whose second line names the duplicated
// value, keeps its further lines, indented: "first line (code):\n  line 2\n  line 3".
std::string said_with_code(const std::string& server_message, const std::string& code) {
  std::vector<std::string> lines = message_lines(server_message);
  if (lines.size() <= 1)
    return fmt::format("{} ({}).", lines.empty() ? std::string() : lines.front(), code);
  std::string head = lines.front();
  if (!head.empty() && head.back() == ':')
    head.pop_back(); // the colon goes after the code
  std::string text = fmt::format("{} ({}):", head, code);
  const std::size_t shown = std::min(lines.size() - 1, kMoreLinesShown);
  for (std::size_t i = 1; i <= shown; ++i)
    text += "\n  " + lines[i];
  if (lines.size() - 1 > shown)
    text += fmt::format("\n  ... ({} more lines)", lines.size() - 1 - shown);
  return text;
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
  const std::string said = said_with_code(server_message, code);
  switch (kind) {
  case ErrorKind::auth:
    // Neo4j's own text is not repeated: it is generic and we never echo credentials.
    return Neo4jError(kind, code, server_message, http_status,
                      fmt::format("Neo4j at {} refused the credentials of user '{}' ({}).",
                                  context.uri, context.user, code),
                      credentials_hint());
  case ErrorKind::forbidden:
    return Neo4jError(kind, code, server_message, http_status,
                      fmt::format("Neo4j at {} does not allow user '{}' to do this: {}",
                                  context.uri, context.user, said),
                      "Ask an administrator for the privileges the migration needs.");
  case ErrorKind::database_not_found:
    return Neo4jError(kind, code, server_message, http_status,
                      fmt::format("Neo4j at {} has no available database '{}' ({}).", context.uri,
                                  context.database, code),
                      "Check [neo4j] database in crochet.toml or CROCHET_NEO4J_DATABASE; "
                      "SHOW DATABASES lists the server's databases.");
  case ErrorKind::syntax: {
    // Its further lines repeat the statement with a caret, which the excerpt shows better.
    std::string message = fmt::format("Neo4j could not parse a statement: {} ({}).",
                                      first_line(server_message), code);
    std::string excerpt = caret_excerpt(statement, server_message);
    if (!excerpt.empty())
      message += "\n" + excerpt;
    else if (!statement.empty())
      message += "\n  " + statement;
    return Neo4jError(kind, code, server_message, http_status, message,
                      "Fix the statement in the migration file; `" +
                          advice::crochet("upgrade --sql") +
                          "` "
                          "prints what is sent.");
  }
  case ErrorKind::constraint:
    return Neo4jError(kind, code, server_message, http_status,
                      "A constraint in the graph refused the change: " + said,
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
                      "Neo4j reported a transient failure: " + said,
                      "Nothing was committed by the failed request; run the command again.");
  default:
    break;
  }
  return Neo4jError(kind, code, server_message, http_status, "Neo4j reported an error: " + said,
                    "");
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
