// Feeds arbitrary bytes to the migration file loader: it must never crash, leak or hang; every
// rejected file gets a located error; and every accepted file survives a format/parse round
// trip unchanged (the canonical layout create-migration writes loads back as the same steps).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/migration/migration.hpp"
#include "core/util/diagnostic.hpp"
#include "core/util/error.hpp"

namespace {

void check(bool condition) {
  if (!condition)
    __builtin_trap();
}

std::uint32_t count_lines(std::string_view text) {
  std::uint32_t lines = 1;
  for (char c : text)
    lines += c == '\n';
  return lines;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace crochet::migration;
  const MigrationFile file{"migrations/0001_fuzz.toml",
                           std::string(reinterpret_cast<const char*>(data), size)};
  Migration migration;
  try {
    migration = parse_migration(file);
  } catch (const crochet::DiagnosticError& e) {
    for (const crochet::Diagnostic& d : e.diagnostics()) {
      check(!d.message.empty());
      check(d.file == file.path);
      check(d.line <= count_lines(file.bytes) + 1);
    }
    return 0;
  } catch (const crochet::Error&) {
    check(false); // every parse error is located
  }

  std::string text;
  try {
    text = format_migration(migration);
  } catch (const crochet::Error&) {
    return 0; // values TOML cannot write back (e.g. an integer beyond int64 cannot come in)
  }
  const Migration back = parse_migration({file.path, text});
  check(back.revision == migration.revision);
  check(back.parents == migration.parents);
  check(back.schema_hash == migration.schema_hash);
  check(back.rollback_safe == migration.rollback_safe);
  check(back.description == migration.description);
  check(back.upgrade == migration.upgrade);
  check(back.downgrade == migration.downgrade);
  check(format_migration(back) == text);

  // A folder of this file and a child of it loads with consistent hashes.
  Migration child;
  child.revision = migration.revision == "child" ? "child2" : "child";
  child.parents = {migration.revision};
  child.schema_hash = migration.schema_hash;
  try {
    const Chain chain = load_chain({file, {"migrations/0002_child.toml", format_migration(child)}});
    check(chain.migrations.size() == 2 || !migration.parents.empty());
  } catch (const crochet::Error&) {
    check(!migration.parents.empty()); // only a missing parent can fail here
  }
  return 0;
}
