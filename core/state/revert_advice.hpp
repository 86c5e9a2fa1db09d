#pragma once
// What status and the post-merge/post-checkout hooks say about applied migrations from another
// line of history (DatabaseStatus::foreign): the downgrade that reverts them here, or, when that
// downgrade would be refused, which migration stops it and what to do instead. One wording for
// every caller.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/state/compare.hpp"

namespace crochet::state {

// read_applied_migration with its repository: the file of a row the chain lacks, as applied.
using ReadApplied = std::function<migration::Migration(const ledger::AppliedMigration&)>;
// bring_in_command with its repository: the git command that brings a row's line in, if any.
using BringIn = std::function<std::optional<std::string>(const ledger::AppliedMigration&)>;

// What git can tell about the rows the chain lacks (applied_elsewhere.hpp makes the real one).
struct OtherLines {
  ReadApplied read;
  BringIn bring_in;
};

// The lines (no prefix, no indent) after the list of foreign migrations; none when `db` has
// no revert target. The commands it names start as typed where they are read
// (core/util/advice.hpp).
std::vector<std::string> revert_advice(const DatabaseStatus& db, const migration::Chain& chain,
                                       const OtherLines& git);

} // namespace crochet::state
