// How one property's definition changed, option by option, and what each change takes on a graph
// that already holds data.
#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <type_traits>

#include "core/schema/diff_detail.hpp"
#include "core/schema/json.hpp"

namespace crochet::schema::detail {

Change make_change(const Owner& owner, ChangeKind kind, ChangeClass change_class,
                   std::string subject, std::string summary) {
  Change change;
  change.kind = kind;
  change.change_class = change_class;
  change.entity = owner.entity;
  change.owner_kgid = owner.kgid;
  change.owner_class = owner.class_name;
  change.subject = std::move(subject);
  change.summary = std::move(summary);
  return change;
}

std::string type_text(const Property& property) {
  std::string text = property.declared_type.empty() ? property.type : property.declared_type;
  if (property.item_type)
    text += "(" + *property.item_type + ")";
  return text;
}

namespace {

// `value` is a std::optional or a Boxed.
template <typename Optional> Json optional_json(const Optional& value) {
  using T = std::remove_cvref_t<decltype(*value)>;
  if (!value)
    return nullptr;
  if constexpr (std::is_same_v<T, Value> || std::is_same_v<T, FulltextIndex> ||
                std::is_same_v<T, VectorIndex>)
    return to_json(*value);
  else
    return Json(*value);
}

Json type_json(const Property& property) {
  Json json{{"type", property.type}};
  if (!property.declared_type.empty())
    json["declared_type"] = property.declared_type;
  if (property.item_type)
    json["item_type"] = *property.item_type;
  return json;
}

// A value as a person reads it: literals as JSON, callables as name(), unresolved source as is.
std::string describe(const Json& json) {
  if (json.is_null())
    return "none";
  if (json.is_object() && json.size() == 1) {
    const auto first = json.begin();
    const std::string& key = first.key();
    const Json& content = first.value();
    if (key == "literal")
      return content.dump(-1, ' ', false, Json::error_handler_t::replace);
    if (key == "callable" && content.is_string())
      return content.get<std::string>() + "()";
    if (key == "unresolved" && content.is_string())
      return content.get<std::string>();
  }
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// The values a `choices` literal allows: the keys of a dict, or the first item of each pair /
// each item of a list. nullopt when not known statically.
std::optional<std::set<std::string>> choice_keys(const Boxed<Value>& choices) {
  if (!choices || choices->kind != Value::Kind::literal)
    return std::nullopt;
  const Json& literal = choices->literal;
  std::set<std::string> keys;
  if (literal.is_object()) {
    for (const auto& item : literal.items())
      keys.insert(Json(item.key()).dump());
  } else if (literal.is_array()) {
    for (const auto& item : literal)
      keys.insert(item.is_array() && !item.empty() ? item[0].dump() : item.dump());
  } else {
    return std::nullopt;
  }
  return keys;
}

ChangeClass choices_class(const Property& before, const Property& after) {
  if (!after.choices)
    return ChangeClass::additive; // no restriction any more
  auto old_keys = choice_keys(before.choices);
  auto new_keys = choice_keys(after.choices);
  if (before.choices && old_keys && new_keys &&
      std::includes(new_keys->begin(), new_keys->end(), old_keys->begin(), old_keys->end()))
    return ChangeClass::additive; // only widened: every stored value stays valid
  return ChangeClass::needs_data;
}

ChangeClass max_length_class(const Property& before, const Property& after) {
  if (!after.max_length || (before.max_length && *after.max_length >= *before.max_length))
    return ChangeClass::additive;
  return ChangeClass::needs_data; // stored values may be too long
}

// Turning an option on, turning it off, or changing its configuration.
ChangeClass toggle_class(bool was_set, bool is_set, ChangeClass on, ChangeClass off,
                         ChangeClass changed) {
  if (!was_set && is_set)
    return on;
  if (was_set && !is_set)
    return off;
  return changed;
}

struct OptionDiff {
  const Owner& owner;
  const Property& after;
  std::vector<Change>& out;

  void add(const char* option, Json before_value, Json after_value, ChangeClass change_class) {
    if (before_value == after_value)
      return;
    auto change = make_change(owner, ChangeKind::property_option_changed, change_class, after.name,
                              owner.class_name + "." + after.name + ": " + option + " " +
                                  describe(before_value) + " -> " + describe(after_value));
    change.option = option;
    change.before = std::move(before_value);
    change.after = std::move(after_value);
    out.push_back(std::move(change));
  }
};

} // namespace

void compare_property(const Owner& owner, const Property& before, const Property& after,
                      bool compare_db_property, std::vector<Change>& out) {
  if (std::tie(before.type, before.declared_type, before.item_type) !=
      std::tie(after.type, after.declared_type, after.item_type)) {
    auto change =
        make_change(owner, ChangeKind::property_retyped, ChangeClass::needs_data, after.name,
                    owner.class_name + "." + after.name + ": retyped " + type_text(before) +
                        " -> " + type_text(after));
    change.before = type_json(before);
    change.after = type_json(after);
    out.push_back(std::move(change));
  }

  using C = ChangeClass;
  OptionDiff options{owner, after, out};
  options.add("required", before.required, after.required,
              after.required ? C::needs_data : C::additive);
  options.add("unique_index", before.unique_index, after.unique_index,
              after.unique_index ? C::needs_data : C::destructive);
  options.add("index", before.index, after.index, after.index ? C::additive : C::destructive);
  options.add("fulltext_index", optional_json(before.fulltext_index),
              optional_json(after.fulltext_index),
              toggle_class(before.fulltext_index.has_value(), after.fulltext_index.has_value(),
                           C::additive, C::destructive, C::destructive));
  // A changed vector configuration (dimensions, similarity) invalidates stored embeddings.
  options.add("vector_index", optional_json(before.vector_index), optional_json(after.vector_index),
              toggle_class(before.vector_index.has_value(), after.vector_index.has_value(),
                           C::additive, C::destructive, C::needs_data));
  options.add("choices", optional_json(before.choices), optional_json(after.choices),
              choices_class(before, after));
  options.add("default", optional_json(before.default_value), optional_json(after.default_value),
              C::additive);
  if (compare_db_property)
    options.add("db_property", before.db_property, after.db_property, C::needs_data);
  options.add("max_length", optional_json(before.max_length), optional_json(after.max_length),
              max_length_class(before, after));
  options.add("crs", optional_json(before.crs), optional_json(after.crs), C::needs_data);
  // A property that becomes an alias is no longer stored: its values are left behind.
  options.add("alias_of", before.alias_of.empty() ? Json() : Json(before.alias_of),
              after.alias_of.empty() ? Json() : Json(after.alias_of),
              after.alias_of.empty() ? C::additive : C::destructive);
}

void sort_changes(std::vector<Change>& changes) {
  std::stable_sort(changes.begin(), changes.end(), [](const Change& a, const Change& b) {
    return std::tie(a.owner_class, a.owner_kgid, a.kind, a.subject, a.option) <
           std::tie(b.owner_class, b.owner_kgid, b.kind, b.subject, b.option);
  });
}

} // namespace crochet::schema::detail
