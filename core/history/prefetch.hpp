#pragma once
// Reads the changes of the models tree on a thread of its own while a history walk is still
// running. The walk (reading thousands of commits) leaves the other cores idle, and the changes
// it finds first are the ones `log` reads first.
//
// The walk announces each commit's models tree as it reads the commit, and on a line of history
// it reads a commit before its parent: two distinct trees announced one after the other are
// most likely a commit's tree and its parent's. So each announced tree is read and diffed
// against its neighbour in announcement order, and each reader holds one snapshot: memory stays
// flat however long the walk runs. A pair no commit has is wasted work, never a wrong answer (a
// change depends on its two trees alone), and whatever is not read here is read by the usual
// rounds, so a failed or slow prefetch changes no answer.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "core/git/repository.hpp"
#include "core/history/change_reader.hpp"

namespace crochet::history {

class ChangePrefetcher {
public:
  using Tree = std::optional<git::ObjectId>;

  // Reads through `reader`'s parsed-file memo and options, with a repository handle of its own;
  // until drain() or finish() returns, nothing else may use that memo. At most `limit` trees
  // are read.
  ChangePrefetcher(const ModelSnapshotReader& reader, std::size_t limit);
  ~ChangePrefetcher();
  ChangePrefetcher(const ChangePrefetcher&) = delete;
  ChangePrefetcher& operator=(const ChangePrefetcher&) = delete;

  // Announces a tree (any thread); a repeat of the tree announced last is ignored.
  void announce(const Tree& tree);
  // Once nothing more is announced: reads the trees still waiting on the calling thread too,
  // oldest first through `repo`, while the prefetcher goes on from the newest, and returns when
  // every announced tree is read. No rounds, so no thread waits for another's share.
  Prefetched drain(git::Repository& repo);
  // Stops after the tree being read and returns what was read so far.
  Prefetched finish();

private:
  using Read = std::pair<Tree, std::shared_ptr<const Snapshot>>;
  // One reader's walk through the announced trees, from one end.
  struct Pass {
    bool oldest_first = false;
    TreeSources sources;
    std::optional<Read> last; // the tree this pass read last, the neighbour of its next one
    std::size_t reads = 0;
  };

  void run(git::Repository repo);
  // Reads `tree` and records its change against the tree `pass` read before it.
  void read_tree(git::Repository& repo, Pass& pass, const Tree& tree);
  void record(const Read& older, const Read& newer);

  const ModelSnapshotReader& reader_;
  const std::size_t limit_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Tree> queue_; // newest first
  std::optional<Tree> last_announced_;
  std::size_t announced_ = 0;
  Prefetched done_;
  std::optional<Read> thread_last_; // the prefetcher's last read, once it has stopped
  bool draining_ = false;           // the queue is all there will be: stop when it is empty
  bool stopping_ = false;
  std::thread thread_;
};

} // namespace crochet::history
