// git crochet log [RANGE] [-n N | -N] [--json]: the commits that changed the schema, newest
// first.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>

#include "core/history/context.hpp"
#include "core/history/walk.hpp"
#include "core/util/advice.hpp"
#include "core/util/error.hpp"
#include "git-crochet/support.hpp"

namespace crochet::cli {

namespace {

// "-3", as git log takes a count: CLI11 hands it over as a revision.
bool is_count(const std::string& token) {
  return token.size() > 1 && token[0] == '-' &&
         std::all_of(token.begin() + 1, token.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A path has no place in log: the schema has no file paths (moving a class keeps its hash), so a
// schema change cannot be narrowed to files.
Error path_refusal(const std::string& token) {
  return Error("'" + token +
                   "' is a path: log lists the commits that changed the schema of "
                   "the whole models folder, which has no paths to narrow it to",
               "for the commits that touched those files, run `git log -- " + token +
                   "`; for one label's or property's history, `" +
                   advice::crochet("blame Label[.prop]") + "`");
}

// A token given as a revision that names a file or folder and no revision: `log models`.
void refuse_path(const std::string& token, const std::filesystem::path& start,
                 const git::Repository& repo) {
  std::error_code ec;
  if (!std::filesystem::exists(start / token, ec))
    return;
  try {
    repo.resolve_commit(token);
    return; // a revision that is also a path: git log takes it as the revision too
  } catch (const Error&) {
  }
  throw path_refusal(token);
}

std::string short_hash(const std::string& hash) {
  const std::string prefix = "sha256:";
  return hash.rfind(prefix, 0) == 0 ? hash.substr(prefix.size(), 12) : hash.substr(0, 12);
}

} // namespace

Action configure_log(CLI::App& app, const Globals& globals) {
  struct Options {
    std::vector<std::string> range;
    std::optional<std::size_t> max_count;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  app.add_option("RANGE", options->range, "Revision range, as for git log (default HEAD)");
  app.add_option("-n,--max-count", options->max_count,
                 "Show only the N newest commits that changed the schema (-N also works)");
  app.add_flag("--json", options->json, "Print one JSON array of commits");
  return [options, &globals] {
    std::string range;
    std::optional<std::size_t> max_count = options->max_count;
    for (const std::string& token : options->range)
      if (is_count(token))
        max_count = std::stoul(token.substr(1));
      else
        range += (range.empty() ? "" : " ") + token;
    const std::filesystem::path start = globals.start_directory();
    history::HistoryContext context = open_history(globals);
    // After `--` comes a path, as in git log, whatever it names (a branch's name too).
    if (!globals.after_separator.empty())
      throw path_refusal(globals.after_separator.front());
    for (const std::string& token : options->range)
      if (!is_count(token))
        refuse_path(token, start, context.reader->repo());
    history::ModelSnapshotReader& reader = *context.reader;
    std::vector<history::LogEntry> entries = history::schema_log(reader, range);
    if (max_count && *max_count < entries.size())
      entries.resize(*max_count);
    for (const std::string& warning : reader.cache_warnings())
      std::cerr << "warning: " << warning << "\n";
    if (options->json) {
      schema::Json out = schema::Json::array();
      for (const history::LogEntry& e : entries) {
        schema::Json item = {{"commit", e.commit.id},
                             {"date", commit_short_date(e.commit)},
                             {"author", e.commit.author_name},
                             {"subject", e.commit.subject},
                             {"merge", e.merge},
                             {"shallow_boundary", e.shallow_boundary},
                             {"readable", e.readable && e.parent_readable}};
        item["schema_hash"] = e.hash.empty() ? schema::Json() : schema::Json(e.hash);
        if (!e.first_error.empty())
          item["error"] = e.first_error;
        item["diff"] = schema::Json::parse(e.diff_json);
        out.push_back(std::move(item));
      }
      std::cout << out.dump(2) << "\n";
      return 0;
    }
    for (const history::LogEntry& e : entries) {
      std::cout << paint(globals, "33", reader.repo().short_id(e.commit.id)) << " "
                << commit_short_date(e.commit) << " " << e.commit.author_name << "  "
                << e.commit.subject << "\n    ";
      if (!e.readable)
        std::cout << paint(globals, "31", "models have errors: " + e.first_error) << "\n";
      else if (!e.parent_readable)
        std::cout << short_hash(e.hash) << (e.merge ? " merge" : "")
                  << "  (parent's models have errors)\n";
      else
        std::cout << short_hash(e.hash) << (e.merge ? " merge" : "") << "  " << e.summary << "\n";
      if (e.shallow_boundary)
        std::cout << "    " << kShallowBoundary << "\n";
    }
    return 0;
  };
}

} // namespace crochet::cli
