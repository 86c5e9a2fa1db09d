#include "core/neo4j/protocol.hpp"

#include <cctype>

#include <fmt/core.h>

#include "core/neo4j/errors.hpp"

namespace crochet::neo4j {
namespace {

std::string percent_encode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

Neo4jError malformed(const std::string& why) {
  return Neo4jError(ErrorKind::protocol, "", "", 0,
                    fmt::format("Neo4j sent an answer this client cannot read: {}.", why),
                    "Check that the URI points at Neo4j's HTTP port.");
}

Counters parse_counters(const Json& stats) {
  Counters counters;
  if (!stats.is_object())
    return counters;
  for (const auto& [key, value] : stats.items()) {
    std::string name = counter_name(key);
    if (value.is_boolean()) {
      if (name == "contains_updates" && value.get<bool>())
        counters.contains_updates = true;
    } else if (value.is_number_integer()) {
      counters.values[name] = value.get<std::int64_t>();
    }
  }
  return counters;
}

std::vector<std::string> string_list(const Json& value) {
  std::vector<std::string> out;
  if (value.is_array())
    for (const auto& item : value)
      if (item.is_string())
        out.push_back(item.get<std::string>());
  return out;
}

std::string last_segment(std::string url) {
  while (!url.empty() && url.back() == '/')
    url.pop_back();
  auto slash = url.rfind('/');
  return slash == std::string::npos ? url : url.substr(slash + 1);
}

} // namespace

const char* to_string(EndpointFamily family) {
  switch (family) {
  case EndpointFamily::query_api:
    return "query-api";
  case EndpointFamily::http_tx:
    return "http-tx";
  case EndpointFamily::legacy_v3:
    return "3.x";
  }
  return "?";
}

std::string counter_name(const std::string& name) {
  if (name == "relationship_deleted")
    return "relationships_deleted";
  std::string out;
  for (char c : name) {
    if (std::isupper(static_cast<unsigned char>(c))) {
      out += '_';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out;
}

std::int64_t Counters::get(const std::string& name) const {
  auto it = values.find(name);
  return it == values.end() ? 0 : it->second;
}

void Counters::add(const Counters& other) {
  for (const auto& [name, value] : other.values)
    values[name] += value;
  contains_updates = contains_updates || other.contains_updates;
}

const Json& Result::value(size_t row, const std::string& column) const {
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == column && row < rows.size() && i < rows[row].size())
      return rows[row][i];
  throw Error(fmt::format("Neo4j's result has no column '{}' in row {}", column, row));
}

Protocol::Protocol(EndpointFamily family, std::string base_uri, std::string database)
    : family_(family), base_(std::move(base_uri)), database_(std::move(database)) {
  while (!base_.empty() && base_.back() == '/')
    base_.pop_back();
}

std::string Protocol::database_path() const {
  switch (family_) {
  case EndpointFamily::query_api:
    return base_ + "/db/" + percent_encode(database_) + "/query/v2";
  case EndpointFamily::http_tx:
    return base_ + "/db/" + percent_encode(database_) + "/tx";
  case EndpointFamily::legacy_v3:
    return base_ + "/db/data/transaction";
  }
  return base_;
}

std::string Protocol::autocommit_url() const {
  if (family_ == EndpointFamily::query_api)
    return database_path();
  return database_path() + "/commit";
}

std::string Protocol::begin_url() const {
  if (family_ == EndpointFamily::query_api)
    return database_path() + "/tx";
  return database_path();
}

std::string Protocol::transaction_url(const std::string& id) const {
  return begin_url() + "/" + percent_encode(id);
}

std::string Protocol::commit_url(const std::string& id) const {
  return transaction_url(id) + "/commit";
}

std::string Protocol::body(const std::vector<Statement>& statements,
                           const std::vector<std::string>& bookmarks) const {
  Json body = Json::object();
  if (family_ == EndpointFamily::query_api) {
    if (statements.size() > 1)
      throw Error("the Query API takes one statement per request (a bug in the caller)");
    if (!statements.empty()) {
      body["statement"] = statements[0].text;
      if (!statements[0].params.empty())
        body["parameters"] = statements[0].params;
      body["includeCounters"] = true;
    }
  } else {
    Json list = Json::array();
    for (const auto& statement : statements) {
      Json entry = {{"statement", statement.text}, {"includeStats", true}};
      if (!statement.params.empty())
        entry["parameters"] = statement.params;
      entry["resultDataContents"] = Json::array({"row"});
      list.push_back(std::move(entry));
    }
    body["statements"] = std::move(list);
  }
  if (!bookmarks.empty())
    body["bookmarks"] = bookmarks;
  return body.dump();
}

Reply Protocol::parse(const std::string& text) const {
  Reply reply;
  if (text.empty())
    return reply; // a DELETE (rollback) may answer with no body
  Json json = Json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object())
    throw malformed("the body is not a JSON object");
  if (json.contains("errors")) {
    if (!json["errors"].is_array())
      throw malformed("`errors` is not a list");
    for (const auto& error : json["errors"]) {
      ServerErrorEntry entry;
      entry.code = error.value("code", std::string("Neo.DatabaseError.General.UnknownError"));
      entry.message = error.value("message", std::string());
      reply.errors.push_back(std::move(entry));
    }
  }
  if (json.contains("transaction") && json["transaction"].is_object()) {
    const Json& tx = json["transaction"];
    if (tx.contains("id") && tx["id"].is_string())
      reply.transaction_id = tx["id"].get<std::string>();
    if (tx.contains("id") && tx["id"].is_number_integer())
      reply.transaction_id = std::to_string(tx["id"].get<std::int64_t>());
    reply.expires = tx.value("expires", std::string());
  }
  if (reply.transaction_id.empty() && json.contains("commit") && json["commit"].is_string()) {
    // /db/{db}/tx/17/commit -> 17. Only the id is used: the URL's host may be the server's
    // own name, not the one we reach it by.
    std::string commit = json["commit"].get<std::string>();
    auto cut = commit.rfind("/commit");
    if (cut != std::string::npos)
      reply.transaction_id = last_segment(commit.substr(0, cut));
  }
  reply.bookmarks = string_list(json.contains("bookmarks") ? json["bookmarks"]
                                                           : json.value("lastBookmarks", Json()));
  if (family_ == EndpointFamily::query_api) {
    if (json.contains("data") && json["data"].is_object()) {
      Result result;
      result.columns = string_list(json["data"].value("fields", Json::array()));
      const Json values = json["data"].value("values", Json::array());
      if (!values.is_array())
        throw malformed("`data.values` is not a list");
      for (const auto& row : values)
        result.rows.push_back(row.is_array() ? row : Json::array({row}));
      result.counters = parse_counters(json.value("counters", Json()));
      reply.results.push_back(std::move(result));
    }
  } else if (json.contains("results")) {
    if (!json["results"].is_array())
      throw malformed("`results` is not a list");
    for (const auto& entry : json["results"]) {
      Result result;
      result.columns = string_list(entry.value("columns", Json::array()));
      for (const auto& datum : entry.value("data", Json::array()))
        result.rows.push_back(datum.value("row", Json::array()));
      result.counters = parse_counters(entry.value("stats", Json()));
      reply.results.push_back(std::move(result));
    }
  }
  return reply;
}

} // namespace crochet::neo4j
