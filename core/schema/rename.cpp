// Confirmed property renames: a removed + added pair the user says is one property that moved.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "core/schema/diff.hpp"
#include "core/schema/diff_detail.hpp"
#include "core/schema/json.hpp"
#include "core/util/error.hpp"

namespace crochet::schema {
namespace {

struct Confirmation {
  std::string owner; // class name or node label
  std::string from;
  std::string to;
};

std::optional<Confirmation> parse_confirmation(const std::string& text) {
  const auto equals = text.find('=');
  if (equals == std::string::npos)
    return std::nullopt;
  const std::string left = text.substr(0, equals);
  const auto dot = left.rfind('.');
  if (dot == std::string::npos)
    return std::nullopt;
  Confirmation confirmation{left.substr(0, dot), left.substr(dot + 1), text.substr(equals + 1)};
  if (confirmation.owner.empty() || confirmation.from.empty() || confirmation.to.empty())
    return std::nullopt;
  return confirmation;
}

bool matches(const RenameProposal& proposal, const Confirmation& confirmation) {
  const bool owner = proposal.class_name == confirmation.owner ||
                     (!proposal.label.empty() && proposal.label == confirmation.owner);
  return (owner && proposal.from == confirmation.from && proposal.to == confirmation.to) ||
         std::any_of(proposal.carried.begin(), proposal.carried.end(),
                     [&](const RenameProposal& carried) { return matches(carried, confirmation); });
}

const Node* node_of(const Schema& schema, const std::string& kgid) {
  for (const Node& node : schema.nodes)
    if (node.kgid == kgid)
      return &node;
  return nullptr;
}

// Whether `by`'s step on its label reaches every node of `proposal`'s class (a subclass), for
// the same pair of names.
bool covers(const RenameProposal& by, const RenameProposal& proposal, const Schema& after) {
  if (by.label.empty() || proposal.label.empty() || by.owner_kgid == proposal.owner_kgid ||
      by.label == proposal.label || by.from != proposal.from || by.to != proposal.to)
    return false;
  const Node* node = node_of(after, proposal.owner_kgid);
  return node &&
         std::find(node->labels.begin(), node->labels.end(), by.label) != node->labels.end();
}

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string text;
  for (const auto& item : items)
    text += (text.empty() ? "" : separator) + item;
  return text;
}

std::size_t find_change(const Diff& diff, ChangeKind kind, const RenameProposal& proposal,
                        const std::string& subject) {
  for (std::size_t i = 0; i < diff.changes.size(); ++i) {
    const Change& change = diff.changes[i];
    if (change.kind == kind && change.owner_kgid == proposal.owner_kgid &&
        change.subject == subject)
      return i;
  }
  throw Error("internal error: rename " + to_string(proposal) + " has no matching change");
}

void apply_one(Diff& diff, const RenameProposal& proposal) {
  const std::size_t removed_at =
      find_change(diff, ChangeKind::property_removed, proposal, proposal.from);
  const std::size_t added_at = find_change(diff, ChangeKind::property_added, proposal, proposal.to);
  const Change removed = diff.changes[removed_at];
  const Change added = diff.changes[added_at];
  diff.changes.erase(diff.changes.begin() +
                     static_cast<std::ptrdiff_t>(std::max(removed_at, added_at)));
  diff.changes.erase(diff.changes.begin() +
                     static_cast<std::ptrdiff_t>(std::min(removed_at, added_at)));

  const Property before = property_from_json(removed.before, "rename " + to_string(proposal));
  const Property after = property_from_json(added.after, "rename " + to_string(proposal));
  const detail::Owner owner{added.entity, added.owner_kgid, added.owner_class};
  // Values have to move only when the name stored in the graph changes.
  const bool moves = before.db_property != after.db_property;
  auto renamed = detail::make_change(
      owner, ChangeKind::property_renamed, moves ? ChangeClass::needs_data : ChangeClass::additive,
      proposal.to,
      owner.class_name + "." + proposal.to + ": renamed from " + proposal.from +
          (moves ? " (values move from " + before.db_property + " to " + after.db_property + ")"
           : after.db_property != after.name ? " (still stored as " + after.db_property + ")"
                                             : ""));
  renamed.before = removed.before;
  renamed.after = added.after;
  diff.changes.push_back(std::move(renamed));
  detail::compare_property(owner, before, after, false, diff.changes);

  std::erase_if(diff.renames, [&](const RenameProposal& other) {
    return other.owner_kgid == proposal.owner_kgid &&
           (other.from == proposal.from || other.to == proposal.to);
  });
}

// Whether `confirmation` names a rename the diff already made (one of a stored name).
bool already_renamed(const Diff& diff, const Confirmation& confirmation) {
  return std::any_of(diff.changes.begin(), diff.changes.end(), [&](const Change& change) {
    return change.kind == ChangeKind::property_renamed &&
           change.owner_class == confirmation.owner && change.subject == confirmation.to &&
           change.before.value("name", std::string()) == confirmation.from;
  });
}

} // namespace

std::vector<detail::RenamePair> detail::rename_pairs(const std::vector<Change>& changes) {
  std::vector<RenamePair> pairs;
  for (const Change& removed : changes) {
    if (removed.kind != ChangeKind::property_removed || removed.owner_kgid.empty() ||
        removed.before.contains("alias_of"))
      continue;
    for (const Change& added : changes) {
      if (added.kind != ChangeKind::property_added || added.owner_kgid != removed.owner_kgid ||
          added.entity != removed.entity || added.after.contains("alias_of"))
        continue;
      const bool stored_name_kept = removed.before.value("db_property", std::string()) ==
                                    added.after.value("db_property", std::string());
      const bool same_type =
          removed.before["type"] == added.after["type"] &&
          removed.before.value("item_type", Json()) == added.after.value("item_type", Json());
      pairs.push_back(
          {{removed.owner_kgid, added.owner_class, "", removed.subject, added.subject, {}},
           added.entity,
           stored_name_kept,
           same_type});
    }
  }
  return pairs;
}

