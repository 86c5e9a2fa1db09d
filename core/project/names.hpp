#pragma once
// Checks on names that scaffolding writes into Python source: class names and relationship types.
#include <string_view>

namespace crochet::project {

// Throws crochet::Error unless `name` is an ASCII Python identifier that is not a keyword, not a
// dunder name, not a neomodel class or name, and not reserved by git-crochet.
void validate_class_name(std::string_view name);

// Throws crochet::Error unless `rel_type` matches [A-Za-z_][A-Za-z0-9_]* (UPPER_SNAKE advised).
void validate_rel_type(std::string_view rel_type);

bool is_python_keyword(std::string_view word);
bool is_neomodel_name(std::string_view word);

} // namespace crochet::project
