#pragma once
// Reading the members a class body declares: neomodel properties (with every option checked
// the way neomodel checks it at import time) and relationship definitions.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/model/classes.hpp"
#include "core/model/evaluate.hpp"
#include "core/schema/ir.hpp"

namespace crochet::model {

// A relationship definition whose target and model classes are resolved to classes; their
// kgids are filled in once every class has been read.
struct PendingRelationship {
  schema::RelationshipDef definition;
  std::optional<ClassRef> target;
  std::optional<ClassRef> model;
  // A model that is not a class of the models folder: neomodel's StructuredRel spelled out, or a
  // class from another package (named in definition.model_class). neomodel registers the type
  // for it all the same.
  enum class OuterModel { none, structured_rel, outside } outer_model = OuterModel::none;
  bool async = false; // AsyncRelationshipTo & co.: neomodel's async registry, not the sync one
  const FileModel* file = nullptr;
  py::Location location;
};

struct Member {
  enum class Kind { property, relationship, other } kind = Kind::other;
  std::string name;
  schema::Property property;
  PendingRelationship relationship;
  const FileModel* file = nullptr;
  py::Location location;
};

class MemberReader {
public:
  MemberReader(const SymbolTable& symbols, ClassGraph& graph, Diagnostics& diagnostics)
      : symbols_(symbols), evaluator_(symbols), graph_(graph), diagnostics_(diagnostics) {}

  // The members the body of `cls` declares itself, in source order (memoised, for classes whose
  // members several subclasses inherit).
  const std::vector<Member>& own_members(const ClassRef& cls);
  // The same, handed over to the caller and forgotten: for a class no other class inherits from,
  // whose members are read exactly once. Diagnostics are the same as own_members' (emitted once).
  std::vector<Member> take_own_members(const ClassRef& cls);
  // The members own_members(cls) memoised, or nullptr when it has not run for `cls`. Reads only:
  // safe from several threads while nothing calls the non-const members.
  const std::vector<Member>* cached_members(const ClassRef& cls) const;

private:
  std::vector<Member> read_own_members(const ClassRef& cls);
  // Reads the member `m` (named, file and location set) a class body assigns a call: `value`,
  // read in `scope`; `written` is the value the body's statement writes (`value` itself, or a
  // name that holds it), where warnings about the member are placed. `repeated`: the member
  // was read under another name (`years = age`), whose messages it does not give again.
  void read_call_member(const Scope& scope, const ClassRef& cls, const py::Expr& value,
                        const py::Expr& written, bool repeated, Member& m);
  // The same for a value that is a name, an attribute or an expression the parser kept as text:
  // a module constant or an earlier member of the body is read as its call would be; what
  // cannot be read but may hold a property or relationship gets a warning.
  void read_indirect_member(const Scope& at, const ClassRef& cls, const py::Expr& value, Member& m);
  // A constant that names a class (`Text = StringProperty`) followed to that class.
  Symbol follow_class_alias(Symbol s) const;
  void warn_made_by_call(const Member& m, const ClassRef& cls, const py::Expr& call,
                         const py::Expr& written);
  // Whether `expr` names a neomodel property or relationship class, a property class of the
  // project, a function it calls, or a constant whose value does; `seen`: constants followed.
  bool mentions_member(const Scope& scope, const py::Expr& expr, int depth,
                       std::vector<const py::Expr*>& seen);
  bool names_member(const Scope& scope, std::string_view dotted, bool called, int depth,
                    std::vector<const py::Expr*>& seen);
  bool text_mentions_member(const Scope& scope, std::string_view text, int depth,
                            std::vector<const py::Expr*>& seen);
  // Each reads one member into its last argument, a fresh one, and says whether it is one; the
  // argument is left unspecified when not, so the caller resets it. `scope` is the class body
  // at the member's statement.
  bool read_property(const Scope& scope, const std::string& name, const py::Expr& call,
                     const NeoClass& neo, const std::string& declared_type, bool custom_init,
                     schema::Property& p);
  bool read_relationship(const Scope& scope, const std::string& name, const py::Expr& call,
                         const NeoClass& neo, PendingRelationship& pending);
  std::optional<ClassRef> resolve_target(const FileModel& file, const py::Expr& target);
  std::optional<ClassRef> resolve_target_name(const FileModel& file, std::string_view text);
  void warn_hidden_members(const FileModel& file, const py::Block& block, const char* where);
  bool is_member_call(const FileModel& file, const py::Expr& expr);
  void error(const FileModel& file, py::Location at, std::string message);
  void warn(const FileModel& file, py::Location at, std::string message);

  const SymbolTable& symbols_;
  Evaluator evaluator_;
  ClassGraph& graph_;
  Diagnostics& diagnostics_;
  std::map<ClassRef, std::vector<Member>> cache_;
};

} // namespace crochet::model
