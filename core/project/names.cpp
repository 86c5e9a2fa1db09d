#include "core/project/names.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <string>

#include "core/util/error.hpp"

namespace crochet::project {
namespace {

constexpr std::string_view kKeywords[] = {
    "False", "None",     "True",  "and",    "as",   "assert", "async",  "await",    "break",
    "class", "continue", "def",   "del",    "elif", "else",   "except", "finally",  "for",
    "from",  "global",   "if",    "import", "in",   "is",     "lambda", "nonlocal", "not",
    "or",    "pass",     "raise", "return", "try",  "while",  "with",   "yield"};

// Names neomodel exports (or sets on every model class): a model class of the same name would
// shadow them in its module and confuse both neomodel and the model reader.
constexpr std::string_view kNeomodelNames[] = {
    // Model base classes.
    "StructuredNode", "AsyncStructuredNode", "SemiStructuredNode", "AsyncSemiStructuredNode",
    "StructuredRel", "AsyncStructuredRel",
    // Properties and index definitions.
    "Property", "AliasProperty", "ArrayProperty", "BooleanProperty", "DateProperty",
    "DateTimeProperty", "DateTimeFormatProperty", "DateTimeNeo4jFormatProperty", "EmailProperty",
    "FloatProperty", "IntegerProperty", "JSONProperty", "NormalizedProperty", "RegexProperty",
    "StringProperty", "UniqueIdProperty", "PointProperty", "FulltextIndex", "VectorIndex",
    // Relationships and cardinalities.
    "Relationship", "RelationshipTo", "RelationshipFrom", "RelationshipDefinition",
    "RelationshipManager", "AsyncRelationship", "AsyncRelationshipTo", "AsyncRelationshipFrom",
    "AsyncRelationshipDefinition", "AsyncRelationshipManager", "NotConnected", "One", "OneOrMore",
    "ZeroOrMore", "ZeroOrOne", "AsyncOne", "AsyncOneOrMore", "AsyncZeroOrMore", "AsyncZeroOrOne",
    // Queries, exceptions and module-level objects.
    "NodeSet", "Traversal", "AsyncNodeSet", "AsyncTraversal", "NeomodelPath", "AsyncNeomodelPath",
    "Q", "EITHER", "INCOMING", "OUTGOING", "DoesNotExist", "MultipleNodesReturned",
    "NeomodelException", "UniqueProperty", "RequiredProperty", "DeflateError", "InflateError",
    "ConstraintValidationFailed", "db", "adb", "config", "neomodel"};

bool is_identifier(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front())))
    return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return c == '_' ||
           (static_cast<unsigned char>(c) < 0x80 && std::isalnum(static_cast<unsigned char>(c)));
  });
}

bool starts_with_crochet_prefix(std::string_view name) {
  constexpr std::string_view prefix = "__crochet";
  if (name.size() < prefix.size())
    return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(name[i])) != prefix[i])
      return false;
  return true;
}

} // namespace

bool is_python_keyword(std::string_view word) {
  return std::find(std::begin(kKeywords), std::end(kKeywords), word) != std::end(kKeywords);
}

bool is_neomodel_name(std::string_view word) {
  return std::find(std::begin(kNeomodelNames), std::end(kNeomodelNames), word) !=
         std::end(kNeomodelNames);
}

void validate_class_name(std::string_view name) {
  const std::string quoted = "'" + std::string(name) + "'";
  if (!is_identifier(name))
    throw Error("invalid class name " + quoted +
                    ": use ASCII letters, digits and '_', not starting with a digit",
                "model classes are usually CamelCase, e.g. Person or PurchaseOrder");
  if (is_python_keyword(name))
    throw Error("invalid class name " + quoted + ": it is a Python keyword",
                "choose another name, e.g. " + std::string(name) + "Node");
  if (name.size() > 4 && name.starts_with("__") && name.ends_with("__"))
    throw Error("invalid class name " + quoted + ": dunder names are reserved by Python");
  if (is_neomodel_name(name))
    throw Error("invalid class name " + quoted + ": neomodel already defines " + std::string(name),
                "choose a name that does not clash with neomodel's classes");
  if (starts_with_crochet_prefix(name))
    throw Error("invalid class name " + quoted +
                ": names starting with __Crochet are reserved for git-crochet's own graph nodes");
}

void validate_rel_type(std::string_view rel_type) {
  if (!is_identifier(rel_type))
    throw Error("invalid relationship type '" + std::string(rel_type) +
                    "': use ASCII letters, digits and '_', not starting with a digit",
                "relationship types are usually UPPER_SNAKE_CASE, e.g. FRIENDS_WITH");
  if (starts_with_crochet_prefix(rel_type))
    throw Error("invalid relationship type '" + std::string(rel_type) +
                "': types starting with __CROCHET are reserved for git-crochet");
}

} // namespace crochet::project
