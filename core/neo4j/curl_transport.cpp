// HttpTransport over libcurl. One easy handle per transport: libcurl keeps the connection open
// between requests on the same handle, so a migration's requests share one TCP (and TLS) session.
#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstring>
#include <memory>

#include <fmt/core.h>

#include "core/neo4j/curl_library.hpp"
#include "core/neo4j/http.hpp"

namespace crochet::neo4j {
namespace {

struct EasyDeleter {
  void operator()(CURL* handle) const { curl_library().easy_cleanup(handle); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_library().slist_free_all(list); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using HeaderList = std::unique_ptr<curl_slist, SlistDeleter>;

size_t write_body(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

std::string trim(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.pop_back();
  size_t start = 0;
  while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start])))
    ++start;
  return text.substr(start);
}

size_t write_header(char* data, size_t size, size_t count, void* user) {
  auto& headers = *static_cast<std::map<std::string, std::string>*>(user);
  std::string line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) {
    headers.clear(); // a new response (after 100 Continue) starts over
    return size * count;
  }
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    for (auto& c : name)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    headers[name] = trim(line.substr(colon + 1));
  }
  return size * count;
}

// The body of a request that must not be sent twice, handed to libcurl piece by piece. Its seek
// callback refuses to rewind, so libcurl cannot silently re-send it on a fresh connection after
// a reused one died: the transfer fails with CURLE_SEND_FAIL_REWIND instead.
struct BodyReader {
  const std::string* body;
  size_t offset = 0;
};

size_t read_body(char* buffer, size_t size, size_t count, void* user) {
  auto& reader = *static_cast<BodyReader*>(user);
  size_t n = std::min(size * count, reader.body->size() - reader.offset);
  std::memcpy(buffer, reader.body->data() + reader.offset, n);
  reader.offset += n;
  return n;
}

int refuse_rewind(void*, curl_off_t, int) {
  return CURL_SEEKFUNC_FAIL;
}

// libcurl calls it about once a second while a transfer waits, more often while data flows.
int give_up_when_abandoned(void* flag, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<const std::atomic<bool>*>(flag)->load() ? 1 : 0;
}

FaultKind classify(CURLcode code) {
  switch (code) {
  case CURLE_ABORTED_BY_CALLBACK:
    return FaultKind::abandoned;
  case CURLE_COULDNT_CONNECT:
  case CURLE_COULDNT_RESOLVE_HOST:
  case CURLE_COULDNT_RESOLVE_PROXY:
    return FaultKind::unreachable;
  case CURLE_SEND_FAIL_REWIND: // a reused connection died after the request went out
  case CURLE_GOT_NOTHING:
  case CURLE_RECV_ERROR:
  case CURLE_SEND_ERROR:
  case CURLE_OPERATION_TIMEDOUT:
  case CURLE_PARTIAL_FILE:
  case CURLE_HTTP2:
  case CURLE_HTTP2_STREAM:
    return FaultKind::dropped;
  case CURLE_PEER_FAILED_VERIFICATION:
  case CURLE_SSL_CONNECT_ERROR:
  case CURLE_SSL_CERTPROBLEM:
  case CURLE_SSL_CIPHER:
  case CURLE_SSL_CACERT_BADFILE:
  case CURLE_SSL_ISSUER_ERROR:
    return FaultKind::tls;
  default:
    return FaultKind::other;
  }
}

TransportFault abandoned(const HttpRequest& request) {
  return TransportFault(FaultKind::abandoned,
                        fmt::format("The request {} {} was given up before Neo4j answered.",
                                    request.method, redact_url(request.url)));
}

