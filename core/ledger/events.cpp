// The append-only, hash-chained event log. Each row's hash covers the previous row's hash and
// the row's own canonical form, and the newest (id, hash) is also kept in event_chain_head, so
// editing, deleting, inserting or reordering rows anywhere in the log is detected by a walk.
#include <fmt/format.h>

#include "core/ledger/impl.hpp"
#include "core/util/error.hpp"
#include "core/util/sha256.hpp"

namespace crochet::ledger {

namespace {

// The exact bytes hashed for a row: a JSON array of its columns (strings escaped, so no field
// can imitate a separator), prefixed by the previous row's hash.
std::string row_hash(const Event& event) {
  const Json row = Json::array(
      {event.id, event.at, event.kind, event.revision, event.outcome, event.actor, event.detail});
  return "sha256:" + sha256_hex(event.prev_hash + "\n" + row.dump());
}

Event read_event(const sqlite::Statement& row) {
  Event event;
  event.id = row.integer(0);
  event.at = row.text(1);
  event.kind = row.text(2);
  event.revision = row.text(3);
  event.outcome = row.text(4);
  event.actor = row.text(5);
  event.detail = row.text(6);
  event.prev_hash = row.text(7);
  event.hash = row.text(8);
  return event;
}

constexpr const char* kEventColumns =
    "id, at, kind, revision, outcome, actor, detail, prev_hash, hash";

std::string describe(const Event& event) {
  std::string text = fmt::format("event {} ({}", event.id, event.kind);
  if (!event.revision.empty())
    text += " " + event.revision;
  return text + " at " + event.at + ")";
}

} // namespace

Event append_event_in(Ledger::Impl& impl, const NewEvent& event) {
  if (event.kind.empty())
    throw Error("an event needs a kind");
  if (!event.detail.is_object())
    throw Error("an event's detail must be a JSON object");
  Event row;
  {
    sqlite::Statement head(impl.db,
                           "SELECT last_id, last_hash FROM event_chain_head WHERE singleton = 1");
    if (!head.step())
      throw Error("the ledger '" + impl.db.path().string() + "' is corrupt (no event chain head)");
    row.id = head.integer(0) + 1;
    row.prev_hash = head.text(1);
  }
  row.at = impl.now();
  row.kind = event.kind;
  row.revision = event.revision;
  row.outcome = event.outcome;
  row.actor = event.actor;
  row.detail = event.detail.dump(); // nlohmann objects keep keys sorted: canonical
  row.hash = row_hash(row);
  sqlite::Statement insert(impl.db, fmt::format("INSERT INTO events ({}) VALUES "
                                                "(?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                                kEventColumns));
  insert.bind(1, static_cast<std::int64_t>(row.id))
      .bind(2, row.at)
      .bind(3, row.kind)
      .bind(4, row.revision)
      .bind(5, row.outcome)
      .bind(6, row.actor)
      .bind(7, row.detail)
      .bind(8, row.prev_hash)
      .bind(9, row.hash)
      .run();
  sqlite::Statement advance(
      impl.db, "UPDATE event_chain_head SET last_id = ?, last_hash = ? WHERE singleton = 1");
  advance.bind(1, static_cast<std::int64_t>(row.id)).bind(2, row.hash).run();
  return row;
}

Event Ledger::append_event(const NewEvent& event) {
  sqlite::Transaction transaction(impl_->db);
  Event row = append_event_in(*impl_, event);
  transaction.commit();
  return row;
}

std::vector<Event> Ledger::events() const {
  sqlite::Statement query(impl_->db,
                          fmt::format("SELECT {} FROM events ORDER BY id", kEventColumns));
  std::vector<Event> result;
  while (query.step())
    result.push_back(read_event(query));
  return result;
}

EventChainReport Ledger::verify_event_chain() const {
  EventChainReport report;
  auto bad = [&report](std::int64_t id, std::string problem) {
    report.intact = false;
    report.first_bad = id;
    report.problem = std::move(problem);
    return report;
  };
  // One read transaction, so a concurrent append cannot make the walk and the head disagree.
  sqlite::Database& db = impl_->db;
  db.exec("BEGIN", "reading the event log");
  struct End {
    sqlite::Database& db;
    ~End() { sqlite3_exec(db.handle(), "COMMIT", nullptr, nullptr, nullptr); }
  } end{db};

  std::int64_t head_id = 0;
  std::string head_hash;
  {
    sqlite::Statement head(db,
                           "SELECT last_id, last_hash FROM event_chain_head WHERE singleton = 1");
    if (!head.step())
      return bad(1, "the event log's chain head is missing");
    head_id = head.integer(0);
    head_hash = head.text(1);
  }
  sqlite::Statement query(db, fmt::format("SELECT {} FROM events ORDER BY id", kEventColumns));
  std::int64_t expected = 1;
  std::string previous_hash;
  std::string previous_description;
  while (query.step()) {
    const Event event = read_event(query);
    ++report.events;
    if (event.id > head_id)
      return bad(event.id, describe(event) + fmt::format(" was added outside git-crochet (the "
                                                         "log recorded {} events)",
                                                         head_id));
    if (event.id != expected)
      return bad(
          expected,
          expected == 1
              ? fmt::format("event 1 is missing (deleted): the log starts at event {}", event.id)
              : fmt::format("event {} is missing (deleted): the log jumps from event {} "
                            "to event {}",
                            expected, expected - 1, event.id));
    if (event.prev_hash != previous_hash)
      return expected == 1
                 ? bad(1, describe(event) + " does not start the chain (rewritten)")
                 : bad(expected - 1, "the chain breaks after " + previous_description + ": " +
                                         describe(event) +
                                         " records another hash for it (it "
                                         "was rewritten, or rows after it were deleted or "
                                         "reordered)");
    if (row_hash(event) != event.hash)
      return bad(event.id, describe(event) + " was edited: its contents do not match its hash");
    previous_hash = event.hash;
    previous_description = describe(event);
    ++expected;
  }
  const std::int64_t last = expected - 1;
  if (head_id > last)
    return bad(last + 1, fmt::format("event {} is missing (deleted): the log ends at event {} "
                                     "but {} events were recorded",
                                     last + 1, last, head_id));
  if (head_id < last)
    return bad(head_id + 1, fmt::format("event {} was added outside git-crochet (the log "
                                        "recorded {} events)",
                                        head_id + 1, head_id));
  if (head_hash != previous_hash)
    return bad(last, previous_description + " was rewritten: its hash is not the one the log "
                                            "recorded as its newest");
  return report;
}

} // namespace crochet::ledger
