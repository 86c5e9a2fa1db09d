#pragma once
// Python's == over the values the evaluator folds, for what Python deduplicates by it: the items
// of a set and the keys of a dict. Numbers compare by value whatever their type (1 == True == 1.0),
// so JSON's own equality (true != 1) is not Python's.
#include <optional>

#include "core/schema/ir.hpp"

namespace crochet::model {

// Whether Python's == holds between two hashable values: None, bools, ints, floats, strings, and
// tuples of them (item by item).
bool python_equal(const schema::Json& a, const schema::Json& b);

// The set Python builds from `items`, in their order: an item equal to an earlier one is left out
// (Python keeps the first). nullopt when an item is a list or dict, which a set cannot hold, or
// an array that may be either (`tuples` says the arrays are tuples).
std::optional<schema::Json> distinct_items(schema::Json items, bool tuples);

} // namespace crochet::model
