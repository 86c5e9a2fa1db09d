#pragma once
// Reads the changes of the models tree on a thread of its own while a history walk is still
// running. The walk (reading thousands of commits) leaves the other cores idle, and the changes
// it finds first are the ones `log` reads first.
//
// The walk announces each commit as it adds it to its table. A change (the first parent's models
// tree, the commit's) is queued as soon as both commits are in the table, whichever came first;
// commits whose parent the walk never reads (a shallow boundary, a range limit) are left to the
// usual rounds. Each reader holds the snapshots of one change, which the
// next change on a line of history shares: memory stays flat however long the walk runs.
// Whatever is not read here is read by the rounds, so a failed or slow prefetch changes no
// answer.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/git/repository.hpp"
#include "core/git/subtree_table.hpp"
#include "core/history/change_reader.hpp"

namespace crochet::history {

class ChangePrefetcher {
public:
  using Tree = std::optional<git::ObjectId>;

  // Reads through `reader`'s parsed-file memo and options, with a repository handle of its own;
  // until drain() or finish() returns, nothing else may use that memo. At most `limit` changes
  // are read.
  ChangePrefetcher(const ModelSnapshotReader& reader, std::size_t limit);
  ~ChangePrefetcher();
  ChangePrefetcher(const ChangePrefetcher&) = delete;
  ChangePrefetcher& operator=(const ChangePrefetcher&) = delete;

  // Announces a commit the walk has just added to `table` (any thread).
  void announce(const git::SubtreeTable& table, const git::SubtreeTable::Entry& commit);
  // Once nothing more is announced: reads the changes still queued on the calling thread too,
  // oldest first through `repo`, while the prefetcher goes on from the newest, and returns when
  // every queued change is read. No rounds, so no thread waits for another's share.
  Prefetched drain(git::Repository& repo);
  // Stops after the change being read and returns what was read so far.
  Prefetched finish();

private:
  using SnapshotPtr = std::shared_ptr<const Snapshot>;
  // One reader's walk through the queue, from one end.
  struct Pass {
    TreeSources sources;
    KnownSnapshots last; // the snapshots of the change read last, which the next one shares
    std::size_t reads = 0;
  };

  void run(git::Repository repo);
  // Reads queued changes from one end until the queue is drained or the prefetcher stops.
  void read_queue(git::Repository& repo, Pass& pass, bool oldest_first);
  void queue(const LogCache::Trees& change);
  void read_change(git::Repository& repo, Pass& pass, const LogCache::Trees& change);
  SnapshotPtr snapshot(git::Repository& repo, Pass& pass, const Tree& tree);

  const ModelSnapshotReader& reader_;
  const std::size_t limit_;
  std::mutex mutex_;
  std::condition_variable wake_;
  // The trees of announced commits whose first parent the walk has not announced yet.
  std::unordered_map<git::ObjectId, std::vector<Tree>, git::ObjectIdHash> waiting_for_parent_;
  std::set<LogCache::Trees> queued_;
  std::deque<LogCache::Trees> queue_; // newest first
  Prefetched done_;
  bool draining_ = false; // the queue is all there will be: stop when it is empty
  bool stopping_ = false;
  std::thread thread_;
};

} // namespace crochet::history
