#include "core/model/evaluate.hpp"

#include <algorithm>
#include <cstdlib>

#include "core/model/python_equality.hpp"
#include "core/python/unicode.hpp"

namespace crochet::model {
namespace {

using schema::Json;
using schema::Value;

constexpr int kMaxDepth = 32;

Value literal(Json json) {
  Value v;
  v.literal = std::move(json);
  return v;
}

Value unresolved(const py::Expr& expr) {
  Value v;
  v.kind = Value::Kind::unresolved;
  v.text = render(expr);
  return v;
}

Value callable(std::string name) {
  Value v;
  v.kind = Value::Kind::callable;
  v.text = std::move(name);
  return v;
}

std::string join(const CompactVector<py::ExprPtr>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i)
      out += ", ";
    out += items[i] ? render(*items[i]) : "**";
  }
  return out;
}

} // namespace

std::string render(const py::Expr& expr) {
  switch (expr.kind) {
  case py::ExprKind::Name:
  case py::ExprKind::Integer:
  case py::ExprKind::Float:
  case py::ExprKind::Unresolved:
    return std::string(expr.text());
  case py::ExprKind::Attribute:
    return (expr.object ? render(*expr.object) : std::string()) + "." + std::string(expr.text());
  case py::ExprKind::String:
    return expr.fstring ? "f" + Json(expr.text()).dump() : Json(expr.text()).dump();
  case py::ExprKind::True:
    return "True";
  case py::ExprKind::False:
    return "False";
  case py::ExprKind::None:
    return "None";
  case py::ExprKind::List:
    return "[" + join(expr.items) + "]";
  case py::ExprKind::Tuple:
    return "(" + join(expr.items) + (expr.items.size() == 1 ? ",)" : ")");
  case py::ExprKind::Set:
    return "{" + join(expr.items) + "}";
  case py::ExprKind::Dict: {
    std::string out = "{";
    for (std::size_t i = 0; i + 1 < expr.items.size(); i += 2) {
      if (i)
        out += ", ";
      out += expr.items[i] ? render(*expr.items[i]) + ": " : "**";
      out += expr.items[i + 1] ? render(*expr.items[i + 1]) : "";
    }
    return out + "}";
  }
  case py::ExprKind::Add:
    return expr.items.size() == 2 ? render(*expr.items[0]) + " + " + render(*expr.items[1]) : "+";
  case py::ExprKind::Negate:
    return expr.items.empty() ? "-" : "-" + render(*expr.items[0]);
  case py::ExprKind::Starred:
    return std::string(expr.text()) + (expr.items.empty() ? "" : render(*expr.items[0]));
  case py::ExprKind::Call: {
    std::string out = (expr.object ? render(*expr.object) : std::string()) + "(" + join(expr.items);
    for (std::size_t i = 0; i < expr.keywords.size(); ++i) {
      if (i || !expr.items.empty())
        out += ", ";
      const py::Keyword& k = expr.keywords[i];
      out += k.name.empty() ? "**" : std::string(k.name) + "=";
      out += k.value ? render(*k.value) : "";
    }
    return out + ")";
  }
  }
  return std::string(expr.text());
}

Value Evaluator::value(const Scope& scope, const py::Expr& expr) const {
  return value(scope, expr, 0);
}

std::optional<std::string> Evaluator::string(const Scope& scope, const py::Expr& expr) const {
  std::string out;
  if (append_string(scope, expr, 0, out))
    return out;
  return std::nullopt;
}

bool Evaluator::append_string(const Scope& scope, const py::Expr& expr, int depth,
                              std::string& out) const {
  if (depth > kMaxDepth) {
    ++cut_short_;
    return false;
  }
  switch (expr.kind) {
  case py::ExprKind::String:
    if (expr.fstring)
      return append_fstring(scope, expr, depth, out);
    out += expr.text();
    return true;
  case py::ExprKind::Add: // a string only when both sides are
    return expr.items.size() == 2 && expr.items[0] && expr.items[1] &&
           append_string(scope, *expr.items[0], depth + 1, out) &&
           append_string(scope, *expr.items[1], depth + 1, out);
  default: {
    Value scratch;
    const Value& v = view(scope, expr, depth, scratch);
    if (v.kind != Value::Kind::literal || !v.literal.is_string())
      return false;
    out += v.literal.get_ref<const std::string&>();
    return true;
  }
  }
}

