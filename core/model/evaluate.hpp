#pragma once
// Static evaluation of the expressions model files use as option values: literals, displays,
// string and number concatenation, and names folded through module constants across files and
// through the assignments above them in a class body.
// Whatever cannot be known without running Python is returned as an explicit unresolved value.
#include <optional>
#include <string>

#include "core/model/scope.hpp"
#include "core/model/symbols.hpp"
#include "core/schema/ir.hpp"
#include "core/util/pointer_map.hpp"

namespace crochet::model {

// Not thread-safe: the values of module constants are memoised (a constant such as a choices
// tuple is read by every property that names it).
class Evaluator {
public:
  explicit Evaluator(const SymbolTable& symbols) : symbols_(symbols) {}

  // A literal, a callable (a name bound to a function, class or anything outside the project,
  // or a lambda), or unresolved with the expression's text.
  schema::Value value(const Scope& scope, const py::Expr& expr) const;

  // The same value as value(), viewed where the evaluator keeps it when `expr` names a module
  // constant (a list of choices named by many properties is then not copied for each), or else
  // made in `scratch`. Valid until the next evaluation.
  const schema::Value& view(const Scope& scope, const py::Expr& expr, schema::Value& scratch) const;

  // The expression's value when it is statically a string.
  std::optional<std::string> string(const Scope& scope, const py::Expr& expr) const;

private:
  schema::Value value(const Scope& scope, const py::Expr& expr, int depth) const;
  // Appends the value of `expr` to `out` when it is statically a string, and says whether it
  // is: strings, constants and their `+` are folded without a JSON value for each part.
  bool append_string(const Scope& scope, const py::Expr& expr, int depth, std::string& out) const;
  // Appends the value of an f-string when each of its pieces (literal text and replacement
  // fields) is a string, int or bool, whose str() is known exactly.
  bool append_fstring(const Scope& scope, const py::Expr& expr, int depth, std::string& out) const;
  const schema::Value& view(const Scope& scope, const py::Expr& expr, int depth,
                            schema::Value& scratch) const;
  // What a Name or Attribute means as a value, in the memo or in `scratch`.
  const schema::Value& named(const Scope& scope, const py::Expr& expr, int depth,
                             schema::Value& scratch) const;
  const schema::Value& constant(const Scope& scope, const py::Expr& expr, int depth,
                                schema::Value& scratch) const;
  // A call of the builtins dict, list, tuple, set, frozenset or len on literals, folded as
  // Python would; unresolved for any other call.
  schema::Value builtin_call(const Scope& scope, const py::Expr& call, int depth) const;

  // A constant's value, read at `depth` without meeting the depth limit: the same at any depth
  // up to that one, so it is reused there.
  struct Constant {
    schema::Value value;
    int depth = -1; // -1: not known yet
  };
  const SymbolTable& symbols_;
  mutable PointerMap<const py::Expr*, Constant> constants_;
  mutable std::size_t cut_short_ = 0; // evaluations stopped by the depth limit, so far
};

// Python-like source text of an expression, for messages and unresolved values.
std::string render(const py::Expr& expr);

// A Python dict given as its [key, value] pairs, in order: a JSON object when every key is a
// string, else the pairs with one per key (a key equal to an earlier one by Python's ==, as
// True is to 1 and 1.0, keeps the earlier's place and key and takes its value). Keys are scalars.
// Dict literals and neomodel's choices (which it turns into a dict) both read through it, so `{1:
// "one"}` and `((1, "one"),)` are one value.
schema::Json dict_from_pairs(schema::Json pairs);

// Whether `item` is one of those pairs: a two-item list whose key is a scalar.
bool is_key_value_pair(const schema::Json& item);

} // namespace crochet::model
