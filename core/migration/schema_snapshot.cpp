#include "core/migration/schema_snapshot.hpp"

#include "core/util/error.hpp"

namespace crochet::migration {
namespace {

std::string_view hex_of(std::string_view schema_hash) {
  constexpr std::string_view prefix = "sha256:";
  if (schema_hash.substr(0, prefix.size()) == prefix)
    schema_hash.remove_prefix(prefix.size());
  return schema_hash;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

} // namespace

std::string snapshot_relative_path(std::string_view schema_hash) {
  return std::string(kSnapshotFolder) + "/" + std::string(hex_of(schema_hash)) + ".json";
}

std::string snapshot_text(const schema::Schema& schema) {
  // The full IR (to_json), not canonical_json: the hash leaves out fields that do not change
  // the graph (e.g. how a resolved target was spelled), which from_json still needs.
  return schema::to_json(schema).dump() + "\n";
}

schema::Schema parse_snapshot(std::string_view text, std::string_view expected_hash,
                              std::string_view path) {
  const std::string where(path);
  const std::string hint = "restore the file from git (git checkout -- " + where +
                           "); it is written by create-migration and must not be edited";
  schema::Json json = schema::Json::parse(text, nullptr, false);
  if (json.is_discarded())
    throw Error("the schema snapshot " + where + " is not valid JSON", hint);
  schema::Schema schema;
  try {
    schema = schema::from_json(json);
  } catch (const Error& e) {
    throw Error("the schema snapshot " + where + " is not a schema: " + e.what(), hint);
  }
  const std::string actual = schema::schema_hash(schema);
  if (actual != expected_hash)
    throw Error("the schema snapshot " + where + " hashes to " + actual + ", not " +
                    std::string(expected_hash),
                hint);
  return schema;
}

std::optional<schema::Schema> find_snapshot(const std::vector<MigrationFile>& files,
                                            std::string_view schema_hash) {
  const std::string suffix = snapshot_relative_path(schema_hash);
  for (const MigrationFile& file : files) {
    const bool match = file.path == suffix || ends_with(file.path, "/" + suffix);
    if (match)
      return parse_snapshot(file.bytes, schema_hash, file.path);
  }
  return std::nullopt;
}

} // namespace crochet::migration
