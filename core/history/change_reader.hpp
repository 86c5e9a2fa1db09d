#pragma once
// Reads what `log` shows for many changes of the models tree at once. Git reads stay on the
// calling thread (a Repository is not thread-safe); reading models into schemas and diffing
// them, which is most of the work and independent per tree and per change, runs on a few threads.
#include <map>
#include <vector>

#include "core/history/history_cache.hpp"
#include "core/history/snapshot.hpp"

namespace crochet::history {

// What log shows for the change from `before` to `after`.
TreeChange change_between(const Snapshot& before, const Snapshot& after);

// Changes and snapshots read before the rounds (by a ChangePrefetcher).
struct Prefetched {
  std::map<LogCache::Trees, TreeChange> changes;
  KnownSnapshots snapshots;
};

// Adds to `cache` every change of `changes` it lacks, taking those `known` has and reading each
// other tree not in `known`. The result never depends on the number of threads or on what
// `known` holds.
void read_changes(ModelSnapshotReader& reader, const std::vector<LogCache::Trees>& changes,
                  LogCache& cache, Prefetched known = {});

} // namespace crochet::history
