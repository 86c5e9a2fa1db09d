#include "core/state/stamp.hpp"

#include <set>

#include "core/migration/plan.hpp"
#include "core/util/advice.hpp"
#include "core/util/error.hpp"

namespace crochet::state {

const migration::Migration& resolve_revision(const migration::Chain& chain,
                                             const std::string& name) {
  if (chain.migrations.empty())
    throw Error("there are no migrations to stamp",
                "write one with `" + advice::crochet("create-migration \"DESCRIPTION\"") + "`");
  if (name == "head" || name == "HEAD")
    return *chain.head(); // throws with the fix when there are several
  return migration::resolve_migration(chain, name);
}

std::vector<const migration::Migration*> with_ancestors(const migration::Chain& chain,
                                                        const migration::Migration& target) {
  std::set<std::string> wanted{target.revision};
  // The chain is in topological order, so walking it backwards visits children before parents.
  for (auto it = chain.migrations.rbegin(); it != chain.migrations.rend(); ++it)
    if (wanted.count(it->revision))
      wanted.insert(it->parents.begin(), it->parents.end());
  std::vector<const migration::Migration*> result;
  for (const migration::Migration& m : chain.migrations)
    if (wanted.count(m.revision))
      result.push_back(&m);
  return result;
}

StampResult stamp(Workspace& workspace, const std::string& revision,
                  const ledger::OpenOptions& options) {
  const migration::Chain chain = migration::load_chain(workspace.files);
  const migration::Migration& target = resolve_revision(chain, revision);
  StampResult result;
  result.revision = target.revision;

  ledger::Ledger ledger = ledger::Ledger::open(workspace.ledger_path(), options);
  const std::string actor = current_actor(workspace);
  const std::string uri = redact_uri(workspace.project().config.neo4j.uri);
  const std::string database = workspace.project().config.neo4j.database;
  std::vector<std::pair<ledger::AppliedMigration, ledger::NewEvent>> rows;
  for (const migration::Migration* m : with_ancestors(chain, target)) {
    if (ledger.find_applied(m->revision)) {
      result.already_applied.push_back(m->revision);
      continue;
    }
    ledger::AppliedMigration row;
    row.revision = m->revision;
    row.parents = m->parents;
    row.file = m->file;
    row.file_sha256 = m->file_sha256;
    row.chain_hash = m->chain_hash;
    row.schema_hash = m->schema_hash;
    row.commit_sha = workspace.head_commit;
    row.branch = workspace.branch;
    row.applied_by = actor;
    row.duration_ms = 0;
    row.target_uri = uri;
    row.target_database = database;
    row.method = "stamp";
    ledger::NewEvent event{ledger::event_kind::stamp, m->revision, "ok", actor,
                           ledger::Json{{"commit", workspace.head_commit},
                                        {"branch", workspace.branch},
                                        {"file", m->file},
                                        {"file_sha256", m->file_sha256},
                                        {"chain_hash", m->chain_hash},
                                        {"schema_hash", m->schema_hash},
                                        {"requested", target.revision},
                                        {"target_uri", uri},
                                        {"target_database", database}}};
    rows.emplace_back(std::move(row), std::move(event));
    result.recorded.push_back(m->revision);
  }
  if (!rows.empty())
    ledger.record_applied(rows);
  return result;
}

} // namespace crochet::state
