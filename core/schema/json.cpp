// The JSON form of the schema IR (shape rules in json.hpp) and its validating reader. The
// canonical form the schema hash is taken over is in canonical.cpp.
#include "core/schema/json.hpp"

#include <set>
#include <string>
#include <utility>

#include "core/util/error.hpp"

namespace crochet::schema {

// ---- writing ------------------------------------------------------------------------------

Json to_json(const Value& value) {
  switch (value.kind) {
  case Value::Kind::literal:
    return Json{{"literal", value.literal}};
  case Value::Kind::callable:
    return Json{{"callable", value.text}};
  case Value::Kind::unresolved:
    return Json{{"unresolved", value.text}};
  }
  return Json{{"unresolved", value.text}};
}

Json to_json(const FulltextIndex& index) {
  return Json{{"analyzer", index.analyzer}, {"eventually_consistent", index.eventually_consistent}};
}

Json to_json(const VectorIndex& index) {
  return Json{{"dimensions", index.dimensions}, {"similarity_function", index.similarity_function}};
}

Json to_json(const Property& property) {
  Json json{
      {"name", property.name}, {"db_property", property.db_property}, {"type", property.type}};
  if (!property.declared_type.empty())
    json["declared_type"] = property.declared_type;
  if (property.item_type)
    json["item_type"] = *property.item_type;
  if (property.required)
    json["required"] = true;
  if (property.unique_index)
    json["unique_index"] = true;
  if (property.index)
    json["index"] = true;
  if (property.default_value)
    json["default"] = to_json(*property.default_value);
  if (property.choices)
    json["choices"] = to_json(*property.choices);
  if (property.max_length)
    json["max_length"] = *property.max_length;
  if (property.crs)
    json["crs"] = *property.crs;
  if (property.fulltext_index)
    json["fulltext_index"] = to_json(*property.fulltext_index);
  if (property.vector_index)
    json["vector_index"] = to_json(*property.vector_index);
  if (!property.other_options.empty()) {
    Json options = Json::object();
    for (const auto& [key, value] : property.other_options)
      options[key] = to_json(value);
    json["other_options"] = std::move(options);
  }
  if (!property.alias_of.empty())
    json["alias_of"] = property.alias_of;
  return json;
}

Json to_json(const RelationshipDef& relationship) {
  Json json{{"name", relationship.name},
            {"direction", to_string(relationship.direction)},
            {"rel_type", relationship.rel_type},
            {"target_kgid", relationship.target_kgid},
            {"target_class", relationship.target_class},
            {"cardinality", relationship.cardinality}};
  if (!relationship.rel_type_resolved)
    json["rel_type_resolved"] = false;
  if (!relationship.model_kgid.empty())
    json["model_kgid"] = relationship.model_kgid;
  if (!relationship.model_class.empty())
    json["model_class"] = relationship.model_class;
  return json;
}

namespace {

template <typename T> Json array_of(const std::vector<T>& items) {
  Json array = Json::array();
  for (const auto& item : items)
    array.push_back(to_json(item));
  return array;
}

Json string_array(const std::vector<std::string>& items) {
  Json array = Json::array();
  for (const auto& item : items)
    array.push_back(item);
  return array;
}

} // namespace

Json to_json(const Node& node) {
  Json json{{"kgid", node.kgid},
            {"class_name", node.class_name},
            {"label", node.label},
            {"labels", string_array(node.labels)},
            {"properties", array_of(node.properties)},
            {"relationships", array_of(node.relationships)}};
  if (!node.optional_labels.empty())
    json["optional_labels"] = string_array(node.optional_labels);
  if (node.async)
    json["async"] = true;
  if (node.semi_structured)
    json["semi_structured"] = true;
  return json;
}

Json to_json(const RelationshipModel& model) {
  return Json{{"kgid", model.kgid},
              {"class_name", model.class_name},
              {"properties", array_of(model.properties)},
              {"rel_types", string_array(model.rel_types)}};
}

Json to_json(const SchemaObject& object) {
  Json json{{"kind", to_string(object.kind)},
            {"entity", to_string(object.entity)},
            {"name", object.name},
            {"label", object.label},
            {"property", object.property},
            {"owner_kgid", object.owner_kgid}};
  if (object.fulltext)
    json["fulltext"] = to_json(*object.fulltext);
  if (object.vector)
    json["vector"] = to_json(*object.vector);
  return json;
}

Json to_json(const Schema& schema) {
  return Json{{"ir_version", ir_version},
              {"nodes", array_of(schema.nodes)},
              {"relationships", array_of(schema.relationships)},
              {"objects", array_of(schema.objects)}};
}

// ---- reading ------------------------------------------------------------------------------

namespace {

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw Error("invalid schema JSON at " + (path.empty() ? std::string("top level") : path) + ": " +
                  what,
              "the cached or recorded schema is damaged or was written by another version of "
              "git-crochet; regenerate it from the model files");
}

std::string type_name(const Json& json) {
  return json.type_name();
}

// One JSON object being read: typed accessors that name the offending path, and a final check
// that no unknown key is left (a typo or a newer format must not be silently ignored).
class ObjectReader {
public:
  ObjectReader(const Json& json, std::string path) : json_(json), path_(std::move(path)) {
    if (!json_.is_object())
      fail(path_, "expected an object, found " + type_name(json_));
  }

