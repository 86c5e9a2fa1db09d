#pragma once
// The canonical form of the schema IR that the schema hash is taken over (ir.hpp:
// canonical_json). It is written directly, without building a JSON tree, in exactly the bytes
// the tree form below produces: into one string, or in pieces streamed through the hasher
// (on a pool for a large schema). The tree form is the specification the direct writer is
// tested against.
#include <string>

#include "core/schema/ir.hpp"

namespace crochet::schema {

// True when normalize() would leave `schema` as it is (every collection already in canonical
// order), so it can be serialized without a sorted copy.
bool is_normalized(const Schema& schema);

// The canonical JSON built as a nlohmann::json tree from to_json() and dumped: slower, kept as
// the reference for tests. Same bytes and same errors as canonical_json().
std::string canonical_json_reference(const Schema& schema);

} // namespace crochet::schema
