#pragma once
// Name resolution across the files of a models folder: what a name or dotted expression in a
// given file refers to — a neomodel class, a class or constant of the project, or something
// outside the project that cannot be read.
#include <map>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/model/catalog.hpp"
#include "core/model/file_model.hpp"
#include "core/util/name_index.hpp"

namespace crochet::model {

struct Symbol {
  enum class Kind {
    undefined,       // not bound anywhere: a NameError in Python
    external,        // bound to something outside the models folder (text = dotted name)
    neomodel,        // a neomodel class or name (neo)
    neomodel_module, // neomodel or one of its submodules (text = module)
    project_module,  // a module of the models folder (file)
    project_class,   // a class of the models folder (file, stmt)
    constant,        // a module-level assignment (file, expr)
    function,        // a module-level function (file, stmt)
  };
  Kind kind = Kind::undefined;
  std::string text;
  const NeoClass* neo = nullptr;
  const FileModel* file = nullptr;
  const py::Stmt* stmt = nullptr;
  const py::Expr* expr = nullptr;
};

// Not thread-safe: lookups are memoised.
class SymbolTable {
public:
  explicit SymbolTable(const std::vector<std::shared_ptr<const FileModel>>& files);
  // A table over the same files and module and class indexes as `other`, with a memo of its
  // own: one per thread, without building the indexes again.
  struct OwnMemo {};
  SymbolTable(const SymbolTable& other, OwnMemo) : files_(other.files_), index_(other.index_) {}
  SymbolTable(const SymbolTable&) = delete; // the memo cursor points into its own memo
  SymbolTable& operator=(const SymbolTable&) = delete;

  // What `name` means at module level of `file`.
  Symbol lookup(const FileModel& file, std::string_view name) const;
  // The same, not memoised: for names looked up about once each (a relationship's string
  // target names a different class almost every time), which would only grow the memo.
  Symbol lookup_once(const FileModel& file, std::string_view name) const {
    return lookup(file, name, 0);
  }
  // What a Name or Attribute chain means in `file`; other expressions are `external`.
  Symbol resolve(const FileModel& file, const py::Expr& expr) const;
  // What the dotted name "a.b.c" means in `file`, as resolve() reads the Name/Attribute chain
  // written so: for names found in source text the parser kept unresolved.
  Symbol resolve_dotted(const FileModel& file, std::string_view dotted) const;
  // The module `dotted` names (absolute, or relative to `from` with `level` dots), or nullptr.
  const FileModel* find_module(const FileModel& from, std::string_view dotted, int level) const;
  // Every class of the models folder called `name`.
  std::span<const Symbol> classes_named(std::string_view name) const {
    return index_->classes_by_name.find(name);
  }
  // The same, given name_hash(name).
  std::span<const Symbol> classes_named(std::string_view name, std::size_t hash) const {
    return index_->classes_by_name.find(name, hash);
  }

private:
  Symbol lookup(const FileModel& file, std::string_view name, int depth) const;
  Symbol member(const Symbol& base, std::string_view name, int depth) const;
  Symbol module_symbol(const FileModel& from, std::string_view dotted, int level) const;
  Symbol resolve(const FileModel& file, const py::Expr& expr, int depth) const;

  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view name) const {
      return std::hash<std::string_view>()(name);
    }
  };
  using Names = std::unordered_map<std::string, Symbol, NameHash, std::equal_to<>>;

  const std::vector<std::shared_ptr<const FileModel>>& files_;
  // lookup(file, name) results: every property call, constant and relationship target of a file
  // resolves the same few names again and again, often through import chains.
  mutable std::unordered_map<const FileModel*, Names> memo_;
  mutable const FileModel* memo_file_ = nullptr; // the file of the last lookup
  mutable Names* memo_names_ = nullptr;          // and its entry in memo_
  // Built once from the files and read-only after: shared by the tables of all threads.
  struct Index {
    // By module name, and by the name relative to the models folder ("people.person").
    std::map<std::string, const FileModel*, std::less<>> modules;
    // Every class by name, in file order (looked up for nearly every string relationship target).
    NameIndex<Symbol> classes_by_name;
  };
  std::shared_ptr<const Index> index_;
};

// The dotted text of a Name/Attribute chain ("nm.StringProperty"), "" for anything else.
std::string dotted_name(const py::Expr& expr);

} // namespace crochet::model
