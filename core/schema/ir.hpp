#pragma once
// The schema IR: what the neomodel models of one revision define, independent of file names,
// file order and module paths. Every collection is kept sorted (see normalize()) so that the
// canonical JSON, and therefore the hash, depends on the schema alone.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/schema/boxed.hpp"

namespace crochet::schema {

using Json = nlohmann::json;

// A value known only partly at read time: either a JSON literal, the marker for a callable
// default, or "unresolved" (the source text that could not be evaluated statically).
struct Value {
  enum class Kind { literal, callable, unresolved };
  Kind kind = Kind::literal;
  Json literal;     // Kind::literal
  std::string text; // Kind::callable: the callable's name; Kind::unresolved: source text
  bool operator==(const Value&) const = default;
};

struct FulltextIndex {
  std::string analyzer = "standard-no-stop-words";
  bool eventually_consistent = false;
  bool operator==(const FulltextIndex&) const = default;
};

struct VectorIndex {
  long long dimensions = 1536;
  std::string similarity_function = "cosine";
  bool operator==(const VectorIndex&) const = default;
};

struct Property {
  std::string name;          // the Python attribute name
  std::string db_property;   // the name stored in the graph (db_property= or name)
  std::string type;          // neomodel base class, e.g. "StringProperty", "ArrayProperty"
  std::string declared_type; // the class written in the model when it is a user subclass, else ""
  Boxed<std::string> item_type; // ArrayProperty: base property class
  bool required = false;
  bool unique_index = false;
  bool index = false;
  Boxed<Value> default_value;
  Boxed<Value> choices;                // literal list/dict, or unresolved
  std::optional<long long> max_length; // StringProperty
  Boxed<std::string> crs;              // PointProperty
  Boxed<FulltextIndex> fulltext_index;
  Boxed<VectorIndex> vector_index;
  BoxedMap<std::string, Value> other_options; // schema-irrelevant but recorded (e.g. format)
  std::string alias_of; // AliasProperty(to=...): never stored; empty otherwise
  bool operator==(const Property&) const = default;
};

enum class Direction { outgoing, incoming, either }; // RelationshipTo / From / Relationship

struct RelationshipDef {
  std::string name; // attribute name on the node class
  Direction direction = Direction::outgoing;
  std::string rel_type; // relation_type, folded from constants; may be unresolved text
  bool rel_type_resolved = true;
  std::string target_kgid;                // the target node's kgid, "" when unresolved
  std::string target_class;               // as written ("Person", "app.models.Person")
  std::string cardinality = "ZeroOrMore"; // ZeroOrMore, One, ZeroOrOne, OneOrMore
  std::string model_kgid;                 // the StructuredRel model's kgid, "" for none
  // model= naming a class from outside the models folder, by its dotted name: its properties
  // cannot be read, so the model is unresolved (model_kgid stays ""). "" otherwise.
  std::string model_class;
  bool operator==(const RelationshipDef&) const = default;
};

struct Node {
  std::string kgid;
  std::string class_name;
  std::string label;               // __label__ or the class name
  std::vector<std::string> labels; // every label the node carries (inherited + own), sorted
  std::vector<std::string> optional_labels;
  std::vector<Property> properties;           // sorted by name; inherited ones included
  std::vector<RelationshipDef> relationships; // sorted by name
  bool async = false;                         // AsyncStructuredNode
  bool semi_structured = false;
  bool operator==(const Node&) const = default;
};

struct RelationshipModel {
  std::string kgid;
  std::string class_name;
  std::vector<Property> properties;   // sorted by name
  std::vector<std::string> rel_types; // the types this model is used with, sorted
  bool operator==(const RelationshipModel&) const = default;
};

// A constraint or index the graph must have, named as neomodel's install_labels names it.
struct SchemaObject {
  enum class Kind {
    unique_constraint,
    existence_constraint,
    range_index,
    fulltext_index,
    vector_index
  };
  enum class Entity { node, relationship };
  Kind kind = Kind::range_index;
  Entity entity = Entity::node;
  std::string name;              // e.g. constraint_unique_Person_email
  std::string label;             // node label or relationship type
  std::string property;          // db property name
  std::string owner_kgid;        // the node or relationship model it derives from
  Boxed<FulltextIndex> fulltext; // fulltext_index only
  Boxed<VectorIndex> vector;     // vector_index only
  bool operator==(const SchemaObject&) const = default;
};

struct Schema {
  std::vector<Node> nodes;                      // sorted by kgid
  std::vector<RelationshipModel> relationships; // sorted by kgid
  std::vector<SchemaObject> objects;            // sorted by name
  bool operator==(const Schema&) const = default;
};

const char* to_string(Direction direction);
const char* to_string(SchemaObject::Kind kind);
const char* to_string(SchemaObject::Entity entity);

// Sorts every collection into canonical order.
void normalize(Schema& schema);

// Adds the derived constraints and indexes (uniqueness, range, fulltext, vector, and existence
// constraints when `existence_constraints` is set) for every node and relationship model.
void derive_objects(Schema& schema, bool existence_constraints = false);

Json to_json(const Schema& schema);
Schema from_json(const Json& json); // inverse of to_json; throws crochet::Error on bad input

// Sorted keys, no whitespace, UTF-8 (non-ASCII not escaped).
std::string canonical_json(const Schema& schema);
// "sha256:<hex>" of canonical_json.
std::string schema_hash(const Schema& schema);
// The same for a schema known to be in canonical order (normalize() was the last change to it,
// as for the model reader's output): the order is not checked again, except in debug builds.
// A history walk hashes and diffs hundreds of schemas; checking them cost 4% of a cold `log`.
std::string normalized_schema_hash(const Schema& schema);

// normalized_schema_hash() taken in two stages, so that a reader can hash the nodes while it is
// still deriving the objects: construction starts on the nodes (of a large schema, on another
// thread), which must be normalized and stay unchanged from then on; finish() hashes the rest,
// once the objects and relationship models are final and normalized. `schema` must outlive this.
class StagedSchemaHash {
public:
  explicit StagedSchemaHash(const Schema& schema);
  StagedSchemaHash(const StagedSchemaHash&) = delete;
  StagedSchemaHash& operator=(const StagedSchemaHash&) = delete;
  ~StagedSchemaHash(); // waits for the nodes' thread
  // "sha256:<hex>", as normalized_schema_hash(schema) would give; throws as it would. Once.
  std::string finish();

private:
  struct Nodes;
  const Schema& schema_;
  std::unique_ptr<Nodes> nodes_; // null when the schema is hashed whole in finish()
};

} // namespace crochet::schema
