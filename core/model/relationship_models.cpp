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

std::string where(const ModelUse& use) {
  return "'" + use.name + "' in class '" + use.owner.stmt->name() + "'";
}

} // namespace

void collect_model_uses(const ClassRef& owner, const std::vector<Member>& members,
                        std::vector<ModelUse>& into) {
  for (const Member& m : members) {
    const PendingRelationship& rel = m.relationship;
    if (m.kind == Member::Kind::relationship && rel.model && rel.definition.rel_type_resolved)
      into.push_back({owner, m.name, rel.definition.rel_type, *rel.model, rel.file, rel.location});
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
    if (is_subclass(graph, use.model, earlier.model)) {
      it->second = &use; // a subclass (or the same model) takes the type over
      continue;
    }
    if (is_subclass(graph, earlier.model, use.model) || !is_direct_rel_subclass(use.model, symbols))
      continue; // neomodel keeps the registered model and carries on
    if (earlier.file != use.file && !is_direct_rel_subclass(earlier.model, symbols))
      continue; // raised only when this file is imported first: the order is not known
    into.push_back(use.file->diagnostic(
        Severity::error, use.location,
        "relationship type '" + use.rel_type + "' of " + where(use) + " has the model '" +
            use.model.stmt->name() + "', but " + where(earlier) + " (" +
            earlier.file->display_path + ":" + std::to_string(earlier.location.line) +
            ") ties it to the model '" + earlier.model.stmt->name() +
            "': neomodel raises RelationshipClassRedefined when it imports them (one type, one "
            "model: use the same model, or a subclass of it)"));
  }
}

void check_types_against_labels(const std::vector<ModelUse>& uses,
                                const SingleLabelClass& single_label_class,
                                const SymbolTable& symbols, Diagnostics& into) {
  std::unordered_set<const py::Stmt*> reported;
  for (const ModelUse& use : uses) {
    const ClassRef* node = single_label_class(use.rel_type);
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
              std::to_string(use.location.line) + ") gives the model '" + use.model.stmt->name() +
              "': neomodel keeps both in one registry and refuses the class "
              "(NodeClassAlreadyDefined); " +
              remedy));
      continue;
    }
    if (!is_direct_rel_subclass(use.model, symbols))
      continue; // neomodel keeps the class and carries on (or, from another file, may not)
    reported.insert(node->stmt);
    into.push_back(use.file->diagnostic(
        Severity::error, use.location,
        "relationship type '" + use.rel_type + "' of " + where(use) + " has the model '" +
            use.model.stmt->name() + "', but " + node_where + " has the labels " + labels +
            ": neomodel keeps both in one registry and raises " +
            (use.file == node->file
                 ? std::string("RelationshipClassRedefined")
                 : std::string("RelationshipClassRedefined or NodeClassAlreadyDefined, for "
                               "whichever it imports second")) +
            "; " + remedy));
  }
}

} // namespace crochet::model
