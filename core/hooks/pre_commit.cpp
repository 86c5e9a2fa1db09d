#include "core/hooks/pre_commit.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>

#include "core/hooks/gate_cache.hpp"
#include "core/hooks/staged_config.hpp"
#include "core/migration/coverage.hpp"
#include "core/migration/folder.hpp"
#include "core/migration/schema_snapshot.hpp"
#include "core/project/project.hpp"
#include "core/util/advice.hpp"
#include "core/util/error.hpp"
#include "core/util/fs.hpp"

namespace crochet::hooks {
namespace {

using Entries = std::vector<git::FileEntry>;

bool same_entries(const Entries& a, const Entries& b) {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].path != b[i].path || a[i].blob_id != b[i].blob_id)
      return false;
  return true;
}

// The files of a folder at HEAD, listed like the index (none when HEAD is unborn).
Entries head_entries(const git::Repository& repo, const std::optional<std::string>& head,
                     const std::string& dir) {
  if (!head)
    return {};
  const auto tree = repo.subtree_id(*head, dir);
  return tree ? repo.list_tree(*tree, "") : Entries{};
}

Entries with_suffix(const Entries& entries, std::string_view suffix) {
  Entries kept;
  for (const git::FileEntry& entry : entries)
    if (entry.path.ends_with(suffix))
      kept.push_back(entry);
  return kept;
}

Entries top_level_migrations(const Entries& entries) {
  Entries kept;
  for (const git::FileEntry& entry : entries)
    if (is_top_level_migration(entry.path))
      kept.push_back(entry);
  return kept;
}

// Whether the work tree's model files differ from the staged ones (a partial `git add`).
// create-migration reads the work tree, so the refusal's advice must say to line them up first.
bool worktree_models_differ(HookContext& context, const Entries& staged_model_files) {
  try {
    RealFileSystem fs;
    const model::SourceSet worktree = project::read_worktree_models(context.project, fs);
    if (worktree.size() != staged_model_files.size())
      return true;
    std::map<std::string, std::string> staged;
    for (const git::FileEntry& entry : staged_model_files)
      staged[entry.path] = entry.blob_id;
    for (const model::SourceFile& file : worktree) {
      const auto it = staged.find(file.path);
      if (it == staged.end() || it->second != context.repo().blob_id_of(file.content))
        return true;
    }
    return false;
  } catch (const Error&) {
    return false; // no readable work tree to compare: the usual advice stands
  }
}

// The work tree's migration files, paths as the staged ones have them; none when the folder
// cannot be read.
std::vector<migration::MigrationFile> worktree_migrations(const HookContext& context) {
  try {
    RealFileSystem fs;
    return migration::read_migration_files(
        fs, {context.project.root, context.project.config.migrations_path});
  } catch (const Error&) {
    return {};
  }
}

// The names of the work tree's migration files not staged as they are (new or edited since).
std::string unstaged_names(const std::vector<migration::MigrationFile>& worktree,
                           const std::vector<migration::MigrationFile>& staged,
                           std::size_t& count) {
  std::string names;
  count = 0;
  for (const migration::MigrationFile& file : worktree) {
    const bool same = std::any_of(staged.begin(), staged.end(), [&](const auto& s) {
      return s.path == file.path && s.bytes == file.bytes;
    });
    if (!same) {
      names += (names.empty() ? "" : ", ") + file.path;
      ++count;
    }
  }
  return names;
}

// The schema hash the chain's single head records (the empty schema's when there is no
// migration); nullopt when the chain has several heads or does not load.
std::optional<std::string> head_hash(const std::vector<migration::MigrationFile>& files) {
  try {
    const migration::Chain chain = migration::load_chain(files);
    if (chain.heads.size() > 1)
      return std::nullopt;
    const migration::Migration* head = chain.head();
    return head ? head->schema_hash : schema::schema_hash(schema::Schema{});
  } catch (const Error&) {
    return std::nullopt;
  }
}

