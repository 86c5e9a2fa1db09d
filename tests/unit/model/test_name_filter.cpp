// The per-file filter of bound names: never a false "not bound", rarely a false "may be".
#include <gtest/gtest.h>

#include <string>

#include "core/model/file_model.hpp"

namespace crochet::model {
namespace {

TEST(NameFilter, EveryAddedNameMayBeContainedAndFewOthers) {
  int false_positives = 0;
  int absent = 0;
  for (int file = 0; file < 100; ++file) {
    NameFilter filter;
    // About what a model file binds: its imports, constants and classes.
    for (int i = 0; i < 25; ++i)
      filter.add(NameFilter::hash("Name" + std::to_string(file) + "x" + std::to_string(i)));
    for (int i = 0; i < 25; ++i)
      ASSERT_TRUE(filter.may_contain(
          NameFilter::hash("Name" + std::to_string(file) + "x" + std::to_string(i))));
    for (int i = 0; i < 100; ++i, ++absent)
      false_positives += filter.may_contain(
          NameFilter::hash("Model" + std::to_string(file) + "x" + std::to_string(i)));
  }
  // Two bits of 256 per name: about 3% for 25 names.
  EXPECT_LT(false_positives, absent / 10) << false_positives << " of " << absent;
  EXPECT_FALSE(NameFilter().may_contain(NameFilter::hash("anything")));
}

TEST(NameFilter, AFileModelHoldsEveryNameItBinds) {
  const auto file = load_file_model({"m.py", R"PY(
import os.path
import json as j
from neomodel import StructuredNode, StringProperty as SP
from .other import *
LIMIT = 3
class Person(StructuredNode):
    pass
def helper():
    pass
)PY",
                                     ""},
                                    "", "models");
  ASSERT_FALSE(has_errors(file->diagnostics));
  for (const char* name : {"os", "j", "StructuredNode", "SP", "LIMIT", "Person", "helper"})
    EXPECT_TRUE(file->bound_names.may_contain(NameFilter::hash(name))) << name;
}

} // namespace
} // namespace crochet::model
