#include "core/model/definition_order.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/model/catalog.hpp"
#include "core/python/bindings.hpp"
#include "core/python/builtins.hpp"

namespace crochet::model {
namespace {

// A class or function whose statement is the first to bind its name in the module.
struct Definition {
  std::string_view name;
  const py::Stmt* stmt;
};

// Every name the module binds at its top level or in its if/try blocks, with the first line
// that binds it.
class FirstBindings {
public:
  explicit FirstBindings(const py::Block& body) {
    py::for_each_binding(body, [&](const py::Binding& binding) {
      lines_.emplace_back(binding.name, binding.stmt.location.line);
    });
    std::sort(lines_.begin(), lines_.end());
  }

  std::uint32_t first_line(std::string_view name) const {
    auto it = std::lower_bound(lines_.begin(), lines_.end(), std::make_pair(name, 0u));
    return it != lines_.end() && it->first == name ? it->second : 0;
  }

private:
  std::vector<std::pair<std::string_view, std::uint32_t>> lines_;
};

class OrderCheck {
public:
  OrderCheck(const FileModel& file, Diagnostics& into) : file_(file), into_(into) {
    const py::Block& body = file.module.body;
    const FirstBindings first(body);
    for (const py::Stmt& stmt : body)
      if ((stmt.kind == py::StmtKind::ClassDef || stmt.kind == py::StmtKind::FunctionDef) &&
          first.first_line(stmt.name()) == stmt.location.line &&
          !py::is_builtin_name(stmt.name())) // used above, the name was the builtin
        pending_.push_back({stmt.name(), &stmt});
  }

  void run() {
    for (const py::Stmt& stmt : file_.module.body) {
      // Definitions whose statement is above this one are bound by now.
      while (next_ < pending_.size() && pending_[next_].stmt->location.line < stmt.location.line)
        ++next_;
      if (next_ == pending_.size())
        return;
      if (!check_module_statement(stmt))
        return;
    }
  }

private:
  // False once nothing after `stmt` can be checked with certainty.
  bool check_module_statement(const py::Stmt& stmt) {
    switch (stmt.kind) {
    case py::StmtKind::ImportFrom:
      for (const py::ImportAlias& alias : stmt.names())
        if (alias.name == "*") {
          if (stmt.level() != 0 || !is_neomodel_module(stmt.module()))
            return false; // may bind any name
          neomodel_star_ = true;
        }
      return true;
    case py::StmtKind::Assign:
      check(stmt.value.get(), nullptr);
      return true;
    case py::StmtKind::ClassDef:
      check_class(stmt, nullptr);
      return true;
    case py::StmtKind::FunctionDef:
      for (const py::ExprPtr& decorator : stmt.decorators())
        check(decorator.get(), nullptr);
      return true;
    default:
      return true; // if/try blocks may or may not run; other statements evaluate nothing we read
    }
  }

  // A class statement: its decorators, bases and keywords in the scope around it (`outer`, the
  // body of an enclosing class, or null at module level), then its body in a scope of its own.
  void check_class(const py::Stmt& cls, const py::Stmt* outer) {
    for (const py::ExprPtr& decorator : cls.decorators())
      check(decorator.get(), outer);
    for (const py::ExprPtr& base : cls.bases())
      check(base.get(), outer);
    for (const py::Keyword& keyword : cls.keywords())
      check(keyword.value.get(), outer);
    for (const py::Block& block : cls.blocks())
      for (const py::Stmt& stmt : block) {
        switch (stmt.kind) {
        case py::StmtKind::Assign:
          check_member_value(stmt.value.get(), &cls);
          break;
        case py::StmtKind::FunctionDef:
          for (const py::ExprPtr& decorator : stmt.decorators())
            check(decorator.get(), &cls);
          break;
        case py::StmtKind::ClassDef:
          check_class(stmt, &cls);
          break;
        case py::StmtKind::Import:
        case py::StmtKind::ImportFrom:
        case py::StmtKind::If:
        case py::StmtKind::Try:
          return; // binds names of the class body this check does not follow
        case py::StmtKind::Other:
          break; // may bind a name too (a loop variable), but never a later class's or function's
        }
      }
  }

