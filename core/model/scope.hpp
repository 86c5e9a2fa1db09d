#pragma once
// Where an expression of a model file is read: at module level, or in a class body, whose own
// earlier assignments shadow the module's names as Python's class scope does.
#include <string_view>

#include "core/model/file_model.hpp"

namespace crochet::model {

struct Scope {
  // Module level.
  explicit Scope(const FileModel& module) : file(&module) {}
  // The body of the class `cls`, at its statement `statement`.
  Scope(const FileModel& module, const py::Stmt& body_of, const py::Stmt& at)
      : file(&module), cls(&body_of), statement(&at) {}

  const FileModel* file;
  const py::Stmt* cls = nullptr;       // the ClassDef whose body holds the expression, if any
  const py::Stmt* statement = nullptr; // the statement of that body the expression is part of
};

// What a name used in a class body's statement means in that body: Python looks it up in the
// class namespace first, which holds what the statements above have bound (those below do not
// count yet). Nested functions, lambdas and comprehensions do not see the class namespace, but
// the evaluator never reads into those.
struct ClassBinding {
  enum class Kind {
    none,       // the body binds no such name above: the module's name
    constant,   // an unconditional assignment: `stmt`'s value
    definition, // a def or class statement of the body
    unknown,    // an import, or a binding inside an if/try block, which may or may not run
  };
  Kind kind = Kind::none;
  const py::Stmt* stmt = nullptr;
};

// The binding of `name` in force at `scope`'s statement; none at module level.
ClassBinding class_binding(const Scope& scope, std::string_view name);

} // namespace crochet::model
