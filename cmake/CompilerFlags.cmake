# Warning and sanitizer flags shared by every target in the tree.
add_library(crochet_flags INTERFACE)
target_compile_options(crochet_flags INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # GCC 12 reports -Wrestrict on std::string concatenation inside libstdc++ at -O2 (GCC bug
  # 105329), a false positive that would fail every optimised -Werror build.
  target_compile_options(crochet_flags INTERFACE -Wno-restrict)
endif()
if(CROCHET_WERROR)
  target_compile_options(crochet_flags INTERFACE -Werror)
endif()
if(CROCHET_SANITIZE)
  target_compile_options(crochet_flags INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                                 -fno-sanitize-recover=undefined)
  target_link_options(crochet_flags INTERFACE -fsanitize=address,undefined)
endif()

# Profile-guided optimisation (contrib/build_pgo.sh drives it): "generate" builds binaries that
# record how often each branch and call runs, into CROCHET_PGO_DIR; "use" builds again in the
# same build directory (the profile of each object is found by the object's path) and lays the
# code out by that profile. Code the training never ran stays optimised as usual.
set(CROCHET_PGO "" CACHE STRING "Profile-guided optimisation phase: empty, generate or use")
set(CROCHET_PGO_DIR "${CMAKE_BINARY_DIR}/pgo-profile" CACHE PATH "Where the profile is kept")
if(CROCHET_PGO STREQUAL "generate")
  # Atomic counters: the model reader counts on several threads at once.
  target_compile_options(crochet_flags INTERFACE -fprofile-generate -fprofile-update=atomic
                                                 -fprofile-dir=${CROCHET_PGO_DIR})
  target_link_options(crochet_flags INTERFACE -fprofile-generate)
elseif(CROCHET_PGO STREQUAL "use")
  # Targets the training did not run (tests, benchmarks) have no profile, which is expected. A
  # source edited since the training gets a warning rather than an error (even with -Werror):
  # contrib/build_pgo.sh again makes a fresh profile.
  target_compile_options(crochet_flags INTERFACE -fprofile-use -fprofile-dir=${CROCHET_PGO_DIR}
                                                 -fprofile-partial-training -Wno-missing-profile
                                                 -Wno-error=coverage-mismatch)
elseif(NOT CROCHET_PGO STREQUAL "")
  message(FATAL_ERROR "CROCHET_PGO must be empty, generate or use, not '${CROCHET_PGO}'")
endif()