// `files` (read from `staged`, in its order) marked to be read by their headers alone where the
// same bytes are committed at HEAD: those steps were checked when they were committed (and
// `git crochet verify` checks them all), so the gate checks in full only what this commit adds
// or edits, and a large first migration does not cost more than the models on every commit.
std::vector<migration::MigrationFile>
headers_of_committed(std::vector<migration::MigrationFile> files, const Entries& staged,
                     const Entries& committed) {
  if (files.size() != staged.size())
    return files; // not read one to one: check everything
  std::set<std::pair<std::string, std::string>> at_head;
  for (const git::FileEntry& entry : committed)
    at_head.emplace(entry.path, entry.blob_id);
  for (std::size_t i = 0; i < files.size(); ++i)
    files[i].header_only = at_head.count({staged[i].path, staged[i].blob_id}) > 0;
  return files;
}

// Salted with every setting the schema read depends on (the models folder and the read options
// derived from crochet.toml), as the gate has them: the staged crochet.toml's.
std::string models_cache_key(const HookContext& context, const Entries& model_files) {
  return staged_key("models", context.models_path + "|" + model::results_key(context.read_options),
                    model_files);
}

std::string chain_cache_key(const HookContext& context, const Entries& migration_files) {
  return staged_key("chain", context.migrations_path, migration_files);
}

// Only [A-Za-z0-9_. -]: the description is pasted into a double-quoted shell word.
std::string shell_safe(std::string text) {
  std::erase_if(text, [](char c) {
    return !(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == ' ' ||
             c == '-');
  });
  return text;
}

std::string phrase(const schema::Change& change) {
  using K = schema::ChangeKind;
  const std::string what =
      change.subject.empty() ? change.owner_class : change.owner_class + "." + change.subject;
  switch (change.kind) {
  case K::node_added:
  case K::relationship_model_added:
  case K::property_added:
  case K::relationship_added:
  case K::object_added:
    return "add " + what;
  case K::node_removed:
  case K::relationship_model_removed:
  case K::property_removed:
  case K::relationship_removed:
  case K::object_removed:
    return "remove " + what;
  case K::node_renamed:
  case K::relationship_model_renamed:
  case K::property_renamed:
    return "rename " + what;
  default:
    return "change " + what;
  }
}

std::string refusal_header(GateHook hook, const std::string& why) {
  return std::string("git-crochet: ") +
         (hook == GateHook::pre_merge_commit ? "merge commit" : "commit") + " refused: " + why +
         "\n";
}

} // namespace

std::string bypass_advice(GateHook hook) {
  return hook == GateHook::pre_merge_commit
             ? "  (`git merge --no-verify` skips this check once)\n"
             : "  (`git commit --no-verify` skips this check once)\n";
}

std::string suggested_description(const schema::Diff& diff) {
  std::vector<std::string> phrases;
  bool objects_only = true;
  for (const schema::Change& change : diff.changes)
    objects_only = objects_only && (change.kind == schema::ChangeKind::object_added ||
                                    change.kind == schema::ChangeKind::object_removed);
  for (const schema::Change& change : diff.changes) {
    // Derived constraints and indexes follow from the property changes already named.
    if (!objects_only && (change.kind == schema::ChangeKind::object_added ||
                          change.kind == schema::ChangeKind::object_removed))
      continue;
    const std::string text = phrase(change);
    if (std::find(phrases.begin(), phrases.end(), text) == phrases.end())
      phrases.push_back(text);
  }
  if (phrases.empty())
    return "update schema";
  std::string description = phrases[0];
  if (phrases.size() == 2)
    description += " and " + phrases[1];
  else if (phrases.size() > 2)
    description += " and " + std::to_string(phrases.size() - 1) + " more changes";
  return shell_safe(description);
}

std::filesystem::path gate_cache_file(const HookContext& context) {
  return context.project.root / ".crochet" / "cache" / "pre-commit";
}

StagedKeys staged_keys(HookContext& context) {
  use_staged_config(context, context.repo().head_commit());
  git::Repository& repo = context.repo();
  return {
      models_cache_key(context, with_suffix(repo.list_index(context.models_path, ""), ".py")),
      chain_cache_key(context, top_level_migrations(repo.list_index(context.migrations_path, "")))};
}