  std::string at(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

  const Json* optional(const std::string& key) {
    auto it = json_.find(key);
    if (it == json_.end())
      return nullptr;
    used_.insert(key);
    return &*it;
  }

  const Json& required(const std::string& key) {
    const Json* value = optional(key);
    if (!value)
      fail(path_, "missing key \"" + key + "\"");
    return *value;
  }

  std::string string(const std::string& key) { return as_string(required(key), at(key)); }

  std::optional<std::string> optional_string(const std::string& key) {
    const Json* value = optional(key);
    if (!value)
      return std::nullopt;
    return as_string(*value, at(key));
  }

  bool flag(const std::string& key, bool fallback) {
    const Json* value = optional(key);
    if (!value)
      return fallback;
    if (!value->is_boolean())
      fail(at(key), "expected true or false, found " + type_name(*value));
    return value->get<bool>();
  }

  long long integer(const std::string& key) { return as_integer(required(key), at(key)); }

  std::optional<long long> optional_integer(const std::string& key) {
    const Json* value = optional(key);
    if (!value)
      return std::nullopt;
    return as_integer(*value, at(key));
  }

  const Json& array(const std::string& key) { return as_array(required(key), at(key)); }

  std::vector<std::string> strings(const std::string& key, bool is_required) {
    const Json* value = is_required ? &required(key) : optional(key);
    std::vector<std::string> result;
    if (!value)
      return result;
    const Json& items = as_array(*value, at(key));
    for (std::size_t i = 0; i < items.size(); ++i)
      result.push_back(as_string(items[i], at(key) + "[" + std::to_string(i) + "]"));
    return result;
  }

  void finish() const {
    for (const auto& item : json_.items())
      if (!used_.count(item.key()))
        fail(path_, "unknown key \"" + item.key() + "\"");
  }

  static std::string as_string(const Json& value, const std::string& path) {
    if (!value.is_string())
      fail(path, "expected a string, found " + type_name(value));
    return value.get<std::string>();
  }

  static long long as_integer(const Json& value, const std::string& path) {
    if (value.is_number_integer() && !value.is_number_unsigned())
      return value.get<long long>();
    if (value.is_number_unsigned() && value.get<unsigned long long>() <= 0x7fffffffffffffffULL)
      return static_cast<long long>(value.get<unsigned long long>());
    fail(path, "expected an integer, found " +
                   (value.is_number() ? std::string("a non-integral number") : type_name(value)));
  }

  static const Json& as_array(const Json& value, const std::string& path) {
    if (!value.is_array())
      fail(path, "expected an array, found " + type_name(value));
    return value;
  }

private:
  const Json& json_;
  std::string path_;
  std::set<std::string> used_;
};

std::string item_path(const std::string& array_path, std::size_t index) {
  return array_path + "[" + std::to_string(index) + "]";
}

// Runs a parse_* function, turning its error into one that names the JSON path.
template <typename Parse>
auto parse_at(const std::string& path, const std::string& text, Parse parse) {
  try {
    return parse(text);
  } catch (const Error& error) {
    fail(path, std::string(error.what()) + " (" + error.hint() + ")");
  }
}

Value read_value(const Json& json, const std::string& path) {
  if (!json.is_object() || json.size() != 1)
    fail(path, "expected a value: {\"literal\": ...}, {\"callable\": \"name\"} or "
               "{\"unresolved\": \"text\"}");
  const auto first = json.begin();
  const std::string& key = first.key();
  const Json& content = first.value();
  Value value;
  if (key == "literal") {
    value.kind = Value::Kind::literal;
    value.literal = content;
  } else if (key == "callable" || key == "unresolved") {
    value.kind = key == "callable" ? Value::Kind::callable : Value::Kind::unresolved;
    value.text = ObjectReader::as_string(content, path + "." + key);
  } else {
    fail(path, "unknown value kind \"" + key + "\" (expected literal, callable or unresolved)");
  }
  return value;
}

std::optional<Value> read_optional_value(ObjectReader& reader, const std::string& key) {
  const Json* json = reader.optional(key);
  if (!json)
    return std::nullopt;
  return read_value(*json, reader.at(key));
}

FulltextIndex read_fulltext(const Json& json, const std::string& path) {
  ObjectReader reader(json, path);
  FulltextIndex index;
  index.analyzer = reader.string("analyzer");
  index.eventually_consistent = reader.flag("eventually_consistent", false);
  reader.finish();
  return index;
}

VectorIndex read_vector(const Json& json, const std::string& path) {
  ObjectReader reader(json, path);
  VectorIndex index;
  index.dimensions = reader.integer("dimensions");
  index.similarity_function = reader.string("similarity_function");
  reader.finish();
  return index;
}

Property read_property(const Json& json, const std::string& path) {
  ObjectReader reader(json, path);
  Property property;
  property.name = reader.string("name");
  property.db_property = reader.string("db_property");
  property.type = reader.string("type");
  property.declared_type = reader.optional_string("declared_type").value_or("");
  property.item_type = reader.optional_string("item_type");
  property.required = reader.flag("required", false);
  property.unique_index = reader.flag("unique_index", false);
  property.index = reader.flag("index", false);
  property.default_value = read_optional_value(reader, "default");
  property.choices = read_optional_value(reader, "choices");
  property.max_length = reader.optional_integer("max_length");
  property.crs = reader.optional_string("crs");
  if (const Json* fulltext = reader.optional("fulltext_index"))
    property.fulltext_index = read_fulltext(*fulltext, reader.at("fulltext_index"));
  if (const Json* vector = reader.optional("vector_index"))
    property.vector_index = read_vector(*vector, reader.at("vector_index"));
  if (const Json* options = reader.optional("other_options")) {
    const std::string options_path = reader.at("other_options");
    if (!options->is_object())
      fail(options_path, "expected an object, found " + type_name(*options));
    for (const auto& item : options->items())
      property.other_options[item.key()] =
          read_value(item.value(), options_path + "." + item.key());
  }
  property.alias_of = reader.optional_string("alias_of").value_or("");
  reader.finish();
  return property;
}

RelationshipDef read_relationship(const Json& json, const std::string& path) {
  ObjectReader reader(json, path);
  RelationshipDef relationship;
  relationship.name = reader.string("name");
  relationship.direction =
      parse_at(reader.at("direction"), reader.string("direction"), parse_direction);
  relationship.rel_type = reader.string("rel_type");
  relationship.rel_type_resolved = reader.flag("rel_type_resolved", true);
  relationship.target_kgid = reader.string("target_kgid");
  relationship.target_class = reader.string("target_class");
  relationship.cardinality = reader.string("cardinality");
  relationship.model_kgid = reader.optional_string("model_kgid").value_or("");
  relationship.model_class = reader.optional_string("model_class").value_or("");
  reader.finish();
  return relationship;
}

template <typename T, typename Read>
std::vector<T> read_array(ObjectReader& reader, const std::string& key, Read read) {
  const Json& items = reader.array(key);
  std::vector<T> result;
  result.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i)
    result.push_back(read(items[i], item_path(reader.at(key), i)));
  return result;
}

Node read_node(const Json& json, const std::string& path) {
  ObjectReader reader(json, path);
  Node node;
  node.kgid = reader.string("kgid");
  node.class_name = reader.string("class_name");
  node.label = reader.string("label");
  node.labels = reader.strings("labels", true);
  node.optional_labels = reader.strings("optional_labels", false);
  node.properties = read_array<Property>(reader, "properties", read_property);
  node.relationships = read_array<RelationshipDef>(reader, "relationships", read_relationship);
  node.async = reader.flag("async", false);
  node.semi_structured = reader.flag("semi_structured", false);
  reader.finish();
  return node;
}

RelationshipModel read_model(const Json& json, const std::string& path) {
  ObjectReader reader(json, path);
  RelationshipModel model;
  model.kgid = reader.string("kgid");
  model.class_name = reader.string("class_name");
  model.properties = read_array<Property>(reader, "properties", read_property);
  model.rel_types = reader.strings("rel_types", true);
  reader.finish();
  return model;
}

SchemaObject read_object(const Json& json, const std::string& path) {
  ObjectReader reader(json, path);
  SchemaObject object;
  object.kind = parse_at(reader.at("kind"), reader.string("kind"), parse_object_kind);
  object.entity = parse_at(reader.at("entity"), reader.string("entity"), parse_object_entity);
  object.name = reader.string("name");
  object.label = reader.string("label");
  object.property = reader.string("property");
  object.owner_kgid = reader.string("owner_kgid");
  if (const Json* fulltext = reader.optional("fulltext"))
    object.fulltext = read_fulltext(*fulltext, reader.at("fulltext"));
  if (const Json* vector = reader.optional("vector"))
    object.vector = read_vector(*vector, reader.at("vector"));
  reader.finish();
  return object;
}

} // namespace

Property property_from_json(const Json& json, const std::string& path) {
  return read_property(json, path);
}

Schema from_json(const Json& json) {
  ObjectReader reader(json, "");
  const long long version = reader.integer("ir_version");
  if (version != ir_version)
    fail("ir_version", "unsupported schema IR version " + std::to_string(version) +
                           " (this git-crochet reads version " + std::to_string(ir_version) + ")");
  Schema schema;
  schema.nodes = read_array<Node>(reader, "nodes", read_node);
  schema.relationships = read_array<RelationshipModel>(reader, "relationships", read_model);
  schema.objects = read_array<SchemaObject>(reader, "objects", read_object);
  reader.finish();
  return schema;
}

} // namespace crochet::schema
