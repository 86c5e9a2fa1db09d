#pragma once
// Reads the changes of the models tree on a thread of its own while a history walk is still
// running. The walk (reading thousands of commits) leaves the other cores idle, and the changes
// it finds first are the ones `log` reads first.
//
// The walk announces each commit's models tree as it reads the commit, and on a line of history
// it reads a commit before its parent: two distinct trees announced one after the other are
// most likely a commit's tree and its parent's. So each announced tree is read and diffed
// against the tree announced before it, and only the last snapshot is kept: memory stays flat
// however long the walk runs. A pair no commit has is wasted work, never a wrong answer (a change
// depends on its two trees alone), and whatever is not read when the walk ends is read by the
// usual rounds, so a failed or slow prefetch changes no answer.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

#include "core/git/repository.hpp"
#include "core/history/change_reader.hpp"

namespace crochet::history {

class ChangePrefetcher {
public:
  using Tree = std::optional<git::ObjectId>;

  // Reads through `reader`'s parsed-file memo and options, with a repository handle of its own;
  // until finish(), nothing else may use that memo. At most `limit` trees are read.
  ChangePrefetcher(const ModelSnapshotReader& reader, std::size_t limit);
  ~ChangePrefetcher();
  ChangePrefetcher(const ChangePrefetcher&) = delete;
  ChangePrefetcher& operator=(const ChangePrefetcher&) = delete;

  // Announces a tree (any thread); a repeat of the tree announced last is ignored.
  void announce(const Tree& tree);
  // Stops after the tree being read and returns what was read so far.
  Prefetched finish();

private:
  void run(git::Repository repo);

  const ModelSnapshotReader& reader_;
  const std::size_t limit_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Tree> queue_;
  std::optional<Tree> last_announced_;
  std::size_t announced_ = 0;
  Prefetched done_;
  bool stopping_ = false;
  std::thread thread_;
};

} // namespace crochet::history
