#pragma once
// The three endpoint families of Neo4j's HTTP interface (BRIEF §8) as URL and body shapes:
// the Query API (5.19+, Aura), the transactional HTTP API under /db/{db}/tx (4.x-2026.x) and
// the 3.x endpoint /db/data/transaction. No I/O here: the session sends what this builds.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/migration/dialect.hpp"

namespace crochet::neo4j {

using migration::Json;
using migration::Statement;

enum class EndpointFamily { query_api, http_tx, legacy_v3 };
const char* to_string(EndpointFamily family); // "query-api", "http-tx", "3.x"

// Neo4j's update counters, with snake_case names whatever the family calls them
// (nodes_created, properties_set, constraints_added, ...).
struct Counters {
  std::map<std::string, std::int64_t> values;
  bool contains_updates = false;
  std::int64_t get(const std::string& name) const;
  void add(const Counters& other);
};

struct Result {
  std::vector<std::string> columns;
  std::vector<Json> rows; // each an array, one value per column
  Counters counters;
  // The value of `column` in row `row`; throws when absent (a bug in the caller's query).
  const Json& value(size_t row, const std::string& column) const;
};

struct ServerErrorEntry {
  std::string code;
  std::string message;
};

// One parsed answer of any family.
struct Reply {
  std::vector<Result> results;
  std::vector<ServerErrorEntry> errors;
  std::vector<std::string> bookmarks; // only when the server sent some
  std::string transaction_id;         // when the answer opened or continued a transaction
  std::string expires;                // the transaction's expiry as the server wrote it
};

class Protocol {
public:
  Protocol(EndpointFamily family, std::string base_uri, std::string database);

  EndpointFamily family() const { return family_; }
  // The Query API takes one statement per request; the others take a list.
  bool one_statement_per_request() const { return family_ == EndpointFamily::query_api; }

  std::string autocommit_url() const;
  std::string begin_url() const;
  std::string transaction_url(const std::string& id) const; // run (POST) and rollback (DELETE)
  std::string commit_url(const std::string& id) const;

  // Body for `statements` (at most one for the Query API), with bookmarks when we hold some.
  std::string body(const std::vector<Statement>& statements,
                   const std::vector<std::string>& bookmarks) const;

  // Parses a response body. Throws Neo4jError(protocol) when the body is not JSON of the
  // family's shape; a body with an `errors` array parses fine and lists them.
  Reply parse(const std::string& body) const;

private:
  std::string database_path() const;
  EndpointFamily family_;
  std::string base_;
  std::string database_;
};

// "nodesCreated" -> "nodes_created"; 3.x's "relationship_deleted" -> "relationships_deleted".
std::string counter_name(const std::string& name);

} // namespace crochet::neo4j
