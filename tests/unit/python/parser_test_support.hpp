#pragma once
// Helpers shared by the parser tests.
#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <string_view>

#include "core/python/parser.hpp"

namespace crochet::py::testing {

// A copy of `source` kept for the life of the test program: a module's texts view its source,
// and tests parse many temporaries.
inline std::string_view kept_source(std::string_view source) {
  static std::deque<std::string> sources;
  return sources.emplace_back(source);
}

// Parses `source`, failing the test (with the diagnostic) when it does not parse.
inline Module parse_ok(std::string_view source) {
  ParseResult result = parse_module(kept_source(source), "m.py");
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

// An expression with the module that holds it (and the texts it views).
class ParsedValue {
public:
  explicit ParsedValue(Module module) : module_(std::move(module)) {
    if (module_.body.size() == 1)
      expr_ = module_.body[0].value.get();
  }
  const Expr* get() const { return expr_; }
  const Expr* operator->() const { return expr_; }
  const Expr& operator*() const { return *expr_; }
  explicit operator bool() const { return expr_ != nullptr; }

private:
  Module module_;
  const Expr* expr_ = nullptr;
};

// The value of the single statement `x = <expression>`.
inline ParsedValue value_of(std::string_view expression) {
  ParsedValue value(parse_ok("x = " + std::string(expression) + "\n"));
  if (!value)
    ADD_FAILURE() << "no value for " << expression;
  return value;
}

} // namespace crochet::py::testing
