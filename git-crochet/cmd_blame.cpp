// git crochet blame Label[.prop] [REV]: the commit that introduced a label or property, and every
// commit that changed it since, oldest first.
#include <iostream>

#include "core/history/context.hpp"
#include "core/history/walk.hpp"
#include "git-crochet/support.hpp"

namespace crochet::cli {

Action configure_blame(CLI::App& app, const Globals& globals) {
  struct Options {
    std::string target;
    std::string rev = "HEAD";
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  app.add_option("TARGET", options->target, "Label, class name, or Label.property")->required();
  app.add_option("REV", options->rev, "Walk the history of this revision (default HEAD)");
  app.add_flag("--json", options->json, "Print one JSON array of commits");
  return [options, &globals] {
    history::HistoryContext context = open_history(globals);
    history::ModelSnapshotReader& reader = *context.reader;
    const auto entries = history::blame(reader, options->target, options->rev);
    for (const std::string& warning : reader.cache_warnings())
      std::cerr << "warning: " << warning << "\n";
    if (options->json) {
      schema::Json out = schema::Json::array();
      for (const history::BlameEntry& e : entries) {
        schema::Json changes = schema::Json::array();
        for (const schema::Change& c : e.changes)
          changes.push_back(schema::to_json(c));
        out.push_back({{"commit", e.commit.id},
                       {"date", commit_short_date(e.commit)},
                       {"author", e.commit.author_name},
                       {"subject", e.commit.subject},
                       {"what", e.what},
                       {"shallow_boundary", e.shallow_boundary},
                       {"changes", changes}});
      }
      std::cout << out.dump(2) << "\n";
      return 0;
    }
    for (const history::BlameEntry& e : entries) {
      std::cout << paint(globals, "33", reader.repo().short_id(e.commit.id)) << " "
                << commit_short_date(e.commit) << " " << e.commit.author_name << "  "
                << e.commit.subject << "\n    " << e.what
                << (e.shallow_boundary ? " here or before: " + std::string(kShallowBoundary) : "")
                << "\n";
      for (const schema::Change& c : e.changes)
        std::cout << "    " << c.summary << "\n";
    }
    return 0;
  };
}

} // namespace crochet::cli
