#include "core/migration/dialect.hpp"

#include "core/migration/render_support.hpp"
#include "core/util/error.hpp"

namespace crochet::migration {

const char* to_string(Dialect dialect) {
  switch (dialect) {
  case Dialect::v3:
    return "3.x";
  case Dialect::v4_4:
    return "4.4";
  case Dialect::v5:
    return "5.x";
  case Dialect::v2025:
    return "2025";
  }
  return "5.x";
}

std::optional<Dialect> parse_dialect(std::string_view text) {
  for (Dialect dialect : {Dialect::v3, Dialect::v4_4, Dialect::v5, Dialect::v2025})
    if (text == to_string(dialect))
      return dialect;
  return std::nullopt;
}

// 4.0 to 4.3 still speak the 3.x forms (`ON ... ASSERT`, `CREATE INDEX ON :L(p)`, the fulltext
// procedures); `FOR ... REQUIRE` and `CALL { } IN TRANSACTIONS` arrived in 4.4. Calendar
// versions (2025.01 and later) are all 2025.
Dialect dialect_for_version(std::string_view version) {
  const auto parsed = detail::parse_version(version);
  if (!parsed)
    throw Error("cannot read the Neo4j version \"" + std::string(version) + "\"",
                "pass the dialect explicitly with --dialect 3.x, 4.4, 5.x or 2025");
  if (parsed->major < 3)
    throw Error("Neo4j " + std::string(version) +
                    " is too old: git-crochet needs Neo4j 3.0 or later",
                "upgrade the server");
  if (parsed->major == 3 || (parsed->major == 4 && parsed->minor < 4))
    return Dialect::v3;
  if (parsed->major == 4)
    return Dialect::v4_4;
  if (parsed->major < 2025)
    return Dialect::v5;
  return Dialect::v2025;
}

} // namespace crochet::migration
