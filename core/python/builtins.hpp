#pragma once
// The names Python binds in every module without an import: the builtins (as of CPython 3.13)
// and the module attributes the interpreter sets (__name__, __file__, ...).
#include <string_view>

namespace crochet::py {

bool is_builtin_name(std::string_view name);

} // namespace crochet::py
