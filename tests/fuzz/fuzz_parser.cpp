// Feeds arbitrary bytes to the Python tokenizer and parser: they must never crash, leak or
// hang, and every rejected input must come with a located error.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/python/parser.hpp"
#include "core/python/string_literal.hpp"
#include "core/python/tokenizer.hpp"

namespace {

void check(bool condition) {
  if (!condition)
    __builtin_trap();
}

std::uint32_t count_lines(std::string_view source) {
  std::uint32_t lines = 1;
  for (std::size_t i = 0; i < source.size(); ++i)
    lines += source[i] == '\n' ||
             (source[i] == '\r' && (i + 1 >= source.size() || source[i + 1] != '\n'));
  return lines;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view source(reinterpret_cast<const char*>(data), size);
  const std::uint32_t lines = count_lines(source);

  crochet::py::ParseResult result = crochet::py::parse_module(source, "fuzz.py");
  if (result.ok()) {
    check(result.diagnostics.empty());
  } else {
    check(result.module.body.empty());
    for (const crochet::Diagnostic& d : result.diagnostics) {
      check(!d.message.empty());
      check(d.line <= lines);
      check(d.line == 0 || d.column >= 1);
      check(!d.format().empty());
    }
  }
  for (const crochet::py::Stmt& stmt : result.module.body)
    check(stmt.location.line >= 1 && stmt.location.line <= stmt.end_line && stmt.end_line <= lines);

  // The tokenizer on its own, with every string literal decoded.
  crochet::py::TokenizeResult tokens = crochet::py::tokenize(source, "fuzz.py");
  check(!tokens.tokens.empty());
  std::string value;
  for (const crochet::py::Token& token : tokens.tokens) {
    check(token.line >= 1 && token.line <= token.end_line);
    if (token.kind == crochet::py::TokenKind::String) {
      value.clear();
      crochet::py::append_string_value(value, token);
      if (token.flags & crochet::py::string_flag::invalid)
        check(!crochet::py::string_error(token).message.empty());
    }
  }
  return 0;
}
