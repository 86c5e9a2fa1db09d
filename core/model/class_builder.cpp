#include "core/model/class_builder.hpp"

#include <algorithm>
#include <string_view>

#include "core/model/file_model.hpp"

namespace crochet::model {
namespace {

void error(Diagnostics& into, const FileModel& file, py::Location at, std::string message) {
  into.push_back(file.diagnostic(Severity::error, at, std::move(message)));
}

void warn(Diagnostics& into, const FileModel& file, py::Location at, std::string message) {
  into.push_back(file.diagnostic(Severity::warning, at, std::move(message)));
}

std::vector<std::string> sorted_unique(std::vector<std::string> items) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  return items;
}

// The members a class has, by name: the most derived class's property or relationship wins, as
// in neomodel (a plain assignment in a subclass does not hide a base's property). Members point
// into the MemberReader's memo (inherited ones, shared by every subclass) or into the class's own
// members, which the build owns and may move from.
class MemberIndex {
public:
  struct Entry {
    std::string_view name;
    const Member* member;
    Member* owned; // == member when the build owns it, else nullptr
  };

  void reserve(std::size_t count) { entries_.reserve(count); }
  void add(const Member& m) { entries_.push_back({m.name, &m, nullptr}); }
  void add_owned(Member& m) { entries_.push_back({m.name, &m, &m}); }

  // Call once every class of the MRO has been added, base classes first.
  void finish() {
    auto by_name = [](const Entry& a, const Entry& b) { return a.name < b.name; };
    // A class has a handful of members: insertion sort, stable and without stable_sort's buffer.
    if (entries_.size() <= 32) {
      for (std::size_t i = 1; i < entries_.size(); ++i)
        for (std::size_t j = i; j > 0 && by_name(entries_[j], entries_[j - 1]); --j)
          std::swap(entries_[j], entries_[j - 1]);
    } else {
      std::stable_sort(entries_.begin(), entries_.end(), by_name);
    }
    // Of equal names keep the last added, the most derived class's, unless it is neither a
    // property nor a relationship: neomodel's defined_properties() only lets a property or a
    // relationship replace a base's, so `legs = None` in a subclass keeps the base's property.
    std::size_t kept = 0;
    for (std::size_t first = 0; first < entries_.size();) {
      std::size_t end = first + 1;
      while (end < entries_.size() && entries_[end].name == entries_[first].name)
        ++end;
      std::size_t chosen = end - 1;
      for (std::size_t i = end; i-- > first;)
        if (entries_[i].member->kind != Member::Kind::other) {
          chosen = i;
          break;
        }
      entries_[kept++] = entries_[chosen];
      first = end;
    }
    entries_.resize(kept);
  }

  const Member* find(std::string_view name) const {
    auto it = std::lower_bound(entries_.begin(), entries_.end(), name,
                               [](const Entry& e, std::string_view n) { return e.name < n; });
    return it != entries_.end() && it->name == name ? it->member : nullptr;
  }

  const std::vector<Entry>& entries() const { return entries_; }

private:
  std::vector<Entry> entries_; // sorted by name once finished
};

// A member's property or relationship: moved out when the build owns the member, else copied.
template <typename T> T take(const MemberIndex::Entry& entry, T Member::*field) {
  return entry.owned ? std::move(entry.owned->*field) : entry.member->*field;
}

// Properties and relationships of a class: the members of every class of its MRO, the most
// derived winning (see MemberIndex).
// `own` holds the class's own members when no other class inherits them; every other class of
// the MRO has its members in the shared memo.
void collect(const ClassInfo& info, const MemberReader& shared, std::vector<Member>* own,
             MemberIndex& into) {
  std::size_t count = 0;
  for (auto it = info.mro.rbegin(); it != info.mro.rend(); ++it)
    count += own && it + 1 == info.mro.rend() ? own->size() : shared.cached_members(*it)->size();
  into.reserve(count); // grown one member at a time, it was an allocation per doubling
  for (auto it = info.mro.rbegin(); it != info.mro.rend(); ++it) {
    if (own && it + 1 == info.mro.rend()) {
      for (Member& m : *own)
        into.add_owned(m);
    } else {
      for (const Member& m : *shared.cached_members(*it))
        into.add(m);
    }
  }
  into.finish();
}

// Checks that need the whole class: db_property clashes and aliases pointing nowhere.
void check_properties(const ClassRef& cls, const std::vector<schema::Property>& properties,
                      const MemberIndex& members, Diagnostics& into) {
  // Stored properties by db name, in class order within a name: each after the first of its
  // name clashes with that first one. Clashes are rare, so their table is made only for one.
  std::vector<std::pair<std::string_view, std::size_t>> stored;
  stored.reserve(properties.size());
  for (std::size_t i = 0; i < properties.size(); ++i)
    if (properties[i].alias_of.empty())
      stored.emplace_back(properties[i].db_property, i);
  std::sort(stored.begin(), stored.end());
  std::vector<const std::string*> clashes_with;
  for (std::size_t k = 1; k < stored.size(); ++k)
    if (stored[k].first == stored[k - 1].first) {
      clashes_with.resize(properties.size());
      const std::size_t before = stored[k - 1].second;
      clashes_with[stored[k].second] =
          clashes_with[before] ? clashes_with[before] : &properties[before].name;
    }
  for (std::size_t i = 0; i < properties.size(); ++i) {
    const schema::Property& p = properties[i];
    const Member& m = *members.find(p.name);
    if (!p.alias_of.empty()) {
      const Member* target = members.find(p.alias_of);
      if (!target || target->kind != Member::Kind::property)
        error(into, *m.file, m.location,
              "alias '" + p.name + "' on class '" + cls.stmt->name() + "' points to '" +
                  p.alias_of + "', which is not a property of the class");
    } else if (!clashes_with.empty() && clashes_with[i]) {
      error(into, *m.file, m.location,
            "properties '" + *clashes_with[i] + "' and '" + p.name + "' of class '" +
                cls.stmt->name() + "' are both stored as '" + p.db_property + "'");
    }
  }
}

} // namespace

