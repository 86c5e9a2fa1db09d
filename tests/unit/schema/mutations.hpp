#pragma once
// Edits of full_schema(), one field each: those that change what the graph must look like (they
// must change the hash and give a non-empty diff) and those that only change how the Python
// spells it (they must do neither).
#include <functional>
#include <stdexcept>
#include <vector>

#include "tests/unit/schema/builders.hpp"

namespace crochet::schema::test {

struct Mutation {
  const char* name;
  std::function<void(Schema&)> apply;
};

inline Property& email_of(Schema& schema) {
  for (auto& n : schema.nodes)
    for (auto& p : n.properties)
      if (p.name == "email")
        return p;
  throw std::runtime_error("no email");
}

inline Node& person_of(Schema& schema) {
  for (auto& n : schema.nodes)
    if (n.class_name == "Person")
      return n;
  throw std::runtime_error("no Person");
}

// Person's properties, sorted: bio(0) email(1) embedding(2) location(3) mail(4) rank(5) status(6)
// tags(7); its relationships: employer(0) friends(1) owner(2, unresolved).
inline std::vector<Mutation> schema_relevant_mutations() {
  return {
      {"required", [](Schema& s) { email_of(s).required = false; }},
      {"unique_index", [](Schema& s) { email_of(s).unique_index = false; }},
      {"index", [](Schema& s) { email_of(s).index = true; }},
      {"default", [](Schema& s) { email_of(s).default_value = literal("x"); }},
      {"default kind", [](Schema& s) { person_of(s).properties[7].default_value = callable("x"); }},
      {"choices", [](Schema& s) { email_of(s).choices = literal(Json::array({"a"})); }},
      {"max_length", [](Schema& s) { email_of(s).max_length = 121; }},
      {"crs", [](Schema& s) { email_of(s).crs = "wgs-84-3d"; }},
      {"fulltext_index", [](Schema& s) { email_of(s).fulltext_index = FulltextIndex{}; }},
      {"fulltext analyzer",
       [](Schema& s) { person_of(s).properties[0].fulltext_index->analyzer = "simple"; }},
      {"fulltext consistency",
       [](Schema& s) { person_of(s).properties[0].fulltext_index->eventually_consistent = false; }},
      {"vector_index", [](Schema& s) { email_of(s).vector_index = VectorIndex{}; }},
      {"vector dimensions",
       [](Schema& s) { person_of(s).properties[2].vector_index->dimensions = 769; }},
      {"vector similarity",
       [](Schema& s) { person_of(s).properties[2].vector_index->similarity_function = "cosine"; }},
      {"db_property", [](Schema& s) { email_of(s).db_property = "email"; }},
      {"type", [](Schema& s) { email_of(s).type = "IntegerProperty"; }},
      {"declared_type", [](Schema& s) { email_of(s).declared_type = ""; }},
      {"item_type", [](Schema& s) { email_of(s).item_type = "StringProperty"; }},
      {"alias_of", [](Schema& s) { email_of(s).alias_of = "other"; }},
      {"property name", [](Schema& s) { email_of(s).name = "email2"; }},
      {"property added", [](Schema& s) { person_of(s).properties.push_back(property("new")); }},
      {"label", [](Schema& s) { person_of(s).label = "Human"; }},
      {"labels", [](Schema& s) { person_of(s).labels.push_back("Extra"); }},
      {"optional_labels", [](Schema& s) { person_of(s).optional_labels.clear(); }},
      {"class_name", [](Schema& s) { person_of(s).class_name = "Human"; }},
      {"kgid", [](Schema& s) { person_of(s).kgid = "kg-other"; }},
      {"rel name", [](Schema& s) { person_of(s).relationships[0].name = "boss"; }},
      {"rel type", [](Schema& s) { person_of(s).relationships[0].rel_type = "EMPLOYS"; }},
      {"rel type resolved",
       [](Schema& s) { person_of(s).relationships[2].rel_type_resolved = true; }},
      {"direction",
       [](Schema& s) { person_of(s).relationships[0].direction = Direction::outgoing; }},
      {"cardinality", [](Schema& s) { person_of(s).relationships[0].cardinality = "One"; }},
      {"target_kgid", [](Schema& s) { person_of(s).relationships[0].target_kgid = "kg-person"; }},
      {"unresolved target_class",
       [](Schema& s) { person_of(s).relationships[2].target_class = "app.Firm"; }},
      {"model_kgid", [](Schema& s) { person_of(s).relationships[1].model_kgid = ""; }},
      {"model_class",
       [](Schema& s) { person_of(s).relationships[0].model_class = "shared.rels.Since"; }},
      {"rel model name", [](Schema& s) { s.relationships[0].class_name = "Friends"; }},
      {"rel model property", [](Schema& s) { s.relationships[0].properties[0].index = false; }},
      {"object", [](Schema& s) { s.objects.pop_back(); }},
      {"object config", [](Schema& s) { s.objects[0].owner_kgid = "kg-other"; }},
      {"node removed", [](Schema& s) { s.nodes.pop_back(); }},
  };
}

inline std::vector<Mutation> presentation_mutations() {
  return {
      {"other_options", [](Schema& s) { email_of(s).other_options.clear(); }},
      {"async", [](Schema& s) { person_of(s).async = false; }},
      {"semi_structured", [](Schema& s) { person_of(s).semi_structured = false; }},
      {"resolved target spelling",
       [](Schema& s) { person_of(s).relationships[0].target_class = "app.models.Company"; }},
      {"rel model types", [](Schema& s) { s.relationships[0].rel_types.push_back("PAL"); }},
  };
}

} // namespace crochet::schema::test
