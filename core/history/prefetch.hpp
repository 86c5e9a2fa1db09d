#pragma once
// Reads model snapshots on a thread of its own while a history walk is still running. The walk
// (reading thousands of commits) leaves the other cores idle, and the trees it finds first are
// the ones `log` reads first; announcing each tree as the walk finds it lets their snapshots be
// ready when the walk ends. Only a head start: whatever is not read when the walk ends is read
// by the usual rounds, so a failed or slow prefetch changes no answer.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "core/git/repository.hpp"
#include "core/history/snapshot.hpp"

namespace crochet::history {

class SnapshotPrefetcher {
public:
  using Tree = std::optional<git::ObjectId>;

  // Reads through `reader`'s parsed-file memo and options, with a repository handle of its own.
  // At most `limit` trees are read, which bounds the memory held for the rounds.
  SnapshotPrefetcher(const ModelSnapshotReader& reader, std::size_t limit);
  ~SnapshotPrefetcher();
  SnapshotPrefetcher(const SnapshotPrefetcher&) = delete;
  SnapshotPrefetcher& operator=(const SnapshotPrefetcher&) = delete;

  // Announces a tree (any thread); trees announced before are ignored.
  void announce(const Tree& tree);
  // Stops after the snapshot being read and returns those read so far.
  KnownSnapshots finish();

private:
  void run(git::Repository repo);

  const ModelSnapshotReader& reader_;
  const std::size_t limit_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Tree> queue_;
  std::set<Tree> announced_;
  KnownSnapshots done_;
  bool stopping_ = false;
  std::thread thread_;
};

} // namespace crochet::history
