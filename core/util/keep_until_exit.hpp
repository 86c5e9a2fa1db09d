#pragma once
// Keeps `value` alive until the process ends instead of destroying it. A command that ends
// holding a large schema, JSON tree or set of parsed files would spend milliseconds freeing it
// node by node just before exit returns all its memory at once (LLVM's BuryPointer does the
// same). For what a one-shot command holds when it finishes, never for a library's own state.
// The list stays reachable, so leak checkers do not report what it holds.
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

namespace crochet {

template <class T> void keep_until_exit(T&& value) {
  static auto* const kept = new std::vector<std::shared_ptr<void>>();
  kept->push_back(std::make_shared<std::decay_t<T>>(std::forward<T>(value)));
}

} // namespace crochet
