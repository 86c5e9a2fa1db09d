// Migration files from TOML: every problem is reported with the file, line and column it is on,
// and every operation is checked against the operation table before anyone else sees it.
#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <string_view>
#include <variant>

#include "core/migration/migration.hpp"
#include "core/migration/names.hpp"
#include "core/migration/toml_json.hpp"
#include "core/util/advice.hpp"
#include "core/util/diagnostic.hpp"

namespace crochet::migration {
namespace {

constexpr std::array<std::string_view, 8> kTopLevelKeys = {
    "revision",      "parent",      "parents", "schema_hash",
    "rollback_safe", "description", "upgrade", "downgrade"};

// The text before the first line that opens a table ("[x]" or "[[x]]"): in TOML every key of
// the root table comes before it. When the cut falls inside a multi-line string or array, the
// header is unterminated and does not parse, and the caller reads the whole file instead.
std::string_view header_of(std::string_view text) {
  std::size_t line = 0;
  while (line < text.size()) {
    const std::size_t first = text.find_first_not_of(" \t", line);
    if (first != std::string_view::npos && text[first] == '[')
      return text.substr(0, line);
    const std::size_t end = text.find('\n', line);
    if (end == std::string_view::npos)
      break;
    line = end + 1;
  }
  return text;
}

class Parser {
public:
  explicit Parser(const MigrationFile& file) : file_(file) {}

  Migration parse() {
    toml::table root = parse_toml();
    Migration migration;
    migration.file = file_.path;
    for (auto&& [key, node] : root) {
      const std::string name(key.str());
      if (std::find(kTopLevelKeys.begin(), kTopLevelKeys.end(), name) == kTopLevelKeys.end())
        fail(where(key, node),
             "unknown key `" + name + "`" +
                 did_you_mean(name, {kTopLevelKeys.begin(), kTopLevelKeys.end()}));
    }
    migration.revision = required_string(root, "revision");
    check_identifier(root, "revision", migration.revision);
    read_parents(root, migration);
    migration.schema_hash = required_string(root, "schema_hash");
    if (!is_schema_hash(migration.schema_hash))
      fail(root.get("schema_hash")->source().begin,
           "`schema_hash` must be \"sha256:\" followed by 64 lowercase hex digits");
    if (const toml::node* safe = root.get("rollback_safe")) {
      if (!safe->is_boolean())
        fail(safe->source().begin, "`rollback_safe` must be true or false");
      migration.rollback_safe = safe->as_boolean()->get();
    }
    if (const toml::node* description = root.get("description")) {
      if (!description->is_string())
        fail(description->source().begin, "`description` must be a string");
      migration.description = description->as_string()->get();
    }
    migration.upgrade = read_operations(root, "upgrade");
    migration.downgrade = read_operations(root, "downgrade");
    return migration;
  }

private:
  toml::table parse_toml() {
    if (file_.header_only) {
      const std::string_view header = header_of(file_.bytes);
      if (header.size() < file_.bytes.size()) {
        auto parsed = parse_text(header);
        if (auto* table = std::get_if<toml::table>(&parsed))
          return std::move(*table);
        // cut inside a multi-line value: the whole file is read below
      }
    }
    auto parsed = parse_text(file_.bytes);
    if (const auto* error = std::get_if<toml::parse_error>(&parsed)) {
      // Two branches that each ran create-migration with one description wrote files of the
      // same name: git's add/add conflict. Each side is a migration of its own.
      if (const std::uint32_t line = conflict_marker_line(file_.bytes))
        fail({line, 1}, "unresolved merge conflict: when both branches added a migration of "
                        "this name, keep both sides as two files (`git checkout --ours` and "
                        "`--theirs` give each; save one under a new name), `git add` them, then "
                        "run `" +
                            advice::crochet("merge") + "`");
      fail(error->source().begin, "invalid TOML: " + std::string(error->description()));
    }
    return std::move(std::get<toml::table>(parsed));
  }

  // `text` as TOML, or the error toml++ found in it, whichever way the library reports errors.
  std::variant<toml::table, toml::parse_error> parse_text(std::string_view text) const {
#if TOML_EXCEPTIONS
    try {
      return toml::parse(text, std::string_view(file_.path));
    } catch (const toml::parse_error& e) {
      return e;
    }
#else
    toml::parse_result result = toml::parse(text, std::string_view(file_.path));
    if (!result)
      return std::move(result).error();
    return std::move(result).table();
#endif
  }

  [[noreturn]] void fail(const toml::source_position& position, std::string message) const {
    Diagnostic d;
    d.file = file_.path;
    d.line = static_cast<std::uint32_t>(position.line);
    d.column = static_cast<std::uint32_t>(position.column);
    d.message = std::move(message);
    d.source_line = line_of(file_.bytes, d.line);
    throw DiagnosticError({std::move(d)});
  }

