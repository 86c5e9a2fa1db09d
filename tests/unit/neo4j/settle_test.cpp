// Sending a request until the graph settles its lost answer: how often it is sent, when the
// graph is asked, and which error goes up.
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/neo4j/errors.hpp"
#include "core/neo4j/session.hpp"
#include "core/neo4j/settle.hpp"

namespace crochet::neo4j {
namespace {

// Never asked: send_settled only reads the session's retry attempts.
class UnusedTransport : public HttpTransport {
public:
  HttpResponse send(const HttpRequest&) override {
    ADD_FAILURE() << "the transport was used";
    return {};
  }
};

Session session_with_attempts(int attempts) {
  SessionOptions options;
  options.retry.max_attempts = attempts;
  return Session(std::make_unique<UnusedTransport>(), options);
}

TransportFault lost() {
  return TransportFault(FaultKind::dropped, "the answer was lost");
}

Neo4jError refused() {
  return Neo4jError(ErrorKind::client, "Neo.ClientError.Statement.ArithmeticError", "/ by zero",
                    200, "the claim was refused", "");
}

// A request whose first answers are lost: each entry says what the graph shows after that loss.
struct Script {
  int sent = 0;
  int lose_first = 0; // answers lost before one arrives
  std::vector<Fate> graph_shows{};
  int asked = 0;

  std::function<void()> send() {
    return [this] {
      if (++sent <= lose_first)
        throw lost();
    };
  }
  std::function<Fate()> after_lost() {
    return [this] { return graph_shows.at(static_cast<std::size_t>(asked++)); };
  }
};

TEST(SendSettled, AnAnsweredRequestIsSentOnceAndTheGraphIsNotAsked) {
  const Session session = session_with_attempts(5);
  Script script;
  EXPECT_EQ(send_settled(session, script.send(), {.after_lost = script.after_lost()}),
            Settled::answered);
  EXPECT_EQ(script.sent, 1);
  EXPECT_EQ(script.asked, 0);
}

TEST(SendSettled, ALostAnswerIsSentAgainWhileTheGraphShowsItUnwritten) {
  const Session session = session_with_attempts(5);
  Script script{.lose_first = 2, .graph_shows = {Fate::resend, Fate::resend}};
  EXPECT_EQ(send_settled(session, script.send(), {.after_lost = script.after_lost()}),
            Settled::answered);
  EXPECT_EQ(script.sent, 3);
  EXPECT_EQ(script.asked, 2);
}

TEST(SendSettled, ALostAnswerTheGraphShowsCommittedIsNotSentAgain) {
  const Session session = session_with_attempts(5);
  Script script{.lose_first = 5, .graph_shows = {Fate::resend, Fate::committed}};
  EXPECT_EQ(send_settled(session, script.send(), {.after_lost = script.after_lost()}),
            Settled::committed);
  EXPECT_EQ(script.sent, 2);
}

TEST(SendSettled, ALostAnswerTheGraphCannotSettleGoesUp) {
  const Session session = session_with_attempts(5);
  Script script{.lose_first = 5, .graph_shows = {Fate::unknown}};
  EXPECT_THROW(send_settled(session, script.send(), {.after_lost = script.after_lost()}),
               TransportFault);
  EXPECT_EQ(script.sent, 1);
}

TEST(SendSettled, WithoutAWayToSettleALostAnswerGoesUp) {
  const Session session = session_with_attempts(5);
  Script script{.lose_first = 1};
  EXPECT_THROW(send_settled(session, script.send(), {}), TransportFault);
  EXPECT_EQ(script.sent, 1);
}

TEST(SendSettled, OtherFaultsGoUpWithoutAskingTheGraph) {
  const Session session = session_with_attempts(5);
  int asked = 0;
  for (const FaultKind kind : {FaultKind::unreachable, FaultKind::tls, FaultKind::other}) {
    try {
      send_settled(session, [&] { throw TransportFault(kind, "no answer"); }, {.after_lost = [&] {
                     ++asked;
                     return Fate::resend;
                   }});
      ADD_FAILURE() << "nothing went up";
    } catch (const TransportFault& fault) {
      EXPECT_EQ(fault.kind(), kind);
    }
  }
  EXPECT_EQ(asked, 0);
}

TEST(SendSettled, EveryAttemptUnansweredEndsInTheCallersClearerError) {
  const Session session = session_with_attempts(3);
  Script script{.lose_first = 10, .graph_shows = std::vector<Fate>(10, Fate::resend)};
  int told = 0;
  try {
    send_settled(session, script.send(),
                 {.after_lost = script.after_lost(),
                  .exhausted = [&](const TransportFault& fault, int attempts) {
                    ++told;
                    throw Error(std::string("sent ") + std::to_string(attempts) +
                                " times: " + fault.what());
                  }});
    ADD_FAILURE() << "nothing went up";
  } catch (const TransportFault&) {
    ADD_FAILURE() << "the fault went up instead of the caller's error";
  } catch (const Error& error) {
    EXPECT_STREQ(error.what(), "sent 3 times: the answer was lost");
  }
  EXPECT_EQ(script.sent, 3);
  EXPECT_EQ(told, 1);
}

TEST(SendSettled, AnExhaustedHandlerThatReturnsLetsTheLastFaultGoUp) {
  const Session session = session_with_attempts(2);
  Script script{.lose_first = 10, .graph_shows = {Fate::resend, Fate::resend}};
  bool tidied = false;
  EXPECT_THROW(send_settled(session, script.send(),
                            {.after_lost = script.after_lost(),
                             .exhausted = [&](const TransportFault&, int) { tidied = true; }}),
               TransportFault);
  EXPECT_TRUE(tidied);
  EXPECT_EQ(script.sent, 2);
}

TEST(SendSettled, NoAttemptsConfiguredStillSendsOnce) {
  const Session session = session_with_attempts(0);
  Script script{.lose_first = 10, .graph_shows = {Fate::resend}};
  int told_attempts = 0;
  EXPECT_THROW(send_settled(session, script.send(),
                            {.after_lost = script.after_lost(),
                             .exhausted = [&](const TransportFault&,
                                              int attempts) { told_attempts = attempts; }}),
               TransportFault);
  EXPECT_EQ(script.sent, 1);
  EXPECT_EQ(told_attempts, 1);
}

TEST(SendSettled, ANeo4jErrorGoesUpUnlessItMayHideACommittedAttempt) {
  const Session session = session_with_attempts(5);
  int sent = 0;
  int asked = 0;
  const auto refuse = [&] {
    ++sent;
    throw refused();
  };
  const auto graph_shows = [&](Fate fate) {
    return [&asked, fate] {
      ++asked;
      return fate;
    };
  };
  EXPECT_THROW(send_settled(session, refuse, {.after_lost = graph_shows(Fate::committed)}),
               Neo4jError);
  EXPECT_EQ(asked, 0); // not a claim: the graph is not asked
  EXPECT_EQ(send_settled(
                session, refuse,
                {.after_lost = graph_shows(Fate::committed), .refusal_may_mean_committed = true}),
            Settled::committed);
  EXPECT_THROW(
      send_settled(session, refuse,
                   {.after_lost = graph_shows(Fate::resend), .refusal_may_mean_committed = true}),
      Neo4jError);
  EXPECT_EQ(sent, 3); // a refusal is never sent again
  EXPECT_EQ(asked, 2);
}

} // namespace
} // namespace crochet::neo4j
