#include "core/history/prefetch.hpp"

#include <exception>
#include <utility>

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

void ChangePrefetcher::announce(const git::SubtreeTable& table,
                                const git::SubtreeTable::Entry& commit) {
  const Tree& tree = commit.tree;
  const auto parents = table.parents(commit);
  bool queued = false;
  {
    const std::lock_guard lock(mutex_);
    if (stopping_ || draining_)
      return;
    // Children added before this commit, whose first parent it is.
    if (auto children = waiting_for_parent_.extract(commit.commit))
      for (const Tree& child : children.mapped())
        if (child != tree) {
          queue({tree, child});
          queued = true;
        }
    if (parents.empty()) {
      if (tree) { // a root commit: its models are all new
        queue({std::nullopt, tree});
        queued = true;
      }
    } else if (const git::SubtreeTable::Entry* parent = table.find(parents.front())) {
      if (parent->tree != tree) {
        queue({parent->tree, tree});
        queued = true;
      }
    } else {
      waiting_for_parent_[parents.front()].push_back(tree);
    }
  }
  if (queued)
    wake_.notify_one();
}

void ChangePrefetcher::queue(const LogCache::Trees& change) {
  if (queued_.size() < limit_ && queued_.insert(change).second)
    queue_.push_back(change);
}

Prefetched ChangePrefetcher::drain(git::Repository& repo) {
  {
    const std::lock_guard lock(mutex_);
    draining_ = true;
    waiting_for_parent_.clear();
  }
  wake_.notify_one();
  Pass pass;
  read_queue(repo, pass, true);
  Prefetched done = finish();
  done.snapshots.merge(pass.last);
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
  return done;
}

void ChangePrefetcher::run(git::Repository repo) {
  Pass pass;
  read_queue(repo, pass, false);
  // The last change's trees, for the rounds: a change left to them may share one.
  const std::lock_guard lock(mutex_);
  done_.snapshots.merge(pass.last);
}

void ChangePrefetcher::read_queue(git::Repository& repo, Pass& pass, bool oldest_first) {
  for (;;) {
    LogCache::Trees change;
    {
      std::unique_lock lock(mutex_);
      // Once draining, nothing more is queued: an empty queue is the end, not a pause.
      wake_.wait(lock, [&] { return stopping_ || draining_ || !queue_.empty(); });
      if (stopping_ || queue_.empty())
        return;
      if (oldest_first) {
        change = queue_.back();
        queue_.pop_back();
      } else {
        change = queue_.front();
        queue_.pop_front();
      }
    }
    read_change(repo, pass, change);
  }
}

void ChangePrefetcher::read_change(git::Repository& repo, Pass& pass,
                                   const LogCache::Trees& change) {
  try {
    SnapshotPtr before = snapshot(repo, pass, change.first);
    SnapshotPtr after = snapshot(repo, pass, change.second);
    TreeChange read = change_between(*before, *after);
    pass.last = {{change.first, std::move(before)}, {change.second, std::move(after)}};
    const std::lock_guard lock(mutex_);
    done_.changes.emplace(change, std::move(read));
  } catch (const std::exception&) {
    pass.last.clear(); // left to the rounds, which report whatever this was
  }
}

ChangePrefetcher::SnapshotPtr ChangePrefetcher::snapshot(git::Repository& repo, Pass& pass,
                                                         const Tree& tree) {
  if (const auto found = pass.last.find(tree); found != pass.last.end())
    return found->second;
  auto read = std::make_shared<const Snapshot>(
      reader_.from_sources(tree ? pass.sources.read(repo, tree->hex()) : model::SourceSet{}));
  if (++pass.reads % kTrimEvery == 0)
    reader_.trim_parsed_files();
  return read;
}

} // namespace crochet::history
