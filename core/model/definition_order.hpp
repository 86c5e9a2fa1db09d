#pragma once
// Python runs a module from top to bottom, and binds a class's or function's name only once its
// statement ends. A class or function of the module used at import time above its own statement
// (as a base, a relationship target, a default) is a NameError: the application cannot even
// import its models, though every name resolves when the file is read as a whole.
#include "core/model/file_model.hpp"

namespace crochet::model {

// Reports each such use in `file` as an error at the use. Only what is certain is reported: a name
// some earlier statement may bind (an import, an assignment, a star import of another module, a
// class-level assignment) is left alone, as are uses inside if/try blocks and function bodies.
void check_definition_order(const FileModel& file, Diagnostics& into);

} // namespace crochet::model
