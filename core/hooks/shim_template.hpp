#pragma once
// The text of hooks/shim.sh, embedded at build time (core/CMakeLists.txt), with its
// placeholders @HOOK@, @SHIM_VERSION@ and @PROJECT_ARGS@ still in place.
#include <string_view>

namespace crochet::hooks {

extern const std::string_view kShimTemplate;

} // namespace crochet::hooks
