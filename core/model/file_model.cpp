#include "core/model/file_model.hpp"

#include "core/model/definition_order.hpp"
#include "core/python/bindings.hpp"
#include "core/python/parser.hpp"
#include "core/python/tokenizer.hpp"

namespace crochet::model {
namespace {

std::string module_name_for(const std::string& path, const std::string& package, bool& is_package) {
  std::string stem = path.ends_with(".py") ? path.substr(0, path.size() - 3) : path;
  is_package = stem == "__init__" || stem.ends_with("/__init__");
  if (is_package)
    stem = stem.size() > 8 ? stem.substr(0, stem.size() - 9) : std::string();
  for (char& c : stem)
    if (c == '/')
      c = '.';
  if (package.empty())
    return stem;
  return stem.empty() ? package : package + "." + stem;
}

// Indexes the names the module binds: imports, constants, classes and functions.
class Indexer {
public:
  explicit Indexer(FileModel& file) : file_(file) {}

  void operator()(const py::Binding& binding) {
    const py::Stmt& stmt = binding.stmt;
    const std::string name(binding.name);
    switch (stmt.kind) {
    case py::StmtKind::Import:
      // `import a.b` binds `a` to the top-level package; `import a.b as c` binds `c` to `a.b`.
      bind_import(name, {ImportBinding::Kind::module,
                         binding.alias->alias.empty() ? name : binding.alias->name,
                         0,
                         {},
                         binding.alias->location});
      break;
    case py::StmtKind::ImportFrom: {
      ImportBinding imported{ImportBinding::Kind::member, stmt.module(), stmt.level(),
                             binding.alias->name, binding.alias->location};
      if (binding.alias->name == "*")
        file_.star_imports.push_back(std::move(imported));
      else
        bind_import(name, std::move(imported));
      break;
    }
    case py::StmtKind::Assign:
      if (!binding.conditional && stmt.value)
        file_.constants[name] = stmt.value.get();
      break;
    case py::StmtKind::ClassDef:
      if (binding.conditional)
        file_.diagnostics.push_back(file_.diagnostic(
            Severity::warning, stmt.location,
            "class '" + name + "' is defined inside an if/try block and is not read"));
      else
        file_.classes[name] = &stmt;
      break;
    case py::StmtKind::FunctionDef:
      if (!binding.conditional)
        file_.functions[name] = &stmt;
      break;
    default:
      break;
    }
  }

private:
  void bind_import(const std::string& name, ImportBinding binding) {
    // In `try: from a import X / except ImportError: from b import X`, the first branch is the
    // one a working environment takes.
    file_.imports.emplace(name, std::move(binding));
  }

  FileModel& file_;
};

} // namespace

Diagnostic FileModel::diagnostic(Severity severity, py::Location at, std::string message) const {
  Diagnostic d;
  d.severity = severity;
  d.file = display_path;
  d.line = at.line;
  d.column = at.column;
  d.message = std::move(message);
  d.source_line = py::source_line(source.content, at.line); // \n, \r\n or \r, as parsed
  return d;
}

std::shared_ptr<const FileModel> load_file_model(SourceFile source,
                                                 const std::string& display_prefix,
                                                 const std::string& package_name) {
  auto file = std::make_shared<FileModel>();
  file->source = std::move(source); // the file keeps its text, for diagnostics: moved, not copied
  file->display_path = display_prefix + file->source.path;
  file->module_name = module_name_for(file->source.path, package_name, file->is_package);
  py::ParseResult parsed = py::parse_module(file->source.content, file->display_path);
  file->diagnostics = std::move(parsed.diagnostics);
  if (has_errors(file->diagnostics))
    return file; // an unparsable file binds nothing; its errors fail the read
  file->module = std::move(parsed.module);
  py::for_each_binding(file->module.body, Indexer(*file));
  check_definition_order(*file, file->diagnostics);
  auto add_names = [&](const auto& bindings) {
    for (const auto& [name, binding] : bindings)
      file->bound_names.add(NameFilter::hash(name));
  };
  add_names(file->imports);
  add_names(file->constants);
  add_names(file->classes);
  add_names(file->functions);
  return file;
}

} // namespace crochet::model
