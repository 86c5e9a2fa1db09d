#pragma once
// Keeps a held migration lock's lease from running out while one step runs for longer than the
// lease: a constraint built over a large graph, or a long `IN TRANSACTIONS` data fix, would
// otherwise let another run take the lock and migrate alongside this one. A thread of its own
// renews the lease every third of it, on a session of its own (a Session serves one thread).
// A renewal that fails is tried again at the next tick; one that finds the lock taken over (or
// broken with `unlock --force`) is remembered for the run to report, and ends the keeping.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/neo4j/session.hpp"

namespace crochet::executor {

// Opens a session to the server the run migrates, for a thread other than the run's, over a
// transport that gives up its requests once `abandon` reads true.
using SessionFactory =
    std::function<std::unique_ptr<neo4j::Session>(const neo4j::AbandonFlag& abandon)>;

class LeaseKeeper {
public:
  // Renews `owner`'s lease of `lease` every lease / 3 until destroyed.
  LeaseKeeper(SessionFactory open_session, std::string owner, std::chrono::milliseconds lease);
  // Stops renewing, and returns once the thread has ended: within about a second, even when a
  // renewal waits on a server that does not answer (it is abandoned).
  ~LeaseKeeper();
  LeaseKeeper(const LeaseKeeper&) = delete;
  LeaseKeeper& operator=(const LeaseKeeper&) = delete;

  // Whether a renewal found the lock no longer this owner's.
  bool lost() const { return lost_; }

private:
  void keep();
  // One renewal; false once the lock is found to be someone else's.
  bool renew_once();

  SessionFactory open_session_;
  std::unique_ptr<neo4j::Session> session_; // the thread's, opened on its first renewal
  const std::string owner_;
  const std::chrono::milliseconds lease_;
  std::mutex mutex_;
  std::condition_variable wake_; // stop was asked
  bool stopping_ = false;
  std::atomic<bool> lost_{false};
  const std::shared_ptr<std::atomic<bool>> abandon_ = std::make_shared<std::atomic<bool>>(false);
  std::thread thread_; // last: starts once everything above is set
};

} // namespace crochet::executor
