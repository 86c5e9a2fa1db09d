#pragma once
// A conversation with one Neo4j database over HTTP: discovery (which endpoint family, version,
// edition), auto-commit requests, explicit transactions, retries and bookmarks.
//
// When a request is retried (see Replay): only when running it again cannot apply anything
// twice.
//  - A connection that could not be opened: the server never saw the request. Always retried.
//  - Neo.TransientError.* on an auto-commit request: the server rolled it back. Retried.
//    Inside an explicit transaction the server has closed the whole transaction, so the error
//    goes up marked transient and run_transaction() starts the transaction over.
//  - A connection dropped after the request was sent, or a 5xx from a proxy: the outcome is
//    unknown. Retried only for idempotent requests: discovery, begin (an orphan transaction
//    expires on the server), rollback, and schema statements the caller marks idempotent.
//    A commit is never retried: the caller must look at the graph to learn the outcome.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/migration/dialect.hpp"
#include "core/neo4j/errors.hpp"
#include "core/neo4j/http.hpp"
#include "core/neo4j/protocol.hpp"

namespace crochet::neo4j {

struct Auth {
  enum class Scheme { none, basic, bearer };
  Scheme scheme = Scheme::none;
  std::string user;   // basic only
  std::string secret; // password or token; never logged or put into a message
  static Auth basic(std::string user, std::string password);
  static Auth bearer(std::string token);
  std::string header() const; // the Authorization header value, "" for none
};

struct RetryPolicy {
  int max_attempts = 5; // including the first
  std::chrono::milliseconds initial_delay{200};
  double multiplier = 2.0;
  std::chrono::milliseconds max_delay{5'000};
};

struct SessionOptions {
  std::string uri = "http://localhost:7474"; // the server's HTTP(S) root, no credentials
  std::string database = "neo4j";
  Auth auth;
  RetryPolicy retry;
  // Waits between attempts; tests pass a recorder instead of sleeping.
  std::function<void(std::chrono::milliseconds)> sleep;
};

struct ServerInfo {
  EndpointFamily family = EndpointFamily::http_tx;
  std::string version; // e.g. "3.1.1", "5.26.0", "2025.01.0"
  std::string edition; // "community" or "enterprise"
  migration::ServerCapabilities capabilities;
};

// How a request may be repeated after a fault (see the comment at the top).
enum class Replay {
  idempotent,     // running it twice is harmless
  autocommit,     // retried only when the server certainly did not commit it
  in_transaction, // retried only when it certainly never reached the server
};

class Transaction;

// What discovery runs to learn the server's edition ("community" or "enterprise").
Statement edition_query();

class Session {
public:
  Session(std::unique_ptr<HttpTransport> transport, SessionOptions options);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Discovers the server on first use: GET / (and GET /db/data/ on 3.x).
  const ServerInfo& server();

  // One statement in its own auto-commit request.
  Result run(const Statement& statement, Replay replay = Replay::autocommit);

  // Several statements in one auto-commit request: the server runs them in one transaction and
  // commits it, in one round trip. Not for the Query API (one statement per request): see
  // can_run_together().
  std::vector<Result> run_together(const std::vector<Statement>& statements,
                                   Replay replay = Replay::autocommit);
  bool can_run_together();

  // Opens an explicit transaction. Statements run in it are not retried; see run_transaction.
  Transaction begin();

  // Runs `work` in an explicit transaction and commits it. When the server reports a transient
  // error before the commit succeeded, the transaction is already rolled back, so `work` runs
  // again in a fresh one (up to the retry policy's attempts).
  void run_transaction(const std::function<void(Transaction&)>& work);

  const std::vector<std::string>& bookmarks() const { return bookmarks_; }
  const SessionOptions& options() const { return options_; }
  ErrorContext error_context() const;
  // Number of HTTP requests sent, retries included (for tests and benchmarks).
  int requests_sent() const { return requests_sent_; }

private:
  friend class Transaction;
  struct Exchange {
    Reply reply;
    HttpResponse response;
  };
  // Sends with retries; throws Neo4jError / TransportFault on failure. `statement` names the
  // Cypher in error messages; `affinity` is the cluster-affinity header of a transaction.
  Exchange exchange(const std::string& method, const std::string& url, const std::string& body,
                    Replay replay, const std::string& statement, const std::string& affinity);
  HttpRequest request(const std::string& method, const std::string& url, const std::string& body,
                      const std::string& affinity) const;
  void discover();
  Result run_autocommit(const Statement& statement, Replay replay);
  std::string detect_edition();
  void wait_before_attempt(int attempt);

  std::unique_ptr<HttpTransport> transport_;
  SessionOptions options_;
  std::optional<ServerInfo> server_;
  std::optional<Protocol> protocol_;
  std::vector<std::string> bookmarks_;
  int requests_sent_ = 0;
};

// An explicit transaction. Destroying an open one rolls it back (errors swallowed: the server
// rolls it back at expiry anyway).
class Transaction {
public:
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();

  Result run(const Statement& statement);
  // Resets the server's idle timer while the caller does slow work between statements.
  void keep_alive();
  void commit();
  void rollback();
  bool open() const { return open_; }
  const std::string& id() const { return id_; }
  const std::string& expires() const { return expires_; }

private:
  friend class Session;
  Transaction(Session& session, std::string id, std::string affinity, std::string expires);
  void check_open(const char* action) const;
  Session* session_;
  std::string id_;
  std::string affinity_;
  std::string expires_;
  bool open_ = true;
};

// A session over libcurl for `options`, after checking the URI carries no credentials.
std::unique_ptr<Session> connect(SessionOptions options, const TransportOptions& transport = {});

} // namespace crochet::neo4j
