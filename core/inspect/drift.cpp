#include "core/inspect/drift.hpp"

#include <fmt/format.h>

#include "core/migration/schema_snapshot.hpp"
#include "core/util/advice.hpp"
#include "core/util/error.hpp"

namespace crochet::inspect {
namespace {

struct Wanted {
  const schema::SchemaObject* object;
  std::string kind;
  std::string entity;
};

bool same_definition(const Wanted& want, const GraphObject& have) {
  return have.kind == want.kind && have.entity == want.entity &&
         have.tokens == std::vector<std::string>{want.object->label} &&
         have.properties == std::vector<std::string>{want.object->property};
}

std::string describe(const Wanted& want) {
  return want.object->name + " (" +
         inspect::describe(want.kind, want.entity, {want.object->label}, {want.object->property}) +
         ")";
}

// Counted only when the server describes it as a thing of its own.
bool comparable(const GraphObject& object) {
  return !object.internal && !object.backs_constraint;
}

std::string short_sha(const std::string& sha) {
  return sha.empty() ? std::string("outside any commit") : "commit " + sha.substr(0, 12);
}

std::string joined_with(const std::vector<std::string>& items, const char* separator) {
  std::string text;
  for (std::size_t i = 0; i < items.size(); ++i)
    text += (i ? separator : "") + items[i];
  return text;
}

std::string joined(const std::vector<std::string>& items) {
  return "[" + joined_with(items, ", ") + "]";
}

std::string plural(std::size_t n, const char* word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

// "REV: in the graph (applied, from commit ... on BRANCH by WHO)"
std::string in_graph(const executor::MirrorEntry& entry) {
  return entry.revision + ": in the graph (" + entry.state + ", from " +
         short_sha(entry.commit_sha) + (entry.branch.empty() ? "" : " on " + entry.branch) +
         (entry.applied_by.empty() ? "" : " by " + entry.applied_by) + ")";
}

std::string interrupted(const executor::MirrorEntry& entry) {
  return fmt::format("the graph says '{}' after {} (an interrupted run)", entry.state,
                     plural(static_cast<std::size_t>(entry.steps_done), "step"));
}

std::string counts(const Drift& drift) {
  return fmt::format("{} missing, {} extra, {} different", drift.missing.size(), drift.extra.size(),
                     drift.different.size());
}

std::vector<std::string> findings(const Drift& drift) {
  std::vector<std::string> lines;
  for (const std::string& item : drift.missing)
    lines.push_back("missing: " + item);
  for (const std::string& item : drift.extra)
    lines.push_back("extra: " + item);
  for (const std::string& item : drift.different)
    lines.push_back("different: " + item);
  return lines;
}

// How the graph's record of one migration departs from the expected run of it: interrupted, or
// another chain hash than the one `where` ("in the ledger", "for <file>") gives.
std::vector<std::string> run_differences(const executor::MirrorEntry& entry,
                                         const std::string& chain_hash, const std::string& where) {
  std::vector<std::string> differences;
  if (entry.state != "applied")
    differences.push_back(interrupted(entry));
  if (entry.chain_hash != chain_hash)
    differences.push_back("chain hash " + entry.chain_hash + " in the graph, " + chain_hash + " " +
                          where);
  return differences;
}

void tally(ChainDrift& drift, const std::string& revision,
           const std::vector<std::string>& differences) {
  if (differences.empty())
    ++drift.matched;
  else
    drift.different.push_back(revision + ": " + joined_with(differences, "; "));
}

} // namespace

std::string ExpectedSchema::source() const {
  if (revision.empty())
    return "no migration applied (an empty schema)";
  return "the schema of " + revision + ", the database's last applied migration";
}

ExpectedSchema expected_schema(const std::string& revision, const std::string& schema_hash,
                               const std::vector<migration::MigrationFile>& files) {
  ExpectedSchema expected;
  expected.revision = revision;
  expected.schema_hash = schema_hash;
  if (revision.empty()) {
    expected.schema = schema::Schema{};
    return expected;
  }
  try {
    expected.schema = migration::find_snapshot(files, schema_hash);
  } catch (const Error& e) {
    expected.problem = e.what();
    return expected;
  }
  if (!expected.schema && schema_hash == schema::schema_hash(schema::Schema{}))
    expected.schema = schema::Schema{};
  if (!expected.schema)
    expected.problem = "its snapshot " + migration::snapshot_relative_path(schema_hash) +
                       " is not among this checkout's migrations (check out the branch that "
                       "applied " +
                       revision + ")";
  return expected;
}

ExpectedSchema expected_schema(const std::vector<ledger::AppliedMigration>& applied,
                               const std::vector<migration::MigrationFile>& files) {
  if (applied.empty())
    return expected_schema("", "", files);
  return expected_schema(applied.back().revision, applied.back().schema_hash, files);
}

Drift compare_graph_schema(const std::vector<schema::SchemaObject>& expected,
                           const std::vector<GraphObject>& graph) {
  Drift drift;
  std::vector<bool> used(graph.size(), false);
  std::vector<Wanted> unmatched;
  for (const schema::SchemaObject& object : expected) {
    const Wanted want{&object, schema::to_string(object.kind), schema::to_string(object.entity)};
    std::size_t found = graph.size();
    for (std::size_t i = 0; i < graph.size() && found == graph.size(); ++i)
      if (!used[i] && comparable(graph[i]) && same_definition(want, graph[i]))
        found = i;
    if (found == graph.size()) {
      unmatched.push_back(want);
      continue;
    }
    used[found] = true;
    const GraphObject& have = graph[found];
    if (!have.name.empty() && have.name != object.name)
      drift.different.push_back(describe(want) + ": the graph names it " + have.name +
                                " (later migrations drop it by name)");
    else if (have.state == "FAILED") // POPULATING is on its way: not drift
      drift.different.push_back(describe(want) + ": the graph's index is " + have.state);
    else
      ++drift.matched;
  }
  // What is left: a graph object of the same name is the expected one defined differently.
  for (const Wanted& want : unmatched) {
    std::size_t same_name = graph.size();
    for (std::size_t i = 0; i < graph.size() && same_name == graph.size(); ++i)
      if (!used[i] && comparable(graph[i]) && graph[i].name == want.object->name)
        same_name = i;
    if (same_name == graph.size()) {
      drift.missing.push_back(describe(want));
      continue;
    }
    used[same_name] = true;
    drift.different.push_back(describe(want) + ": the graph defines it as " +
                              describe(graph[same_name]));
  }
  for (std::size_t i = 0; i < graph.size(); ++i)
    if (!used[i] && comparable(graph[i]))
      drift.extra.push_back(describe(graph[i]) + ": " + graph[i].description);
  return drift;
}

ChainDrift compare_mirror(const std::vector<ledger::AppliedMigration>& applied,
                          const std::map<std::string, executor::MirrorEntry>& mirror) {
  ChainDrift drift;
  std::map<std::string, bool> in_ledger;
  for (const ledger::AppliedMigration& row : applied) {
    in_ledger[row.revision] = true;
    const auto found = mirror.find(row.revision);
    if (found == mirror.end()) {
      if (row.method == "stamp")
        ++drift.stamped_only;
      else
        drift.missing.push_back(row.revision + ": applied " + row.applied_at + " from " +
                                short_sha(row.commit_sha) +
                                " says the ledger, but the graph has no record of it");
      continue;
    }
    const executor::MirrorEntry& entry = found->second;
    std::vector<std::string> differences = run_differences(entry, row.chain_hash, "in the ledger");
    if (entry.schema_hash != row.schema_hash)
      differences.push_back("schema hash " + entry.schema_hash + " in the graph, " +
                            row.schema_hash + " in the ledger");
    if (entry.parents != row.parents)
      differences.push_back("parents " + joined(entry.parents) + " in the graph, " +
                            joined(row.parents) + " in the ledger");
    tally(drift, row.revision, differences);
  }
  for (const auto& [revision, entry] : mirror)
    if (!in_ledger.count(revision))
      drift.extra.push_back(in_graph(entry) + " but not in this ledger");
  return drift;
}

ChainDrift compare_mirror(const migration::Chain& chain,
                          const std::map<std::string, executor::MirrorEntry>& mirror) {
  ChainDrift drift;
  drift.against = "this checkout's migration files (no ledger here)";
  for (const auto& [revision, entry] : mirror) {
    const migration::Migration* migration = chain.find(revision);
    if (migration == nullptr) {
      drift.extra.push_back(in_graph(entry) + " but not among this checkout's migrations");
      continue;
    }
    tally(drift, revision, run_differences(entry, migration->chain_hash, "for " + migration->file));
  }
  return drift;
}

state::Check graph_schema_check(const ExpectedSchema& expected, const Drift& drift) {
  state::Check check;
  check.name = "graph schema";
  if (!expected.schema) {
    check.passed = false;
    check.summary = "cannot tell which constraints and indexes the graph should have";
    check.problems = {expected.revision + " (" + expected.schema_hash + "): " + expected.problem};
    check.hint = "run `" + advice::crochet("verify --live") +
                 "` from a checkout that has the applied migrations";
    return check;
  }
  if (drift.empty()) {
    const std::string what = drift.matched == 1
                                 ? std::string("1 constraint or index")
                                 : fmt::format("{} constraints and indexes", drift.matched);
    check.summary = what + " as expected, against " + expected.source();
    return check;
  }
  check.passed = false;
  check.summary =
      "the graph's constraints and indexes differ from " + expected.source() + ": " + counts(drift);
  check.problems = findings(drift);
  check.hint = "missing or different objects: run `" + advice::crochet("upgrade") +
               "` if migrations are "
               "pending, else recreate them as the migrations say; extra ones were made outside "
               "the migrations: drop them or write a migration that adds them to the models";
  return check;
}

state::Check migration_chain_check(const ChainDrift& drift) {
  state::Check check;
  check.name = "graph migration chain";
  const std::string stamped =
      drift.stamped_only
          ? fmt::format(" ({} stamped in the ledger only)", plural(drift.stamped_only, "migration"))
          : std::string();
  if (drift.empty()) {
    check.summary =
        fmt::format("the graph's :{} chain agrees with {}: {}{}", executor::kMirrorLabel,
                    drift.against, plural(drift.matched, "migration"), stamped);
    return check;
  }
  check.passed = false;
  check.summary = fmt::format("the graph's :{} chain and {} disagree: {}{}", executor::kMirrorLabel,
                              drift.against, counts(drift), stamped);
  check.problems = findings(drift);
  const bool ledger = drift.against == ChainDrift{}.against;
  check.hint =
      ledger ? "extra in the graph: another machine applied them, `" + advice::crochet("upgrade") +
                   "` records them here; interrupted: run `" + advice::crochet("upgrade") +
                   "` (or downgrade) again to finish; missing or different: the ledger and this "
                   "database do not belong together (check [neo4j] in crochet.toml and the "
                   "ledger path)"
             : "extra in the graph: applied from a branch this checkout does not have; "
               "different: a migration file was edited after it was applied (restore "
               "it from git); interrupted: run `" +
                   advice::crochet("upgrade") + "` (or downgrade) again to finish";
  return check;
}

} // namespace crochet::inspect
