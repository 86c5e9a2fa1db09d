#include "core/python/node_pool.hpp"

#include <sys/mman.h>

#include <array>
#include <cstdint>
#include <mutex>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#define CROCHET_POOL_DISABLED 1 // let the sanitizer see every node's lifetime
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CROCHET_POOL_DISABLED 1
#endif
#endif

namespace crochet::py::detail {

#ifdef CROCHET_POOL_DISABLED
void* allocate_node(std::size_t size) {
  return ::operator new(size);
}
void free_node(void* node, std::size_t) noexcept {
  ::operator delete(node);
}
#else
namespace {

constexpr std::size_t kGrain = kNodeAlignment;
constexpr std::size_t kClasses = kMaxPooledNode / kGrain;
constexpr std::size_t kChunk = std::size_t{2} << 20;   // one huge page
constexpr std::size_t kRefill = std::size_t{64} << 10; // what a thread takes from a chunk at once

std::size_t class_of(std::size_t size) {
  return (size + kGrain - 1) / kGrain - 1;
}

struct FreeNode {
  FreeNode* next;
};

struct FreeList {
  FreeNode* head = nullptr;
  FreeNode* tail = nullptr;

  void push(void* p) {
    auto* node = static_cast<FreeNode*>(p);
    node->next = head;
    head = node;
    if (!tail)
      tail = node;
  }
  void* pop() {
    FreeNode* node = head;
    head = node->next;
    if (!head)
      tail = nullptr;
    return node;
  }
  void splice(FreeList& other) { // moves `other`'s nodes in front of ours
    if (!other.head)
      return;
    other.tail->next = head;
    if (!tail)
      tail = other.tail;
    head = other.head;
    other = {};
  }
};

// A 2 MiB-aligned chunk, advised for huge pages; nullptr when the system has none to give.
char* new_chunk() {
  void* raw =
      ::mmap(nullptr, 2 * kChunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED)
    return nullptr;
  const auto start = reinterpret_cast<std::uintptr_t>(raw);
  const std::uintptr_t aligned = (start + kChunk - 1) & ~(kChunk - 1);
  if (aligned > start)
    ::munmap(raw, aligned - start);
  if (const std::uintptr_t end = start + 2 * kChunk; end > aligned + kChunk)
    ::munmap(reinterpret_cast<void*>(aligned + kChunk), end - aligned - kChunk);
  ::madvise(reinterpret_cast<void*>(aligned), kChunk, MADV_HUGEPAGE); // a hint; may be refused
  return reinterpret_cast<char*>(aligned);
}

// What all threads share: the chunk being carved and the nodes of threads that ended.
struct Shared {
  std::mutex mutex;
  char* next = nullptr;
  char* end = nullptr;
  std::array<FreeList, kClasses> free;
};

Shared& shared() {
  static Shared* instance = new Shared; // never destroyed: threads may end after static teardown
  return *instance;
}

// One thread's free lists and the bump region it carves nodes from, per size class.
struct ThreadCache {
  std::array<FreeList, kClasses> free;
  std::array<char*, kClasses> next{};
  std::array<char*, kClasses> end{};

  ~ThreadCache() {
    Shared& s = shared();
    const std::lock_guard lock(s.mutex);
    for (std::size_t c = 0; c < kClasses; ++c) {
      const std::size_t size = (c + 1) * kGrain;
      for (; next[c] && next[c] + size <= end[c]; next[c] += size)
        free[c].push(next[c]);
      s.free[c].splice(free[c]);
    }
  }

  void* allocate(std::size_t c) {
    if (free[c].head)
      return free[c].pop();
    const std::size_t size = (c + 1) * kGrain;
    if (!next[c] || next[c] + size > end[c])
      refill(c);
    if (free[c].head)
      return free[c].pop();
    void* node = next[c];
    next[c] += size;
    return node;
  }

  // Takes the nodes ended threads gave back, or else a fresh region of a chunk.
  void refill(std::size_t c) {
    Shared& s = shared();
    const std::lock_guard lock(s.mutex);
    if (s.free[c].head) {
      free[c].splice(s.free[c]);
      return;
    }
    if (!s.next || s.next + kRefill > s.end) {
      s.next = new_chunk();
      if (!s.next)
        throw std::bad_alloc();
      s.end = s.next + kChunk;
    }
    next[c] = s.next;
    end[c] = s.next + kRefill;
    s.next += kRefill;
  }
};

thread_local ThreadCache cache;

} // namespace

void* allocate_node(std::size_t size) {
  if (size > kMaxPooledNode)
    return ::operator new(size);
  return cache.allocate(class_of(size));
}

void free_node(void* node, std::size_t size) noexcept {
  if (size > kMaxPooledNode)
    ::operator delete(node);
  else
    cache.free[class_of(size)].push(node);
}
#endif

} // namespace crochet::py::detail
