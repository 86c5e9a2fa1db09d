// The canonical layout of a migration file: header keys in a fixed order, then one [[upgrade]]
// and one [[downgrade]] table per step with `op` first and the arguments in the order the
// operation table lists them. parse_migration(format_migration(m)) gives m back.
#include <algorithm>
#include <string>

#include "core/migration/migration.hpp"
#include "core/migration/toml_json.hpp"

namespace crochet::migration {
namespace {

void append_steps(std::string& out, const char* section, const std::vector<Operation>& steps) {
  for (const Operation& step : steps) {
    const OpSpec& spec = spec_of(step.kind);
    out += std::string("\n[[") + section + "]]\nop = " + detail::toml_string(spec.name) + "\n";
    // Table order first, then anything else (validated operations have nothing else).
    for (const ArgSpec& arg : spec.args)
      if (auto it = step.args.find(arg.name); it != step.args.end())
        out += detail::toml_key(arg.name) + " = " + detail::toml_value(*it) + "\n";
    for (const auto& item : step.args.items()) {
      const std::string& key = item.key();
      const bool listed = std::any_of(spec.args.begin(), spec.args.end(),
                                      [&](const ArgSpec& a) { return key == a.name; });
      if (!listed)
        out += detail::toml_key(key) + " = " + detail::toml_value(item.value()) + "\n";
    }
  }
}

} // namespace

std::string format_migration(const Migration& migration, const std::vector<std::string>& comments) {
  std::string out;
  for (const std::string& comment : comments) {
    std::string line = comment;
    for (char& c : line)
      if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F)
        c = ' '; // TOML comments cannot hold control characters
    out += line.empty() ? "#\n" : "# " + line + "\n";
  }
  if (!comments.empty())
    out += "\n";
  out += "revision = " + detail::toml_string(migration.revision) + "\n";
  if (migration.parents.size() == 1) {
    out += "parent = " + detail::toml_string(migration.parents.front()) + "\n";
  } else if (!migration.parents.empty()) {
    out += "parents = [";
    for (std::size_t i = 0; i < migration.parents.size(); ++i)
      out += (i ? ", " : "") + detail::toml_string(migration.parents[i]);
    out += "]\n";
  }
  out += "schema_hash = " + detail::toml_string(migration.schema_hash) + "\n";
  out += std::string("rollback_safe = ") + (migration.rollback_safe ? "true" : "false") + "\n";
  out += "description = " + detail::toml_string(migration.description) + "\n";
  append_steps(out, "upgrade", migration.upgrade);
  append_steps(out, "downgrade", migration.downgrade);
  return out;
}

std::string format_migration(const Migration& migration) {
  return format_migration(migration, {});
}

} // namespace crochet::migration
