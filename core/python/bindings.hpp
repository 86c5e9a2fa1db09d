#pragma once
// Which names a module's statements bind: the one place that knows it, so that indexing a module
// and checking the order of its definitions cannot disagree about a binding form.
#include <string_view>

#include "core/python/ast.hpp"

namespace crochet::py {

struct Binding {
  std::string_view name;    // `import a.b` binds "a"; a star import is "*"
  const Stmt& stmt;         // an Import, ImportFrom, Assign, ClassDef or FunctionDef
  const ImportAlias* alias; // the imported name of an Import or ImportFrom; null otherwise
  bool conditional;         // inside an if/try block, so it may not run
};

// Calls `visit(const Binding&)` for each name that the statements of `block` bind, in source
// order, with the if/try blocks inside it. Bindings of other statements (loop variables, `with`
// targets, tuple assignments) are not followed: the parser keeps them as Other.
template <typename Visit>
void for_each_binding(const Block& block, Visit&& visit, bool conditional = false) {
  for (const Stmt& stmt : block) {
    switch (stmt.kind) {
    case StmtKind::Import:
      for (const ImportAlias& alias : stmt.names())
        visit(Binding{alias.alias.empty()
                          ? std::string_view(alias.name).substr(0, alias.name.find('.'))
                          : std::string_view(alias.alias),
                      stmt, &alias, conditional});
      break;
    case StmtKind::ImportFrom:
      for (const ImportAlias& alias : stmt.names())
        visit(Binding{alias.alias.empty() ? std::string_view(alias.name)
                                          : std::string_view(alias.alias),
                      stmt, &alias, conditional});
      break;
    case StmtKind::Assign:
      for (std::string_view target : stmt.targets)
        visit(Binding{target, stmt, nullptr, conditional});
      break;
    case StmtKind::ClassDef:
    case StmtKind::FunctionDef:
      visit(Binding{stmt.name(), stmt, nullptr, conditional});
      break;
    case StmtKind::If:
    case StmtKind::Try:
      for (const Block& inner : stmt.blocks())
        for_each_binding(inner, visit, true);
      break;
    case StmtKind::Other:
      break;
    }
  }
}

} // namespace crochet::py
