#include "core/migration/plan.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "core/migration/names.hpp"
#include "core/migration/render.hpp"
#include "core/util/advice.hpp"
#include "core/util/error.hpp"

namespace crochet::migration {
namespace {

std::string stem(const std::string& file) {
  std::string name = file.substr(file.rfind('/') + 1);
  if (name.size() > 5 && name.ends_with(".toml"))
    name.resize(name.size() - 5);
  return name;
}

bool all_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string quoted_key(const std::string& key) {
  const bool plain = !key.empty() && !(key[0] >= '0' && key[0] <= '9') &&
                     std::all_of(key.begin(), key.end(), [](char c) {
                       return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                              (c >= '0' && c <= '9') || c == '_';
                     });
  if (plain)
    return key;
  std::string out = "`";
  for (char c : key)
    out += c == '`' ? std::string("``") : std::string(1, c);
  return out + "`";
}

// cypher-shell sets parameters with `:param name => value` up to 4.4; from 5 on the documented
// form is a map, `:param {name: value}`.
std::string param_line(const std::string& name, const Json& value, Dialect dialect) {
  if (dialect == Dialect::v3 || dialect == Dialect::v4_4)
    return ":param " + quoted_key(name) + " => " + cypher_literal(value);
  return ":param {" + quoted_key(name) + ": " + cypher_literal(value) + "}";
}

std::string one_line(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  std::replace(text.begin(), text.end(), '\r', ' ');
  return text;
}

std::string step_title(const Operation& operation) {
  std::string title = to_string(operation.kind);
  for (const char* key : {"name", "label", "rel_type", "from", "to", "property", "batch"})
    if (auto it = operation.args.find(key); it != operation.args.end() && it->is_string())
      title += std::string(" ") + key + "=" + it->get<std::string>();
  return one_line(title);
}

} // namespace

std::string step_name(const Migration& migration, std::size_t index, const Operation& step) {
  return migration.file + " step " + std::to_string(index + 1) + " (" + to_string(step.kind) + ")";
}

const Migration& resolve_migration(const Chain& chain, std::string_view text) {
  const std::string wanted(text);
  std::vector<const Migration*> found;
  auto collect = [&](auto matches) {
    for (const Migration& migration : chain.migrations)
      if (matches(migration))
        found.push_back(&migration);
    return !found.empty();
  };
  if (collect([&](const Migration& m) { return m.revision == wanted; }) ||
      collect([&](const Migration& m) {
        return stem(m.file) == wanted || stem(m.file) + ".toml" == wanted || m.file == wanted;
      }) ||
      (all_digits(wanted) && collect([&](const Migration& m) {
         return file_number(m.file) == std::stoi(wanted.substr(0, 9));
       })) ||
      (wanted.size() >= 4 &&
       collect([&](const Migration& m) { return m.revision.rfind(wanted, 0) == 0; }))) {
    if (found.size() == 1)
      return *found.front();
    std::string names;
    for (const Migration* migration : found)
      names +=
          (names.empty() ? "" : ", ") + stem(migration->file) + " (" + migration->revision + ")";
    throw Error("'" + wanted + "' names several migrations: " + names,
                "name one by its revision id");
  }
  throw Error("no migration matches '" + wanted + "'",
              "name a migration by its revision id, file name or number (see the migrations "
              "folder)");
}

std::set<std::string> lineage(const Chain& chain, const Migration& migration) {
  std::set<std::string> found;
  std::vector<std::string> stack = {migration.revision};
  while (!stack.empty()) {
    const std::string revision = stack.back();
    stack.pop_back();
    if (!found.insert(revision).second)
      continue;
    if (const Migration* m = chain.find(revision))
      stack.insert(stack.end(), m->parents.begin(), m->parents.end());
  }
  return found;
}

std::vector<const Migration*> upgrade_path(const Chain& chain, const std::set<std::string>& applied,
                                           const Migration* target) {
  if (target == nullptr)
    target = chain.head();
  if (target == nullptr)
    return {};
  const std::set<std::string> needed = lineage(chain, *target);
  std::vector<const Migration*> path;
  for (const Migration& migration : chain.migrations) // already parents first
    if (needed.count(migration.revision) && !applied.count(migration.revision))
      path.push_back(&migration);
  return path;
}

std::vector<PlannedStep> plan_steps(const std::vector<const Migration*>& path, Dialect dialect) {
  std::vector<PlannedStep> steps;
  for (const Migration* migration : path)
    for (std::size_t i = 0; i < migration->upgrade.size(); ++i) {
      PlannedStep step;
      step.migration = migration;
      step.index = i;
      step.operation = &migration->upgrade[i];
      try {
        step.statements = render(*step.operation, dialect);
      } catch (const Error& e) {
        step.error = e.what();
        step.error_hint = e.hint();
      }
      steps.push_back(std::move(step));
    }
  return steps;
}

std::string upgrade_script(const std::vector<const Migration*>& path, Dialect dialect,
                           const std::string& origin) {
  std::string out;
  out += fmt::format("// git crochet upgrade --sql: {} migration{} for Neo4j {}\n", path.size(),
                     path.size() == 1 ? "" : "s", to_string(dialect));
  out += "// Runs " + one_line(origin) + ".\n";
  out += "// Run it with cypher-shell (e.g. cypher-shell -f upgrade.cypher).\n";
  if (!path.empty())
    out += "// It does not record the migrations as applied: afterwards run\n//   " +
           advice::crochet("stamp " + path.back()->revision) + "\n";
  if (path.empty())
    out += "// Nothing to run: the target is reached already.\n";
  const std::vector<PlannedStep> steps = plan_steps(path, dialect);
  for (const PlannedStep& step : steps)
    if (!step.error.empty())
      throw Error(step.migration->file + " step " + std::to_string(step.index + 1) + ": " +
                      step.error,
                  step.error_hint); // a name no quoting carries wants no other dialect

  bool open = false; // inside :begin ... :commit
  auto close = [&] {
    if (open)
      out += ":commit\n";
    open = false;
  };
  auto next = steps.begin();
  for (const Migration* migration : path) {
    close(); // a migration's data steps share one transaction, never two migrations'
    out += "\n// === " + stem(migration->file) + " (" + migration->revision + ")";
    if (!migration->description.empty())
      out += ": " + one_line(migration->description);
    out += migration->upgrade.empty() ? "\n// no upgrade steps\n" : "\n";
    for (; next != steps.end() && next->migration == migration; ++next) {
      const PlannedStep& step = *next;
      // A step outside the transaction closes it before its own header.
      if (!step.statements.empty() && step.statements.front().step_class != StepClass::data)
        close();
      out += fmt::format("\n// step {}/{}: {}\n", step.index + 1, migration->upgrade.size(),
                         step_title(*step.operation));
      if (step.operation->has("source"))
        out += "// rows come from the step's source file in chunks; this is the statement for "
               "one chunk, with the rows as $rows\n";
      for (const Statement& statement : step.statements) {
        const bool in_transaction = statement.step_class == StepClass::data;
        if (in_transaction && !open) {
          out += ":begin\n";
          open = true;
        } else if (!in_transaction) {
          close();
        }
        for (const auto& [name, value] : statement.params.items())
          out += param_line(name, value, dialect) + "\n";
        std::string text = statement.text;
        while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == ';'))
          text.pop_back();
        out += text + ";\n";
      }
    }
  }
  close();
  return out;
}

