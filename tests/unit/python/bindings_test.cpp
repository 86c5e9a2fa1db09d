#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/python/bindings.hpp"
#include "parser_test_support.hpp"

namespace crochet::py {
namespace {

using testing::parse_ok;

// "name@line" for each binding, with "?" for a conditional one.
std::vector<std::string> bindings_of(const Module& module) {
  std::vector<std::string> seen;
  for_each_binding(module.body, [&](const Binding& binding) {
    seen.push_back(std::string(binding.name) + "@" + std::to_string(binding.stmt.location.line) +
                   (binding.conditional ? "?" : ""));
  });
  return seen;
}

TEST(Bindings, EachBindingFormInSourceOrder) {
  const Module m = parse_ok("import os.path, a.b as ab\n"
                            "from neomodel import StructuredNode as SN, One\n"
                            "from .base import *\n"
                            "LIMIT = DEFAULT = 5\n"
                            "size: int = 1\n"
                            "class Person(SN):\n"
                            "    name = 1\n"
                            "def helper():\n"
                            "    inner = 2\n");
  EXPECT_EQ(bindings_of(m),
            (std::vector<std::string>{"os@1", "ab@1", "SN@2", "One@2", "*@3", "LIMIT@4",
                                      "DEFAULT@4", "size@5", "Person@6", "helper@8"}));
}

TEST(Bindings, IfAndTryBlocksAreConditional) {
  const Module m = parse_ok("try:\n"
                            "    from fast import X\n"
                            "except ImportError:\n"
                            "    X = None\n"
                            "if FLAG:\n"
                            "    class A: pass\n"
                            "else:\n"
                            "    def A(): pass\n"
                            "B = 1\n");
  EXPECT_EQ(bindings_of(m), (std::vector<std::string>{"X@2?", "X@4?", "A@6?", "A@8?", "B@9"}));
}

TEST(Bindings, OtherStatementsBindNothingFollowed) {
  // Loop variables, with-targets, tuple and augmented assignments are Other statements.
  const Module m = parse_ok("for i in range(3):\n    j = i\n"
                            "with open('f') as handle:\n    pass\n"
                            "a, b = 1, 2\n"
                            "count += 1\n");
  EXPECT_TRUE(bindings_of(m).empty());
}

TEST(Bindings, ImportAliasIsHandedOver) {
  const Module m = parse_ok("import a.b as c\nfrom x import y\n");
  std::vector<std::string> aliases;
  for_each_binding(m.body, [&](const Binding& binding) {
    ASSERT_NE(binding.alias, nullptr);
    aliases.push_back(binding.alias->name);
  });
  EXPECT_EQ(aliases, (std::vector<std::string>{"a.b", "y"}));
}

} // namespace
} // namespace crochet::py
