#pragma once
// Requests whose answer may be lost on the way back. The session never re-sends a commit (see
// session.hpp): only its caller can look at the graph to learn whether it committed. Each caller
// (a load chunk, a removal chunk, a data-step group, a schema step, the lock's take) says how the
// graph settles a lost answer; sending again until it is settled is this one loop.
#include <functional>

#include "core/neo4j/http.hpp"

namespace crochet::neo4j {

class Session;

// What the graph shows of a request whose answer was lost.
enum class Fate {
  resend,    // none of it committed, or sending it again applies nothing twice
  committed, // it committed: only its answer is missing
  unknown,   // the graph cannot tell: the fault stands
};

struct Settling {
  // Asked after each lost answer (a dropped connection, or the client's timeout running out).
  std::function<Fate()> after_lost;
  // Whether a Neo4j error may be the refusal of a claim because an earlier attempt, whose answer
  // was lost, committed meanwhile: after_lost is then asked too, and only `committed` hides it.
  bool refusal_may_mean_committed = false;
  // When the last attempt went unanswered and the graph still showed `resend`: given that
  // attempt's fault and the number of attempts, it throws a clearer error, or tidies up and
  // returns for the fault to go up.
  std::function<void(const TransportFault&, int attempts)> exhausted{};
};

enum class Settled {
  answered,  // `send` returned
  committed, // an attempt committed, but its answer was lost: what it returned is unknown
};

// Calls `send` until it returns or the graph settles it, sending it at most the session's retry
// attempts in all. Faults other than a lost answer, and Neo4j errors, go up as they are.
Settled send_settled(const Session& session, const std::function<void()>& send,
                     const Settling& settling);

} // namespace crochet::neo4j
