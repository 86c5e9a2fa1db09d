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