bool Evaluator::append_fstring(const Scope& scope, const py::Expr& expr, int depth,
                               std::string& out) const {
  if (expr.items.empty())
    return false; // a piece the parser could not keep: a format spec, a conversion, ...
  for (const py::ExprPtr& piece : expr.items) {
    Value scratch;
    const Value& v = view(scope, *piece, depth + 1, scratch);
    if (v.kind != Value::Kind::literal)
      return false;
    // What str() gives, for the values whose str() is known exactly.
    const Json& value = v.literal;
    if (value.is_string())
      out += value.get_ref<const std::string&>();
    else if (value.is_boolean())
      out += value.get<bool>() ? "True" : "False";
    else if (value.is_number_unsigned())
      out += std::to_string(value.get<std::uint64_t>());
    else if (value.is_number_integer())
      out += std::to_string(value.get<std::int64_t>());
    else
      return false;
  }
  return true;
}

const Value& Evaluator::view(const Scope& scope, const py::Expr& expr, Value& scratch) const {
  return view(scope, expr, 0, scratch);
}

const Value& Evaluator::view(const Scope& scope, const py::Expr& expr, int depth,
                             Value& scratch) const {
  if (expr.kind == py::ExprKind::Name || expr.kind == py::ExprKind::Attribute)
    return named(scope, expr, depth, scratch);
  scratch = value(scope, expr, depth);
  return scratch;
}

const Value& Evaluator::constant(const Scope& scope, const py::Expr& expr, int depth,
                                 Value& scratch) const {
  Constant& known = constants_.try_emplace(&expr).first;
  if (depth <= known.depth)
    return known.value;
  const std::size_t cut_short = cut_short_;
  scratch = value(scope, expr, depth);
  if (cut_short_ != cut_short)
    return scratch; // cut short by the depth limit: not the value at shallower depths
  known.value = std::move(scratch);
  known.depth = depth;
  return known.value;
}

const Value& Evaluator::named(const Scope& scope, const py::Expr& expr, int depth,
                              Value& scratch) const {
  const py::Expr* root = &expr; // `a` of `a.b.c`
  while (root->kind == py::ExprKind::Attribute && root->object)
    root = root->object.get();
  if (scope.cls && root->kind == py::ExprKind::Name) {
    const ClassBinding binding = class_binding(scope, root->text());
    if (binding.kind == ClassBinding::Kind::constant && root == &expr)
      return constant(Scope(*scope.file, *scope.cls, *binding.stmt), *binding.stmt->value,
                      depth + 1, scratch);
    if (binding.kind == ClassBinding::Kind::definition && root == &expr) {
      scratch = callable(std::string(expr.text()));
      return scratch;
    }
    if (binding.kind != ClassBinding::Kind::none) {
      scratch = unresolved(expr); // an import, a branch, or an attribute of a class-body value
      return scratch;
    }
  }
  Symbol symbol = symbols_.resolve(*scope.file, expr);
  switch (symbol.kind) {
  case Symbol::Kind::constant:
    return constant(Scope(*symbol.file), *symbol.expr, depth + 1, scratch);
  case Symbol::Kind::function:
  case Symbol::Kind::project_class:
  case Symbol::Kind::neomodel:
  case Symbol::Kind::external:
    scratch = callable(dotted_name(expr));
    return scratch;
  default:
    scratch = unresolved(expr);
    return scratch;
  }
}

