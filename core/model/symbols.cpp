#include "core/model/symbols.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/python/builtins.hpp"

namespace crochet::model {
namespace {

constexpr int kMaxDepth = 32; // import chains deeper than this are cycles

Symbol external(std::string text) {
  Symbol s;
  s.kind = Symbol::Kind::external;
  s.text = std::move(text);
  return s;
}

} // namespace

std::string dotted_name(const py::Expr& expr) {
  if (expr.kind == py::ExprKind::Name)
    return std::string(expr.text());
  if (expr.kind == py::ExprKind::Attribute && expr.object) {
    std::string base = dotted_name(*expr.object);
    return base.empty() ? std::string() : base + "." + std::string(expr.text());
  }
  return {};
}

SymbolTable::SymbolTable(const std::vector<std::shared_ptr<const FileModel>>& files)
    : files_(files) {
  auto index = std::make_shared<Index>();
  std::vector<Symbol> classes;
  for (const auto& file : files_) {
    index->modules.emplace(file->module_name, file.get());
    // Scripts often run with the models folder itself on sys.path: `import people.person`.
    if (const auto dot = file->module_name.find('.'); dot != std::string::npos)
      index->modules.emplace(file->module_name.substr(dot + 1), file.get());
    for (const auto& [name, stmt] : file->classes) {
      Symbol s;
      s.kind = Symbol::Kind::project_class;
      s.file = file.get();
      s.stmt = stmt;
      s.text = name;
      classes.push_back(std::move(s));
    }
  }
  index->classes_by_name = NameIndex<Symbol>(
      std::move(classes), [](const Symbol& s) { return std::string_view(s.text); });
  index_ = std::move(index);
}

const FileModel* SymbolTable::find_module(const FileModel& from, std::string_view dotted,
                                          int level) const {
  std::string absolute;
  if (level > 0) {
    // Relative to the package of `from`: one dot is the package itself.
    std::string package = from.module_name;
    if (!from.is_package) {
      const auto dot = package.rfind('.');
      package = dot == std::string::npos ? std::string() : package.substr(0, dot);
    }
    for (int i = 1; i < level; ++i) {
      const auto dot = package.rfind('.');
      package = dot == std::string::npos ? std::string() : package.substr(0, dot);
    }
    absolute = package.empty()  ? std::string(dotted)
               : dotted.empty() ? package
                                : package + "." + std::string(dotted);
  } else {
    absolute = std::string(dotted);
  }
  // The models folder may be imported under a longer package path (app.models.person), so the
  // longest dotted suffix of the import that names one of our modules wins.
  std::string_view rest = absolute;
  while (true) {
    if (auto it = index_->modules.find(rest); it != index_->modules.end())
      return it->second;
    const auto dot = rest.find('.');
    if (dot == std::string_view::npos)
      return nullptr;
    rest.remove_prefix(dot + 1);
  }
}

Symbol SymbolTable::module_symbol(const FileModel& from, std::string_view dotted, int level) const {
  if (level == 0 && is_neomodel_module(dotted)) {
    Symbol s;
    s.kind = Symbol::Kind::neomodel_module;
    s.text = std::string(dotted);
    return s;
  }
  if (const FileModel* module = find_module(from, dotted, level)) {
    Symbol s;
    s.kind = Symbol::Kind::project_module;
    s.file = module;
    s.text = module->module_name;
    return s;
  }
  return external(std::string(level, '.') + std::string(dotted));
}

Symbol SymbolTable::member(const Symbol& base, std::string_view name, int depth) const {
  switch (base.kind) {
  case Symbol::Kind::neomodel_module: {
    Symbol s;
    if (const NeoClass* neo = find_neomodel(name)) {
      s.kind = Symbol::Kind::neomodel;
      s.neo = neo;
      s.text = std::string(name);
      return s;
    }
    if (!name.empty() && (std::islower(static_cast<unsigned char>(name[0])) || name[0] == '_')) {
      s.kind = Symbol::Kind::neomodel_module;
      s.text = base.text + "." + std::string(name);
      return s;
    }
    return external(base.text + "." + std::string(name));
  }
  case Symbol::Kind::project_module: {
    Symbol found = lookup(*base.file, name, depth + 1);
    if (found.kind != Symbol::Kind::undefined)
      return found;
    // `from . import person` or `models.person` where person is a submodule.
    if (const FileModel* sub =
            find_module(*base.file, base.file->module_name + "." + std::string(name), 0);
        sub && sub->module_name == base.file->module_name + "." + std::string(name)) {
      Symbol s;
      s.kind = Symbol::Kind::project_module;
      s.file = sub;
      s.text = sub->module_name;
      return s;
    }
    return found;
  }
  case Symbol::Kind::external:
    if (const NeoClass* neo = find_django_neomodel(base.text, name)) {
      Symbol s;
      s.kind = Symbol::Kind::neomodel;
      s.neo = neo;
      s.text = std::string(name);
      return s;
    }
    return external(base.text + "." + std::string(name));
  default:
    return external(base.text + "." + std::string(name));
  }
}

Symbol SymbolTable::lookup(const FileModel& file, std::string_view name) const {
  // Only the outermost lookup is memoised: deeper ones may be cut short by the depth limit.
  // Classes are read file by file, so the last file's names are almost always the ones wanted.
  if (&file != memo_file_) {
    memo_file_ = &file;
    memo_names_ = &memo_[&file]; // unordered_map values never move
  }
  Names& names = *memo_names_;
  if (auto it = names.find(name); it != names.end())
    return it->second;
  return names.emplace(std::string(name), lookup(file, name, 0)).first->second;
}

Symbol SymbolTable::lookup(const FileModel& file, std::string_view name, int depth) const {
  if (depth > kMaxDepth)
    return external(std::string(name));
  Symbol s;
  s.file = &file;
  s.text = std::string(name);
  if (auto it = file.classes.find(name); it != file.classes.end()) {
    s.kind = Symbol::Kind::project_class;
    s.stmt = it->second;
    return s;
  }
  if (auto it = file.constants.find(name); it != file.constants.end()) {
    s.kind = Symbol::Kind::constant;
    s.expr = it->second;
    return s;
  }
  if (auto it = file.functions.find(name); it != file.functions.end()) {
    s.kind = Symbol::Kind::function;
    s.stmt = it->second;
    return s;
  }
  if (auto it = file.imports.find(name); it != file.imports.end()) {
    const ImportBinding& binding = it->second;
    Symbol module = module_symbol(file, binding.module, binding.level);
    if (binding.kind == ImportBinding::Kind::module)
      return module;
    if (module.kind == Symbol::Kind::project_module && module.file == &file)
      return external(std::string(name)); // a module importing from itself
    return member(module, binding.member, depth);
  }
  for (const ImportBinding& star : file.star_imports) {
    Symbol module = module_symbol(file, star.module, star.level);
    if (module.kind == Symbol::Kind::neomodel_module ||
        module.kind == Symbol::Kind::project_module) {
      if (module.file == &file)
        continue;
      Symbol found = member(module, name, depth);
      if (found.kind == Symbol::Kind::neomodel_module && module.kind == found.kind &&
          !is_neomodel_submodule(name))
        continue; // member() guesses a submodule; a star import binds only real ones
      if (found.kind != Symbol::Kind::undefined && found.kind != Symbol::Kind::external)
        return found;
    } else if (module.kind == Symbol::Kind::external) {
      // A star import from outside the project could bind anything.
      return member(module, name, depth);
    }
  }
  if (py::is_builtin_name(name))
    return external("builtins." + std::string(name));
  s.kind = Symbol::Kind::undefined;
  return s;
}

Symbol SymbolTable::resolve(const FileModel& file, const py::Expr& expr) const {
  return resolve(file, expr, 0);
}

Symbol SymbolTable::resolve_dotted(const FileModel& file, std::string_view dotted) const {
  std::size_t dot = dotted.find('.');
  Symbol s = lookup(file, dotted.substr(0, dot));
  while (dot != std::string_view::npos && s.kind != Symbol::Kind::undefined) {
    const std::size_t next = dotted.find('.', dot + 1);
    s = member(s, dotted.substr(dot + 1, next == std::string_view::npos ? next : next - dot - 1),
               0);
    dot = next;
  }
  return s;
}

Symbol SymbolTable::resolve(const FileModel& file, const py::Expr& expr, int depth) const {
  if (expr.kind == py::ExprKind::Name)
    return depth == 0 ? lookup(file, expr.text()) : lookup(file, expr.text(), depth);
  if (expr.kind == py::ExprKind::Attribute && expr.object) {
    Symbol base = resolve(file, *expr.object, depth + 1);
    if (base.kind == Symbol::Kind::undefined)
      return base;
    return member(base, expr.text(), depth);
  }
  return external(std::string(expr.text()));
}

} // namespace crochet::model
