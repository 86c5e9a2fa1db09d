#include "core/neo4j/http.hpp"

namespace crochet::neo4j {

std::string HttpResponse::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

std::string redact_url(const std::string& url) {
  auto scheme = url.find("://");
  size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  size_t end = url.find_first_of("/?#", start);
  if (end == std::string::npos)
    end = url.size();
  auto at = url.rfind('@', end);
  if (at == std::string::npos || at < start)
    return url;
  return url.substr(0, start) + url.substr(at + 1);
}

} // namespace crochet::neo4j
