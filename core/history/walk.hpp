#pragma once
// History walks over the schema: the commits that changed it (log) and the commits that
// introduced and changed one label or property (blame). Only commits whose models tree differs
// from their first parent's are read, so unchanged commits cost one tree lookup each, and
// nothing once the commit table is cached (history_cache.hpp). log also caches what it shows
// per models-tree change, so a repeated log reads no model file.
#include <string>
#include <string_view>
#include <vector>

#include "core/history/snapshot.hpp"
#include "core/schema/diff.hpp"

namespace crochet::history {

struct LogEntry {
  git::CommitInfo commit;
  bool merge = false; // more than one parent; the diff is against the first parent
  // A shallow clone's boundary: its parents are not here, so the diff is its whole schema, not
  // what the commit changed.
  bool shallow_boundary = false;
  bool readable = true;        // the models at this commit parse
  bool parent_readable = true; // the models at the first parent parse
  std::string first_error;     // when not readable (this commit's, else the parent's)
  std::string hash;            // schema hash at this commit; "" when unreadable
  std::string summary;         // change_tokens() of the diff parent -> commit
  std::string diff_json;       // to_json() of that diff, compact; empty diff when either side
                               // is unreadable
};

// Newest first. Throws crochet::Error "no commits in range 'X'" when the range is empty.
std::vector<LogEntry> schema_log(ModelSnapshotReader& reader, std::string_view range);

// "+Person.email, -Dog, ~Person.name": one short token per change.
std::string change_tokens(const schema::Diff& diff, std::size_t limit = 8);

struct BlameEntry {
  git::CommitInfo commit;
  std::string what; // "introduced", "removed", "changed" or "renamed" (the property or its class)
  std::vector<schema::Change> changes; // the matching changes of the diff
  // A shallow clone's boundary: "introduced" here means here or in a commit before it.
  bool shallow_boundary = false;
};

// Oldest first: the commit that introduced `target` ("Label" or "Label.prop"; Label is a node's
// own label or a class name), then every commit that changed or removed it. A class that `rev`
// has is followed by its kgid through renames. A merge is listed only when it changed the target
// relative to every parent; otherwise the parent's side of history shows the change. Throws
// crochet::Error when it never appears in the history of `rev`.
std::vector<BlameEntry> blame(ModelSnapshotReader& reader, std::string_view target,
                              std::string_view rev = "HEAD");

// Whether the schema has the label or class (and, when given, the property).
bool schema_has(const schema::Schema& schema, std::string_view target);

} // namespace crochet::history
