#include "git-crochet/command.hpp"

namespace crochet::cli {

Action configure_schema(CLI::App&, const Globals&);
Action configure_new_project(CLI::App&, const Globals&);
Action configure_create_node(CLI::App&, const Globals&);
Action configure_create_relationship(CLI::App&, const Globals&);
Action configure_kgid(CLI::App&, const Globals&);
Action configure_diff(CLI::App&, const Globals&);
Action configure_log(CLI::App&, const Globals&);
Action configure_blame(CLI::App&, const Globals&);
Action configure_check(CLI::App&, const Globals&);
Action configure_status(CLI::App&, const Globals&);
Action configure_verify(CLI::App&, const Globals&);
Action configure_stamp(CLI::App&, const Globals&);
Action configure_create_migration(CLI::App&, const Globals&);
Action configure_upgrade(CLI::App&, const Globals&);
Action configure_lint(CLI::App&, const Globals&);
Action configure_hooks(CLI::App&, const Globals&);
Action configure_hook(CLI::App&, const Globals&);
Action configure_merge(CLI::App&, const Globals&);
Action configure_data(CLI::App&, const Globals&);
Action configure_downgrade(CLI::App&, const Globals&);
Action configure_unlock(CLI::App&, const Globals&);

const std::vector<Command>& command_table() {
  static const std::vector<Command> table = {
      {"schema", "Print the schema IR of the models (work tree by default)", configure_schema},
      {"new-project", "Create a crochet project: crochet.toml, models/, migrations/",
       configure_new_project},
      {"create-node", "Scaffold a neomodel StructuredNode model file", configure_create_node},
      {"create-relationship", "Scaffold a neomodel StructuredRel model file",
       configure_create_relationship},
      {"kgid", "List model classes without a __kgid__, or stamp them with --write", configure_kgid},
      {"diff", "Schema changes between revisions, the index and the work tree", configure_diff},
      {"log", "The commits that changed the schema", configure_log},
      {"blame", "The commits that introduced and changed a label or property", configure_blame},
      {"check", "Bisect-ready yes/no checks of the schema at a commit", configure_check},
      {"status", "Applied and pending migrations; where the database stands against HEAD",
       configure_status},
      {"verify", "Check migration files, applied checksums, models and the ledger's event log",
       configure_verify},
      {"stamp", "Record a migration and its ancestors as applied without running them",
       configure_stamp},
      {"create-migration", "Write the next migration from the model changes",
       configure_create_migration},
      {"upgrade",
       "Upgrade the graph (load steps' data checked first); --sql prints the Cypher, --dry-run "
       "the plan",
       configure_upgrade},
      {"lint", "Review the migrations: data loss, downgrades, steps a server cannot run",
       configure_lint},
      {"hooks", "Install, remove or list the git hooks (commit gate, ledger warnings)",
       configure_hooks},
      {"hook", "Run one git hook's check (what the installed hooks call)", configure_hook},
      {"merge", "Join the migration heads two merged branches left", configure_merge},
      {"data", "Check data files before a load is written into a migration", configure_data},
      {"downgrade", "Revert applied migrations, newest first", configure_downgrade},
      {"unlock", "Show or break (--force) the graph's migration lock", configure_unlock},
  };
  return table;
}

} // namespace crochet::cli
