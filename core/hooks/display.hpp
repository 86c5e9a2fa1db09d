#pragma once
// How the hooks name migrations to people: the file's stem ("0003_add_email") rather than the
// revision id, which the commands also accept (migration::display_name).
#include "core/migration/names.hpp"

namespace crochet::hooks {

using migration::display_name;

} // namespace crochet::hooks
