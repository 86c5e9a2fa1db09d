#pragma once
// Storage for syntax-tree expression nodes. A large models folder parses into about a million
// small nodes that all live until the read ends. Taken one by one from malloc, each costs a
// header and, more, its share of a page fault per fresh 4 KiB page, which dominated reading
// time; here they are carved from 2 MiB chunks the kernel may back with huge pages. Freed nodes
// are reused for later nodes of the same size class (chunks are kept for the process's life).
// Thread-safe: each thread keeps its own free lists and hands them back when it ends.
#include <cstddef>

namespace crochet::py::detail {

inline constexpr std::size_t kMaxPooledNode = 256; // larger requests go to ::operator new
// Nodes hold pointers and integers: sizes rounded to 8 bytes, not 16, waste nothing on a
// 56-byte expression.
inline constexpr std::size_t kNodeAlignment = 8;

// Storage for one node of `size` bytes, aligned to kNodeAlignment.
void* allocate_node(std::size_t size);
// Gives back storage allocate_node(size) returned.
void free_node(void* node, std::size_t size) noexcept;

} // namespace crochet::py::detail
