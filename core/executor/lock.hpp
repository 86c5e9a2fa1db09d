#pragma once
// The migration lock in the graph itself (BRIEF §7): one `:__CrochetLock {name: "migrations"}`
// node with an owner and a lease expiry, so two machines or CI jobs never migrate the same
// database at once. Time is the server's (`timestamp()`), so client clocks do not matter.
//
// Taking the lock is one transaction that first writes to the lock node (which takes Neo4j's
// exclusive lock on it) and only then reads the owner: a second taker blocks on the write until
// the first commits, then sees its owner. A lease that has run out is free to take; a holder
// renews its lease between steps and stops when it finds the lock gone. Given a way to open a
// second session, the holder also keeps the lease renewed while a step runs (lease_keeper.hpp).
#include <chrono>
#include <optional>
#include <string>

#include "core/executor/lease_keeper.hpp"
#include "core/migration/render.hpp"
#include "core/neo4j/session.hpp"

namespace crochet::executor {

inline constexpr const char* kLockLabel = "__CrochetLock";
inline constexpr const char* kLockName = "migrations";

struct LockHolder {
  std::string owner;
  std::int64_t expires_at_ms = 0; // server time
  std::int64_t now_ms = 0;        // server time when read
};

class GraphLock {
public:
  // With `keeper_session`, the lease is also renewed on a thread of its own while held.
  GraphLock(neo4j::Session& session, std::string owner, std::chrono::milliseconds lease,
            SessionFactory keeper_session = {});
  ~GraphLock(); // releases when held (errors swallowed: the lease expires anyway)
  GraphLock(const GraphLock&) = delete;
  GraphLock& operator=(const GraphLock&) = delete;

  // Takes the lock, waiting up to `wait` (polling) while someone else holds an unexpired lease.
  // Throws crochet::Error naming the holder and when its lease ends.
  void acquire(std::chrono::milliseconds wait);
  // Extends the lease; throws when the lock was broken or taken over meanwhile (also when the
  // keeper found it so).
  void renew();
  void release();
  bool held() const { return held_; }

  // The current holder, if the lock is taken and its lease has not run out.
  static std::optional<LockHolder> holder(neo4j::Session& session);
  // unlock --force: clears the lock whoever holds it; returns the holder it removed.
  static std::optional<LockHolder> force_unlock(neo4j::Session& session);

private:
  // One attempt; nullopt when taken, else the other holder.
  std::optional<LockHolder> try_acquire();
  // try_acquire, sent again when its answer is lost.
  std::optional<LockHolder> try_acquire_settled();
  neo4j::Session& session_;
  std::string owner_;
  std::chrono::milliseconds lease_;
  SessionFactory keeper_session_;
  std::unique_ptr<LeaseKeeper> keeper_; // while held, given keeper_session_
  bool held_ = false;
};

// The Cypher the lock runs, one function a statement, so that tests/cypher checks each with
// Neo4j's own front end.
namespace lock_cypher {
// Writes the lock node (made on first use), which takes Neo4j's lock on it, then reads the owner.
migration::Statement touch();
migration::Statement take(const std::string& owner, std::int64_t lease_ms);
// Extends the lease when `owner` still holds it; returns `renewed` (0 or 1).
migration::Statement renew(const std::string& owner, std::int64_t lease_ms);
migration::Statement release(const std::string& owner);
migration::Statement read_holder();
// Clears the lock whoever holds it, returning the holder it removed.
migration::Statement force_unlock();
} // namespace lock_cypher

// "alice@build-7 pid 4242": who takes the lock.
std::string lock_owner_name(const std::string& actor);

} // namespace crochet::executor
