#include "core/history/prefetch.hpp"

#include <exception>

namespace crochet::history {
namespace {

// Parsed files not used for this many trees are forgotten. Each reader's next tree shares all
// but a few files with its last, so a reader loses nothing to another's trim as long as it
// reads a tree between two of them; losing a file only means parsing it again.
constexpr std::size_t kTrimEvery = 8;

} // namespace

ChangePrefetcher::ChangePrefetcher(const ModelSnapshotReader& reader, std::size_t limit)
    : reader_(reader), limit_(limit) {
  try {
    thread_ = std::thread(&ChangePrefetcher::run, this, reader.repo().reopen());
  } catch (const std::exception&) {
    // No second handle or no thread: drain() reads everything, or the rounds do.
  }
}

ChangePrefetcher::~ChangePrefetcher() {
  finish();
}

void ChangePrefetcher::announce(const Tree& tree) {
  {
    const std::lock_guard lock(mutex_);
    if (stopping_ || draining_ || announced_ >= limit_ || last_announced_ == tree)
      return;
    last_announced_ = tree;
    ++announced_;
    queue_.push_back(tree);
  }
  wake_.notify_one();
}

Prefetched ChangePrefetcher::drain(git::Repository& repo) {
  {
    const std::lock_guard lock(mutex_);
    draining_ = true;
  }
  wake_.notify_one();
  Pass pass;
  pass.oldest_first = true;
  for (;;) {
    Tree tree;
    {
      const std::lock_guard lock(mutex_);
      if (stopping_ || queue_.empty())
        break;
      tree = queue_.back();
      queue_.pop_back();
    }
    read_tree(repo, pass, tree);
  }
  Prefetched done = finish();
  // The two passes met between this pass's last tree (the older) and the prefetcher's.
  if (pass.last && thread_last_) {
    record(*pass.last, *thread_last_);
    done.changes.merge(done_.changes);
  }
  if (pass.last)
    done.snapshots.emplace(std::move(*pass.last));
  return done;
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
  Prefetched done = std::move(done_);
  done_ = {};
  if (thread_last_)
    done.snapshots.emplace(*thread_last_); // the newer side of the first change left to read
  return done;
}

void ChangePrefetcher::run(git::Repository repo) {
  Pass pass;
  for (;;) {
    Tree tree;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || draining_ || !queue_.empty(); });
      if (stopping_ || queue_.empty())
        break; // stopped, or drained
      tree = queue_.front();
      queue_.pop_front();
    }
    read_tree(repo, pass, tree);
  }
  const std::lock_guard lock(mutex_);
  thread_last_ = std::move(pass.last);
}

void ChangePrefetcher::read_tree(git::Repository& repo, Pass& pass, const Tree& tree) {
  try {
    Read read{tree, std::make_shared<const Snapshot>(reader_.from_sources(
                        tree ? pass.sources.read(repo, tree->hex()) : model::SourceSet{}))};
    if (++pass.reads % kTrimEvery == 0)
      reader_.trim_parsed_files();
    if (pass.last) {
      if (pass.oldest_first)
        record(*pass.last, read);
      else
        record(read, *pass.last);
    }
    pass.last = std::move(read);
  } catch (const std::exception&) {
    pass.last.reset(); // left to the rounds, which report whatever this was
  }
}

void ChangePrefetcher::record(const Read& older, const Read& newer) {
  TreeChange change = change_between(*older.second, *newer.second);
  const std::lock_guard lock(mutex_);
  done_.changes.emplace(LogCache::Trees{older.first, newer.first}, std::move(change));
}

} // namespace crochet::history
