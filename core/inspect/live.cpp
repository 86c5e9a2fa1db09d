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

// The checkout's migration files plus the snapshot of `schema_hash` (snapshots are read apart).
std::vector<migration::MigrationFile> with_snapshot(const state::Workspace& workspace,
                                                    const std::string& schema_hash) {
  std::vector<migration::MigrationFile> files = workspace.files;
  if (auto snapshot = state::read_snapshot_file(workspace, schema_hash))
    files.push_back(std::move(*snapshot));
  return files;
}

// Without a ledger, the database's head is the graph's own: its single applied head.
ExpectedSchema expected_from_mirror(const std::map<std::string, executor::MirrorEntry>& mirror,
                                    const std::vector<MirrorHead>& heads,
                                    state::Workspace& workspace) {
  if (heads.empty())
    return expected_schema("", "", workspace.files);
  if (heads.size() > 1) {
    ExpectedSchema expected;
    expected.revision = heads.front().revision;
    expected.problem = "the graph's migration chain has " + std::to_string(heads.size()) +
                       " heads, so which schema it should have is not known";
    return expected;
  }
  const executor::MirrorEntry& head = mirror.at(heads.front().revision);
  return expected_schema(head.revision, head.schema_hash,
                         with_snapshot(workspace, head.schema_hash));
}

} // namespace

LiveStatus read_live_status(neo4j::Session& session, state::Workspace& workspace,
                            const std::string& uri, const std::string& database) {
  LiveStatus status;
  status.uri = uri;
  status.database = database;
  status.server = session.server();

  std::optional<std::vector<ledger::AppliedMigration>> applied;
  try {
    ledger::OpenOptions options;
    options.create = false;
    if (std::optional<ledger::Ledger> ledger =
            ledger::Ledger::open_existing(workspace.ledger_path(), options))
      applied = ledger->applied();
  } catch (const Error& e) {
    status.chain_error = std::string("the ledger cannot be read: ") + e.what();
  }
  status.ledger_present = applied.has_value();

  status.lock = executor::GraphLock::holder(session);
  const std::map<std::string, executor::MirrorEntry> mirror = executor::read_mirror(session);
  status.mirror_size = static_cast<int>(mirror.size());
  status.graph_heads = heads_of(mirror);
  if (applied) {
    status.chain = compare_mirror(*applied, mirror);
    status.expected =
        applied->empty()
            ? expected_schema("", "", workspace.files)
            : expected_schema(*applied, with_snapshot(workspace, applied->back().schema_hash));
  } else {
    if (status.chain_error.empty()) {
      try {
        status.chain = compare_mirror(migration::load_chain(workspace.files), mirror);
      } catch (const Error& e) {
        status.chain_error = std::string("the migration files do not load: ") + e.what();
      }
    }
    status.expected = expected_from_mirror(mirror, status.graph_heads, workspace);
  }

  const std::vector<GraphObject> graph = read_graph_schema(session);
  if (status.expected.schema)
    status.schema = compare_graph_schema(status.expected.schema->objects, graph);
  return status;
}

std::vector<state::Check> live_checks(const LiveStatus& status) {
  std::vector<state::Check> checks;
  checks.push_back(graph_schema_check(status.expected, status.schema));
  if (status.chain_error.empty())
    checks.push_back(migration_chain_check(status.chain));
  else
    checks.push_back(state::Check{"graph migration chain",
                                  false,
                                  "the graph's chain could not be compared",
                                  {status.chain_error},
                                  "fix what is named above, then run verify --live again"});
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
  if (status.chain_error.empty()) {
    json["chain"] = drift_json(status.chain);
    json["chain"]["stamped_only"] = status.chain.stamped_only;
    json["chain"]["against"] = status.chain.against;
  } else {
    json["chain"] = Json{{"error", status.chain_error}};
  }
  return json;
}

} // namespace crochet::inspect