  // Keys carry their own position; fall back to the value's when toml++ has none.
  static toml::source_position where(const toml::key& key, const toml::node& node) {
    return key.source().begin.line > 0 ? key.source().begin : node.source().begin;
  }

  std::string required_string(const toml::table& root, const char* key) const {
    const toml::node* node = root.get(key);
    if (node == nullptr)
      fail({1, 1}, std::string("missing `") + key + "`");
    if (!node->is_string())
      fail(node->source().begin, std::string("`") + key + "` must be a string");
    return node->as_string()->get();
  }

  void check_identifier(const toml::table& root, const char* key, const std::string& value) const {
    if (!is_revision_id(value))
      fail(root.get(key)->source().begin,
           std::string("`") + key + "` must be 1-64 letters, digits, '.', '_' or '-', not \"" +
               value + "\"");
  }

  void read_parents(const toml::table& root, Migration& migration) const {
    const toml::node* parent = root.get("parent");
    const toml::node* parents = root.get("parents");
    if (parent && parents)
      fail(parents->source().begin, "give either `parent` or `parents`, not both");
    if (parent) {
      if (!parent->is_string())
        fail(parent->source().begin, "`parent` must be a string (use `parents` for a merge)");
      const std::string& value = parent->as_string()->get();
      if (!is_revision_id(value))
        fail(parent->source().begin, "`parent` is not a revision id: \"" + value + "\"");
      migration.parents.push_back(value);
      return;
    }
    if (!parents)
      return;
    if (!parents->is_array())
      fail(parents->source().begin, "`parents` must be an array of revision ids");
    std::set<std::string> seen;
    for (const toml::node& item : *parents->as_array()) {
      if (!item.is_string() || !is_revision_id(item.as_string()->get()))
        fail(item.source().begin, "`parents` must be an array of revision ids");
      const std::string& value = item.as_string()->get();
      if (!seen.insert(value).second)
        fail(item.source().begin, "parent \"" + value + "\" is listed twice");
      migration.parents.push_back(value);
    }
    if (migration.parents.empty())
      fail(parents->source().begin, "`parents` is empty; leave it out for a first migration");
  }

  std::vector<Operation> read_operations(const toml::table& root, const char* key) const {
    std::vector<Operation> operations;
    const toml::node* node = root.get(key);
    if (node == nullptr)
      return operations;
    const toml::array* array = node->as_array();
    if (array == nullptr)
      fail(node->source().begin,
           std::string("`") + key + "` must be an array of tables ([[" + key + "]])");
    for (const toml::node& item : *array) {
      const toml::table* table = item.as_table();
      if (table == nullptr)
        fail(item.source().begin, std::string("each `") + key + "` step must be a table");
      operations.push_back(read_operation(*table, key));
    }
    return operations;
  }

  Operation read_operation(const toml::table& table, const char* section) const {
    const toml::node* op = table.get("op");
    if (op == nullptr)
      fail(table.source().begin, std::string("a step of `") + section + "` has no `op`");
    if (!op->is_string())
      fail(op->source().begin, "`op` must be a string");
    const std::string& name = op->as_string()->get();
    const OpSpec* spec = find_spec(name);
    if (spec == nullptr) {
      std::vector<std::string_view> names;
      for (const OpSpec& candidate : operation_table())
        names.push_back(candidate.name);
      fail(op->source().begin, "unknown op \"" + name + "\"" + did_you_mean(name, names));
    }
    Operation operation;
    operation.kind = spec->kind;
    operation.line = static_cast<int>(table.source().begin.line);
    if (operation.line == 0)
      operation.line = static_cast<int>(op->source().begin.line);
    for (auto&& [key, value] : table) {
      const std::string arg(key.str());
      if (arg == "op")
        continue;
      const bool known = std::any_of(spec->args.begin(), spec->args.end(),
                                     [&](const ArgSpec& a) { return arg == a.name; });
      if (!known) {
        std::vector<std::string_view> names;
        for (const ArgSpec& a : spec->args)
          names.push_back(a.name);
        fail(where(key, value),
             "unknown argument `" + arg + "` for op " + name + did_you_mean(arg, names));
      }
      try {
        operation.args[arg] = detail::to_json(value);
      } catch (const detail::LocatedProblem& problem) {
        fail(problem.where, problem.message);
      }
    }
    const std::string location = file_.path + ":" + std::to_string(operation.line);
    try {
      validate_operation(operation, location);
    } catch (const Error& e) {
      // Re-located as a diagnostic: same message, with the step's line shown under it.
      std::string message = e.what();
      if (message.rfind(location + ": ", 0) == 0)
        message.erase(0, location.size() + 2);
      fail(table.source().begin.line > 0 ? table.source().begin : op->source().begin, message);
    }
    return operation;
  }

  const MigrationFile& file_;
};

} // namespace

Migration parse_migration(const MigrationFile& file) {
  return Parser(file).parse();
}

} // namespace crochet::migration
