#include "core/executor/lease_keeper.hpp"

#include <algorithm>

#include "core/executor/lock.hpp"

namespace crochet::executor {

LeaseKeeper::LeaseKeeper(SessionFactory open_session, std::string owner,
                         std::chrono::milliseconds lease)
    : open_session_(std::move(open_session)), owner_(std::move(owner)), lease_(lease),
      thread_([this] { keep(); }) {}

LeaseKeeper::~LeaseKeeper() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  abandon_->store(true); // a renewal in flight: the run is over, its answer no longer matters
  wake_.notify_all();
  thread_.join();
}

void LeaseKeeper::keep() {
  const auto interval = std::max(lease_ / 3, std::chrono::milliseconds(50));
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, interval, [this] { return stopping_; })) {
    lock.unlock();
    const bool still_ours = renew_once();
    lock.lock();
    if (!still_ours) {
      lost_ = true;
      return;
    }
  }
}

bool LeaseKeeper::renew_once() {
  try {
    if (!session_)
      session_ = open_session_(abandon_);
    const neo4j::Result result =
        session_->run(lock_cypher::renew(owner_, lease_.count()), neo4j::Replay::idempotent);
    return result.value(0, "renewed").get<std::int64_t>() == 1;
  } catch (...) {
    // The server did not answer, or answered with an error: the run's own requests meet the
    // same trouble and report it. Tried again at the next tick.
    return true;
  }
}

} // namespace crochet::executor
