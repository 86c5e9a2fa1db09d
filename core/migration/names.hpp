#pragma once
// Names in the migrations folder: revision ids, file names, schema hashes.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace crochet::migration {

// 1-64 characters from [A-Za-z0-9._-], not starting with '.' or '-'.
bool is_revision_id(std::string_view text);

// "sha256:" followed by 64 lowercase hex digits.
bool is_schema_hash(std::string_view text);

// A fresh revision id: the first 12 hex digits of SHA-256 over the parents, the schema hash, the
// description and `nonce` (random bytes from the caller). No clock: two branches that add a
// migration on the same parent with the same models and description still get different ids
// because their nonces differ; the same inputs give the same id, so tests stay deterministic.
std::string new_revision_id(const std::vector<std::string>& parents, std::string_view schema_hash,
                            std::string_view description, std::string_view nonce);

// "Add Person.email!" -> "add_person_email": lowercase ASCII letters and digits joined by '_',
// at most 48 characters; accented Latin letters lose their accents ("émile" -> "emile"), other
// characters separate words; "migration" when nothing is left.
std::string slug(std::string_view description);

// "0003_add_person_email.toml".
std::string migration_file_name(int number, std::string_view description);

// The leading number of a migration file name ("0003_x.toml" -> 3); 0 when there is none.
int file_number(std::string_view file_name);

// " (did you mean `x`?)" for the closest candidate within a few typos, else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates);

// How messages name a migration to people: the file's stem ("0003_add_email" for
// migrations/0003_add_email.toml); `revision` when there is no file.
inline std::string display_name(const std::string& file, const std::string& revision) {
  const std::string stem = std::filesystem::path(file).stem().string();
  return stem.empty() ? revision : stem;
}

// The same for anything with `file` and `revision` (a migration, a ledger row, a pending one).
template <typename Migration> std::string display_name(const Migration& migration) {
  return display_name(migration.file, migration.revision);
}

} // namespace crochet::migration