std::vector<RenameProposal> detail::propose_renames(const std::vector<RenamePair>& pairs,
                                                    const Schema& after) {
  std::vector<RenameProposal> proposals;
  for (const RenamePair& pair : pairs) {
    if (!pair.same_type)
      continue;
    RenameProposal proposal = pair.proposal;
    if (pair.entity == SchemaObject::Entity::node)
      if (const Node* node = node_of(after, proposal.owner_kgid))
        proposal.label = node->label;
    proposals.push_back(std::move(proposal));
  }
  // A subclass's pair rides on the topmost class whose label its nodes carry: confirmed apart, a
  // removal on the subclass's label could run before the move and delete the values it moves.
  auto covered = [&](const RenameProposal& proposal) {
    return std::any_of(proposals.begin(), proposals.end(),
                       [&](const RenameProposal& by) { return covers(by, proposal, after); });
  };
  std::vector<bool> is_subclass;
  for (const RenameProposal& proposal : proposals)
    is_subclass.push_back(covered(proposal));
  std::vector<RenameProposal> roots;
  std::vector<RenameProposal> subclasses;
  for (std::size_t i = 0; i < proposals.size(); ++i)
    (is_subclass[i] ? subclasses : roots).push_back(std::move(proposals[i]));
  for (RenameProposal& subclass : subclasses) {
    auto root = std::find_if(roots.begin(), roots.end(),
                             [&](const RenameProposal& by) { return covers(by, subclass, after); });
    if (root == roots.end())
      roots.push_back(std::move(subclass)); // covered only by other subclasses: stands alone
    else
      root->carried.push_back(std::move(subclass));
  }
  return roots;
}

bool detail::apply_stored_name_renames(Diff& diff, const std::vector<RenamePair>& pairs) {
  std::vector<RenameProposal> certain;
  for (const RenamePair& pair : pairs) {
    const RenameProposal& candidate = pair.proposal;
    const bool taken =
        std::any_of(certain.begin(), certain.end(), [&](const RenameProposal& other) {
          return other.owner_kgid == candidate.owner_kgid &&
                 (other.from == candidate.from || other.to == candidate.to);
        });
    if (pair.stored_name_kept && !taken)
      certain.push_back(candidate);
  }
  for (const RenameProposal& rename : certain)
    apply_one(diff, rename);
  return !certain.empty();
}

std::string to_string(const RenameProposal& proposal) {
  return proposal.class_name + "." + proposal.from + "=" + proposal.to;
}

std::string describe(const RenameProposal& proposal) {
  std::vector<std::string> classes;
  for (const auto& carried : proposal.carried)
    classes.push_back(carried.class_name);
  return to_string(proposal) + (classes.empty() ? "" : " (with " + join(classes, ", ") + ")");
}

void apply_renames(Diff& diff, const std::vector<std::string>& confirmations) {
  std::vector<std::string> problems;
  std::vector<RenameProposal> chosen;
  for (const auto& text : confirmations) {
    auto confirmation = parse_confirmation(text);
    if (!confirmation) {
      problems.push_back("'" + text + "' is not of the form Class.old=new");
      continue;
    }
    std::vector<const RenameProposal*> found;
    for (const auto& proposal : diff.renames)
      if (matches(proposal, *confirmation))
        found.push_back(&proposal);
    if (found.empty() && already_renamed(diff, *confirmation))
      continue; // the stored name did not change, so the diff made this rename itself
    if (found.empty()) {
      problems.push_back("'" + text + "' matches no proposed rename");
      continue;
    }
    if (found.size() > 1) {
      std::vector<std::string> owners;
      for (const auto* proposal : found)
        owners.push_back(proposal->class_name + " (" + proposal->owner_kgid + ")");
      problems.push_back("'" + text + "' is ambiguous: it matches " + join(owners, ", ") +
                         "; name the class");
      continue;
    }
    const RenameProposal& proposal = *found.front();
    if (std::find(chosen.begin(), chosen.end(), proposal) != chosen.end())
      continue; // confirmed twice
    for (const auto& other : chosen)
      if (other.owner_kgid == proposal.owner_kgid &&
          (other.from == proposal.from || other.to == proposal.to))
        problems.push_back("'" + text + "' conflicts with " + to_string(other));
    chosen.push_back(proposal);
  }

  if (!problems.empty()) {
    std::vector<std::string> offered;
    for (const auto& proposal : diff.renames)
      offered.push_back(to_string(proposal));
    throw Error("cannot apply rename confirmation" + std::string(problems.size() > 1 ? "s" : "") +
                    ": " + join(problems, "; "),
                offered.empty() ? "this diff proposes no renames"
                                : "proposed renames: " + join(offered, ", "));
  }
  // A subclass's own confirmation of one of the names wins over the pair its base class carries.
  auto overridden = [&](const RenameProposal& carried) {
    return std::any_of(chosen.begin(), chosen.end(), [&](const RenameProposal& other) {
      return other.owner_kgid == carried.owner_kgid &&
             (other.from == carried.from || other.to == carried.to);
    });
  };
  for (const auto& proposal : chosen) {
    apply_one(diff, proposal);
    for (const auto& carried : proposal.carried)
      if (!overridden(carried))
        apply_one(diff, carried);
  }
  detail::sort_changes(diff.changes);
}

} // namespace crochet::schema
