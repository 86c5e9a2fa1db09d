#pragma once
// neomodel ties a relationship type to the StructuredRel model of the first definition that
// names one for it, when that definition runs at import; a later definition of the type with an
// unrelated model raises RelationshipClassRedefined, so the models could not be imported.
#include <string>
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
  ClassRef model;
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
void check_model_uses(const std::vector<ModelUse>& uses, ClassGraph& graph,
                      const SymbolTable& symbols, Diagnostics& into);

} // namespace crochet::model
