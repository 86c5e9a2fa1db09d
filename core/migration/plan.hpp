#pragma once
// Which migrations an upgrade runs, and the exact Cypher they send, without a database:
// `upgrade --dry-run` prints the plan, `upgrade --sql` a script cypher-shell can run.
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/migration/dialect.hpp"
#include "core/migration/migration.hpp"

namespace crochet::migration {

// The migration a user names with --target: a revision id, a file name with or without
// ".toml" ("0003_add_email"), its number ("3", "0003"), or an unambiguous prefix of a revision
// id (4 characters or more). Throws crochet::Error when nothing or several match.
const Migration& resolve_migration(const Chain& chain, std::string_view text);

// `migration` and every ancestor of it in the chain: what `downgrade --target` keeps.
std::set<std::string> lineage(const Chain& chain, const Migration& migration);

// The migrations to run to bring a graph with the `applied` revisions to `target` (nullptr:
// the single head; several heads throw with the fix): the target and its ancestors that are
// not applied, parents first.
std::vector<const Migration*> upgrade_path(const Chain& chain, const std::set<std::string>& applied,
                                           const Migration* target);

// One step of a plan with the statements it sends.
struct PlannedStep {
  const Migration* migration = nullptr;
  std::size_t index = 0; // 0-based, within the migration's upgrade steps
  const Operation* operation = nullptr;
  std::vector<Statement> statements;
  std::string error;      // why this step cannot be rendered in the dialect; "" when it can
  std::string error_hint; // what to do about it: another dialect, or a fix to the step
};

// "migrations/0003_x.toml step 2 (create_nodes)": a step of a run in messages (`index` 0-based).
std::string step_name(const Migration& migration, std::size_t index, const Operation& step);

std::vector<PlannedStep> plan_steps(const std::vector<const Migration*>& path, Dialect dialect);

// A cypher-shell script: comments naming each migration and step, each statement's parameters
// as :param lines before it, data steps of a migration grouped in :begin/:commit (schema steps
// and `IN TRANSACTIONS` steps run on their own, as Neo4j requires). Throws crochet::Error when a
// step has no Cypher form in `dialect`. `origin` says where the path starts ("from the start",
// "after 0004_x.toml, ...") in the script's header.
std::string upgrade_script(const std::vector<const Migration*>& path, Dialect dialect,
                           const std::string& origin = "from the start");

// A JSON value as a Cypher literal ('text' with escapes, lists, {`key`: value} maps).
std::string cypher_literal(const Json& value);

} // namespace crochet::migration
