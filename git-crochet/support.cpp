#include "git-crochet/support.hpp"

#include <ctime>
#include <filesystem>
#include <iostream>

#include "core/history/context.hpp"
#include "core/hooks/pre_commit.hpp"
#include "core/util/advice.hpp"

namespace crochet::cli {

void advise_from_here(const std::filesystem::path& project_root) {
  advice::set_origin(std::filesystem::current_path(), project_root);
}

project::Project open_project(const Globals& globals) {
  RealFileSystem fs;
  const std::string start = globals.start_directory();
  project::Project project = project::find_project(start, fs, history::projects_around(start));
  advise_from_here(project.root);
  return project;
}

state::Workspace open_workspace(const Globals& globals) {
  state::Workspace workspace = state::open_workspace(globals.start_directory(), read_options);
  advise_from_here(workspace.project().root);
  return workspace;
}

history::HistoryContext open_history(const Globals& globals) {
  history::HistoryContext context = history::open_history(globals.start_directory(), read_options);
  advise_from_here(context.project.root);
  return context;
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