std::vector<git::FileEntry> as_staged(const git::Repository& repo, const model::SourceSet& files) {
  Entries entries;
  entries.reserve(files.size());
  for (const model::SourceFile& file : files)
    entries.push_back({file.path, repo.blob_id_of(file.content)});
  // The index's order: by path, byte by byte.
  std::sort(entries.begin(), entries.end(),
            [](const git::FileEntry& a, const git::FileEntry& b) { return a.path < b.path; });
  return entries;
}

std::optional<std::string> remember_models(const HookContext& context, const Entries& files,
                                           const std::string& schema_hash) {
  GateCache cache(gate_cache_file(context));
  cache.put(models_cache_key(context, with_suffix(files, ".py")), schema_hash);
  return cache.save();
}

GateOutcome pre_commit(HookContext& context, GateHook hook) {
  GateOutcome outcome;
  const std::string bypass = bypass_advice(hook);
  const std::optional<std::string> head = context.repo().head_commit();
  const StagedConfig config = use_staged_config(context, head);
  if (!config.errors.empty()) {
    std::ostringstream out;
    out << refusal_header(hook, "the staged " + config_path(context) + " has errors.");
    for (const Diagnostic& d : config.errors)
      out << d.format() << "\n";
    out << "  fix it, stage it (git add) and commit again\n" << bypass;
    outcome.result = GateOutcome::Result::refused;
    outcome.report = out.str();
    return outcome;
  }
  git::Repository& repo = context.repo(); // use_staged_config may have rebuilt the reader
  const Entries staged_models = repo.list_index(context.models_path, "");
  const Entries staged_migrations = repo.list_index(context.migrations_path, "");
  const Entries committed_migrations = head_entries(repo, head, context.migrations_path);
  if (!config.schema_settings_changed && same_entries(staged_migrations, committed_migrations) &&
      same_entries(staged_models, head_entries(repo, head, context.models_path)))
    return outcome; // this commit changes neither folder nor what the schema read depends on

  const Entries model_files = with_suffix(staged_models, ".py");
  const Entries migration_files = top_level_migrations(staged_migrations);
  GateCache cache(gate_cache_file(context));
  const std::string models_key = models_cache_key(context, model_files);
  const std::string chain_key = chain_cache_key(context, migration_files);
  const auto known_models = cache.find(models_key);
  const auto known_head = cache.find(chain_key);
  if (known_models && known_head && *known_models == *known_head) {
    outcome.result = GateOutcome::Result::covered;
    return outcome;
  }

  // Read what the cache did not answer. The head's hash first: it is cheap and tells whether
  // the models must be read in full (an unknown models hash always must).
  std::vector<migration::MigrationFile> files =
      read_migration_files(repo, context, migration_files);
  const std::vector<migration::MigrationFile> headers =
      headers_of_committed(files, migration_files, committed_migrations);
  const std::optional<std::string> chain_head = known_head ? known_head : head_hash(headers);
  if (chain_head)
    cache.put(chain_key, *chain_head);
  if (known_models && chain_head && *known_models == *chain_head) {
    // These exact models were read before (by this gate, or by the create-migration or merge
    // that wrote the staged head): covered without reading them again.
    if (auto warning = cache.save())
      outcome.warnings.push_back(*warning);
    outcome.result = GateOutcome::Result::covered;
    return outcome;
  }

  model::SourceSet sources;
  for (const git::FileEntry& entry : model_files)
    sources.push_back({entry.path, repo.read_blob(entry.blob_id), entry.blob_id});
  const history::Snapshot snapshot = context.reader->from_sources(std::move(sources));
  for (const Diagnostic& d : snapshot.diagnostics)
    if (d.severity == Severity::warning)
      outcome.warnings.push_back(d.format());
  if (!snapshot.readable) {
    std::ostringstream out;
    out << refusal_header(hook, "the staged models have errors.");
    for (const Diagnostic& d : snapshot.diagnostics)
      if (d.severity == Severity::error)
        out << d.format() << "\n";
    out << "  fix the file, stage it (git add) and commit again\n" << bypass;
    outcome.result = GateOutcome::Result::refused;
    outcome.report = out.str();
    if (auto warning = cache.save())
      outcome.warnings.push_back(*warning);
    return outcome;
  }
  cache.put(models_key, snapshot.hash);
  if (auto warning = cache.save())
    outcome.warnings.push_back(*warning);
  if (chain_head && *chain_head == snapshot.hash) {
    outcome.result = GateOutcome::Result::covered;
    return outcome;
  }

  // Not covered (or the chain does not load): the full verdict, with the head's snapshot so the
  // missing changes can be listed.
  try {
    const migration::Chain chain = migration::load_chain(files);
    if (chain.heads.size() == 1)
      files = read_migration_files(
          repo, context, staged_migrations,
          {migration::snapshot_relative_path(chain.find(chain.heads[0])->schema_hash)});
  } catch (const Error&) {
    // check_coverage reports it.
  }
  const migration::Coverage coverage = migration::check_coverage(files, snapshot.schema);
  if (coverage.ok()) {
    outcome.result = GateOutcome::Result::covered;
    return outcome;
  }
  std::ostringstream out;
  outcome.result = GateOutcome::Result::refused;
  switch (coverage.state) {
  case migration::CoverageState::several_heads: {
    // The heads, then the command from where git runs the hook (the message's own advice
    // names it as run in the project folder).
    std::string heads;
    for (const std::string& one : coverage.heads)
      heads += (heads.empty() ? "" : ", ") + one;
    out << refusal_header(hook, "the staged migrations have several heads.") << "  heads: " << heads
        << "\n"
        << "  join them with `" << advice::crochet("merge") << "`, "
        << (hook == GateHook::pre_merge_commit
                ? "stage the new migration (git add) and finish the merge with `git commit`\n"
                : "stage the new migration and commit again\n");
    break;
  }
  case migration::CoverageState::invalid:
    out << refusal_header(hook, "the staged migration files do not load.") << "  "
        << coverage.message << "\n  fix them, stage them (git add) and commit again\n";
    break;
  default: {
    out << refusal_header(hook, "the staged models are not covered by the staged migrations.")
        << "  " << coverage.message << "\n";
    std::string description = "update schema";
    if (coverage.missing) {
      out << "  schema changes without a migration:\n";
      for (const schema::Change& change : coverage.missing->changes)
        out << "    " << change.summary << "\n";
      description = suggested_description(*coverage.missing);
    } else if (!coverage.head_file.empty()) {
      out << "  (the schema snapshot of " << coverage.head_file
          << " is not staged, so the missing changes cannot be listed)\n";
    }
    const std::string add_migrations =
        "    git add " + advice::path(context.project.config.migrations_path + "/") + "\n";
    // A migration written (by create-migration) but not added: scaffolding another would find
    // nothing to write, so the advice is to stage it.
    const std::vector<migration::MigrationFile> worktree = worktree_migrations(context);
    std::size_t unstaged = 0;
    const std::string unstaged_files = unstaged_names(worktree, files, unstaged);
    if (unstaged > 0 && head_hash(worktree) == snapshot.hash) {
      out << "  the work tree's migrations cover these models, but " << unstaged_files
          << (unstaged == 1 ? " is" : " are") << " not staged: stage "
          << (unstaged == 1 ? "it" : "them") << " and commit again:\n"
          << add_migrations;
      break;
    }
    if (unstaged > 0)
      out << "  not staged: " << unstaged_files << "\n";
    if (worktree_models_differ(context, model_files))
      out << "  the work tree's models differ from the staged ones, and create-migration reads "
             "the work tree: first stage every model change (git add), or set the unstaged ones "
             "aside (git stash --keep-index)\n";
    out << "  scaffold the missing migration, review it, stage it and commit again:\n"
        << "    " << advice::crochet("create-migration \"" + description + "\"") << "\n"
        << add_migrations;
    break;
  }
  }
  out << bypass;
  outcome.report = out.str();
  return outcome;
}

} // namespace crochet::hooks
