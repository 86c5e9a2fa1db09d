// git crochet diff [A [B] | A..B | A...B] [--staged] [--json]: the schema changes between two
// revisions, a revision and the work tree (default HEAD), or HEAD and the index (--staged).
#include <iostream>
#include <optional>
#include <utility>

#include "core/history/context.hpp"
#include "core/schema/diff.hpp"
#include "core/util/advice.hpp"
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

struct Side {
  std::string label;  // as printed: what the user typed, or what it stands for
  std::string commit; // the revision to read
};

// git diff's one-argument ranges: "A..B" is A against B, "A...B" the merge base of A and B
// against B; an empty side is HEAD. Nullopt for a plain revision.
std::optional<std::pair<Side, Side>> split_range(git::Repository& repo, const std::string& rev) {
  const std::size_t dots = rev.find("..");
  if (dots == std::string::npos)
    return std::nullopt;
  const bool three = rev.compare(dots, 3, "...") == 0;
  const std::string a = rev.substr(0, dots);
  const std::string b = rev.substr(dots + (three ? 3 : 2));
  Side from{a.empty() ? "HEAD" : a, a.empty() ? "HEAD" : a};
  Side to{b.empty() ? "HEAD" : b, b.empty() ? "HEAD" : b};
  if (three) {
    const auto base =
        repo.merge_base(repo.resolve_commit(from.commit), repo.resolve_commit(to.commit));
    if (!base)
      throw Error(from.label + " and " + to.label + " have no common ancestor",
                  "compare them directly: " +
                      advice::crochet("diff " + from.label + " " + to.label));
    from = {"the merge base of " + from.label + " and " + to.label + " (" + repo.short_id(*base) +
                ")",
            *base};
  }
  return std::make_pair(from, to);
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
                 "No revision: HEAD vs the work tree; one: REV vs the work tree; two, or A..B: "
                 "A vs B; A...B: their merge base vs B")
      ->expected(0, 2);
  app.add_flag("--staged", options->staged, "HEAD vs the index (what the next commit changes)");
  app.add_flag("--json", options->json, "Print the diff as JSON");
  return [options, &globals] {
    if (options->staged && options->revs.size() > 1)
      throw Error("--staged compares one revision (default HEAD) with the index");
    history::HistoryContext context = open_history(globals);
    history::ModelSnapshotReader& reader = *context.reader;
    std::vector<Side> revs;
    for (const std::string& rev : options->revs)
      revs.push_back({rev, rev});
    if (revs.size() == 1 && !options->staged)
      if (auto range = split_range(reader.repo(), revs[0].commit))
        revs = {range->first, range->second};
    std::string from = revs.empty() ? "HEAD" : revs[0].label;
    // Before the first commit, HEAD's models are no models: everything in the work tree (or the
    // index) is new, which is what the first migration will create.
    const bool unborn = revs.empty() && !reader.repo().head_commit();
    if (unborn)
      from = "HEAD (no commits yet)";
    const schema::Schema before = unborn ? schema::Schema{}
                                         : readable(reader.at_commit(reader.repo().resolve_commit(
                                                        revs.empty() ? "HEAD" : revs[0].commit)),
                                                    from);
    std::string to;
    schema::Schema after;
    if (revs.size() == 2) {
      to = revs[1].label;
      after = readable(reader.at_commit(reader.repo().resolve_commit(revs[1].commit)), to);
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
