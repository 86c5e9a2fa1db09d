#pragma once
// Parses one Python 3 source file into the reduced module syntax of ast.hpp.
// Syntax errors (from the tokenizer or the statement structure) are reported as error
// diagnostics with file:line:col; the parse never throws on bad input and never crashes.
#include <string_view>

#include "core/python/ast.hpp"
#include "core/util/diagnostic.hpp"

namespace crochet::py {

struct ParseResult {
  Module module;
  Diagnostics diagnostics; // errors mean `module` must not be used
  bool ok() const { return !has_errors(diagnostics); }
};

// `path` is only used in diagnostics. The module's expression texts are views of `source`, so
// `source` must outlive the module.
ParseResult parse_module(std::string_view source, std::string_view path);

} // namespace crochet::py
