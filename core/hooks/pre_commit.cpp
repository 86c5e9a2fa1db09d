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

// Whether `entries` (sorted by path, as the index lists them) hold `path`.
bool has_path(const Entries& entries, const std::string& path) {
  const auto it = std::lower_bound(
      entries.begin(), entries.end(), path,
      [](const git::FileEntry& entry, const std::string& key) { return entry.path < key; });
  return it != entries.end() && it->path == path;
}

std::string join_names(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names)
    text += (text.empty() ? "" : ", ") + name;
  return text;
}

// The files the work tree has other than the index git commits, under the models folder and
// crochet.toml (when its schema settings differ), as the user types them, split by where they
// stand: not staged at all, or staged in the repository's own index but left out of the
// temporary one `git commit <path>` runs the hooks on.
struct WorktreeAhead {
  std::vector<std::string> unstaged;
  std::vector<std::string> other_paths;
  bool models_differ = false;  // a model file differs
  bool config_differs = false; // crochet.toml's schema settings differ
  bool empty() const { return unstaged.empty() && other_paths.empty(); }
};

// What the work tree's models and crochet.toml hold against the staged ones, and with
// `want_hash` the schema hash the work tree's models have under the work tree's crochet.toml
// (create-migration's read). Refusal path only: it reads the work tree.
struct WorktreeModels {
  WorktreeAhead ahead;
  std::optional<std::string> hash;
};

