#pragma once
// Helpers shared by the parser tests.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "core/python/parser.hpp"

namespace crochet::py::testing {

// Parses `source`, failing the test (with the diagnostic) when it does not parse.
inline Module parse_ok(std::string_view source) {
  ParseResult result = parse_module(source, "m.py");
  EXPECT_TRUE(result.ok()) << (result.diagnostics.empty() ? std::string()
                                                          : result.diagnostics[0].format());
  return std::move(result.module);
}

// The first error of a source that must not parse.
inline Diagnostic parse_error(std::string_view source) {
  ParseResult result = parse_module(source, "bad.py");
  EXPECT_FALSE(result.ok()) << "parsed: " << source;
  EXPECT_TRUE(result.module.body.empty());
  if (result.diagnostics.empty())
    return {};
  EXPECT_EQ(result.diagnostics[0].severity, Severity::error);
  EXPECT_EQ(result.diagnostics[0].file, "bad.py");
  return result.diagnostics[0];
}

// The value of the single statement `x = <expression>`.
inline ExprPtr value_of(std::string_view expression) {
  Module module = parse_ok("x = " + std::string(expression) + "\n");
  EXPECT_EQ(module.body.size(), 1u);
  if (module.body.empty() || !module.body[0].value) {
    ADD_FAILURE() << "no value for " << expression;
    return nullptr;
  }
  return std::move(module.body[0].value);
}

} // namespace crochet::py::testing
