#include "core/migration/toml_json.hpp"

#include <cmath>
#include <cstdint>
#include <limits>

#include <fmt/format.h>

#include "core/util/error.hpp"

namespace crochet::migration::detail {
namespace {

bool valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    std::uint32_t code = 0;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if ((c & 0xE0) == 0xC0) {
      length = 2;
      code = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3;
      code = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      length = 4;
      code = c & 0x07;
    } else {
      return false;
    }
    if (i + length > text.size())
      return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80)
        return false;
      code = (code << 6) | (next & 0x3F);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
    const std::uint32_t minimum = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
    if (code < minimum || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
      return false;
    i += length;
  }
  return true;
}

void append_escaped(std::string& out, char c, bool keep_newlines) {
  switch (c) {
  case '"':
    out += "\\\"";
    return;
  case '\\':
    out += "\\\\";
    return;
  case '\b':
    out += "\\b";
    return;
  case '\t':
    out += '\t';
    return;
  case '\n':
    out += keep_newlines ? "\n" : "\\n";
    return;
  case '\f':
    out += "\\f";
    return;
  case '\r':
    out += "\\r";
    return;
  default:
    break;
  }
  const auto byte = static_cast<unsigned char>(c);
  if (byte < 0x20 || byte == 0x7F)
    out += fmt::format("\\u{:04X}", byte);
  else
    out += c;
}

} // namespace

Json to_json(const toml::node& node) {
  switch (node.type()) {
  case toml::node_type::string:
    return Json(node.as_string()->get());
  case toml::node_type::integer:
    return Json(node.as_integer()->get());
  case toml::node_type::boolean:
    return Json(node.as_boolean()->get());
  case toml::node_type::floating_point: {
    const double value = node.as_floating_point()->get();
    if (!std::isfinite(value))
      throw LocatedProblem{node.source().begin,
                           "nan and inf cannot be sent to Neo4j as parameters"};
    return Json(value);
  }
  case toml::node_type::array: {
    Json array = Json::array();
    for (const toml::node& item : *node.as_array())
      array.push_back(to_json(item));
    return array;
  }
  case toml::node_type::table: {
    Json object = Json::object();
    for (auto&& [key, value] : *node.as_table())
      object[std::string(key.str())] = to_json(value);
    return object;
  }
  case toml::node_type::date:
  case toml::node_type::time:
  case toml::node_type::date_time:
    throw LocatedProblem{node.source().begin,
                         "dates and times are not supported in migration files; write the value "
                         "as a string and convert it in Cypher (e.g. datetime($value))"};
  case toml::node_type::none:
    break;
  }
  throw LocatedProblem{node.source().begin, "unsupported TOML value"};
}

std::string toml_key(std::string_view key) {
  const bool bare = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
  return bare ? std::string(key) : toml_string(key);
}

std::string toml_string(std::string_view text) {
  if (!valid_utf8(text))
    throw Error("cannot write a migration file: a text value is not valid UTF-8",
                "use UTF-8 text in descriptions, names and values");
  const bool multiline = text.find('\n') != std::string_view::npos;
  std::string out = multiline ? "\"\"\"\n" : "\"";
  for (char c : text)
    append_escaped(out, c, multiline);
  out += multiline ? "\"\"\"" : "\"";
  return out;
}

std::string toml_value(const Json& value) {
  switch (value.type()) {
  case Json::value_t::string:
    return toml_string(value.get_ref<const std::string&>());
  case Json::value_t::boolean:
    return value.get<bool>() ? "true" : "false";
  case Json::value_t::number_integer:
    return std::to_string(value.get<std::int64_t>());
  case Json::value_t::number_unsigned: {
    const auto number = value.get<std::uint64_t>();
    if (number > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      throw Error("cannot write a migration file: the integer " + std::to_string(number) +
                  " does not fit TOML's 64-bit signed integers");
    return std::to_string(number);
  }
  case Json::value_t::number_float: {
    const double number = value.get<double>();
    if (!std::isfinite(number))
      throw Error("cannot write a migration file: nan and inf are not valid parameter values");
    std::string text = fmt::format("{}", number);
    if (text.find_first_of(".eE") == std::string::npos)
      text += ".0";
    return text;
  }
  case Json::value_t::array: {
    std::string out = "[";
    bool first = true;
    for (const Json& item : value) {
      out += first ? "" : ", ";
      out += toml_value(item);
      first = false;
    }
    return out + "]";
  }
  case Json::value_t::object: {
    if (value.empty())
      return "{}";
    std::string out = "{ ";
    bool first = true;
    for (const auto& [key, item] : value.items()) {
      out += first ? "" : ", ";
      out += toml_key(key) + " = " + toml_value(item);
      first = false;
    }
    return out + " }";
  }
  case Json::value_t::null:
  case Json::value_t::discarded:
  case Json::value_t::binary:
    break;
  }
  throw Error("cannot write a migration file: null values have no TOML form",
              "leave the argument out instead");
}

} // namespace crochet::migration::detail