WorktreeModels worktree_models(HookContext& context, const Entries& staged_model_files,
                               bool want_hash) {
  WorktreeModels result;
  try {
    RealFileSystem fs;
    // The work tree's crochet.toml: the context reads the staged one.
    const project::Project here = project::find_project(context.project.root, fs);
    if (here.config.models_path != context.project.config.models_path ||
        here.config.migrations_path != context.project.config.migrations_path)
      return result; // other folders: the files cannot be set side by side
    git::Repository& repo = context.repo();
    model::SourceSet sources = project::read_worktree_models(here, fs);
    const Entries worktree = as_staged(repo, sources);
    Entries own;
    try {
      own = with_suffix(repo.list_own_index(context.models_path, ""), ".py");
    } catch (const Error&) {
    }
    std::map<std::string, std::string> staged, in_own, in_worktree;
    for (const git::FileEntry& entry : staged_model_files)
      staged[entry.path] = entry.blob_id;
    for (const git::FileEntry& entry : own)
      in_own[entry.path] = entry.blob_id;
    for (const git::FileEntry& entry : worktree)
      in_worktree[entry.path] = entry.blob_id;
    std::set<std::string> paths;
    for (const auto* list : {&staged, &in_worktree})
      for (const auto& [path, blob] : *list)
        paths.insert(path);
    // Sorted by name: std::set.
    auto place = [&](const std::string& typed, const std::optional<std::string>& worktree_blob,
                     const std::optional<std::string>& own_blob) {
      (own_blob == worktree_blob ? result.ahead.other_paths : result.ahead.unstaged)
          .push_back(typed);
    };
    auto blob_in = [](const std::map<std::string, std::string>& map,
                      const std::string& path) -> std::optional<std::string> {
      const auto it = map.find(path);
      return it == map.end() ? std::nullopt : std::optional(it->second);
    };
    for (const std::string& path : paths) {
      const auto worktree_blob = blob_in(in_worktree, path);
      if (blob_in(staged, path) == worktree_blob)
        continue;
      result.ahead.models_differ = true;
      place(advice::path(std::filesystem::path(here.config.models_path) / path), worktree_blob,
            blob_in(in_own, path));
    }
    // crochet.toml counts when the work tree's reads another schema than the staged one.
    const bool config_differs = schema_settings_key(context, here.config) !=
                                schema_settings_key(context, context.project.config);
    if (config_differs) {
      result.ahead.config_differs = true;
      std::optional<std::string> own_blob;
      try {
        for (const git::FileEntry& entry :
             repo.list_own_index(context.project_path, project::kConfigFileName))
          if (entry.path == project::kConfigFileName)
            own_blob = entry.blob_id;
      } catch (const Error&) {
      }
      place(advice::path(project::kConfigFileName),
            repo.blob_id_of(fs.read(here.root / project::kConfigFileName)), own_blob);
    }
    if (want_hash && !result.ahead.empty()) {
      model::ReadOptions options = context.options_for(here);
      // create-migration told the gate cache the hash of the models it read, keyed as staged.
      const auto known =
          GateCache(gate_cache_file(context))
              .find(staged_key("models", context.models_path + "|" + model::results_key(options),
                               with_suffix(worktree, ".py")));
      if (known) {
        result.hash = known;
      } else {
        options.hash = true;
        const model::ReadResult read = model::read_models(std::move(sources), options);
        if (read.ok())
          result.hash = read.hash.empty() ? schema::schema_hash(read.schema) : read.hash;
      }
    }
  } catch (const Error&) {
    // No readable work tree to compare: the usual advice stands.
  }
  return result;
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

// The refusal when the staged head migration's schema snapshot (<migrations>/snapshots/<hex>.json)
// is not staged: create-migration diffs against it and verify checks it, so a clone of a commit
// without it can do neither. nullopt when there is no single head or its snapshot is staged.
// Only on the way to "covered" and only when the snapshot named by the hash looked missing.
std::optional<std::string> snapshot_refusal(HookContext& context, GateHook hook,
                                            const Entries& staged_migrations,
                                            const Entries& migration_files,
                                            const Entries& model_files) {
  git::Repository& repo = context.repo();
  migration::Migration head;
  try {
    std::vector<migration::MigrationFile> files =
        read_migration_files(repo, context, migration_files);
    for (migration::MigrationFile& file : files)
      file.header_only = true; // the chain's order and hashes are all this needs
    const migration::Chain chain = migration::load_chain(files);
    if (chain.heads.size() != 1)
      return std::nullopt;
    head = *chain.find(chain.heads[0]);
  } catch (const Error&) {
    return std::nullopt;
  }
  const std::string relative = migration::snapshot_relative_path(head.schema_hash);
  if (has_path(staged_migrations, relative))
    return std::nullopt;
  const migration::MigrationsFolder folder{context.project.root,
                                           context.project.config.migrations_path};
  const std::string typed = advice::path(folder.relative(relative));
  std::error_code ec;
  const bool in_worktree = std::filesystem::is_regular_file(folder.dir() / relative, ec);
  bool in_own_index = false;
  try {
    in_own_index = has_path(repo.list_own_index(context.migrations_path, ".json"), relative);
  } catch (const Error&) {
  }
  const std::string records = "  " + head.file + " records " + head.schema_hash +
                              "; its snapshot " + typed +
                              " is what create-migration diffs against and verify checks";
  std::ostringstream out;
  if (in_worktree && in_own_index) {
    // `git commit <path>` runs the hook on a temporary index of those paths on top of HEAD.
    out << refusal_header(hook, "the head migration's schema snapshot is not among its paths.")
        << records
        << ", and it is staged, but not among this commit's paths (`git commit <paths>` commits "
           "only those): add "
        << typed << " (or " << advice::path(context.project.config.migrations_path + "/")
        << ") to the paths, or commit without paths\n";
  } else if (in_worktree) {
    out << refusal_header(hook, "the head migration's schema snapshot is not staged.") << records
        << " in every clone, but it is not staged: stage it and commit again:\n"
        << "    git add " << typed << "\n";
  } else {
    // create-migration writes a missing snapshot back when the work tree's models have the
    // schema the head records (git-crochet/cmd_create_migration.cpp), then stops: nothing
    // changed. The staged models have it (they are covered); the work tree's may not.
    const WorktreeModels worktree = worktree_models(context, model_files, true);
    const bool same = worktree.ahead.empty() || worktree.hash == head.schema_hash;
    out << refusal_header(hook, "the head migration's schema snapshot is missing.") << records
        << " in every clone, but it is neither staged nor in the work tree\n"
        << "  create-migration writes it again from models with that schema (and then stops: "
           "nothing changed)";
    if (same)
      out << "; the work tree's models have it: write it, stage it and commit again:\n";
    else
      out << "; the staged models have it, the work tree's do not: first set the unstaged "
             "changes aside (git stash --keep-index --include-untracked), then write it, stage "
             "it and commit again:\n";
    out << "    " << advice::crochet("create-migration \"restore snapshot\"") << "\n"
        << "    git add " << typed << "\n";
  }
  out << bypass_advice(hook);
  return out.str();
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
  // Covered, once the head's schema snapshot is staged beside it: a name looked up in the list
  // already read (the empty schema, with no migration at all, has none).
  auto covered = [&](const std::string& hash) {
    outcome.result = GateOutcome::Result::covered;
    if (migration_files.empty() ||
        has_path(staged_migrations, migration::snapshot_relative_path(hash)))
      return outcome;
    if (auto refusal =
            snapshot_refusal(context, hook, staged_migrations, migration_files, model_files)) {
      outcome.result = GateOutcome::Result::refused;
      outcome.report = std::move(*refusal);
    }
    return outcome;
  };
  if (known_models && known_head && *known_models == *known_head)
    return covered(*known_head);

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
    return covered(*chain_head);
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
  if (chain_head && *chain_head == snapshot.hash)
    return covered(*chain_head);

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
  if (coverage.ok())
    return covered(coverage.head_schema_hash);
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
    const std::string migrations_folder =
        advice::path(context.project.config.migrations_path + "/");
    const std::string add_migrations = "    git add " + migrations_folder + "\n";
    // Where the covering files stand decides the advice; the changes are listed first.
    std::ostringstream advice;
    bool staging_only = false; // the head records more than is staged: nothing to scaffold
    // `git commit <path>`: git runs the hook on a temporary index of those paths on top of HEAD.
    // A migration staged in the repository's own index but left out of the paths is not missing:
    // `git add` again changes nothing.
    Entries own_migrations;
    try {
      own_migrations = top_level_migrations(repo.list_own_index(context.migrations_path, ""));
    } catch (const Error&) {
    }
    std::vector<std::string> left_out;
    if (!same_entries(own_migrations, migration_files) &&
        head_hash(read_migration_files(repo, context, own_migrations)) == snapshot.hash) {
      const migration::MigrationsFolder folder{context.project.root,
                                               context.project.config.migrations_path};
      for (const git::FileEntry& entry : own_migrations)
        if (std::none_of(migration_files.begin(), migration_files.end(), [&](const auto& in) {
              return in.path == entry.path && in.blob_id == entry.blob_id;
            }))
          left_out.push_back(folder.relative(entry.path));
    }
    // A migration written (by create-migration) but not added: scaffolding another would find
    // nothing to write, so the advice is to stage it.
    const std::vector<migration::MigrationFile> worktree = worktree_migrations(context);
    std::size_t unstaged = 0;
    const std::string unstaged_files = unstaged_names(worktree, files, unstaged);
    const bool worktree_covers = unstaged > 0 && head_hash(worktree) == snapshot.hash;
    if (!left_out.empty()) {
      advice << "  the staged migrations cover these models, but " << join_names(left_out)
             << (left_out.size() == 1 ? " is" : " are")
             << " not among this commit's paths (`git commit <paths>` commits only those): add "
             << migrations_folder << " to the paths, or commit without paths\n";
    } else if (worktree_covers) {
      advice << "  the work tree's migrations cover these models, but " << unstaged_files
             << (unstaged == 1 ? " is" : " are") << " not staged: stage "
             << (unstaged == 1 ? "it" : "them") << " and commit again:\n"
             << add_migrations;
    } else {
      // The work tree ahead of the index on the model side (a new model file left untracked, an
      // edit or a crochet.toml setting not added): when the staged head migration covers the
      // work tree's models, staging them is the fix, and create-migration would find nothing.
      const WorktreeModels models = worktree_models(context, model_files, true);
      const WorktreeAhead& ahead = models.ahead;
      if (!ahead.empty() && models.hash && *models.hash == coverage.head_schema_hash) {
        staging_only = true;
        advice << "  the staged migrations cover the work tree's models"
               << (ahead.config_differs ? " and " + config_path(context) : "") << ", but ";
        if (!ahead.unstaged.empty()) {
          advice << join_names(ahead.unstaged) << (ahead.unstaged.size() == 1 ? " is" : " are")
                 << " not staged: stage " << (ahead.unstaged.size() == 1 ? "it" : "them")
                 << " and commit again:\n    git add";
          for (const std::string& path : ahead.unstaged)
            advice << " " << path;
          advice << "\n";
        }
        if (!ahead.other_paths.empty())
          advice << (ahead.unstaged.empty() ? "" : "  and ") << join_names(ahead.other_paths)
                 << ", though staged, " << (ahead.other_paths.size() == 1 ? "is" : "are")
                 << " not among this commit's paths (`git commit <paths>` commits only those): "
                    "add "
                 << (ahead.other_paths.size() == 1 ? "it" : "them")
                 << " to the paths, or commit without paths\n";
      } else {
        if (unstaged > 0)
          advice << "  not staged: " << unstaged_files << "\n";
        if (ahead.models_differ)
          advice << "  the work tree's models differ from the staged ones, and create-migration "
                    "reads the work tree: first stage every model change (git add), or set the "
                    "unstaged ones aside (git stash --keep-index)\n";
      }
    }
    std::string description = "update schema";
    if (coverage.missing) {
      out << (staging_only ? "  the staged models differ from the head migration's schema:\n"
                           : "  schema changes without a migration:\n");
      for (const schema::Change& change : coverage.missing->changes)
        out << "    " << change.summary << "\n";
      description = suggested_description(*coverage.missing);
    } else if (!coverage.head_file.empty()) {
      out << "  (the schema snapshot of " << coverage.head_file
          << " is not staged, so the missing changes cannot be listed)\n";
    }
    out << advice.str();
    if (staging_only || !left_out.empty() || worktree_covers)
      break;
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
