#include "core/model/scope.hpp"

#include <tuple>

#include "core/python/bindings.hpp"

namespace crochet::model {
namespace {

bool before(const py::Stmt& a, const py::Stmt& b) {
  return std::tie(a.location.line, a.location.column) <
         std::tie(b.location.line, b.location.column);
}

} // namespace

ClassBinding class_binding(const Scope& scope, std::string_view name) {
  ClassBinding found;
  if (!scope.cls || !scope.statement)
    return found;
  // The last binding above the statement is the one in force: later ones replace earlier ones.
  for (const py::Block& block : scope.cls->blocks())
    py::for_each_binding(block, [&](const py::Binding& binding) {
      if (binding.name != name || !before(binding.stmt, *scope.statement))
        return;
      if (binding.stmt.kind == py::StmtKind::Assign && !binding.stmt.value)
        return; // `name: T` only annotates
      if (binding.conditional || binding.alias)
        found = {ClassBinding::Kind::unknown, &binding.stmt};
      else if (binding.stmt.kind == py::StmtKind::Assign)
        found = {ClassBinding::Kind::constant, &binding.stmt};
      else
        found = {ClassBinding::Kind::definition, &binding.stmt};
    });
  return found;
}

} // namespace crochet::model
