#pragma once
// Building one model class of the models folder: the dunder facts it sets for itself
// (__kgid__, __label__, ...), and its node or relationship model made of the members of every
// class of its MRO, with the checks that need the whole class. Classes are built in parallel,
// each into its own outcome, and the reader takes the outcomes in file order (reader.cpp).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/model/classes.hpp"
#include "core/model/evaluate.hpp"
#include "core/model/members.hpp"
#include "core/model/relationship_models.hpp"
#include "core/schema/ir.hpp"
#include "core/util/diagnostic.hpp"

namespace crochet::model {

// Where a relationship definition's target and model classes resolve: kept beside the
// definition, which is already in its node, until every class's kgid is known.
struct RelationshipLink {
  std::optional<ClassRef> target;
  std::optional<ClassRef> model;
  const FileModel* file = nullptr;
  py::Location location;
};

// __target_databases__: neomodel registers a node class that has one (its own or a base's: it
// asks hasattr) in a registry per database named, instead of the one all other classes share,
// so two classes may carry one set of labels when their databases differ.
struct TargetDatabases {
  bool declared = false; // false: the shared registry
  bool known = true;     // false: not known statically, so no label set of the class is checked
  std::vector<std::string> names;
};

// The dunder attributes a class sets for itself. neomodel reads __kgid__, __label__,
// __optional_labels__ and __abstract_node__ from the class namespace, so they are never
// inherited; __target_databases__ is (see ClassOutcome::target_databases).
struct OwnFacts {
  std::optional<std::string> kgid;
  py::Location kgid_location;
  std::optional<std::string> label;
  std::vector<std::string> optional_labels;
  TargetDatabases target_databases;
  bool abstract = false;
};

// Reads the facts `cls` sets in its own body; errors (a __kgid__ not known statically, ...) go
// to `into`.
OwnFacts own_facts(const ClassRef& cls, const Evaluator& evaluator, Diagnostics& into);

// What building one node or relationship class yields. Classes are built in parallel; their
// outcomes are then taken in file order, diagnostics included, so the result is the same as a
// serial build's.
struct ClassOutcome {
  enum class Kind { abstract, node, relationship } kind = Kind::abstract;
  OwnFacts facts;
  TargetDatabases target_databases; // a node class's: the first class of its MRO declaring one
  Diagnostics facts_diagnostics;    // from the class's own __kgid__, __label__, ...
  Diagnostics member_diagnostics;   // from reading its own members, when no class inherits them
  Diagnostics diagnostics;          // everything after: reserved names, labels, property checks
  // A node class's node is built in place, in the read's node list (see build_class).
  std::unique_ptr<schema::RelationshipModel> model; // a relationship class's
  std::vector<RelationshipLink> links; // node.relationships[i] resolves through links[i]
  // The definitions of its own body that name a model, when no class inherits them (those of a
  // class others extend are read from the shared members).
  std::vector<ModelUse> model_uses;
};

// One thread's tools for build_class: an evaluator and member reader over the thread's own
// symbol table (lookups are memoised, so tables are not shared between threads).
struct ClassBuilder {
  ClassBuilder(const SymbolTable& symbols, ClassGraph& graph)
      : evaluator(symbols), members(symbols, graph, member_diagnostics) {}
  Evaluator evaluator;
  Diagnostics member_diagnostics;
  MemberReader members;
};

// Builds `cls` (a node or relationship class) into `out`, and a node class's node into `node`.
// Reads only what every thread shares read-only: the class graph (complete), the shared
// members memo (`shared`, holding the members of every class that another class extends), and
// the syntax trees. `inherited` says whether another class extends `cls`.
void build_class(const ClassRef& cls, const ClassInfo& info, bool inherited, ClassGraph& graph,
                 const MemberReader& shared, ClassBuilder& builder, ClassOutcome& out,
                 schema::Node& node);

} // namespace crochet::model
