#pragma once
// Internal to core/git: RAII owners for libgit2 handles, the process-wide library guard and
// error translation. Never include this outside core/git.
#include <git2.h>

#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace crochet::git::detail {

// Initialises libgit2 once for the whole process; shut down at exit.
void ensure_libgit2();

template <auto FreeFunction> struct Free {
  template <typename T> void operator()(T* handle) const { FreeFunction(handle); }
};

using RepositoryHandle = std::unique_ptr<git_repository, Free<git_repository_free>>;
using ObjectHandle = std::unique_ptr<git_object, Free<git_object_free>>;
using CommitHandle = std::unique_ptr<git_commit, Free<git_commit_free>>;
using TreeHandle = std::unique_ptr<git_tree, Free<git_tree_free>>;
using TreeEntryHandle = std::unique_ptr<git_tree_entry, Free<git_tree_entry_free>>;
using BlobHandle = std::unique_ptr<git_blob, Free<git_blob_free>>;
using IndexHandle = std::unique_ptr<git_index, Free<git_index_free>>;
using ReferenceHandle = std::unique_ptr<git_reference, Free<git_reference_free>>;
using ConfigHandle = std::unique_ptr<git_config, Free<git_config_free>>;
using RevwalkHandle = std::unique_ptr<git_revwalk, Free<git_revwalk_free>>;
using OdbHandle = std::unique_ptr<git_odb, Free<git_odb_free>>;
using OdbObjectHandle = std::unique_ptr<git_odb_object, Free<git_odb_object_free>>;

struct Buffer {
  git_buf buf = GIT_BUF_INIT;
  Buffer() = default;
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  ~Buffer() { git_buf_dispose(&buf); }
  std::string str() const { return buf.ptr ? std::string(buf.ptr, buf.size) : std::string(); }
};

struct OidArray {
  git_oidarray array{};
  OidArray() = default;
  OidArray(const OidArray&) = delete;
  OidArray& operator=(const OidArray&) = delete;
  ~OidArray() { git_oidarray_dispose(&array); }
};

// libgit2's last error message, or "" (git_error_last() may be NULL).
std::string last_error_message();
// Throws crochet::Error "<context>: <libgit2 message>" (or just context when there is none).
[[noreturn]] void throw_error(const std::string& context, const std::string& hint = {});

std::string to_hex(const git_oid& oid);
// Parses a full 40-hex id; false when `text` is anything else.
bool parse_full_oid(std::string_view text, git_oid& out);

struct OidHash {
  std::size_t operator()(const git_oid& oid) const {
    std::size_t hash;
    std::memcpy(&hash, oid.id, sizeof hash);
    return hash;
  }
};
struct OidEqual {
  bool operator()(const git_oid& a, const git_oid& b) const { return git_oid_equal(&a, &b) != 0; }
};

} // namespace crochet::git::detail