Value Evaluator::value(const Scope& scope, const py::Expr& expr, int depth) const {
  if (depth > kMaxDepth) {
    ++cut_short_;
    return unresolved(expr);
  }
  switch (expr.kind) {
  case py::ExprKind::String: {
    if (!expr.fstring)
      return literal(expr.text());
    std::string text;
    return append_fstring(scope, expr, depth, text) ? literal(std::move(text)) : unresolved(expr);
  }
  case py::ExprKind::Integer:
    if (auto value = expr.value())
      return literal(*value);
    return unresolved(expr);
  case py::ExprKind::Float:
    return literal(std::strtod(std::string(expr.text()).c_str(), nullptr));
  case py::ExprKind::True:
    return literal(true);
  case py::ExprKind::False:
    return literal(false);
  case py::ExprKind::None:
    return literal(nullptr);
  case py::ExprKind::List:
  case py::ExprKind::Tuple:
  case py::ExprKind::Set: {
    Json array = Json::array();
    for (const auto& item : expr.items) {
      if (!item || item->kind == py::ExprKind::Starred)
        return unresolved(expr);
      Value v = value(scope, *item, depth + 1);
      if (v.kind != Value::Kind::literal)
        return unresolved(expr);
      // A set holds tuples, not lists: an array named by a constant may be either.
      if (expr.kind == py::ExprKind::Set && v.literal.is_array() &&
          item->kind != py::ExprKind::Tuple)
        return unresolved(expr);
      array.push_back(std::move(v.literal));
    }
    if (expr.kind == py::ExprKind::Set) {
      std::optional<Json> set = distinct_items(std::move(array), true);
      return set ? literal(std::move(*set)) : unresolved(expr);
    }
    return literal(std::move(array));
  }
  case py::ExprKind::Dict: {
    Json pairs = Json::array();
    for (std::size_t i = 0; i + 1 < expr.items.size(); i += 2) {
      if (!expr.items[i] || !expr.items[i + 1])
        return unresolved(expr); // `**mapping`
      Value key = value(scope, *expr.items[i], depth + 1);
      Value val = value(scope, *expr.items[i + 1], depth + 1);
      if (key.kind != Value::Kind::literal || key.literal.is_structured() ||
          val.kind != Value::Kind::literal)
        return unresolved(expr);
      pairs.push_back(Json::array({std::move(key.literal), std::move(val.literal)}));
    }
    return literal(dict_from_pairs(std::move(pairs)));
  }
  case py::ExprKind::Negate: {
    if (expr.items.size() != 1 || !expr.items[0])
      return unresolved(expr);
    Value v = value(scope, *expr.items[0], depth + 1);
    if (v.kind == Value::Kind::literal && v.literal.is_number_integer())
      return literal(-v.literal.get<long long>());
    if (v.kind == Value::Kind::literal && v.literal.is_number())
      return literal(-v.literal.get<double>());
    return unresolved(expr);
  }
  case py::ExprKind::Add: {
    if (expr.items.size() != 2 || !expr.items[0] || !expr.items[1])
      return unresolved(expr);
    Value a = value(scope, *expr.items[0], depth + 1);
    Value b = value(scope, *expr.items[1], depth + 1);
    if (a.kind != Value::Kind::literal || b.kind != Value::Kind::literal)
      return unresolved(expr);
    if (a.literal.is_string() && b.literal.is_string())
      return literal(a.literal.get<std::string>() + b.literal.get<std::string>());
    if (a.literal.is_number_integer() && b.literal.is_number_integer())
      return literal(a.literal.get<long long>() + b.literal.get<long long>());
    if (a.literal.is_number() && b.literal.is_number())
      return literal(a.literal.get<double>() + b.literal.get<double>());
    if (a.literal.is_array() && b.literal.is_array()) {
      Json joined = a.literal;
      for (const auto& item : b.literal)
        joined.push_back(item);
      return literal(std::move(joined));
    }
    return unresolved(expr);
  }
  case py::ExprKind::Name:
  case py::ExprKind::Attribute: {
    Value scratch;
    const Value& v = named(scope, expr, depth, scratch);
    return &v == &scratch ? std::move(scratch) : v;
  }
  case py::ExprKind::Unresolved:
    if (expr.text().starts_with("lambda"))
      return callable("lambda");
    return unresolved(expr);
  case py::ExprKind::Call:
    return builtin_call(scope, expr, depth);
  case py::ExprKind::Starred:
    return unresolved(expr);
  }
  return unresolved(expr);
}

