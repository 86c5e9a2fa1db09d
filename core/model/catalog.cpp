#include "core/model/catalog.hpp"

#include <algorithm>
#include <array>

namespace crochet::model {
namespace {

const std::vector<NeoClass>& catalog() {
  static const std::vector<NeoClass> classes = [] {
    std::vector<NeoClass> c = {
        {"StructuredNode", NeoKind::node_base, "StructuredNode", false, {}},
        {"AsyncStructuredNode", NeoKind::node_base, "StructuredNode", true, {}},
        {"SemiStructuredNode", NeoKind::semi_structured_base, "SemiStructuredNode", false, {}},
        {"AsyncSemiStructuredNode", NeoKind::semi_structured_base, "SemiStructuredNode", true, {}},
        {"StructuredRel", NeoKind::rel_base, "StructuredRel", false, {}},
        {"AsyncStructuredRel", NeoKind::rel_base, "StructuredRel", true, {}},
        {"Property", NeoKind::property, "Property", false, {}},
        {"NormalizedProperty", NeoKind::property, "NormalizedProperty", false, {}},
        {"StringProperty", NeoKind::property, "StringProperty", false, {"choices", "max_length"}},
        {"IntegerProperty", NeoKind::property, "IntegerProperty", false, {}},
        {"FloatProperty", NeoKind::property, "FloatProperty", false, {}},
        {"BooleanProperty", NeoKind::property, "BooleanProperty", false, {}},
        {"DateProperty", NeoKind::property, "DateProperty", false, {}},
        {"DateTimeProperty", NeoKind::property, "DateTimeProperty", false, {"default_now"}},
        {"DateTimeFormatProperty",
         NeoKind::property,
         "DateTimeFormatProperty",
         false,
         {"default_now", "format"}},
        {"DateTimeNeo4jFormatProperty",
         NeoKind::property,
         "DateTimeNeo4jFormatProperty",
         false,
         {"default_now"}},
        {"JSONProperty", NeoKind::property, "JSONProperty", false, {"ensure_ascii"}},
        {"ArrayProperty", NeoKind::property, "ArrayProperty", false, {"base_property"}},
        {"UniqueIdProperty", NeoKind::property, "UniqueIdProperty", false, {}},
        {"EmailProperty", NeoKind::property, "EmailProperty", false, {"expression"}},
        {"RegexProperty", NeoKind::property, "RegexProperty", false, {"expression"}},
        {"AliasProperty", NeoKind::property, "AliasProperty", false, {"to"}},
        {"PointProperty", NeoKind::property, "PointProperty", false, {}},
        {"FulltextIndex",
         NeoKind::fulltext_index,
         "FulltextIndex",
         false,
         {"analyzer", "eventually_consistent"}},
        {"VectorIndex",
         NeoKind::vector_index,
         "VectorIndex",
         false,
         {"dimensions", "similarity_function"}},
    };
    for (const char* direction : {"RelationshipTo", "RelationshipFrom", "Relationship"}) {
      const std::vector<std::string_view> params = {"cls_name", "relation_type", "cardinality",
                                                    "model"};
      c.push_back({direction, NeoKind::relationship, direction, false, params});
    }
    c.push_back({"AsyncRelationshipTo",
                 NeoKind::relationship,
                 "RelationshipTo",
                 true,
                 {"cls_name", "relation_type", "cardinality", "model"}});
    c.push_back({"AsyncRelationshipFrom",
                 NeoKind::relationship,
                 "RelationshipFrom",
                 true,
                 {"cls_name", "relation_type", "cardinality", "model"}});
    c.push_back({"AsyncRelationship",
                 NeoKind::relationship,
                 "Relationship",
                 true,
                 {"cls_name", "relation_type", "cardinality", "model"}});
    c.push_back({"ZeroOrMore", NeoKind::cardinality, "ZeroOrMore", false, {}});
    c.push_back({"One", NeoKind::cardinality, "One", false, {}});
    c.push_back({"ZeroOrOne", NeoKind::cardinality, "ZeroOrOne", false, {}});
    c.push_back({"OneOrMore", NeoKind::cardinality, "OneOrMore", false, {}});
    c.push_back({"AsyncZeroOrMore", NeoKind::cardinality, "ZeroOrMore", true, {}});
    c.push_back({"AsyncOne", NeoKind::cardinality, "One", true, {}});
    c.push_back({"AsyncZeroOrOne", NeoKind::cardinality, "ZeroOrOne", true, {}});
    c.push_back({"AsyncOneOrMore", NeoKind::cardinality, "OneOrMore", true, {}});
    for (const char* other : {"db",
                              "adb",
                              "config",
                              "install_labels",
                              "install_all_labels",
                              "remove_all_labels",
                              "drop_constraints",
                              "drop_indexes",
                              "change_neo4j_password",
                              "clear_neo4j_database",
                              "NodeSet",
                              "Traversal",
                              "Q",
                              "Path",
                              "NeomodelPath",
                              "DoesNotExist",
                              "MultipleNodesReturned",
                              "UniqueProperty",
                              "RequiredProperty",
                              "DeflateError",
                              "InflateError",
                              "RelationshipManager",
                              "ZeroOrMore",
                              "AsyncNodeSet",
                              "AsyncTraversal",
                              "NeomodelPoint",
                              "get_config",
                              "transaction"})
      if (std::none_of(c.begin(), c.end(), [&](const NeoClass& k) { return k.name == other; }))
        c.push_back({other, NeoKind::other, other, false, {}});
    std::sort(c.begin(), c.end(),
              [](const NeoClass& a, const NeoClass& b) { return a.name < b.name; });
    return c;
  }();
  return classes;
}

} // namespace

const NeoClass* find_neomodel(std::string_view name) {
  const auto& classes = catalog();
  auto it = std::lower_bound(classes.begin(), classes.end(), name,
                             [](const NeoClass& k, std::string_view n) { return k.name < n; });
  return it != classes.end() && it->name == name ? &*it : nullptr;
}

const NeoClass* find_django_neomodel(std::string_view module, std::string_view name) {
  static const NeoClass django_node{"DjangoNode", NeoKind::node_base, "StructuredNode", false, {}};
  return module == "django_neomodel" && name == "DjangoNode" ? &django_node : nullptr;
}

bool is_neomodel_module(std::string_view module) {
  return module == "neomodel" || module.starts_with("neomodel.");
}

bool is_neomodel_submodule(std::string_view name) {
  static constexpr std::array<std::string_view, 15> submodules = {"async_",
                                                                  "cardinality",
                                                                  "config",
                                                                  "contrib",
                                                                  "exceptions",
                                                                  "hooks",
                                                                  "integration",
                                                                  "match",
                                                                  "match_q",
                                                                  "path",
                                                                  "properties",
                                                                  "relationship",
                                                                  "relationship_manager",
                                                                  "sync_",
                                                                  "util"};
  return std::find(submodules.begin(), submodules.end(), name) != submodules.end();
}

bool is_reserved_property_name(std::string_view name) {
  static constexpr std::array<std::string_view, 3> reserved = {"deleted", "id", "element_id"};
  return std::find(reserved.begin(), reserved.end(), name) != reserved.end();
}

bool is_reserved_relationship_property_name(std::string_view name) {
  static constexpr std::array<std::string_view, 4> reserved = {"source", "target", "id",
                                                               "element_id"};
  return std::find(reserved.begin(), reserved.end(), name) != reserved.end();
}

} // namespace crochet::model