OwnFacts own_facts(const ClassRef& cls, const Evaluator& evaluator, Diagnostics& into) {
  OwnFacts facts;
  const FileModel& file = *cls.file;
  // The value `stmt` assigns to the dunder `name`: a non-empty string known statically, else an
  // error and none.
  auto non_empty_string = [&](std::string_view name,
                              const py::Stmt& stmt) -> std::optional<std::string> {
    std::optional<std::string> text = evaluator.string(Scope(file, *cls.stmt, stmt), *stmt.value);
    if (text && !text->empty())
      return text;
    error(into, file, stmt.value->location,
          std::string(name) + " of class '" + cls.stmt->name() +
              "' must be a non-empty string known statically");
    return std::nullopt;
  };
  for (const py::Block& block : cls.stmt->blocks())
    for (const py::Stmt& stmt : block) {
      if (stmt.kind != py::StmtKind::Assign || !stmt.value)
        continue;
      for (std::string_view target : stmt.targets) {
        if (!target.starts_with("__"))
          continue; // most targets are members; every fact read here is a dunder
        if (target == "__abstract_node__") {
          facts.abstract = true; // neomodel only checks that the attribute exists
        } else if (target == "__kgid__") {
          facts.kgid_location = stmt.value->location;
          if (auto kgid = non_empty_string(target, stmt))
            facts.kgid = std::move(kgid); // an invalid one keeps an earlier valid one
        } else if (target == "__label__") {
          if (auto label = non_empty_string(target, stmt))
            facts.label = std::move(label);
        } else if (target == "__optional_labels__") {
          schema::Value v = evaluator.value(Scope(file, *cls.stmt, stmt), *stmt.value);
          bool valid = v.kind == schema::Value::Kind::literal && v.literal.is_array();
          if (valid)
            for (const auto& item : v.literal)
              valid = valid && item.is_string();
          if (!valid)
            error(into, file, stmt.value->location,
                  "__optional_labels__ of class '" + cls.stmt->name() +
                      "' must be a list of strings known statically");
          else
            for (const auto& item : v.literal)
              facts.optional_labels.push_back(item.get<std::string>());
        } else if (target == "__target_databases__") {
          // Often read from settings: not knowing it only leaves the class's labels unchecked.
          facts.target_databases = {true, false, {}};
          schema::Value v = evaluator.value(Scope(file, *cls.stmt, stmt), *stmt.value);
          if (v.kind == schema::Value::Kind::literal && v.literal.is_array() &&
              std::all_of(v.literal.begin(), v.literal.end(),
                          [](const auto& item) { return item.is_string(); })) {
            facts.target_databases.known = true;
            for (const auto& item : v.literal)
              facts.target_databases.names.push_back(item.get<std::string>());
            facts.target_databases.names = sorted_unique(std::move(facts.target_databases.names));
          } else {
            warn(into, file, stmt.value->location,
                 "__target_databases__ of class '" + cls.stmt->name() +
                     "' cannot be read statically; its labels are not checked against other "
                     "classes");
          }
        }
      }
    }
  return facts;
}

