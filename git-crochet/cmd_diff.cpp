// git crochet diff [A [B]] [--staged] [--json]: the schema changes between two revisions, a
// revision and the work tree (default HEAD), or HEAD and the index (--staged).
#include <iostream>

#include "core/history/context.hpp"
#include "core/schema/diff.hpp"
#include "core/util/error.hpp"
#include "git-crochet/support.hpp"

namespace crochet::cli {
namespace {

const char* class_colour(schema::ChangeClass c) {
  switch (c) {
  case schema::ChangeClass::additive:
    return "32";
  case schema::ChangeClass::destructive:
    return "31";
  case schema::ChangeClass::needs_data:
    return "33";
  }
  return "0";
}

schema::Schema readable(history::Snapshot snapshot, const std::string& where) {
  if (!snapshot.readable)
    throw Error("the models have errors at " + where + ": " + snapshot.first_error);
  print_warnings(snapshot.diagnostics);
  return std::move(snapshot.schema);
}

void print_diff(const Globals& g, const schema::Diff& d, const std::string& from,
                const std::string& to) {
  if (d.empty()) {
    std::cout << "no schema changes between " << from << " and " << to << "\n";
    return;
  }
  std::cout << "schema changes " << from << " -> " << to << "\n";
  for (const schema::OwnerChanges& owner : schema::group_by_owner(d)) {
    std::cout << paint(g, "1", owner.owner_class) << "  [" << owner.owner_kgid << "]\n";
    for (const schema::Change& c : owner.changes)
      std::cout << "  "
                << paint(g, class_colour(c.change_class),
                         std::string("[") + schema::to_string(c.change_class) + "]")
                << " " << c.summary << "\n";
  }
  for (const schema::RenameProposal& r : d.renames)
    std::cout << "hint: possible rename: " << schema::describe(r) << "\n";
}

} // namespace

Action configure_diff(CLI::App& app, const Globals& globals) {
  struct Options {
    std::vector<std::string> revs;
    bool staged = false;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  app.add_option("REVS", options->revs,
                 "No revision: HEAD vs the work tree; one: REV vs the work tree; two: A vs B")
      ->expected(0, 2);
  app.add_flag("--staged", options->staged, "HEAD vs the index (what the next commit changes)");
  app.add_flag("--json", options->json, "Print the diff as JSON");
  return [options, &globals] {
    if (options->staged && options->revs.size() > 1)
      throw Error("--staged compares one revision (default HEAD) with the index");
    history::HistoryContext context =
        history::open_history(globals.start_directory(), read_options);
    history::ModelSnapshotReader& reader = *context.reader;
    std::string from = options->revs.empty() ? "HEAD" : options->revs[0];
    // Before the first commit, HEAD's models are no models: everything in the work tree (or the
    // index) is new, which is what the first migration will create.
    const bool unborn = options->revs.empty() && !reader.repo().head_commit();
    if (unborn)
      from = "HEAD (no commits yet)";
    const schema::Schema before =
        unborn ? schema::Schema{}
               : readable(reader.at_commit(reader.repo().resolve_commit(from)), from);
    std::string to;
    schema::Schema after;
    if (options->revs.size() == 2) {
      to = options->revs[1];
      after = readable(reader.at_commit(reader.repo().resolve_commit(to)), to);
    } else if (options->staged) {
      to = "the index";
      after = readable(reader.in_index(), to);
    } else {
      to = "the work tree";
      RealFileSystem fs;
      after = readable(reader.from_sources(project::read_worktree_models(context.project, fs)), to);
    }
    for (const std::string& warning : reader.cache_warnings())
      std::cerr << "warning: " << warning << "\n";
    const schema::Diff d = schema::diff(before, after);
    if (options->json) {
      schema::Json out = schema::to_json(d);
      out["from"] = from;
      out["to"] = to;
      out["from_hash"] = schema::schema_hash(before);
      out["to_hash"] = schema::schema_hash(after);
      std::cout << out.dump(2) << "\n";
    } else {
      print_diff(globals, d, from, to);
    }
    return 0;
  };
}

} // namespace crochet::cli
