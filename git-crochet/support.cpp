#include "git-crochet/support.hpp"

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <iostream>

#include "core/history/context.hpp"
#include "core/hooks/pre_commit.hpp"
#include "core/util/shell.hpp"

namespace crochet::cli {

project::Project open_project(const Globals& globals) {
  RealFileSystem fs;
  const std::string start = globals.start_directory();
  return project::find_project(start, fs, history::projects_around(start));
}

namespace {

// `path` relative to the current folder; "" when it is the current folder.
std::filesystem::path relative_to_here(const std::filesystem::path& path) {
  const std::filesystem::path relative = std::filesystem::weakly_canonical(path).lexically_relative(
      std::filesystem::weakly_canonical(std::filesystem::current_path()));
  return relative == "." ? std::filesystem::path() : relative;
}

} // namespace

std::string crochet_from_here(const std::filesystem::path& project_root) {
  const std::filesystem::path relative = relative_to_here(project_root);
  const bool found_upwards = relative.empty() || std::all_of(relative.begin(), relative.end(),
                                                             [](const std::filesystem::path& part) {
                                                               return part == "..";
                                                             });
  return found_upwards ? "git crochet" : "git crochet -C " + shell_word(relative.generic_string());
}

std::string path_from_here(const std::filesystem::path& path) {
  const std::string relative = relative_to_here(path).generic_string();
  const bool folder = !path.empty() && !path.has_filename(); // "x/" stays a folder for git add
  return relative.empty() ? "." : shell_word(relative + (folder ? "/" : ""));
}

model::ReadOptions read_options(const project::Project& project) {
  model::ReadOptions options;
  const std::filesystem::path models(project.config.models_path);
  options.display_prefix = models.generic_string() + "/";
  options.package_name = models.filename().string();
  options.existence_constraints = project.config.existence_constraints;
  return options;
}

void print_warnings(const Diagnostics& diagnostics) {
  for (const Diagnostic& d : diagnostics)
    if (d.severity == Severity::warning)
      std::cerr << d.format() << "\n";
}

schema::Schema checked_schema(model::ReadResult result) {
  if (!result.ok())
    throw DiagnosticError(std::move(result.diagnostics));
  print_warnings(result.diagnostics);
  return std::move(result.schema);
}

GateSeed::GateSeed(const Globals& globals, const model::SourceSet& files) {
  try {
    context_ = hooks::open_hook_context(globals.start_directory(), read_options);
    if (context_)
      files_ = hooks::as_staged(context_->repo(), files);
  } catch (const std::exception&) {
    context_.reset(); // not in a git work tree, or the hooks could not check this project
  }
}

void GateSeed::remember(const std::string& schema_hash) const {
  if (!context_)
    return;
  if (auto warning = hooks::remember_models(*context_, files_, schema_hash))
    std::cerr << "git-crochet: warning: " << *warning << "\n";
}

std::string commit_short_date(const git::CommitInfo& commit) {
  const std::time_t t =
      static_cast<std::time_t>(commit.author_time + commit.author_offset_minutes * 60LL);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &tm);
  return buffer;
}

std::string paint(const Globals& globals, const char* code, const std::string& text) {
  if (!globals.colour)
    return text;
  return std::string("\x1b[") + code + "m" + text + "\x1b[0m";
}

} // namespace crochet::cli
