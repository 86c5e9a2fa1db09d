#include "core/neo4j/settle.hpp"

#include <algorithm>

#include "core/neo4j/session.hpp"

namespace crochet::neo4j {

Settled send_settled(const Session& session, const std::function<void()>& send,
                     const Settling& settling) {
  const int attempts = std::max(1, session.options().retry.max_attempts);
  for (int attempt = 1;; ++attempt) {
    try {
      send();
      return Settled::answered;
    } catch (const TransportFault& fault) {
      if (fault.kind() != FaultKind::dropped)
        throw;
      const Fate fate = settling.after_lost ? settling.after_lost() : Fate::unknown;
      if (fate == Fate::committed)
        return Settled::committed;
      if (fate == Fate::resend && attempt < attempts)
        continue;
      if (fate == Fate::resend && settling.exhausted)
        settling.exhausted(fault, attempts);
      throw;
    } catch (const Neo4jError&) {
      if (settling.refusal_may_mean_committed && settling.after_lost &&
          settling.after_lost() == Fate::committed)
        return Settled::committed;
      throw;
    }
  }
}

} // namespace crochet::neo4j