  // Whether the body of `scope` binds `name` above `line` (checked only for a use that would
  // otherwise be reported, which is rare).
  static bool bound_in_class(const py::Stmt* scope, std::string_view name, std::uint32_t line) {
    if (!scope)
      return false;
    for (const py::Block& block : scope->blocks())
      for (const py::Stmt& stmt : block) {
        if (stmt.location.line >= line)
          return false;
        if (stmt.kind == py::StmtKind::Assign &&
            std::find(stmt.targets.begin(), stmt.targets.end(), name) != stmt.targets.end())
          return true;
        if ((stmt.kind == py::StmtKind::ClassDef || stmt.kind == py::StmtKind::FunctionDef) &&
            stmt.name() == name)
          return true;
      }
    return false;
  }

  // A class body's value: when it is a call, its first argument (or cls_name=) is where a
  // relationship target goes, which may also be named as a string.
  void check_member_value(const py::Expr* value, const py::Stmt* scope) {
    if (value && value->kind == py::ExprKind::Call)
      check_call(*value, scope, true);
    else
      check(value, scope);
  }

  // A call (or an attribute, which has no arguments); `targets`: its first argument and
  // cls_name= are where a relationship target goes.
  void check_call(const py::Expr& call, const py::Stmt* scope, bool targets) {
    check(call.object.get(), scope);
    for (std::size_t i = 0; i < call.items.size(); ++i)
      check(call.items[i].get(), scope, targets && i == 0);
    for (const py::Keyword& keyword : call.keywords)
      check(keyword.value.get(), scope, targets && keyword.name == "cls_name");
  }

  // `target`: the expression is where a relationship target goes.
  void check(const py::Expr* expr, const py::Stmt* scope, bool target = false) {
    if (!expr)
      return;
    switch (expr->kind) {
    case py::ExprKind::Name:
      check_name(*expr, scope, target);
      return;
    case py::ExprKind::Attribute:
    case py::ExprKind::Call:
      check_call(*expr, scope, false);
      return;
    default:
      for (const py::ExprPtr& item : expr->items)
        check(item.get(), scope);
      return;
    }
  }

  void check_name(const py::Expr& use, const py::Stmt* scope, bool target) {
    const std::string_view name = use.text();
    auto it = std::find_if(pending_.begin() + static_cast<std::ptrdiff_t>(next_), pending_.end(),
                           [&](const Definition& d) { return d.name == name; });
    if (it == pending_.end() || bound_in_class(scope, name, use.location.line))
      return;
    if (neomodel_star_ && (find_neomodel(name) || is_neomodel_submodule(name)))
      return; // bound by the star import above
    const py::Stmt& definition = *it->stmt;
    const bool is_class = definition.kind == py::StmtKind::ClassDef;
    const std::string what =
        std::string(is_class ? "class '" : "function '") + std::string(name) + "'";
    const std::string quoted = "\"" + std::string(name) + "\"";
    std::string message;
    if (use.location.line >= definition.location.line && use.location.line <= definition.end_line)
      message = what + " is used inside its own definition, before Python binds its name: " +
                "importing this file raises NameError" +
                (target ? "; name the relationship target as the string " + quoted : "");
    else
      message =
          what + " is used before it is defined (line " + std::to_string(definition.location.line) +
          "): importing this file raises NameError; move the " + (is_class ? "class" : "function") +
          " above this use" +
          (is_class && target ? " (a relationship target may also be the string " + quoted + ")"
                              : "");
    into_.push_back(file_.diagnostic(Severity::error, use.location, std::move(message)));
  }

  const FileModel& file_;
  Diagnostics& into_;
  std::vector<Definition> pending_; // in statement order
  std::size_t next_ = 0;            // pending_[next_..] are not bound yet
  bool neomodel_star_ = false;      // `from neomodel import *` was passed
};

} // namespace

void check_definition_order(const FileModel& file, Diagnostics& into) {
  OrderCheck check(file, into);
  check.run();
}

} // namespace crochet::model
