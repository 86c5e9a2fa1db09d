#include "core/executor/abandon.hpp"

#include "core/migration/operation.hpp"
#include "core/migration/plan.hpp"
#include "core/util/advice.hpp"
#include "core/util/error.hpp"

namespace crochet::executor {
namespace {

using migration::OpKind;

bool upgrade_interrupted(const MirrorEntry& entry) {
  return entry.state == "applying" || entry.state == "failed";
}

// A step that does nothing where its upgrade step did not run, as the operation table says of
// its kind (migration::Reach).
bool guarded(OpKind kind) {
  return migration::spec_of(kind).reach == migration::Reach::own_work;
}

} // namespace

bool is_abandoning(const MirrorEntry& entry, const std::set<std::string>& applied) {
  return entry.state == "reverting" && !applied.count(entry.revision);
}

const MirrorEntry& interrupted_entry(const std::map<std::string, MirrorEntry>& mirror,
                                     const std::set<std::string>& applied,
                                     const std::vector<std::string>& interrupted_downgrades) {
  std::vector<const MirrorEntry*> found;
  for (const auto& [revision, entry] : mirror)
    if (upgrade_interrupted(entry) || is_abandoning(entry, applied))
      found.push_back(&entry);
  if (found.empty() && !interrupted_downgrades.empty()) {
    std::string names;
    for (const std::string& name : interrupted_downgrades)
      names += (names.empty() ? "" : ", ") + name;
    throw Error("no upgrade is interrupted: the interrupted run is a plain downgrade (of " + names +
                    "), which `downgrade --interrupted` does not take. Nothing was run",
                "run `" + advice::crochet("downgrade") +
                    "` again, with the --target or --steps it was given: "
                    "it resumes the revert, or records one the graph finished");
  }
  if (found.empty())
    throw Error("no upgrade is interrupted: there is nothing for `downgrade --interrupted` to "
                "revert. Nothing was run",
                "`" + advice::crochet("status") + "` shows where the database stands; `" +
                    advice::crochet("downgrade") + "` reverts applied migrations");
  if (found.size() > 1) {
    std::string names;
    for (const MirrorEntry* entry : found)
      names += (names.empty() ? "" : ", ") + entry->revision + " (" + entry->state + ")";
    throw Error("more than one migration's run is interrupted (" + names +
                    "); `downgrade --interrupted` takes one at a time. Nothing was run",
                "`" + advice::crochet("status --live") + "` shows the graph's record of each");
  }
  return *found.front();
}

std::vector<std::size_t> unguarded_steps(const std::vector<migration::Operation>& downgrade) {
  std::vector<std::size_t> result;
  for (std::size_t i = 0; i < downgrade.size(); ++i)
    if (!guarded(downgrade[i].kind))
      result.push_back(i);
  return result;
}

void check_abandon(const MirrorEntry& entry, const migration::Migration& migration, bool trusted) {
  const std::string done = std::to_string(entry.steps_done);
  if (upgrade_interrupted(entry) && !starts_with_done_steps(entry, migration.upgrade))
    throw Error(migration.file + ": its upgrade was interrupted after step " + done +
                    ", and the file's steps 1 to " + done +
                    " are no longer the ones that ran, so its downgrade may not undo what ran. "
                    "Nothing was run",
                "restore the file as it was when the upgrade ran (`git diff` it), run `git "
                "crochet downgrade --interrupted` again, then edit it");
  if (trusted)
    return;
  const std::vector<std::size_t> unguarded = unguarded_steps(migration.downgrade);
  if (unguarded.empty())
    return;
  std::string steps;
  for (std::size_t index : unguarded)
    steps += "\n  " + migration::step_name(migration, index, migration.downgrade[index]);
  const std::string ran = !upgrade_interrupted(entry) ? "its upgrade did not finish"
                          : entry.steps_done == 0
                              ? "no step of its upgrade finished"
                              : "only steps 1 to " + done + " of its upgrade ran";
  throw Error(migration.file + ": its downgrade undoes the whole upgrade, but " + ran +
                  ", and these downgrade steps act on whatever the graph holds, not only on "
                  "what the upgrade did:" +
                  steps + "\nNothing was run",
              "read them: if each is harmless where its upgrade step never ran, run again with "
              "--trust-downgrade; otherwise undo what ran by hand, or edit the downgrade");
}

} // namespace crochet::executor
