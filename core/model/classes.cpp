#include "core/model/classes.hpp"

#include <algorithm>

#include "core/model/evaluate.hpp"

namespace crochet::model {
namespace {

ClassRole role_of(const NeoClass& neo) {
  switch (neo.kind) {
  case NeoKind::node_base:
  case NeoKind::semi_structured_base:
    return ClassRole::node;
  case NeoKind::rel_base:
    return ClassRole::relationship;
  case NeoKind::property:
    return ClassRole::property;
  default:
    return ClassRole::external;
  }
}

const char* role_name(ClassRole role) {
  switch (role) {
  case ClassRole::node:
    return "node";
  case ClassRole::relationship:
    return "relationship";
  case ClassRole::property:
    return "property";
  default:
    return "plain";
  }
}

} // namespace

const ClassInfo& ClassGraph::info(const ClassRef& cls) {
  // One lookup per call, found or made: classifying tens of thousands of classes is serial,
  // and each lookup is a cache miss or more.
  auto [entry, inserted] = infos_.try_emplace(cls.stmt);
  if (!inserted) {
    if (entry.in_progress && entry.info.role != ClassRole::broken) {
      diagnostics_.push_back(
          cls.file->diagnostic(Severity::error, cls.stmt->location,
                               "class '" + cls.stmt->name() + "' inherits from itself"));
      entry.info.role = ClassRole::broken; // what the classes on the cycle see of it
    }
    return entry.info;
  }
  entry.in_progress = true;
  ClassInfo result;
  classify(cls, result);
  if (result.role != ClassRole::broken)
    linearise(cls, result);
  entry.info = std::move(result);
  entry.in_progress = false;
  return entry.info;
}

void ClassGraph::classify(const ClassRef& cls, ClassInfo& out) {
  bool external_base = false;
  for (const py::ExprPtr& base : cls.stmt->bases()) {
    if (!base)
      continue;
    Symbol symbol = symbols_.resolve(*cls.file, *base);
    ClassRole role = ClassRole::external;
    const NeoClass* neo = nullptr;
    bool async = false, semi = false;
    switch (symbol.kind) {
    case Symbol::Kind::undefined:
      diagnostics_.push_back(cls.file->diagnostic(Severity::error, base->location,
                                                  "unknown base class '" + render(*base) +
                                                      "' of class '" + cls.stmt->name() +
                                                      "': it is neither defined nor imported"));
      out.role = ClassRole::broken;
      return;
    case Symbol::Kind::neomodel:
      neo = symbol.neo;
      role = role_of(*neo);
      async = neo->async;
      semi = neo->kind == NeoKind::semi_structured_base;
      break;
    case Symbol::Kind::project_class: {
      ClassRef ref{symbol.file, symbol.stmt};
      const ClassInfo& base_info = info(ref);
      if (base_info.role == ClassRole::broken) {
        out.role = ClassRole::broken;
        return;
      }
      role = base_info.role;
      neo = base_info.neo_base;
      async = base_info.async;
      semi = base_info.semi_structured;
      out.project_bases.push_back(ref);
      break;
    }
    case Symbol::Kind::external:
      role = symbol.text == "builtins.object" ? ClassRole::mixin : ClassRole::external;
      break;
    case Symbol::Kind::neomodel_module:
    case Symbol::Kind::project_module:
    case Symbol::Kind::constant:
    case Symbol::Kind::function:
      diagnostics_.push_back(cls.file->diagnostic(Severity::error, base->location,
                                                  "base '" + render(*base) + "' of class '" +
                                                      cls.stmt->name() + "' is not a class"));
      out.role = ClassRole::broken;
      return;
    }
    if (role == ClassRole::external) {
      external_base = true;
      continue;
    }
    if (role == ClassRole::mixin)
      continue;
    if (out.role != ClassRole::mixin && out.role != role) {
      diagnostics_.push_back(cls.file->diagnostic(Severity::error, base->location,
                                                  "class '" + cls.stmt->name() + "' mixes a " +
                                                      role_name(out.role) + " base with a " +
                                                      role_name(role) + " base"));
      out.role = ClassRole::broken;
      return;
    }
    if (out.role == ClassRole::mixin) {
      out.role = role;
      out.neo_base = neo;
    }
    out.async = out.async || async;
    out.semi_structured = out.semi_structured || semi;
  }
  if (out.role == ClassRole::mixin && external_base)
    out.role = ClassRole::external;
}

void ClassGraph::linearise(const ClassRef& cls, ClassInfo& out) {
  // C3 linearisation, as Python computes __mro__, restricted to the project's classes: neomodel
  // and outside classes contribute no readable assignments.
  if (out.project_bases.size() <= 1) {
    // Nearly every class: with one project base at most, the order is the class, then the
    // base's order, and nothing needs merging.
    const std::vector<ClassRef>* base =
        out.project_bases.empty() ? nullptr : &info(out.project_bases.front()).mro;
    out.mro.reserve(1 + (base ? base->size() : 0));
    out.mro.push_back(cls);
    if (base)
      out.mro.insert(out.mro.end(), base->begin(), base->end());
    return;
  }
  std::vector<std::vector<ClassRef>> sequences;
  for (const ClassRef& base : out.project_bases)
    sequences.push_back(info(base).mro);
  sequences.push_back(out.project_bases);
  out.mro = {cls};
  while (true) {
    sequences.erase(
        std::remove_if(sequences.begin(), sequences.end(), [](const auto& s) { return s.empty(); }),
        sequences.end());
    if (sequences.empty())
      return;
    const ClassRef* head = nullptr;
    for (const auto& seq : sequences) {
      const ClassRef& candidate = seq.front();
      const bool in_tail = std::any_of(sequences.begin(), sequences.end(), [&](const auto& s) {
        return std::find(s.begin() + 1, s.end(), candidate) != s.end();
      });
      if (!in_tail) {
        head = &candidate;
        break;
      }
    }
    if (!head) {
      diagnostics_.push_back(
          cls.file->diagnostic(Severity::error, cls.stmt->location,
                               "cannot create a consistent method resolution order for class '" +
                                   cls.stmt->name() + "'"));
      out.role = ClassRole::broken;
      return;
    }
    const ClassRef next = *head;
    out.mro.push_back(next);
    for (auto& seq : sequences)
      if (seq.front() == next)
        seq.erase(seq.begin());
  }
}

} // namespace crochet::model
