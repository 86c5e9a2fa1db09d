#pragma once
// What each class of the models folder is (node, relationship model, property class, mixin, or
// something outside our reach), and its method resolution order over the project's classes.
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/model/symbols.hpp"
#include "core/util/pointer_map.hpp"

namespace crochet::model {

struct ClassRef {
  const FileModel* file = nullptr;
  const py::Stmt* stmt = nullptr;
  bool operator<(const ClassRef& other) const { return stmt < other.stmt; }
  bool operator==(const ClassRef& other) const { return stmt == other.stmt; }
};

struct ClassRefHash {
  std::size_t operator()(const ClassRef& cls) const { return std::hash<const void*>()(cls.stmt); }
};

enum class ClassRole { mixin, node, relationship, property, external, broken };

struct ClassInfo {
  ClassRole role = ClassRole::mixin;
  const NeoClass* neo_base = nullptr; // the neomodel class the role comes from
  bool async = false;
  bool semi_structured = false;
  std::vector<ClassRef> project_bases; // resolved bases inside the models folder, in order
  std::vector<ClassRef> mro;           // C3 linearisation over project classes, self first
};

class ClassGraph {
public:
  ClassGraph(const SymbolTable& symbols, Diagnostics& diagnostics)
      : symbols_(symbols), diagnostics_(diagnostics) {}

  const ClassInfo& info(const ClassRef& cls);

private:
  void classify(const ClassRef& cls, ClassInfo& info);
  void linearise(const ClassRef& cls, ClassInfo& info);

  const SymbolTable& symbols_;
  Diagnostics& diagnostics_;
  struct Entry {
    ClassInfo info;
    bool in_progress = false; // being classified: reaching it again is an inheritance cycle
  };
  // By class statement: a models folder has tens of thousands of classes, each looked up many
  // times. (References into infos_ stay valid as it grows.)
  PointerMap<const py::Stmt*, Entry> infos_;
};

} // namespace crochet::model
