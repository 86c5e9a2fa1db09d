#pragma once
// `git crochet merge`: after two branches each added a migration on the same parent, the chain
// has two heads. The merge migration names every head as a parent, has no steps of its own and
// records the merged models' schema hash, so the chain has one head again and the models are
// covered. Before writing it, the plan checks two things:
//  - overlaps: a label, relationship type or property that migrations on both sides touch (their
//    order on a database is not fixed, so they may not commute): warned about;
//  - unexplained changes: a difference between one head's recorded schema and the merged models
//    that no migration on another side makes (a hand edit during the merge): the merge migration
//    would then claim a schema no migration produces, so it is refused unless forced.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/migration/migration.hpp"
#include "core/schema/ir.hpp"

namespace crochet::hooks {

// The schema a migration recorded (its snapshot); nullopt when the snapshot is missing.
using RecordedSchema = std::function<std::optional<schema::Schema>(const migration::Migration&)>;

struct Overlap {
  std::string subject;                           // "Person.email", "label Person", "type KNOWS"
  std::vector<std::vector<std::string>> by_side; // per side, the migrations touching it
};

struct MergePlan {
  std::vector<std::string> heads; // the parents, as display names
  migration::Migration migration; // parsed back from `text`
  std::string file_name;          // relative to the migrations folder
  std::string text;
  std::string snapshot_path; // relative to the migrations folder
  std::string snapshot_text;
  std::vector<Overlap> overlaps;
  std::vector<std::string> unexplained; // change summaries
  std::vector<std::string> notes;       // what could not be compared
};

// Throws crochet::Error when the chain has fewer than two heads.
MergePlan plan_merge(const migration::Chain& chain, const RecordedSchema& recorded,
                     const schema::Schema& models, const std::string& description,
                     const std::string& nonce);

// "merge 0003_add_email and 0003_add_age".
std::string default_merge_description(const migration::Chain& chain);

} // namespace crochet::hooks
