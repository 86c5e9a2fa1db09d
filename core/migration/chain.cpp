// The migration graph of one revision: parsed files linked by their parents, checked for
// duplicate revisions, missing parents and cycles, put in a deterministic topological order, and
// hashed like atlas.sum so that editing, deleting or re-parenting any migration changes the chain
// hash of it and of every migration after it.
#include <map>
#include <set>
#include <string>
#include <tuple>

#include "core/migration/migration.hpp"
#include "core/migration/names.hpp"
#include "core/util/advice.hpp"
#include "core/util/error.hpp"
#include "core/util/sha256.hpp"

namespace crochet::migration {
namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Files sort by their number first, so 0010 comes after 0009 and ties break by path.
using OrderKey = std::tuple<int, std::string, std::string>;
OrderKey order_key(const Migration& migration) {
  return {file_number(migration.file), migration.file, migration.revision};
}

std::string describe(const Migration& migration) {
  return migration.file + " (" + migration.revision + ")";
}

// Follows parents from `start` among the migrations left after a topological sort (every one of
// them lies on or behind a cycle) until a revision repeats, and names that cycle.
std::string cycle_text(const std::map<std::string, const Migration*>& left,
                       const std::string& start) {
  std::vector<std::string> path;
  std::map<std::string, std::size_t> seen;
  std::string current = start;
  while (!seen.count(current)) {
    seen[current] = path.size();
    path.push_back(current);
    const Migration* migration = left.at(current);
    for (const std::string& parent : migration->parents)
      if (left.count(parent)) {
        current = parent;
        break;
      }
  }
  std::string text;
  for (std::size_t i = seen[current]; i < path.size(); ++i)
    text += describe(*left.at(path[i])) + " -> ";
  return text + describe(*left.at(current));
}

} // namespace

std::string chain_hash(const std::vector<std::string>& parent_chain_hashes,
                       const std::string& file_sha256) {
  std::vector<std::string> sorted = parent_chain_hashes;
  std::sort(sorted.begin(), sorted.end());
  Sha256 hasher;
  hasher.update("crochet-chain-v1\n");
  for (const std::string& parent : sorted) {
    hasher.update(parent);
    hasher.update("\n");
  }
  hasher.update(file_sha256);
  hasher.update("\n");
  return "sha256:" + hasher.hex_digest();
}

bool is_migration_path(std::string_view path) {
  const auto slash = path.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  return ends_with(name, ".toml") && !name.empty() && name.front() != '.';
}

const Migration* Chain::find(const std::string& revision) const {
  for (const Migration& migration : migrations)
    if (migration.revision == revision)
      return &migration;
  return nullptr;
}

const Migration* Chain::head() const {
  if (heads.empty())
    return nullptr;
  if (heads.size() == 1)
    return find(heads.front());
  std::string names;
  for (const std::string& head : heads)
    names += (names.empty() ? "" : ", ") + describe(*find(head));
  throw Error("the migrations have " + std::to_string(heads.size()) + " heads: " + names,
              "run `" + advice::crochet("merge") + "` to write a merge migration that joins them");
}

Chain load_chain(const std::vector<MigrationFile>& files) {
  std::vector<Migration> parsed;
  for (const MigrationFile& file : files) {
    if (!is_migration_path(file.path))
      continue;
    Migration migration = parse_migration(file);
    migration.file_sha256 = "sha256:" + sha256_hex(file.bytes);
    parsed.push_back(std::move(migration));
  }

  std::map<std::string, const Migration*> by_revision;
  for (const Migration& migration : parsed) {
    auto [it, inserted] = by_revision.emplace(migration.revision, &migration);
    if (!inserted) {
      const bool first = order_key(*it->second) < order_key(migration);
      const Migration& a = first ? *it->second : migration;
      const Migration& b = first ? migration : *it->second;
      throw Error("two migrations have the revision '" + migration.revision + "': " + a.file +
                      " and " + b.file,
                  "give the newer one a fresh revision id (and update any migration naming it as "
                  "its parent)");
    }
  }
  for (const Migration& migration : parsed)
    for (const std::string& parent : migration.parents)
      if (!by_revision.count(parent))
        throw Error(migration.file + ": parent '" + parent +
                        "' is not the revision of any migration in the folder",
                    "restore the missing migration file, or correct `parent` in " + migration.file);

  // Kahn's algorithm, always taking the ready migration that sorts first, so the order depends
  // on the files alone.
  std::map<std::string, std::size_t> waiting; // revision -> parents not yet placed
  std::map<std::string, std::vector<std::string>> children;
  for (const Migration& migration : parsed) {
    waiting[migration.revision] = migration.parents.size();
    for (const std::string& parent : migration.parents)
      children[parent].push_back(migration.revision);
  }
  std::set<std::pair<OrderKey, std::string>> ready;
  for (const Migration& migration : parsed)
    if (migration.parents.empty())
      ready.emplace(order_key(migration), migration.revision);

  Chain chain;
  std::map<std::string, std::string> hashes; // revision -> chain hash
  while (!ready.empty()) {
    const std::string revision = ready.begin()->second;
    ready.erase(ready.begin());
    Migration migration = *by_revision.at(revision);
    std::vector<std::string> parent_hashes;
    for (const std::string& parent : migration.parents)
      parent_hashes.push_back(hashes.at(parent));
    migration.chain_hash = chain_hash(parent_hashes, migration.file_sha256);
    hashes[revision] = migration.chain_hash;
    for (const std::string& child : children[revision])
      if (--waiting[child] == 0)
        ready.emplace(order_key(*by_revision.at(child)), child);
    chain.migrations.push_back(std::move(migration));
  }
  if (chain.migrations.size() != parsed.size()) {
    std::map<std::string, const Migration*> left;
    for (const auto& [revision, migration] : by_revision)
      if (!hashes.count(revision))
        left.emplace(revision, migration);
    throw Error("the migrations' parents form a cycle: " + cycle_text(left, left.begin()->first),
                "a migration cannot be its own ancestor; correct `parent` in one of these files");
  }

  std::set<std::string> named_as_parent;
  for (const Migration& migration : chain.migrations)
    named_as_parent.insert(migration.parents.begin(), migration.parents.end());
  for (const Migration& migration : chain.migrations)
    if (!named_as_parent.count(migration.revision))
      chain.heads.push_back(migration.revision);
  return chain;
}

} // namespace crochet::migration
