#pragma once
// What git-crochet knows of neomodel's public classes: which are node and relationship bases,
// property classes (and their positional parameters), relationship definers and cardinalities.
#include <string_view>
#include <vector>

namespace crochet::model {

enum class NeoKind {
  node_base,            // StructuredNode, AsyncStructuredNode
  semi_structured_base, // SemiStructuredNode, AsyncSemiStructuredNode
  rel_base,             // StructuredRel, AsyncStructuredRel
  property,             // StringProperty, ...; `canonical` is the class itself
  relationship,         // RelationshipTo/From/Relationship (+Async); `canonical` = direction
  cardinality,          // ZeroOrMore, One, ... (+Async); `canonical` = sync name
  fulltext_index,       // FulltextIndex
  vector_index,         // VectorIndex
  other,                // a known neomodel name with no schema meaning (db, config, ...)
};

struct NeoClass {
  std::string_view name;
  NeoKind kind;
  std::string_view canonical;
  bool async = false;
  std::vector<std::string_view> positional; // parameter names of positional arguments
};

// The neomodel class or name called `name`, or nullptr.
const NeoClass* find_neomodel(std::string_view name);

// The node base django_neomodel adds, `django_neomodel.DjangoNode` (a StructuredNode with a
// Django-facing metaclass and no label of its own), when `module` and `name` name it; or nullptr.
const NeoClass* find_django_neomodel(std::string_view module, std::string_view name);

// True for "neomodel" and its submodules ("neomodel.properties", "neomodel.contrib", ...).
bool is_neomodel_module(std::string_view module);

// True for the names of neomodel's public submodules ("properties", "match", ...), which a star
// import of neomodel brings in with its classes: it binds no other lowercase name, so `list` or
// `object` stays Python's.
bool is_neomodel_submodule(std::string_view name);

// Names neomodel refuses as node properties ("deleted", "id", "element_id").
bool is_reserved_property_name(std::string_view name);

// Names neomodel's RelationshipMeta refuses for a StructuredRel's own properties ("source" and
// "target" name the ends, "id" and "element_id" the relationship's id).
bool is_reserved_relationship_property_name(std::string_view name);

} // namespace crochet::model
