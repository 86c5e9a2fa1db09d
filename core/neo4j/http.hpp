#pragma once
// The HTTP seam of the Neo4j client: a request/response exchange and the faults a connection can
// have. The libcurl implementation (curl_transport.cpp, over curl_library.hpp, which loads
// libcurl on first use) is the only code that includes <curl/curl.h>; tests can hand the client
// any other HttpTransport.
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/util/error.hpp"

namespace crochet::neo4j {

struct HttpRequest {
  std::string method = "GET"; // GET, POST or DELETE
  std::string url;            // absolute
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Whether the transport may send the request again on its own when a reused connection
  // turns out to be dead. Only for requests that are harmless twice: libcurl re-sends a request
  // whose reused connection died before any answer, even when the server had carried it out.
  bool resendable = false;
};

struct HttpResponse {
  long status = 0;
  std::map<std::string, std::string> headers; // names lower-cased
  std::string body;
  std::string header(const std::string& lower_name) const;
};

// What went wrong below HTTP. The distinction that matters is whether the server may have seen
// the request: a refused connection means it did not, a dropped one means nobody knows.
enum class FaultKind {
  unreachable, // could not connect or resolve: the request was never sent
  dropped,     // the connection broke or timed out after the request may have been sent
  tls,         // certificate or handshake failure: never retried
  abandoned,   // the transport's AbandonFlag was set: never retried
  other,
};

class TransportFault : public Error {
public:
  TransportFault(FaultKind kind, std::string message, std::string hint = {})
      : Error(std::move(message), std::move(hint)), kind_(kind) {}
  FaultKind kind() const { return kind_; }

private:
  FaultKind kind_;
};

class HttpTransport {
public:
  virtual ~HttpTransport() = default;
  // Returns any HTTP response, 2xx or not; throws TransportFault when there is none.
  virtual HttpResponse send(const HttpRequest& request) = 0;
};

// Once it reads true, a transport gives up its requests: one in flight ends within about a second,
// and none is started (a TransportFault, FaultKind::abandoned). For a thread that must be able to
// end while the server does not answer.
using AbandonFlag = std::shared_ptr<const std::atomic<bool>>;

struct TransportOptions {
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds request_timeout{600'000}; // a whole request, 0 for none
  bool insecure = false; // skip TLS certificate and host verification (explicit choice only)
  AbandonFlag abandon;   // none: requests run until answered or timed out
};

// One libcurl easy handle, reused so consecutive requests share the connection.
std::unique_ptr<HttpTransport> make_curl_transport(const TransportOptions& options);

// `url` with any user:password@ part removed, for messages.
std::string redact_url(const std::string& url);

} // namespace crochet::neo4j
