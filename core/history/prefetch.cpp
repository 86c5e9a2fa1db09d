#include "core/history/prefetch.hpp"

#include <exception>
#include <memory>

namespace crochet::history {

ChangePrefetcher::ChangePrefetcher(const ModelSnapshotReader& reader, std::size_t limit)
    : reader_(reader), limit_(limit) {
  try {
    thread_ = std::thread(&ChangePrefetcher::run, this, reader.repo().reopen());
  } catch (const std::exception&) {
    // No second handle or no thread: nothing is read ahead, and the rounds read everything.
  }
}

ChangePrefetcher::~ChangePrefetcher() {
  finish();
}

void ChangePrefetcher::announce(const Tree& tree) {
  {
    const std::lock_guard lock(mutex_);
    if (stopping_ || announced_ >= limit_ || last_announced_ == tree)
      return;
    last_announced_ = tree;
    ++announced_;
    queue_.push_back(tree);
  }
  wake_.notify_one();
}

Prefetched ChangePrefetcher::finish() {
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

void ChangePrefetcher::run(git::Repository repo) {
  TreeSources sources;
  // The tree read last and its snapshot: the parent of the next tree's commit, probably.
  std::optional<std::pair<Tree, std::shared_ptr<const Snapshot>>> newer;
  for (;;) {
    Tree tree;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_)
        break;
      tree = queue_.front();
      queue_.pop_front();
    }
    try {
      auto snapshot = std::make_shared<const Snapshot>(
          reader_.from_sources(tree ? sources.read(repo, tree->hex()) : model::SourceSet{}));
      reader_.trim_parsed_files(); // the next tree shares all but a few of this one's files
      if (newer) {
        TreeChange change = change_between(*snapshot, *newer->second);
        const std::lock_guard lock(mutex_);
        done_.changes.emplace(LogCache::Trees{tree, newer->first}, std::move(change));
      }
      newer.emplace(tree, std::move(snapshot));
    } catch (const std::exception&) {
      newer.reset(); // left to the rounds, which report whatever this was
    }
  }
  // The tree read last is the newer side of the first change left to the rounds.
  const std::lock_guard lock(mutex_);
  if (newer)
    done_.snapshots.emplace(newer->first, std::move(newer->second));
}

} // namespace crochet::history
