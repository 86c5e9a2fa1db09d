#include "core/model/relationship_models.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace crochet::model {
namespace {

bool is_subclass(ClassGraph& graph, const ClassRef& cls, const ClassRef& base) {
  const std::vector<ClassRef>& mro = graph.info(cls).mro;
  return std::find(mro.begin(), mro.end(), base) != mro.end();
}

// neomodel's is_direct_subclass(model, StructuredRel): StructuredRel is one of its own bases.
bool is_direct_rel_subclass(const ClassRef& cls, const SymbolTable& symbols) {
  for (const py::ExprPtr& base : cls.stmt->bases()) {
    if (!base)
      continue;
    const Symbol symbol = symbols.resolve(*cls.file, *base);
    if (symbol.kind == Symbol::Kind::neomodel && symbol.neo->kind == NeoKind::rel_base)
      return true;
  }
  return false;
}

// Whether every base over `cls`'s MRO is a class of the models folder, neomodel's or a builtin:
// then no class from another package is among its bases.
bool derives_from_nothing_outside(ClassGraph& graph, const ClassRef& cls,
                                  const SymbolTable& symbols) {
  for (const ClassRef& ancestor : graph.info(cls).mro)
    for (const py::ExprPtr& base : ancestor.stmt->bases()) {
      if (!base)
        return false;
      const Symbol symbol = symbols.resolve(*ancestor.file, *base);
      if (symbol.kind == Symbol::Kind::external && !symbol.text.starts_with("builtins."))
        return false;
    }
  return true;
}

std::string where(const ModelUse& use) {
  return "'" + use.name + "' in class '" + use.owner.stmt->name() + "'";
}

} // namespace

void collect_model_uses(const ClassRef& owner, const std::vector<Member>& members,
                        std::vector<ModelUse>& into) {
  for (const Member& m : members) {
    const PendingRelationship& rel = m.relationship;
    if (m.kind != Member::Kind::relationship || !rel.definition.rel_type_resolved)
      continue;
    using Outer = PendingRelationship::OuterModel;
    if (!rel.model && rel.outer_model == Outer::none)
      continue;
    const std::string model_name = rel.model                           ? rel.model->stmt->name()
                                   : rel.outer_model == Outer::outside ? rel.definition.model_class
                                                                       : "StructuredRel";
    into.push_back({owner, m.name, rel.definition.rel_type, rel.model, model_name,
                    rel.outer_model == Outer::structured_rel, rel.async, rel.file, rel.location});
  }
}

void check_model_uses(const std::vector<ModelUse>& uses, ClassGraph& graph,
                      const SymbolTable& symbols, Diagnostics& into) {
  std::unordered_map<std::string_view, const ModelUse*> registered; // by type
  for (const ModelUse& use : uses) {
    const auto [it, first] = registered.emplace(use.rel_type, &use);
    if (first)
      continue;
    const ModelUse& earlier = *it->second;
    if (earlier.model_is_structured_rel) {
      it->second = &use; // every model is a subclass of StructuredRel and takes the type over
      continue;
    }
    if (!use.model)
      continue; // StructuredRel is a base of the registered model; an outside one is not known
    if (!earlier.model) {
      // An outside model registered first in this file: a direct subclass of StructuredRel that
      // derives from nothing outside is neither its subclass nor (a class from another package
      // being no subclass of the project's) its base.
      if (earlier.file != use.file || !is_direct_rel_subclass(*use.model, symbols) ||
          !derives_from_nothing_outside(graph, *use.model, symbols))
        continue;
    } else if (is_subclass(graph, *use.model, *earlier.model)) {
      it->second = &use; // a subclass (or the same model) takes the type over
      continue;
    } else if (is_subclass(graph, *earlier.model, *use.model) ||
               !is_direct_rel_subclass(*use.model, symbols)) {
      continue; // neomodel keeps the registered model and carries on
    } else if (earlier.file != use.file && !is_direct_rel_subclass(*earlier.model, symbols)) {
      continue; // raised only when this file is imported first: the order is not known
    }
    into.push_back(use.file->diagnostic(
        Severity::error, use.location,
        "relationship type '" + use.rel_type + "' of " + where(use) + " has the model '" +
            use.model_name + "', but " + where(earlier) + " (" + earlier.file->display_path + ":" +
            std::to_string(earlier.location.line) + ") ties it to the model '" +
            earlier.model_name +
            "': neomodel raises RelationshipClassRedefined when it imports them (one type, one "
            "model: use the same model, or a subclass of it)"));
  }
}

void check_types_against_labels(const std::vector<ModelUse>& uses,
                                const SingleLabelClass& single_label_class,
                                const SymbolTable& symbols, Diagnostics& into) {
  std::unordered_set<const py::Stmt*> reported;
  for (const ModelUse& use : uses) {
    const ClassRef* node = single_label_class(use.rel_type, use.async);
    if (!node || reported.count(node->stmt))
      continue;
    const std::string labels = ":" + use.rel_type;
    const std::string node_where = "class '" + node->stmt->name() + "' (" +
                                   node->file->display_path + ":" +
                                   std::to_string(node->stmt->location.line) + ")";
    const std::string remedy =
        "give the class a __label__ of its own, or the relationship another type";
    if (use.file == node->file && use.location.line <= node->stmt->end_line) {
      reported.insert(node->stmt);
      into.push_back(node->file->diagnostic(
          Severity::error, node->stmt->location,
          "class '" + node->stmt->name() + "' has the labels " + labels +
              ", the relationship type that " + where(use) + " (line " +
              std::to_string(use.location.line) + ") gives the model '" + use.model_name +
              "': neomodel keeps both in one registry and refuses the class "
              "(NodeClassAlreadyDefined); " +
              remedy));
      continue;
    }
    // StructuredRel is not its own direct subclass; an outside model's bases are not known.
    if (!use.model || !is_direct_rel_subclass(*use.model, symbols))
      continue; // neomodel keeps the class and carries on (or, from another file, may not)
    reported.insert(node->stmt);
    into.push_back(use.file->diagnostic(
        Severity::error, use.location,
        "relationship type '" + use.rel_type + "' of " + where(use) + " has the model '" +
            use.model_name + "', but " + node_where + " has the labels " + labels +
            ": neomodel keeps both in one registry and raises " +
            (use.file == node->file
                 ? std::string("RelationshipClassRedefined")
                 : std::string("RelationshipClassRedefined or NodeClassAlreadyDefined, for "
                               "whichever it imports second")) +
            "; " + remedy));
  }
}

} // namespace crochet::model
