#pragma once
// The state behind a Ledger, shared by the files that implement its parts. Private to the layer.
#include "core/ledger/ledger.hpp"
#include "core/ledger/sqlite.hpp"

namespace crochet::ledger {

struct Ledger::Impl {
  sqlite::Database db;
  Clock clock;
  int version = 0;

  std::string now() const { return format_timestamp(clock()); }
};

// Appends one event inside the caller's open transaction.
Event append_event_in(Ledger::Impl& impl, const NewEvent& event);
// Removes the revision's run, its steps with it, inside the caller's open transaction.
void delete_run(Ledger::Impl& impl, const std::string& revision);

} // namespace crochet::ledger
