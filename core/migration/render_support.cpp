#include <charconv>

#include "core/migration/render.hpp"
#include "core/migration/render_support.hpp"
#include "core/util/error.hpp"

namespace crochet::migration {

std::string quote_identifier(std::string_view name) {
  // Cypher reads `\uXXXX` inside a quoted name as an escape (older parsers even before
  // tokenizing, so `\u0060` would close the quotes), and backslashes cannot be escaped there:
  // such a name can never be written faithfully, so it is refused rather than mangled.
  const bool empty = name.empty();
  const bool nul = name.find('\0') != std::string_view::npos;
  bool unicode_escape = false;
  for (std::size_t at = name.find('\\'); at != std::string_view::npos && !unicode_escape;
       at = name.find('\\', at + 1))
    unicode_escape = at + 1 < name.size() && (name[at + 1] == 'u' || name[at + 1] == 'U');
  if (empty || nul || unicode_escape)
    throw Error("the name " + Json(std::string(name)).dump() +
                    " cannot be used as a Cypher label, type or property name" +
                    (empty ? ""
                     : nul ? " (it contains a NUL character)"
                           : " (it contains a \\u escape sequence)"),
                "rename it in the model or the migration file");
  std::string quoted = "`";
  for (char c : name) {
    quoted += c;
    if (c == '`')
      quoted += '`';
  }
  quoted += '`';
  return quoted;
}

namespace detail {

std::optional<Version> parse_version(std::string_view text) {
  Version version;
  const char* end = text.data() + text.size();
  auto [after_major, error] = std::from_chars(text.data(), end, version.major);
  if (error != std::errc() || after_major == end || *after_major != '.')
    return std::nullopt;
  auto [after_minor, error2] = std::from_chars(after_major + 1, end, version.minor);
  if (error2 != std::errc())
    return std::nullopt;
  return version;
}

RenderContext context_for(Dialect dialect) {
  // 5.x below 5.23 has no variable scope clause, so the 5.x dialect on its own keeps the
  // importing WITH form, which every 5.x server runs; 2025+ always has the scoped form.
  return {dialect, dialect == Dialect::v2025};
}

RenderContext context_for(const ServerCapabilities& server) {
  RenderContext context = context_for(server.dialect);
  if (server.dialect == Dialect::v5) {
    const auto version = parse_version(server.version);
    context.scoped_subquery = version && *version >= Version{5, 23};
  }
  return context;
}

std::string Target::schema_pattern() const {
  const std::string token = quote_identifier(name);
  return relationship ? "()-[r:" + token + "]-()" : "(n:" + token + ")";
}

std::string Target::match_pattern() const {
  const std::string token = quote_identifier(name);
  return relationship ? "()-[r:" + token + "]->()" : "(n:" + token + ")";
}

std::string Target::property(std::string_view property_name) const {
  return std::string(variable()) + "." + quote_identifier(property_name);
}

Target target_of(const Operation& operation) {
  if (operation.has("rel_type"))
    return {true, operation.string_arg("rel_type")};
  return {false, operation.string_arg("label")};
}

std::string label_list(const std::vector<std::string>& labels) {
  std::string text;
  for (const auto& label : labels)
    text += (text.empty() ? "" : ":") + quote_identifier(label);
  return text;
}

std::string in_transactions(const RenderContext& context, const std::string& variable,
                            const std::string& body, const Operation& operation, Json& params) {
  std::string text = context.scoped_subquery
                         ? "CALL (" + variable + ") { " + body + " } IN TRANSACTIONS"
                         : "CALL { WITH " + variable + " " + body + " } IN TRANSACTIONS";
  if (!operation.has("rows_per_transaction"))
    return text;
  const auto rows = operation.args.at("rows_per_transaction").get<long long>();
  if (rows <= 0)
    throw Error(describe(operation) + ": rows_per_transaction must be a positive integer",
                "give the number of rows each inner transaction handles, e.g. 10000");
  if (context.dialect == Dialect::v4_4)
    return text + " OF " + std::to_string(rows) + " ROWS"; // 4.4 documents a literal here
  params["rows_per_transaction"] = rows;
  return text + " OF $rows_per_transaction ROWS";
}

std::optional<std::string> missing_form(const Operation& operation, Dialect dialect) {
  const bool old = dialect == Dialect::v3 || dialect == Dialect::v4_4;
  const bool relationship = operation.has("rel_type");
  switch (operation.kind) {
  case OpKind::add_unique_constraint:
  case OpKind::drop_unique_constraint:
    if (relationship && old)
      return "relationship uniqueness constraints need Neo4j 5.7 or later";
    break;
  case OpKind::add_index:
  case OpKind::drop_index:
    if (relationship && dialect == Dialect::v3)
      return "relationship property indexes need Neo4j 4.3 or later";
    break;
  case OpKind::add_vector_index:
  case OpKind::drop_vector_index:
    if (old)
      return std::string(relationship ? "relationship" : "node") + " vector indexes need Neo4j " +
             (relationship ? "5.18" : "5.15") + " or later";
    break;
  case OpKind::cypher:
    if (dialect == Dialect::v3 && operation.args.value("in_transactions", false))
      return "CALL { ... } IN TRANSACTIONS needs Neo4j 4.4 or later";
    break;
  default:
    break;
  }
  return std::nullopt;
}

std::string describe(const Operation& operation) {
  std::string text = std::string("op ") + to_string(operation.kind);
  if (operation.line > 0)
    text += " (line " + std::to_string(operation.line) + ")";
  return text;
}

} // namespace detail
} // namespace crochet::migration
