#include "core/history/change_reader.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "core/history/walk.hpp"
#include "core/util/worker_pool.hpp"

namespace crochet::history {
namespace {

using Tree = std::optional<git::ObjectId>;
using SnapshotPtr = std::shared_ptr<const Snapshot>;

// Changes per round: enough to keep the threads busy, few enough that the schemas of one round
// stay small in memory.
constexpr std::size_t kRoundSize = 16;

} // namespace

TreeChange change_between(const Snapshot& before, const Snapshot& after) {
  TreeChange change;
  change.readable = after.readable;
  change.parent_readable = before.readable;
  change.hash = after.hash;
  change.first_error = after.readable ? before.first_error : after.first_error;
  schema::Diff diff;
  if (after.readable && before.readable)
    diff = schema::normalized_diff(before.schema, after.schema); // snapshots are normalized
  change.listed = !(after.readable && before.readable && diff.empty());
  change.summary = change_tokens(diff);
  // Model sources are strict UTF-8, so nothing is replaced in practice; but a text log, which
  // never shows this, must not fail on it.
  change.diff_json =
      schema::to_json(diff).dump(-1, ' ', false, schema::Json::error_handler_t::replace);
  return change;
}

void read_changes(ModelSnapshotReader& reader, const std::vector<LogCache::Trees>& changes,
                  LogCache& cache, Prefetched known) {
  std::vector<LogCache::Trees> todo; // in walk order, so consecutive trees share model files
  std::set<LogCache::Trees> seen;
  for (const LogCache::Trees& change : changes) {
    if (cache.find(change) != nullptr)
      continue;
    if (auto ahead = known.changes.find(change); ahead != known.changes.end())
      cache.add(change, std::move(ahead->second));
    else if (seen.insert(change).second)
      todo.push_back(change);
  }

  if (todo.empty())
    return;
  WorkerPool pool(useful_threads(2 * std::min(todo.size(), kRoundSize)));
  std::map<Tree, SnapshotPtr> previous_round; // consecutive changes share trees
  for (std::size_t start = 0; start < todo.size(); start += kRoundSize) {
    const std::size_t end = std::min(todo.size(), start + kRoundSize);
    // The trees this round reads, in walk order so consecutive trees share model files.
    std::map<Tree, SnapshotPtr> snapshots;
    std::vector<Tree> trees;
    for (std::size_t i = start; i < end; ++i)
      for (const Tree& tree : {todo[i].second, todo[i].first}) {
        if (snapshots.contains(tree))
          continue;
        SnapshotPtr found;
        if (const auto it = previous_round.find(tree); it != previous_round.end()) {
          found = it->second;
        } else if (const auto ahead = known.snapshots.find(tree); ahead != known.snapshots.end()) {
          found = std::move(ahead->second);
          known.snapshots.erase(ahead); // held by this round from here on
        }
        snapshots.emplace(tree, found);
        if (!found)
          trees.push_back(tree);
      }
    std::vector<model::SourceSet> sources;
    sources.reserve(trees.size());
    for (const Tree& tree : trees)
      sources.push_back(tree ? reader.tree_sources(tree->hex()) : model::SourceSet{});
    std::vector<SnapshotPtr> read(trees.size());
    pool.for_each(trees.size(), [&](std::size_t i) {
      read[i] = std::make_shared<const Snapshot>(reader.from_sources(std::move(sources[i])));
    });
    for (std::size_t i = 0; i < trees.size(); ++i)
      snapshots[trees[i]] = read[i];

    std::vector<TreeChange> results(end - start);
    pool.for_each(results.size(), [&](std::size_t k) {
      const LogCache::Trees& change = todo[start + k];
      results[k] = change_between(*snapshots.at(change.first), *snapshots.at(change.second));
    });
    for (std::size_t k = 0; k < results.size(); ++k)
      cache.add(todo[start + k], std::move(results[k]));
    previous_round = std::move(snapshots);
    reader.trim_parsed_files();
  }
}

} // namespace crochet::history
