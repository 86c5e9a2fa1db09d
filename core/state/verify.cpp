#include "core/state/verify.hpp"

#include <map>

#include <fmt/format.h>

#include "core/migration/schema_snapshot.hpp"
#include "core/util/advice.hpp"
#include "core/util/error.hpp"
#include "core/util/sha256.hpp"

namespace crochet::state {

bool VerifyReport::passed() const {
  for (const Check& check : checks)
    if (!check.passed)
      return false;
  return true;
}

namespace {

Check failed(std::string name, std::string summary, std::vector<std::string> problems,
             std::string hint) {
  return Check{std::move(name), false, std::move(summary), std::move(problems), std::move(hint)};
}

std::string provenance(const ledger::AppliedMigration& row) {
  std::string text = "applied " + row.applied_at;
  if (!row.commit_sha.empty())
    text += " from commit " + row.commit_sha.substr(0, 12);
  if (!row.branch.empty())
    text += " on " + row.branch;
  return text;
}

struct FileFacts {
  std::string path;
  std::string sha256;
  std::string chain_hash; // "" when the chain did not load
};

// revision -> its file, from the chain when it loaded, else by parsing each file alone.
std::map<std::string, FileFacts>
files_by_revision(const std::vector<migration::MigrationFile>& files,
                  const std::optional<migration::Chain>& chain) {
  std::map<std::string, FileFacts> result;
  if (chain) {
    for (const migration::Migration& m : chain->migrations)
      result[m.revision] = FileFacts{m.file, m.file_sha256, m.chain_hash};
    return result;
  }
  for (const migration::MigrationFile& file : files) {
    if (!migration::is_migration_path(file.path))
      continue;
    try {
      const migration::Migration m = migration::parse_migration(file);
      result.emplace(m.revision, FileFacts{file.path, "sha256:" + sha256_hex(file.bytes), ""});
    } catch (const Error&) {
      // Reported by the chain check; an unreadable file cannot vouch for any revision.
    }
  }
  return result;
}

} // namespace

Check check_chain(const std::vector<migration::MigrationFile>& files,
                  std::optional<migration::Chain>& chain) {
  const std::string name = "migration chain";
  try {
    chain = migration::load_chain(files);
  } catch (const Error& e) {
    chain.reset();
    return failed(name, "the migration files do not load", {e.what()},
                  e.hint().empty() ? "fix the file named above" : e.hint());
  }
  if (chain->heads.size() > 1) {
    std::vector<std::string> problems;
    for (const std::string& head : chain->heads)
      problems.push_back("head: " + chain->find(head)->file + " (" + head + ")");
    return failed(
        name, fmt::format("the migrations have {} heads", chain->heads.size()), std::move(problems),
        "run `" + advice::crochet("merge") + "` to write a merge migration that joins them");
  }
  return Check{
      name,
      true,
      fmt::format("{} migration{}, checksums and chain hashes computed, {}",
                  chain->migrations.size(), chain->migrations.size() == 1 ? "" : "s",
                  chain->heads.empty() ? std::string("no head") : "head " + chain->heads.front()),
      {},
      {}};
}

Check check_applied(const std::vector<migration::MigrationFile>& files,
                    const std::optional<migration::Chain>& chain,
                    const std::vector<ledger::AppliedMigration>& applied) {
  const std::string name = "applied migrations";
  const std::map<std::string, FileFacts> by_revision = files_by_revision(files, chain);
  std::vector<std::string> problems;
  for (const ledger::AppliedMigration& row : applied) {
    const auto found = by_revision.find(row.revision);
    if (found == by_revision.end()) {
      problems.push_back(row.revision + " (" + provenance(row) + "): its file " + row.file +
                         " is missing (deleted, or from another branch)");
      continue;
    }
    const FileFacts& file = found->second;
    if (file.sha256 != row.file_sha256) {
      problems.push_back(row.revision + ": " + file.path +
                         " was edited after it was applied (checksum " + file.sha256 +
                         ", applied " + row.file_sha256 + ")");
      continue;
    }
    if (!file.chain_hash.empty() && file.chain_hash != row.chain_hash)
      problems.push_back(row.revision + ": " + file.path +
                         " is unchanged but its history is not (an ancestor was edited, removed "
                         "or its parents reordered; chain hash " +
                         file.chain_hash + ", applied " + row.chain_hash + ")");
  }
  if (!problems.empty()) {
    std::string summary =
        fmt::format("{} of {} applied migration{} changed since applied", problems.size(),
                    applied.size(), applied.size() == 1 ? "" : "s");
    return failed(name, std::move(summary), std::move(problems),
                  "restore the applied files from git (`git log -- <file>` shows who changed "
                  "them); write new migrations instead of editing applied ones");
  }
  if (applied.empty())
    return Check{name, true, "nothing is recorded as applied", {}, {}};
  return Check{name,
               true,
               fmt::format("{} applied migration{} present and unedited", applied.size(),
                           applied.size() == 1 ? "" : "s"),
               {},
               {}};
}

Check check_head_snapshot(const std::optional<migration::Chain>& chain,
                          const std::optional<migration::MigrationFile>& snapshot) {
  const std::string name = "head schema snapshot";
  if (!chain || chain->heads.size() != 1)
    return Check{name,
                 true,
                 chain && chain->heads.empty() ? "no migrations yet"
                                               : "not checked: see the migration chain check",
                 {},
                 {}};
  const migration::Migration& head = *chain->find(chain->heads.front());
  const std::string path = migration::snapshot_relative_path(head.schema_hash);
  const std::string restore = "restore it from git (`git log -- <migrations folder>/" + path +
                              "` names the commit that wrote it)";
  if (!snapshot)
    return failed(name, "the schema the head migration records is missing",
                  {head.file + " records " + head.schema_hash + ", but " + path +
                   " is not in the migrations folder: the next create-migration cannot diff"},
                  restore);
  try {
    migration::parse_snapshot(snapshot->bytes, head.schema_hash, advice::path(snapshot->path));
  } catch (const Error& e) {
    return failed(name, "the head migration's schema snapshot is damaged", {e.what()}, restore);
  }
  return Check{name, true, snapshot->path + " holds " + head.schema_hash, {}, {}};
}

Check check_models(const migration::Coverage& coverage) {
  const std::string name = "models match head migration";
  if (coverage.ok())
    return Check{name, true, coverage.message + " (" + coverage.models_hash + ")", {}, {}};
  std::vector<std::string> problems{coverage.message};
  if (coverage.missing)
    for (const schema::Change& change : coverage.missing->changes)
      problems.push_back("not in any migration: " + change.summary);
  const std::string hint = coverage.state == migration::CoverageState::uncovered
                               ? "run `" + advice::crochet("create-migration \"DESCRIPTION\"") +
                                     "` to write the missing migration"
                           : coverage.state == migration::CoverageState::several_heads
                               ? "run `" + advice::crochet("merge") + "` to join the heads"
                               : "fix the migration files (see the migration chain check)";
  return failed(name, "the models are not covered by the head migration", std::move(problems),
                hint);
}

Check check_models_unreadable(const std::string& first_error) {
  return failed("models match head migration", "the models do not read", {first_error},
                "fix the model file named above");
}

Check check_event_log(const ledger::EventChainReport& report) {
  const std::string name = "event log";
  if (report.intact)
    return Check{
        name,
        true,
        fmt::format("{} event{}, hash chain intact", report.events, report.events == 1 ? "" : "s"),
        {},
        {}};
  return failed(name, "the ledger's event log was tampered with", {report.problem},
                "the ledger was changed outside git-crochet; restore it from a backup, or "
                "compare it with the graph's migration chain (`" +
                    advice::crochet("verify --live") + "`)");
}

Check ledger_unreadable(const std::string& name, const std::string& error,
                        const std::string& hint) {
  return failed(name, "the ledger cannot be read", {error}, hint);
}

} // namespace crochet::state
