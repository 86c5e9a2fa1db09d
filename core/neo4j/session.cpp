#include "core/neo4j/session.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <thread>

#include <fmt/core.h>

namespace crochet::neo4j {
namespace {

std::string base64(const std::string& text) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < text.size(); i += 3) {
    unsigned n = (static_cast<unsigned char>(text[i]) << 16) |
                 (static_cast<unsigned char>(text[i + 1]) << 8) |
                 static_cast<unsigned char>(text[i + 2]);
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += alphabet[(n >> 6) & 63];
    out += alphabet[n & 63];
  }
  if (i + 1 == text.size()) {
    unsigned n = static_cast<unsigned char>(text[i]) << 16;
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == text.size()) {
    unsigned n = (static_cast<unsigned char>(text[i]) << 16) |
                 (static_cast<unsigned char>(text[i + 1]) << 8);
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += alphabet[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

bool gateway_status(long status) {
  return status == 502 || status == 503 || status == 504;
}

std::string path_of(const std::string& url) {
  auto scheme = url.find("://");
  auto slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  return slash == std::string::npos ? "/" : url.substr(slash);
}

bool accepted_single_database(const std::string& name) {
  return name.empty() || name == "neo4j" || name == "graph.db";
}

} // namespace

Auth Auth::basic(std::string user, std::string password) {
  return Auth{Scheme::basic, std::move(user), std::move(password)};
}

Auth Auth::bearer(std::string token) {
  return Auth{Scheme::bearer, "", std::move(token)};
}

std::string Auth::header() const {
  switch (scheme) {
  case Scheme::basic:
    return "Basic " + base64(user + ":" + secret);
  case Scheme::bearer:
    return "Bearer " + secret;
  case Scheme::none:
    break;
  }
  return {};
}

Session::Session(std::unique_ptr<HttpTransport> transport, SessionOptions options)
    : transport_(std::move(transport)), options_(std::move(options)) {
  while (!options_.uri.empty() && options_.uri.back() == '/')
    options_.uri.pop_back();
  if (!options_.sleep)
    options_.sleep = [](std::chrono::milliseconds delay) { std::this_thread::sleep_for(delay); };
}

Session::~Session() = default;

ErrorContext Session::error_context() const {
  std::string user = options_.auth.scheme == Auth::Scheme::basic    ? options_.auth.user
                     : options_.auth.scheme == Auth::Scheme::bearer ? "(token)"
                                                                    : "(none)";
  return ErrorContext{redact_url(options_.uri), user, options_.database};
}

void Session::wait_before_attempt(int attempt) {
  // Exponential backoff with +-20% jitter so concurrent clients do not retry in step.
  const auto& policy = options_.retry;
  double delay = static_cast<double>(policy.initial_delay.count()) *
                 std::pow(policy.multiplier, std::max(0, attempt - 1));
  delay = std::min(delay, static_cast<double>(policy.max_delay.count()));
  static thread_local std::mt19937 random{std::random_device{}()};
  std::uniform_real_distribution<double> jitter(0.8, 1.2);
  options_.sleep(std::chrono::milliseconds(static_cast<long>(delay * jitter(random))));
}

HttpRequest Session::request(const std::string& method, const std::string& url,
                             const std::string& body, const std::string& affinity) const {
  HttpRequest request;
  request.method = method;
  request.url = url;
  request.body = body;
  request.headers.emplace_back("Accept", "application/json");
  if (method == "POST")
    request.headers.emplace_back("Content-Type", "application/json");
  std::string authorization = options_.auth.header();
  if (!authorization.empty())
    request.headers.emplace_back("Authorization", authorization);
  if (!affinity.empty())
    request.headers.emplace_back("neo4j-cluster-affinity", affinity);
  return request;
}

Session::Exchange Session::exchange(const std::string& method, const std::string& url,
                                    const std::string& body, Replay replay,
                                    const std::string& statement, const std::string& affinity) {
  HttpRequest outgoing = request(method, url, body, affinity);
  outgoing.resendable = replay == Replay::idempotent;
  const int attempts = std::max(1, options_.retry.max_attempts);
  for (int attempt = 1;; ++attempt) {
    const bool last = attempt >= attempts;
    Exchange result;
    try {
      ++requests_sent_;
      result.response = transport_->send(outgoing);
    } catch (const TransportFault& fault) {
      const bool never_sent = fault.kind() == FaultKind::unreachable;
      const bool repeatable = fault.kind() == FaultKind::dropped && replay == Replay::idempotent;
      if ((never_sent || repeatable) && !last) {
        wait_before_attempt(attempt);
        continue;
      }
      if (fault.kind() == FaultKind::dropped && replay != Replay::idempotent)
        throw TransportFault(FaultKind::dropped,
                             std::string(fault.what()) +
                                 " Whether Neo4j applied the request is unknown.",
                             fault.hint());
      throw;
    }
    const long status = result.response.status;
    const bool ok_status = status >= 200 && status < 300;
    try {
      result.reply = protocol_->parse(result.response.body);
    } catch (const Neo4jError&) {
      if (ok_status)
        throw;
      result.reply = Reply{}; // an HTML error page from a proxy, say: report the status
    }
    if (!result.reply.errors.empty()) {
      const auto& first = result.reply.errors.front();
      Neo4jError error =
          make_server_error(first.code, first.message, status, statement, error_context());
      if (error.transient() && replay != Replay::in_transaction && !last) {
        wait_before_attempt(attempt);
        continue;
      }
      throw error;
    }
    if (!ok_status) {
      if (gateway_status(status) && replay == Replay::idempotent && !last) {
        wait_before_attempt(attempt);
        continue;
      }
      throw make_status_error(status, method + " " + path_of(url), error_context());
    }
    if (!result.reply.bookmarks.empty())
      bookmarks_ = result.reply.bookmarks;
    return result;
  }
}

const ServerInfo& Session::server() {
  if (!server_)
    discover();
  return *server_;
}

void Session::discover() {
  // GET / is unauthenticated on every version; retried like any idempotent request.
  auto get_json = [this](const std::string& url, bool with_auth) {
    const int attempts = std::max(1, options_.retry.max_attempts);
    for (int attempt = 1;; ++attempt) {
      HttpRequest outgoing = request("GET", url, "", "");
      outgoing.resendable = true;
      if (!with_auth)
        outgoing.headers.erase(
            std::remove_if(outgoing.headers.begin(), outgoing.headers.end(),
                           [](const auto& header) { return header.first == "Authorization"; }),
            outgoing.headers.end());
      HttpResponse response;
      try {
        ++requests_sent_;
        response = transport_->send(outgoing);
      } catch (const TransportFault& fault) {
        const bool may_answer =
            fault.kind() == FaultKind::unreachable || fault.kind() == FaultKind::dropped;
        if (may_answer && attempt < attempts) {
          wait_before_attempt(attempt);
          continue;
        }
        throw;
      }
      if (gateway_status(response.status) && attempt < attempts) {
        wait_before_attempt(attempt);
        continue;
      }
      if (response.status == 401)
        throw make_status_error(401, "GET " + path_of(url), error_context());
      Json json = Json::parse(response.body, nullptr, false);
      if (response.status < 200 || response.status >= 300 || !json.is_object())
        throw Neo4jError(ErrorKind::protocol, "", "", response.status,
                         fmt::format("The server at {} does not look like Neo4j: GET {} answered "
                                     "HTTP {} without Neo4j's discovery document.",
                                     redact_url(options_.uri), path_of(url), response.status),
                         "Point the URI at Neo4j's HTTP port (7474 by default), e.g. "
                         "http://localhost:7474.");
      return json;
    }
  };

  Json root = get_json(options_.uri + "/", false);
  ServerInfo info;
  if (root.contains("neo4j_version")) {
    info.version = root.value("neo4j_version", std::string());
    info.edition = root.value("neo4j_edition", std::string());
    info.family = root.contains("query") ? EndpointFamily::query_api : EndpointFamily::http_tx;
  } else if (root.contains("data")) {
    // Neo4j 3.x: the version is on the data endpoint, which needs credentials.
    Json data = get_json(options_.uri + "/db/data/", true);
    info.version = data.value("neo4j_version", std::string());
    info.family = EndpointFamily::legacy_v3;
    if (!accepted_single_database(options_.database))
      throw Neo4jError(ErrorKind::database_not_found, "", "", 0,
                       fmt::format("Neo4j {} at {} serves a single database; there is no "
                                   "database '{}'.",
                                   info.version, redact_url(options_.uri), options_.database),
                       "Set [neo4j] database to \"neo4j\" (or unset CROCHET_NEO4J_DATABASE) "
                       "for a 3.x server.");
  }
  if (info.version.empty())
    throw Neo4jError(ErrorKind::protocol, "", "", 200,
                     fmt::format("The server at {} answered GET / without a Neo4j version.",
                                 redact_url(options_.uri)),
                     "Point the URI at Neo4j's HTTP port (7474 by default).");
  protocol_.emplace(info.family, options_.uri, options_.database);
  if (info.edition.empty())
    info.edition = detect_edition();
  info.capabilities.version = info.version;
  info.capabilities.dialect = migration::dialect_for_version(info.version);
  info.capabilities.enterprise = info.edition == "enterprise";
  server_ = std::move(info);
}

Statement edition_query() {
  return {"CALL dbms.components() YIELD edition RETURN edition", {}};
}

std::string Session::detect_edition() {
  try {
    // Discovery is still under way: run directly on the chosen protocol.
    Result result = run_autocommit(edition_query(), Replay::idempotent);
    if (!result.rows.empty())
      return result.value(0, "edition").get<std::string>();
  } catch (const Neo4jError& error) {
    if (error.kind() == ErrorKind::auth || error.kind() == ErrorKind::database_not_found)
      throw;
  }
  return "community";
}

Result Session::run(const Statement& statement, Replay replay) {
  server();
  return run_autocommit(statement, replay);
}

Result Session::run_autocommit(const Statement& statement, Replay replay) {
  Exchange done = exchange("POST", protocol_->autocommit_url(),
                           protocol_->body({statement}, bookmarks_), replay, statement.text, "");
  if (done.reply.results.empty())
    return Result{};
  return std::move(done.reply.results.front());
}

std::vector<Result> Session::run_together(const std::vector<Statement>& statements, Replay replay) {
  if (!can_run_together())
    throw Error("internal error: the Query API takes one statement per request");
  std::string text;
  for (const Statement& statement : statements)
    text += (text.empty() ? "" : "; ") + statement.text;
  Exchange done = exchange("POST", protocol_->autocommit_url(),
                           protocol_->body(statements, bookmarks_), replay, text, "");
  return std::move(done.reply.results);
}

bool Session::can_run_together() {
  server();
  return !protocol_->one_statement_per_request();
}

Transaction Session::begin() {
  server();
  Exchange done = exchange("POST", protocol_->begin_url(), protocol_->body({}, bookmarks_),
                           Replay::idempotent, "", "");
  if (done.reply.transaction_id.empty()) {
    // The transactional API also names the transaction in the Location header.
    std::string location = done.response.header("location");
    auto slash = location.find_last_of('/');
    if (slash != std::string::npos)
      done.reply.transaction_id = location.substr(slash + 1);
  }
  if (done.reply.transaction_id.empty())
    throw Neo4jError(ErrorKind::protocol, "", "", done.response.status,
                     fmt::format("Neo4j at {} opened a transaction without naming it.",
                                 redact_url(options_.uri)),
                     "");
  return Transaction(*this, done.reply.transaction_id,
                     done.response.header("neo4j-cluster-affinity"), done.reply.expires);
}

void Session::run_transaction(const std::function<void(Transaction&)>& work) {
  const int attempts = std::max(1, options_.retry.max_attempts);
  for (int attempt = 1;; ++attempt) {
    Transaction transaction = begin();
    try {
      work(transaction);
      if (transaction.open())
        transaction.commit();
      return;
    } catch (const Neo4jError& error) {
      if (!error.transient() || attempt >= attempts)
        throw;
    }
    wait_before_attempt(attempt);
  }
}

Transaction::Transaction(Session& session, std::string id, std::string affinity,
                         std::string expires)
    : session_(&session), id_(std::move(id)), affinity_(std::move(affinity)),
      expires_(std::move(expires)) {}

Transaction::Transaction(Transaction&& other) noexcept
    : session_(other.session_), id_(std::move(other.id_)), affinity_(std::move(other.affinity_)),
      expires_(std::move(other.expires_)), open_(other.open_) {
  other.open_ = false;
}

Transaction::~Transaction() {
  if (!open_)
    return;
  try {
    rollback();
  } catch (...) {
    // The server rolls an abandoned transaction back when it expires.
  }
}

void Transaction::check_open(const char* action) const {
  if (!open_)
    throw Error(fmt::format("cannot {} a transaction that is already closed", action));
}

Result Transaction::run(const Statement& statement) {
  check_open("run a statement in");
  Session& s = *session_;
  try {
    auto done =
        s.exchange("POST", s.protocol_->transaction_url(id_), s.protocol_->body({statement}, {}),
                   Replay::in_transaction, statement.text, affinity_);
    if (!done.reply.expires.empty())
      expires_ = done.reply.expires;
    if (done.reply.results.empty())
      return Result{};
    return std::move(done.reply.results.front());
  } catch (const Neo4jError&) {
    open_ = false; // Neo4j rolls the whole transaction back on any error
    throw;
  }
}

void Transaction::keep_alive() {
  check_open("keep alive");
  Session& s = *session_;
  try {
    auto done = s.exchange("POST", s.protocol_->transaction_url(id_), s.protocol_->body({}, {}),
                           Replay::in_transaction, "", affinity_);
    if (!done.reply.expires.empty())
      expires_ = done.reply.expires;
  } catch (const Neo4jError&) {
    open_ = false;
    throw;
  }
}

void Transaction::commit() {
  check_open("commit");
  Session& s = *session_;
  open_ = false; // whatever happens next, this transaction is finished on our side
  s.exchange("POST", s.protocol_->commit_url(id_), s.protocol_->body({}, {}),
             Replay::in_transaction, "", affinity_);
}

void Transaction::rollback() {
  check_open("roll back");
  Session& s = *session_;
  open_ = false;
  try {
    s.exchange("DELETE", s.protocol_->transaction_url(id_), "", Replay::idempotent, "", affinity_);
  } catch (const Neo4jError& error) {
    if (error.kind() != ErrorKind::transaction_expired)
      throw; // an expired transaction is rolled back already
  }
}

std::unique_ptr<Session> connect(SessionOptions options, const TransportOptions& transport) {
  const std::string& uri = options.uri;
  if (uri.rfind("http://", 0) != 0 && uri.rfind("https://", 0) != 0)
    throw Error(fmt::format("Neo4j URI '{}' is not an HTTP(S) URI.", redact_url(uri)),
                "git-crochet talks to Neo4j over HTTP: use e.g. http://localhost:7474 or "
                "https://host:7473.");
  if (redact_url(uri) != uri)
    throw Error("The Neo4j URI carries credentials; they are not accepted there.",
                "Remove user:password@ from the URI and set CROCHET_NEO4J_USERNAME and "
                "CROCHET_NEO4J_PASSWORD instead.");
  return std::make_unique<Session>(make_curl_transport(transport), std::move(options));
}

} // namespace crochet::neo4j