TransportFault fault(CURLcode code, const char* detail, const HttpRequest& request) {
  const std::string where = redact_url(request.url);
  const std::string why = detail[0] ? detail : curl_library().easy_strerror(code);
  switch (classify(code)) {
  case FaultKind::unreachable:
    return TransportFault(FaultKind::unreachable,
                          fmt::format("Cannot reach Neo4j at {}: {}.", where, why),
                          "Check that the server is running and that the URI (crochet.toml "
                          "[neo4j] uri or CROCHET_NEO4J_URI) is right.");
  case FaultKind::dropped:
    return TransportFault(
        FaultKind::dropped,
        fmt::format("The connection to Neo4j broke during {} {}: {}.", request.method, where, why),
        "Check the server's health and logs, then run the command again.");
  case FaultKind::tls:
    return TransportFault(FaultKind::tls,
                          fmt::format("TLS with Neo4j at {} failed: {}.", where, why),
                          "Install the server's CA certificate, or pass --insecure if you "
                          "knowingly accept an unverified server.");
  case FaultKind::abandoned:
    return abandoned(request);
  case FaultKind::other:
    break;
  }
  return TransportFault(FaultKind::other,
                        fmt::format("HTTP request to Neo4j at {} failed: {}.", where, why));
}

class CurlTransport final : public HttpTransport {
public:
  explicit CurlTransport(const TransportOptions& options)
      : curl_(curl_library()), options_(options) {
    handle_.reset(curl_.easy_init());
    if (!handle_)
      throw Error("libcurl could not create a connection handle");
  }

  HttpResponse send(const HttpRequest& request) override {
    if (options_.abandon && options_.abandon->load())
      throw abandoned(request);
    CURL* h = handle_.get();
    // Reset clears the options of the previous request but keeps its live connection.
    curl_.easy_reset(h);
    HttpResponse response;
    char error_buffer[CURL_ERROR_SIZE] = {0};
    HeaderList headers;
    // No "Expect: 100-continue" round trip before larger bodies.
    std::vector<std::pair<std::string, std::string>> all_headers = request.headers;
    all_headers.emplace_back("Expect", "");
    for (const auto& [name, value] : all_headers) {
      std::string line = value.empty() ? name + ":" : name + ": " + value;
      curl_slist* next = curl_.slist_append(headers.get(), line.c_str());
      if (!next)
        throw Error("libcurl could not allocate request headers");
      headers.release();
      headers.reset(next);
    }
    curl_.easy_setopt(h, CURLOPT_URL, request.url.c_str());
    curl_.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_.easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_.easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
    curl_.easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                      static_cast<long>(options_.connect_timeout.count()));
    curl_.easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.request_timeout.count()));
    curl_.easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_.easy_setopt(h, CURLOPT_SSL_VERIFYPEER, options_.insecure ? 0L : 1L);
    curl_.easy_setopt(h, CURLOPT_SSL_VERIFYHOST, options_.insecure ? 0L : 2L);
    curl_.easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
    curl_.easy_setopt(h, CURLOPT_WRITEFUNCTION, write_body);
    curl_.easy_setopt(h, CURLOPT_WRITEDATA, &response.body);
    curl_.easy_setopt(h, CURLOPT_HEADERFUNCTION, write_header);
    curl_.easy_setopt(h, CURLOPT_HEADERDATA, &response.headers);
    if (options_.abandon) {
      curl_.easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
      curl_.easy_setopt(h, CURLOPT_XFERINFOFUNCTION, give_up_when_abandoned);
      curl_.easy_setopt(h, CURLOPT_XFERINFODATA, options_.abandon.get());
    }
    BodyReader reader{&request.body};
    if (request.method == "POST") {
      curl_.easy_setopt(h, CURLOPT_POST, 1L);
      curl_.easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                        static_cast<curl_off_t>(request.body.size()));
      if (request.resendable) {
        curl_.easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
      } else {
        curl_.easy_setopt(h, CURLOPT_READFUNCTION, read_body);
        curl_.easy_setopt(h, CURLOPT_READDATA, &reader);
        curl_.easy_setopt(h, CURLOPT_SEEKFUNCTION, refuse_rewind);
      }
    } else if (request.method != "GET") {
      curl_.easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
    CURLcode code = curl_.easy_perform(h);
    if (code != CURLE_OK)
      throw fault(code, error_buffer, request);
    curl_.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
    return response;
  }

private:
  const CurlLibrary& curl_;
  TransportOptions options_;
  EasyHandle handle_;
};

} // namespace

std::unique_ptr<HttpTransport> make_curl_transport(const TransportOptions& options) {
  return std::make_unique<CurlTransport>(options);
}

} // namespace crochet::neo4j
