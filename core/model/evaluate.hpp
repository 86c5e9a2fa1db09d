#pragma once
// Static evaluation of the expressions model files use as option values: literals, displays,
// string and number concatenation, and names folded through module constants across files.
// Whatever cannot be known without running Python is returned as an explicit unresolved value.
#include <optional>
#include <string>

#include "core/model/symbols.hpp"
#include "core/schema/ir.hpp"

namespace crochet::model {

class Evaluator {
public:
  explicit Evaluator(const SymbolTable& symbols) : symbols_(symbols) {}

  // A literal, a callable (a name bound to a function, class or anything outside the project,
  // or a lambda), or unresolved with the expression's text.
  schema::Value value(const FileModel& file, const py::Expr& expr) const;

  // The expression's value when it is statically a string.
  std::optional<std::string> string(const FileModel& file, const py::Expr& expr) const;

private:
  schema::Value value(const FileModel& file, const py::Expr& expr, int depth) const;
  const SymbolTable& symbols_;
};

// Python-like source text of an expression, for messages and unresolved values.
std::string render(const py::Expr& expr);

} // namespace crochet::model
