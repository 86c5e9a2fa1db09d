// git crochet lint [--dialect D | --server-version V | --live] [--edition community|enterprise]
// [--json] [--strict]: what a reviewer should know about the migrations before they run.
#include <iostream>

#include "core/migration/folder.hpp"
#include "core/migration/lint.hpp"
#include "core/util/error.hpp"
#include "git-crochet/live.hpp"
#include "git-crochet/support.hpp"

namespace crochet::cli {
namespace {

// The newest release of each dialect family: lint without --server-version asks "can this
// dialect run it at all", not "can an old point release".
const char* newest_version(migration::Dialect dialect) {
  switch (dialect) {
  case migration::Dialect::v3:
    return "3.5.35";
  case migration::Dialect::v4_4:
    return "4.4.0";
  case migration::Dialect::v5:
    return "5.26.0";
  case migration::Dialect::v2025:
    return "2025.01.0";
  }
  return "5.26.0";
}

struct Options {
  std::string dialect;
  std::string server_version;
  std::string edition = "community";
  bool live = false;
  LiveOptions connection;
  bool json = false;
  bool strict = false;
};

// The server the migrations are checked against: the configured one itself (--live), an exact
// version, or the newest release of a dialect.
migration::ServerCapabilities target_server(const Options& options,
                                            const project::Project& project) {
  if (options.live) // reads the version and edition the server reports; writes nothing
    return open_session(project, options.connection)->server().capabilities;
  migration::ServerCapabilities server;
  if (!options.server_version.empty()) {
    server.version = options.server_version;
    server.dialect = migration::dialect_for_version(options.server_version);
    if (!options.dialect.empty() && migration::parse_dialect(options.dialect) != server.dialect)
      throw Error("--dialect " + options.dialect + " does not match --server-version " +
                  options.server_version);
  } else {
    const auto dialect =
        migration::parse_dialect(options.dialect.empty() ? "5.x" : options.dialect);
    if (!dialect)
      throw Error("unknown dialect '" + options.dialect + "'", "use 3.x, 4.4, 5.x or 2025");
    server.dialect = *dialect;
    server.version = newest_version(*dialect);
  }
  if (options.edition != "community" && options.edition != "enterprise")
    throw Error("unknown edition '" + options.edition + "'", "use community or enterprise");
  server.enterprise = options.edition == "enterprise";
  return server;
}

const char* severity_colour(migration::LintSeverity severity) {
  switch (severity) {
  case migration::LintSeverity::error:
    return "31";
  case migration::LintSeverity::warning:
    return "33";
  case migration::LintSeverity::info:
    return "36";
  }
  return "0";
}

} // namespace

Action configure_lint(CLI::App& app, const Globals& globals) {
  auto options = std::make_shared<Options>();
  CLI::Option* dialect =
      app.add_option("--dialect", options->dialect,
                     "Check against this Cypher dialect: 3.x, 4.4, 5.x or 2025 (default 5.x)");
  CLI::Option* version =
      app.add_option("--server-version", options->server_version,
                     "Check against this exact Neo4j version, e.g. 5.12.0 (sets the dialect)");
  CLI::Option* edition =
      app.add_option("--edition", options->edition, "community (default) or enterprise");
  app.add_flag("--live", options->live,
               "Check against the configured Neo4j server: the version and edition it reports "
               "(reads only)")
      ->excludes(dialect, version, edition);
  add_live_flags(app, options->connection, false);
  app.add_flag("--json", options->json, "Print the findings as JSON");
  app.add_flag("--strict", options->strict, "Exit 1 on warnings too");
  app.footer("Findings: unsupported (the server cannot run a step), round-trip (the upgrade does "
             "not reach the recorded schema, or the downgrade does not come back), destructive, "
             "no-downgrade, unfaithful-downgrade, rollback-unsafe, free-cypher, no-snapshot, "
             "bad-snapshot.\n"
             "Exit codes: 0 no errors (warnings allowed unless --strict), 1 errors.");
  return [options, &globals] {
    const project::Project project = open_project(globals);
    const migration::ServerCapabilities server = target_server(*options, project);
    RealFileSystem fs;
    const migration::MigrationsFolder folder{project.root, project.config.migrations_path};
    const migration::Chain chain =
        migration::load_chain(migration::read_migration_files(fs, folder));
    const auto findings =
        migration::lint_chain(chain, server, [&](const migration::Migration& migration) {
          return migration::recorded_schema(fs, folder, migration);
        });

    int errors = 0, warnings = 0;
    for (const migration::LintFinding& finding : findings) {
      errors += finding.severity == migration::LintSeverity::error;
      warnings += finding.severity == migration::LintSeverity::warning;
    }
    const int status = errors > 0 || (options->strict && warnings > 0) ? 1 : 0;
    const std::string target =
        std::string("Neo4j ") + server.version + (server.enterprise ? " Enterprise" : " Community");
    if (options->json) {
      migration::Json out = {{"server", target},
                             {"dialect", migration::to_string(server.dialect)},
                             {"migrations", chain.migrations.size()},
                             {"errors", errors},
                             {"warnings", warnings},
                             {"findings", migration::Json::array()}};
      for (const migration::LintFinding& f : findings)
        out["findings"].push_back({{"severity", migration::to_string(f.severity)},
                                   {"code", f.code},
                                   {"file", f.file},
                                   {"line", f.line},
                                   {"message", f.message}});
      std::cout << out.dump(2) << "\n";
      return status;
    }
    for (const migration::LintFinding& f : findings) {
      const std::string where = f.file + (f.line > 0 ? ":" + std::to_string(f.line) : "");
      std::cout << where << ": "
                << paint(globals, severity_colour(f.severity), migration::to_string(f.severity))
                << " [" << f.code << "] " << f.message << "\n";
    }
    std::cout << chain.migrations.size() << " migration"
              << (chain.migrations.size() == 1 ? "" : "s") << " checked against " << target << ": "
              << errors << " error" << (errors == 1 ? "" : "s") << ", " << warnings << " warning"
              << (warnings == 1 ? "" : "s") << "\n";
    return status;
  };
}

} // namespace crochet::cli
