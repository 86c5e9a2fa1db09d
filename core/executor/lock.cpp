#include "core/executor/lock.hpp"

#include <thread>

#include <unistd.h>

#include "core/migration/render.hpp"
#include "core/neo4j/graph_schema.hpp"
#include "core/neo4j/http.hpp"
#include "core/neo4j/settle.hpp"
#include "core/util/advice.hpp"
#include "core/util/error.hpp"

namespace crochet::executor {
namespace {

using migration::Statement;

std::string lock_node() {
  return std::string("(l:`") + kLockLabel + "` {name: $name})";
}

std::string describe(const LockHolder& holder) {
  const std::int64_t left_s = (holder.expires_at_ms - holder.now_ms + 999) / 1000;
  return holder.owner + " (lease ends in " + std::to_string(left_s) + " s)";
}

} // namespace

namespace lock_cypher {

Statement touch() {
  return {"MERGE " + lock_node() +
              " SET l.touched_at = timestamp() RETURN l.owner AS owner, l.expires_at AS "
              "expires_at, timestamp() AS now",
          {{"name", kLockName}}};
}

Statement take(const std::string& owner, std::int64_t lease_ms) {
  return {"MATCH " + lock_node() +
              " SET l.owner = $owner, l.acquired_at = timestamp(), "
              "l.expires_at = timestamp() + $lease",
          {{"name", kLockName}, {"owner", owner}, {"lease", lease_ms}}};
}

Statement renew(const std::string& owner, std::int64_t lease_ms) {
  return {"MATCH " + lock_node() +
              " WHERE l.owner = $owner SET l.expires_at = timestamp() + $lease "
              "RETURN count(l) AS renewed",
          {{"name", kLockName}, {"owner", owner}, {"lease", lease_ms}}};
}

Statement release(const std::string& owner) {
  return {"MATCH " + lock_node() +
              " WHERE l.owner = $owner REMOVE l.owner, l.expires_at, l.acquired_at",
          {{"name", kLockName}, {"owner", owner}}};
}

Statement read_holder() {
  return {"MATCH " + lock_node() +
              " WHERE l.owner IS NOT NULL RETURN l.owner AS owner, l.expires_at AS "
              "expires_at, timestamp() AS now",
          {{"name", kLockName}}};
}

Statement force_unlock() {
  return {"MATCH " + lock_node() +
              " WHERE l.owner IS NOT NULL WITH l, l.owner AS owner, l.expires_at AS "
              "expires_at REMOVE l.owner, l.expires_at, l.acquired_at RETURN owner, "
              "expires_at, timestamp() AS now",
          {{"name", kLockName}}};
}

} // namespace lock_cypher

std::string lock_owner_name(const std::string& actor) {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return actor + " on " + host + " pid " + std::to_string(getpid());
}

GraphLock::GraphLock(neo4j::Session& session, std::string owner, std::chrono::milliseconds lease,
                     SessionFactory keeper_session)
    : session_(session), owner_(std::move(owner)), lease_(lease),
      keeper_session_(std::move(keeper_session)) {}

GraphLock::~GraphLock() {
  if (!held_)
    return;
  try {
    release();
  } catch (...) {
    // The lease runs out on its own.
  }
}

std::optional<LockHolder> GraphLock::try_acquire() {
  std::optional<LockHolder> other;
  session_.run_transaction([&](neo4j::Transaction& transaction) {
    other.reset();
    // The SET takes Neo4j's write lock on the node before the owner is read.
    neo4j::Result current = transaction.run(lock_cypher::touch());
    const migration::Json& owner = current.value(0, "owner");
    const std::int64_t now = current.value(0, "now").get<std::int64_t>();
    const migration::Json& expires = current.value(0, "expires_at");
    const std::int64_t expires_at = expires.is_number() ? expires.get<std::int64_t>() : 0;
    if (owner.is_string() && owner.get<std::string>() != owner_ && expires_at > now) {
      other = LockHolder{owner.get<std::string>(), expires_at, now};
      return; // commits the touch only
    }
    transaction.run(lock_cypher::take(owner_, lease_.count()));
  });
  return other;
}

// Whether the lock's uniqueness constraint is in place. Read first, so a run creates it only
// once: creating a constraint, even one that exists, takes the schema's exclusive lock, which on
// 3.x waits for every open write transaction in the database.
bool has_lock_constraint(neo4j::Session& session) {
  const std::vector<std::string> label = {kLockLabel}, property = {"name"};
  try {
    for (const neo4j::GraphObject& object : neo4j::read_graph_schema(session))
      if (object.kind == "unique_constraint" && object.tokens == label &&
          object.properties == property)
        return true;
  } catch (const neo4j::Neo4jError&) {
    // A user without the privilege to list constraints: created, tolerating "already there".
  }
  return false;
}

// Without a uniqueness constraint two first-time takers could each MERGE a lock node of their
// own; with it, Neo4j serialises them on the constraint.
void ensure_lock_constraint(neo4j::Session& session) {
  if (has_lock_constraint(session))
    return;
  migration::Operation constraint{migration::OpKind::add_unique_constraint,
                                  {{"name", "constraint_unique___CrochetLock_name"},
                                   {"label", kLockLabel},
                                   {"property", "name"}}};
  for (const Statement& statement : migration::render(constraint, session.server().capabilities)) {
    try {
      session.run(statement, neo4j::Replay::idempotent);
    } catch (const neo4j::Neo4jError& error) {
      // A concurrent taker created it first.
      if (error.code().find("Schema") == std::string::npos)
        throw;
    }
  }
}

// A take whose answer is lost is sent again: the lock it may have taken is in this run's name,
// which the next take finds as its own. When no attempt is answered, whatever the last one took
// is given back, so the lock does not stay taken until its lease runs out.
std::optional<LockHolder> GraphLock::try_acquire_settled() {
  const auto give_back = [this](const neo4j::TransportFault&, int) {
    try {
      session_.run(lock_cypher::release(owner_), neo4j::Replay::idempotent);
    } catch (const std::exception&) {
      // The lease runs out on its own.
    }
  };
  std::optional<LockHolder> other;
  neo4j::send_settled(session_, [&] { other = try_acquire(); },
                      {.after_lost = [] { return neo4j::Fate::resend; }, .exhausted = give_back});
  return other;
}

void GraphLock::acquire(std::chrono::milliseconds wait) {
  ensure_lock_constraint(session_);
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (true) {
    std::optional<LockHolder> other = try_acquire_settled();
    if (!other) {
      held_ = true;
      if (keeper_session_)
        keeper_ = std::make_unique<LeaseKeeper>(keeper_session_, owner_, lease_);
      return;
    }
    if (std::chrono::steady_clock::now() >= deadline)
      throw Error("another migration run holds the lock: " + describe(*other),
                  wait.count() > 0 ? "it is still running; try again later, or break a dead "
                                     "holder's lock with `" +
                                         advice::crochet("unlock --force") + "`"
                                   : "wait for it with `--wait SECONDS`, or break a dead "
                                     "holder's lock with `" +
                                         advice::crochet("unlock --force") + "`");
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
}

void GraphLock::renew() {
  // The keeper may have found the lock gone already; else this renewal finds out.
  if ((keeper_ && keeper_->lost()) ||
      session_.run(lock_cypher::renew(owner_, lease_.count()), neo4j::Replay::idempotent)
              .value(0, "renewed")
              .get<std::int64_t>() != 1) {
    keeper_.reset();
    held_ = false;
    throw Error("the migration lock was broken or taken over while this run held it; stopped "
                "before the next step",
                "run `" + advice::crochet("status") +
                    "` to see what was applied, then upgrade again");
  }
}

void GraphLock::release() {
  keeper_.reset(); // before the lock goes: the keeper must not renew a lease no one holds
  session_.run(lock_cypher::release(owner_), neo4j::Replay::idempotent);
  held_ = false;
}

std::optional<LockHolder> GraphLock::holder(neo4j::Session& session) {
  neo4j::Result result = session.run(lock_cypher::read_holder(), neo4j::Replay::idempotent);
  if (result.rows.empty())
    return std::nullopt;
  LockHolder holder{result.value(0, "owner").get<std::string>(),
                    result.value(0, "expires_at").get<std::int64_t>(),
                    result.value(0, "now").get<std::int64_t>()};
  if (holder.expires_at_ms <= holder.now_ms)
    return std::nullopt;
  return holder;
}

std::optional<LockHolder> GraphLock::force_unlock(neo4j::Session& session) {
  neo4j::Result result = session.run(lock_cypher::force_unlock(), neo4j::Replay::idempotent);
  if (result.rows.empty())
    return std::nullopt;
  return LockHolder{result.value(0, "owner").get<std::string>(),
                    result.value(0, "expires_at").get<std::int64_t>(),
                    result.value(0, "now").get<std::int64_t>()};
}

} // namespace crochet::executor
