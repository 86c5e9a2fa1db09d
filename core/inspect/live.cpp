#include "core/inspect/live.hpp"

#include <set>

#include "core/ledger/ledger.hpp"
#include "core/util/error.hpp"

namespace crochet::inspect {
namespace {

using ledger::Json;

std::vector<MirrorHead> heads_of(const std::map<std::string, executor::MirrorEntry>& mirror) {
  std::set<std::string> parents;
  for (const auto& [revision, entry] : mirror)
    parents.insert(entry.parents.begin(), entry.parents.end());
  std::vector<MirrorHead> heads;
  for (const auto& [revision, entry] : mirror)
    if (!parents.count(revision))
      heads.push_back(
          MirrorHead{revision, entry.state, entry.steps_done, entry.commit_sha, entry.branch});
  return heads;
}

Json drift_json(const Drift& drift) {
  return Json{{"matched", drift.matched},
              {"missing", drift.missing},
              {"extra", drift.extra},
              {"different", drift.different}};
}

} // namespace

LiveStatus read_live_status(neo4j::Session& session, state::Workspace& workspace,
                            const std::string& uri, const std::string& database) {
  LiveStatus status;
  status.uri = uri;
  status.database = database;
  status.server = session.server();

  std::vector<ledger::AppliedMigration> applied;
  try {
    ledger::OpenOptions options;
    options.create = false;
    if (std::optional<ledger::Ledger> ledger =
            ledger::Ledger::open_existing(workspace.ledger_path(), options))
      applied = ledger->applied();
  } catch (const Error& e) {
    status.ledger_readable = false;
    status.ledger_error = e.what();
  }

  status.lock = executor::GraphLock::holder(session);
  const std::map<std::string, executor::MirrorEntry> mirror = executor::read_mirror(session);
  status.mirror_size = static_cast<int>(mirror.size());
  status.graph_heads = heads_of(mirror);
  if (status.ledger_readable)
    status.chain = compare_mirror(applied, mirror);

  std::vector<migration::MigrationFile> files = workspace.files;
  if (!applied.empty())
    if (auto snapshot = state::read_snapshot_file(workspace, applied.back().schema_hash))
      files.push_back(std::move(*snapshot));
  status.expected = expected_schema(applied, files);
  const std::vector<GraphObject> graph = read_graph_schema(session);
  if (status.expected.schema)
    status.schema = compare_graph_schema(status.expected.schema->objects, graph);
  return status;
}

std::vector<state::Check> live_checks(const LiveStatus& status) {
  std::vector<state::Check> checks;
  checks.push_back(graph_schema_check(status.expected, status.schema));
  if (status.ledger_readable)
    checks.push_back(migration_chain_check(status.chain));
  else
    checks.push_back(state::ledger_unreadable("graph migration chain", status.ledger_error,
                                              "restore the ledger from a backup"));
  return checks;
}

state::Check unreachable_check(const std::string& error, const std::string& hint) {
  return state::Check{"live graph", false, "the server could not be asked", {error}, hint};
}

Json to_json(const LiveStatus& status) {
  Json heads = Json::array();
  for (const MirrorHead& head : status.graph_heads)
    heads.push_back(Json{{"revision", head.revision},
                         {"state", head.state},
                         {"steps_done", head.steps_done},
                         {"commit_sha", head.commit_sha},
                         {"branch", head.branch}});
  Json json{{"uri", status.uri},
            {"database", status.database},
            {"server",
             {{"version", status.server.version},
              {"edition", status.server.edition},
              {"endpoint", neo4j::to_string(status.server.family)},
              {"dialect", migration::to_string(status.server.capabilities.dialect)}}},
            {"lock", nullptr},
            {"graph_heads", heads},
            {"mirror_entries", status.mirror_size},
            {"expected_schema",
             {{"revision", status.expected.revision},
              {"schema_hash", status.expected.schema_hash},
              {"known", status.expected.schema.has_value()},
              {"problem", status.expected.problem}}},
            {"schema", drift_json(status.schema)}};
  if (status.lock)
    json["lock"] = Json{{"owner", status.lock->owner},
                        {"expires_in_ms", status.lock->expires_at_ms - status.lock->now_ms}};
  if (status.ledger_readable) {
    json["chain"] = drift_json(status.chain);
    json["chain"]["stamped_only"] = status.chain.stamped_only;
  } else {
    json["chain"] = Json{{"error", status.ledger_error}};
  }
  return json;
}

} // namespace crochet::inspect
