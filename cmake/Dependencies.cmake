# The libraries git-crochet uses, as targets named for what they are (crochet_dep_*), linked
# statically or as shared libraries depending on CROCHET_STATIC_DEPS.
#
# Why static: a hook runs git-crochet on every commit, and over a third of a small command's
# start-up went to the dynamic loader mapping and relocating 25 shared libraries (libgit2 alone
# brings 16): `git crochet --version` took 11 ms, and takes 7 linked this way.
# Linked in are the C++ runtime, libgit2 with its TLS, SSH, regex, HTTP-parser and zlib
# libraries, SQLite and libcrypto; fmt and toml++ are used header-only. Still loaded: glibc,
# mimalloc, and the Kerberos libraries libgit2 needs for Negotiate authentication, of which
# Debian ships no static archives. Sanitizer and fuzzing builds link everything shared.
include_guard(GLOBAL)

find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBGIT2 REQUIRED IMPORTED_TARGET libgit2)
if(CROCHET_STATIC_DEPS)
  set(OPENSSL_USE_STATIC_LIBS TRUE)
endif()
find_package(SQLite3 REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(CURL REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(tomlplusplus CONFIG REQUIRED)
find_package(nlohmann_json CONFIG REQUIRED)
find_package(fmt CONFIG REQUIRED)

add_library(crochet_dep_crypto INTERFACE)
target_link_libraries(crochet_dep_crypto INTERFACE OpenSSL::Crypto)

if(NOT CROCHET_STATIC_DEPS)
  add_library(crochet_dep_git2 INTERFACE)
  target_link_libraries(crochet_dep_git2 INTERFACE PkgConfig::LIBGIT2)
  add_library(crochet_dep_sqlite INTERFACE)
  target_link_libraries(crochet_dep_sqlite INTERFACE SQLite::SQLite3)
  add_library(crochet_dep_fmt INTERFACE)
  target_link_libraries(crochet_dep_fmt INTERFACE fmt::fmt)
  add_library(crochet_dep_toml INTERFACE)
  target_link_libraries(crochet_dep_toml INTERFACE tomlplusplus::tomlplusplus)
  return()
endif()

# The static archive of each library pkg-config lists for a static libgit2 (Debian's -dev
# packages ship them); a missing one fails the configure step by name.
function(crochet_static_archive out name)
  find_library(CROCHET_ARCHIVE_${name} NAMES lib${name}.a HINTS ${LIBGIT2_STATIC_LIBRARY_DIRS})
  if(NOT CROCHET_ARCHIVE_${name})
    message(FATAL_ERROR "lib${name}.a not found: install its -dev package, or configure with "
                        "-DCROCHET_STATIC_DEPS=OFF")
  endif()
  set(${out} ${CROCHET_ARCHIVE_${name}} PARENT_SCOPE)
endfunction()

set(git2_archives)
foreach(lib IN LISTS LIBGIT2_STATIC_LIBRARIES)
  if(lib STREQUAL "rt")
    continue()
  endif()
  crochet_static_archive(archive ${lib})
  list(APPEND git2_archives ${archive})
endforeach()
# Debian's libgit2 authenticates with GSSAPI, which its .pc file leaves out.
find_library(CROCHET_GSSAPI NAMES gssapi_krb5 libgssapi_krb5.so.2 REQUIRED)
find_package(Threads REQUIRED)
add_library(crochet_dep_git2 INTERFACE)
target_include_directories(crochet_dep_git2 INTERFACE ${LIBGIT2_INCLUDE_DIRS})
target_link_libraries(crochet_dep_git2 INTERFACE ${git2_archives} ${CROCHET_GSSAPI}
                                                 OpenSSL::Crypto rt Threads::Threads)

crochet_static_archive(sqlite_archive sqlite3)
add_library(crochet_dep_sqlite INTERFACE)
target_include_directories(crochet_dep_sqlite INTERFACE ${SQLite3_INCLUDE_DIRS})
target_link_libraries(crochet_dep_sqlite INTERFACE ${sqlite_archive} m ${CMAKE_DL_LIBS}
                                                   Threads::Threads)

add_library(crochet_dep_fmt INTERFACE)
target_link_libraries(crochet_dep_fmt INTERFACE fmt::fmt-header-only)

add_library(crochet_dep_toml INTERFACE)
get_target_property(toml_include_dirs tomlplusplus::tomlplusplus INTERFACE_INCLUDE_DIRECTORIES)
target_include_directories(crochet_dep_toml INTERFACE ${toml_include_dirs})
target_compile_definitions(crochet_dep_toml INTERFACE TOML_HEADER_ONLY=1)
