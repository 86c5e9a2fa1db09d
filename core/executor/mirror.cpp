#include "core/executor/mirror.hpp"

#include "core/util/sha256.hpp"

namespace crochet::executor {
namespace {

using migration::Json;
using migration::Statement;

std::string node() {
  return std::string("(m:`") + kMirrorLabel + "` {revision: $revision})";
}

std::string text_of(const Json& value) {
  return value.is_string() ? value.get<std::string>() : "";
}

} // namespace

Statement mirror_read() {
  return {std::string("MATCH (m:`") + kMirrorLabel +
          "`) RETURN m.revision AS revision, m.parents AS parents, m.chain_hash AS "
          "chain_hash, m.schema_hash AS schema_hash, m.commit_sha AS commit_sha, m.branch "
          "AS branch, m.applied_by AS applied_by, m.state AS state, m.steps_done AS "
          "steps_done, m.done_sha256 AS done_sha256"};
}

std::map<std::string, MirrorEntry> read_mirror(neo4j::Session& session) {
  neo4j::Result result = session.run(mirror_read(), neo4j::Replay::idempotent);
  std::map<std::string, MirrorEntry> entries;
  for (std::size_t row = 0; row < result.rows.size(); ++row) {
    MirrorEntry entry;
    entry.revision = text_of(result.value(row, "revision"));
    for (const Json& parent : result.value(row, "parents"))
      if (parent.is_string())
        entry.parents.push_back(parent.get<std::string>());
    entry.chain_hash = text_of(result.value(row, "chain_hash"));
    entry.schema_hash = text_of(result.value(row, "schema_hash"));
    entry.commit_sha = text_of(result.value(row, "commit_sha"));
    entry.branch = text_of(result.value(row, "branch"));
    entry.applied_by = text_of(result.value(row, "applied_by"));
    entry.state = text_of(result.value(row, "state"));
    const Json& steps = result.value(row, "steps_done");
    entry.steps_done = steps.is_number_integer() ? steps.get<std::int64_t>() : 0;
    entry.done_sha256 = text_of(result.value(row, "done_sha256"));
    entries.emplace(entry.revision, std::move(entry));
  }
  return entries;
}

std::vector<std::string> done_steps_hashes(const std::vector<migration::Operation>& steps) {
  std::vector<std::string> hashes{""};
  for (const migration::Operation& step : steps)
    hashes.push_back(sha256_hex(hashes.back() + "\n" + migration::to_string(step.kind) + " " +
                                step.args.dump()));
  return hashes;
}

bool starts_with_done_steps(const MirrorEntry& entry,
                            const std::vector<migration::Operation>& steps) {
  if (entry.steps_done < 0 || static_cast<std::size_t>(entry.steps_done) > steps.size())
    return false;
  return entry.done_sha256.empty() ||
         done_steps_hashes(steps)[static_cast<std::size_t>(entry.steps_done)] == entry.done_sha256;
}

Statement mirror_begin(const ledger::AppliedMigration& migration, const std::string& state,
                       std::int64_t steps_done, const std::string& done_sha256) {
  return {"MERGE " + node() +
              " SET m.parents = $parents, m.chain_hash = $chain_hash, m.schema_hash = "
              "$schema_hash, m.file_sha256 = $file_sha256, m.commit_sha = $commit_sha, m.branch = "
              "$branch, m.applied_by = $applied_by, m.state = $state, m.steps_done = "
              "$steps_done, m.done_sha256 = $done_sha256, m.updated_at = timestamp() WITH m "
              "UNWIND $parents AS "
              "parent MATCH (p:`" +
              std::string(kMirrorLabel) +
              "` {revision: parent}) MERGE (p)-[:`__CROCHET_NEXT`]->(m)",
          {{"revision", migration.revision},
           {"parents", migration.parents},
           {"chain_hash", migration.chain_hash},
           {"schema_hash", migration.schema_hash},
           {"file_sha256", migration.file_sha256},
           {"commit_sha", migration.commit_sha},
           {"branch", migration.branch},
           {"applied_by", migration.applied_by},
           {"state", state},
           {"steps_done", steps_done},
           {"done_sha256", done_sha256}}};
}

Statement mirror_progress(const std::string& revision, const std::string& state,
                          std::int64_t steps_done, const std::string& done_sha256) {
  return {"MATCH " + node() +
              " SET m.state = $state, m.steps_done = $steps_done, m.done_sha256 = $done_sha256, "
              "m.updated_at = timestamp()",
          {{"revision", revision},
           {"state", state},
           {"steps_done", steps_done},
           {"done_sha256", done_sha256}}};
}

// As the load's checkpoint claim (core/load/statements.cpp): the lock is taken by writing a fresh
// value, which no server skips as a no-op, and a mismatch divides by zero, as Cypher without
// APOC has no assertion.
Statement mirror_claim(const std::string& revision, const std::string& state,
                       std::int64_t steps_done) {
  return {"MATCH " + node() +
              " SET m.claimed_at = timestamp() WITH m RETURN 1 / CASE WHEN m.state = $state AND "
              "coalesce(m.steps_done, 0) = $steps_done THEN 1 ELSE 0 END AS claimed",
          {{"revision", revision}, {"state", state}, {"steps_done", steps_done}}};
}

Statement mirror_remove(const std::string& revision) {
  return {"MATCH " + node() + " DETACH DELETE m", {{"revision", revision}}};
}

} // namespace crochet::executor
