#include "core/history/prefetch.hpp"

#include <exception>

namespace crochet::history {

SnapshotPrefetcher::SnapshotPrefetcher(const ModelSnapshotReader& reader, std::size_t limit)
    : reader_(reader), limit_(limit) {
  try {
    thread_ = std::thread(&SnapshotPrefetcher::run, this, reader.repo().reopen());
  } catch (const std::exception&) {
    // No second handle or no thread: nothing is read ahead, and the rounds read everything.
  }
}

SnapshotPrefetcher::~SnapshotPrefetcher() {
  finish();
}

void SnapshotPrefetcher::announce(const Tree& tree) {
  {
    const std::lock_guard lock(mutex_);
    if (stopping_ || announced_.size() >= limit_ || !announced_.insert(tree).second)
      return;
    queue_.push_back(tree);
  }
  wake_.notify_one();
}

KnownSnapshots SnapshotPrefetcher::finish() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable())
    thread_.join();
  const std::lock_guard lock(mutex_);
  return std::move(done_);
}

void SnapshotPrefetcher::run(git::Repository repo) {
  TreeSources sources;
  for (;;) {
    Tree tree;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_)
        return;
      tree = queue_.front();
      queue_.pop_front();
    }
    try {
      auto snapshot = std::make_shared<const Snapshot>(
          reader_.from_sources(tree ? sources.read(repo, tree->hex()) : model::SourceSet{}));
      const std::lock_guard lock(mutex_);
      done_.emplace(tree, std::move(snapshot));
    } catch (const std::exception&) {
      // Left to the rounds, which report whatever this was.
    }
  }
}

} // namespace crochet::history