Value Evaluator::builtin_call(const Scope& scope, const py::Expr& call, int depth) const {
  if (!call.object || call.object->kind != py::ExprKind::Name)
    return unresolved(call);
  if (class_binding(scope, call.object->text()).kind != ClassBinding::Kind::none)
    return unresolved(call); // a name the class body binds
  const Symbol callee = symbols_.resolve(*scope.file, *call.object);
  if (callee.kind != Symbol::Kind::external || !callee.text.starts_with("builtins."))
    return unresolved(call); // a name the module binds itself, even to the same word
  const std::string_view name = std::string_view(callee.text).substr(9);
  std::optional<Json> argument; // the one positional argument's value
  if (call.items.size() > 1 || (call.items.size() == 1 && !call.items[0]))
    return unresolved(call);
  if (call.items.size() == 1) {
    if (call.items[0]->kind == py::ExprKind::Starred)
      return unresolved(call);
    Value v = value(scope, *call.items[0], depth + 1);
    if (v.kind != Value::Kind::literal)
      return unresolved(call);
    argument = std::move(v.literal);
  }
  if (name == "dict") { // dict(mapping or pairs, key=value, ...)
    Json pairs = Json::array();
    if (argument && argument->is_object())
      for (auto& [key, item] : argument->items())
        pairs.push_back(Json::array({key, item}));
    else if (argument && argument->is_array()) {
      for (const Json& pair : *argument) {
        if (!is_key_value_pair(pair))
          return unresolved(call);
        pairs.push_back(pair);
      }
    } else if (argument)
      return unresolved(call);
    for (const py::Keyword& keyword : call.keywords) {
      if (keyword.name.empty() || !keyword.value)
        return unresolved(call); // `**mapping`
      Value v = value(scope, *keyword.value, depth + 1);
      if (v.kind != Value::Kind::literal)
        return unresolved(call);
      pairs.push_back(Json::array({std::string(keyword.name), std::move(v.literal)}));
    }
    return literal(dict_from_pairs(std::move(pairs)));
  }
  if (!call.keywords.empty())
    return unresolved(call);
  if (name == "len" && argument) {
    if (argument->is_string()) { // code points, as Python counts a str
      const std::string& text = argument->get_ref<const std::string&>();
      return literal(
          static_cast<long long>(py::count_code_points(text.data(), text.data() + text.size())));
    }
    if (argument->is_array() || argument->is_object())
      return literal(static_cast<long long>(argument->size()));
    return unresolved(call);
  }
  if (name == "list" || name == "tuple" || name == "set" || name == "frozenset") {
    if (!argument)
      return literal(Json::array());
    if (!argument->is_array()) // a dict's keys are not: the value keeps no insertion order
      return unresolved(call);
    if (name == "list" || name == "tuple")
      return literal(std::move(*argument));
    std::optional<Json> set = distinct_items(std::move(*argument), false);
    return set ? literal(std::move(*set)) : unresolved(call);
  }
  return unresolved(call);
}

bool is_key_value_pair(const Json& item) {
  return item.is_array() && item.size() == 2 && !item[0].is_structured();
}

Json dict_from_pairs(Json pairs) {
  const bool string_keys =
      std::all_of(pairs.begin(), pairs.end(), [](const Json& pair) { return pair[0].is_string(); });
  if (string_keys) {
    Json object = Json::object();
    for (Json& pair : pairs)
      object[pair[0].get_ref<const std::string&>()] = std::move(pair[1]);
    return object;
  }
  Json kept = Json::array();
  for (Json& pair : pairs) {
    // Python's == decides which keys are one: 1, 1.0 and True are.
    auto same_key = std::find_if(kept.begin(), kept.end(), [&](const Json& earlier) {
      return python_equal(earlier[0], pair[0]);
    });
    if (same_key != kept.end())
      (*same_key)[1] = std::move(pair[1]);
    else
      kept.push_back(std::move(pair));
  }
  return kept;
}

} // namespace crochet::model