void build_class(const ClassRef& cls, const ClassInfo& info, bool inherited, ClassGraph& graph,
                 const MemberReader& shared, ClassBuilder& builder, ClassOutcome& out,
                 schema::Node& node) {
  out.facts = own_facts(cls, builder.evaluator, out.facts_diagnostics);
  // A class no other class extends is read once: its members are moved into the schema.
  std::vector<Member> own;
  if (!inherited) {
    own = builder.members.take_own_members(cls);
    collect_model_uses(cls, own, out.model_uses);
    out.member_diagnostics = std::move(builder.member_diagnostics);
    builder.member_diagnostics.clear();
  }
  MemberIndex collected;
  collect(info, shared, inherited ? nullptr : &own, collected);

  if (info.role == ClassRole::node) {
    if (out.facts.abstract)
      return;
    out.kind = ClassOutcome::Kind::node;
    for (const Member& m : inherited ? *shared.cached_members(cls) : own)
      if (is_reserved_property_name(m.name))
        error(out.diagnostics, *m.file, m.location,
              "'" + m.name + "' on class '" + cls.stmt->name() +
                  "' is reserved by neomodel; use another name (e.g. 'uid')");
    node.class_name = cls.stmt->name();
    node.label = out.facts.label.value_or(cls.stmt->name());
    node.async = info.async;
    node.semi_structured = info.semi_structured;
    std::vector<std::string> labels, optional_labels; // sorted and made unique below
    bool databases_found = false;
    // neomodel's inherited_labels and inherited_optional_labels: every class of the MRO that has
    // the attribute once its metaclass has run. A concrete node class always has a label (its
    // name by default); an abstract class or a mixin passes on only what it declares.
    for (const ClassRef& c : info.mro) {
      const ClassInfo& ci = c == cls ? info : graph.info(c); // the class itself comes first
      if (ci.role != ClassRole::node && ci.role != ClassRole::mixin)
        continue;
      // A base's own facts are read here; the class's own are out.facts.
      OwnFacts base_facts;
      const OwnFacts& f =
          c == cls ? out.facts : (base_facts = own_facts(c, builder.evaluator, out.diagnostics));
      if (ci.role == ClassRole::node && !f.abstract)
        labels.push_back(f.label.value_or(c.stmt->name()));
      else if (f.label)
        labels.push_back(*f.label);
      optional_labels.insert(optional_labels.end(), f.optional_labels.begin(),
                             f.optional_labels.end());
      if (f.target_databases.declared && !databases_found) {
        out.target_databases = f.target_databases; // the nearest class that has it
        databases_found = true;
      }
    }
    node.labels = sorted_unique(std::move(labels));
    node.optional_labels = sorted_unique(std::move(optional_labels));
    auto count = [&](Member::Kind kind) {
      return static_cast<std::size_t>(
          std::count_if(collected.entries().begin(), collected.entries().end(),
                        [kind](const MemberIndex::Entry& e) { return e.member->kind == kind; }));
    };
    // Exactly sized: grown one by one, they held a third more memory than they use.
    node.properties.reserve(count(Member::Kind::property));
    node.relationships.reserve(count(Member::Kind::relationship));
    out.links.reserve(node.relationships.capacity());
    for (const MemberIndex::Entry& entry : collected.entries()) {
      if (entry.member->kind == Member::Kind::property)
        node.properties.push_back(take(entry, &Member::property));
      else if (entry.member->kind == Member::Kind::relationship) {
        PendingRelationship rel = take(entry, &Member::relationship);
        node.relationships.push_back(std::move(rel.definition));
        out.links.push_back({rel.target, rel.model, rel.file, rel.location});
      }
    }
    check_properties(cls, node.properties, collected, out.diagnostics);
  } else {
    out.kind = ClassOutcome::Kind::relationship;
    out.model = std::make_unique<schema::RelationshipModel>();
    schema::RelationshipModel& model = *out.model;
    model.class_name = cls.stmt->name();
    for (const Member& m : inherited ? *shared.cached_members(cls) : own)
      if (m.kind == Member::Kind::property && is_reserved_relationship_property_name(m.name))
        error(out.diagnostics, *m.file, m.location,
              "'" + m.name + "' on relationship model '" + cls.stmt->name() +
                  "' is reserved by neomodel (it names the relationship's ends and id); use "
                  "another name");
    for (const MemberIndex::Entry& entry : collected.entries()) {
      const Member& m = *entry.member;
      if (m.kind == Member::Kind::property)
        model.properties.push_back(take(entry, &Member::property));
      else if (m.kind == Member::Kind::relationship)
        warn(out.diagnostics, *m.file, m.location,
             "relationship '" + m.name + "' on relationship model '" + cls.stmt->name() +
                 "' has no meaning and is ignored");
    }
    check_properties(cls, model.properties, collected, out.diagnostics);
  }
}

} // namespace crochet::model
