#pragma once
// neomodel ties a relationship type to the StructuredRel model of the first definition that
// names one for it, when that definition runs at import; a later definition of the type with an
// unrelated model raises RelationshipClassRedefined, so the models could not be imported.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/classes.hpp"
#include "core/model/members.hpp"

namespace crochet::model {

// A relationship definition that names a model (RelationshipTo(..., model=X)) for a type known
// statically.
struct ModelUse {
  ClassRef owner; // the class whose body holds the definition
  std::string name;
  std::string rel_type;
  std::optional<ClassRef> model; // none for StructuredRel itself or a class from outside
  std::string model_name;
  bool model_is_structured_rel = false;
  bool async = false; // registered in neomodel's async registry
  const FileModel* file = nullptr;
  py::Location location;
};

// Appends the definitions of `owner`'s own `members` that name a model, in source order.
void collect_model_uses(const ClassRef& owner, const std::vector<Member>& members,
                        std::vector<ModelUse>& into);

// Replays neomodel's registry over `uses`, in the order they run (file order stands for the
// import order across files, which is not known): a model that is neither a subclass nor a
// base of the one registered for its type, and is a direct subclass of StructuredRel, is an
// error at its definition. Across files, only when the registered model is a direct subclass
// too, so that either import order raises.
// StructuredRel itself never raises and yields the type to any later model. A model from
// outside the models folder has bases not known here: only a later one of its file that is a
// direct subclass deriving from nothing outside is known to raise.
void check_model_uses(const std::vector<ModelUse>& uses, ClassGraph& graph,
                      const SymbolTable& symbols, Diagnostics& into);

// The node class registered under exactly the label set {label} in neomodel's shared registry
// (the async one, for `async`), if any.
using SingleLabelClass = std::function<const ClassRef*(std::string_view label, bool async)>;

// neomodel registers a relationship type that has a model in the registry of node label sets,
// as the set of that one label, so a node class carrying just that label clashes with it. The
// clash is reported where importing the models would raise: at the class when a definition of
// the type runs before the class statement ends, in its file (NodeClassAlreadyDefined), else at a
// definition whose model is a direct subclass of StructuredRel (RelationshipClassRedefined; from
// another file, either import order raises one or the other). Any model registers the type,
// StructuredRel itself and a class from outside the models folder too. One report per class.
void check_types_against_labels(const std::vector<ModelUse>& uses,
                                const SingleLabelClass& single_label_class,
                                const SymbolTable& symbols, Diagnostics& into);

} // namespace crochet::model
