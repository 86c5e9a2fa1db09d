#pragma once
// Small constructors for schema IR pieces, so tests state only what they are about.
#include <string>
#include <utility>
#include <vector>

#include "core/schema/ir.hpp"

namespace crochet::schema::test {

inline Property property(std::string name, std::string type = "StringProperty") {
  Property result;
  result.name = name;
  result.db_property = std::move(name);
  result.type = std::move(type);
  return result;
}

inline Property unique(Property p) {
  p.unique_index = true;
  return p;
}

inline Property indexed(Property p) {
  p.index = true;
  return p;
}

inline Property required(Property p) {
  p.required = true;
  return p;
}

inline Value literal(Json json) {
  Value value;
  value.kind = Value::Kind::literal;
  value.literal = std::move(json);
  return value;
}

inline Value callable(std::string name) {
  Value value;
  value.kind = Value::Kind::callable;
  value.text = std::move(name);
  return value;
}

inline Value unresolved(std::string text) {
  Value value;
  value.kind = Value::Kind::unresolved;
  value.text = std::move(text);
  return value;
}

inline Node node(std::string kgid, std::string class_name, std::vector<Property> properties = {}) {
  Node result;
  result.kgid = std::move(kgid);
  result.class_name = class_name;
  result.label = class_name;
  result.labels = {class_name};
  result.properties = std::move(properties);
  return result;
}

inline RelationshipDef relationship(std::string name, std::string rel_type, std::string target_kgid,
                                    std::string target_class,
                                    Direction direction = Direction::outgoing) {
  RelationshipDef result;
  result.name = std::move(name);
  result.rel_type = std::move(rel_type);
  result.target_kgid = std::move(target_kgid);
  result.target_class = std::move(target_class);
  result.direction = direction;
  return result;
}

inline RelationshipModel model(std::string kgid, std::string class_name,
                               std::vector<Property> properties,
                               std::vector<std::string> rel_types = {}) {
  RelationshipModel result;
  result.kgid = std::move(kgid);
  result.class_name = std::move(class_name);
  result.properties = std::move(properties);
  result.rel_types = std::move(rel_types);
  return result;
}

// A schema that sets every field of the IR at least once (for round trips and hash tests).
inline Schema full_schema() {
  Property email = unique(property("email"));
  email.db_property = "e_mail";
  email.declared_type = "EmailProperty";
  email.max_length = 120;
  email.required = true;
  email.other_options["help_text"] = literal("the address");

  Property tags = property("tags", "ArrayProperty");
  tags.item_type = "StringProperty";
  tags.default_value = callable("list");

  Property status = indexed(property("status"));
  status.choices = literal(Json::object({{"a", "Active"}, {"i", "Inactive"}}));
  status.default_value = literal("a");

  Property location = property("location", "PointProperty");
  location.crs = "wgs-84";

  Property bio = property("bio");
  bio.fulltext_index = FulltextIndex{"english", true};

  Property embedding = property("embedding", "ArrayProperty");
  embedding.item_type = "FloatProperty";
  embedding.vector_index = VectorIndex{768, "euclidean"};

  Property mail = property("mail");
  mail.alias_of = "email";

  Property rank = property("rank", "IntegerProperty");
  rank.default_value = unresolved("settings.DEFAULT_RANK");
  rank.choices = unresolved("RANKS");

  Node person =
      node("kg-person", "Person", {email, tags, status, location, bio, embedding, mail, rank});
  person.labels = {"Entity", "Person"};
  person.optional_labels = {"Admin"};
  person.async = true;
  person.semi_structured = true;
  RelationshipDef friends = relationship("friends", "FRIEND", "kg-person", "Person");
  friends.cardinality = "ZeroOrOne";
  friends.model_kgid = "kg-friendship";
  RelationshipDef owner =
      relationship("owner", "unresolved_type()", "", "app.Company", Direction::either);
  owner.rel_type_resolved = false;
  owner.model_class = "shared.rels.Ownership"; // a model from outside the models folder
  RelationshipDef employer =
      relationship("employer", "WORKS_AT", "kg-company", "Company", Direction::incoming);
  person.relationships = {employer, friends, owner};

  Node company = node("kg-company", "Company", {required(property("name"))});

  Property since = indexed(property("since", "DateTimeProperty"));
  RelationshipModel friendship = model("kg-friendship", "Friendship", {since}, {"FRIEND"});

  Schema schema;
  schema.nodes = {company, person};
  schema.relationships = {friendship};
  derive_objects(schema, true);
  normalize(schema);
  return schema;
}

} // namespace crochet::schema::test