std::string cypher_literal(const Json& value) {
  switch (value.type()) {
  case Json::value_t::null:
  case Json::value_t::discarded:
  case Json::value_t::binary:
    return "null";
  case Json::value_t::boolean:
    return value.get<bool>() ? "true" : "false";
  case Json::value_t::number_integer:
    return std::to_string(value.get<std::int64_t>());
  case Json::value_t::number_unsigned:
    return std::to_string(value.get<std::uint64_t>());
  case Json::value_t::number_float: {
    const double number = value.get<double>();
    if (!std::isfinite(number))
      return "null";
    std::string text = fmt::format("{}", number);
    if (text.find_first_of(".eE") == std::string::npos)
      text += ".0";
    return text;
  }
  case Json::value_t::string: {
    std::string out = "'";
    for (char c : value.get_ref<const std::string&>()) {
      switch (c) {
      case '\'':
        out += "\\'";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20)
          out += fmt::format("\\u{:04X}", static_cast<unsigned char>(c));
        else
          out += c;
      }
    }
    return out + "'";
  }
  case Json::value_t::array: {
    std::string out = "[";
    bool first = true;
    for (const Json& item : value) {
      out += (first ? "" : ", ") + cypher_literal(item);
      first = false;
    }
    return out + "]";
  }
  case Json::value_t::object: {
    std::string out = "{";
    bool first = true;
    for (const auto& [key, item] : value.items()) {
      out += (first ? "" : ", ") + quoted_key(key) + ": " + cypher_literal(item);
      first = false;
    }
    return out + "}";
  }
  }
  return "null";
}

} // namespace crochet::migration
