// The process allocator. With mimalloc linked in (CROCHET_MIMALLOC), it is asked for large
// (2 MiB, transparent huge) OS pages before anything allocates: reading a large models folder
// touches hundreds of MiB of small nodes, and one page fault per 4 KiB page cost as much as the
// parsing itself (bench/model_read.sh: 1.7 s -> 0.8 s). Where the kernel offers no huge pages,
// mimalloc falls back to ordinary pages.
#ifdef CROCHET_MIMALLOC
#include <mimalloc.h>

namespace {

// mimalloc reads its options while the libraries initialise, before any constructor of ours,
// and maps its first segment then: an option set in main would miss the memory a short command
// uses most. Functions in .preinit_array run after relocation and before every initialiser;
// mi_option_enable allocates nothing, and an option set here is not read from the environment.
void large_pages_before_init(int, char**, char**) {
  mi_option_enable(mi_option_large_os_pages);
  // mimalloc commits (and so backs with large pages) a thread's first segment lazily once a
  // second thread exists: the helper threads that parse and build a large folder then fault in
  // 4 KiB pages one by one. A 2,000-class read took 3,982 page faults instead of 567 and ran 45%
  // slower on two threads than on one; committing eagerly gives every thread large pages.
  mi_option_set(mi_option_eager_commit_delay, 0);
}

[[gnu::used, gnu::section(".preinit_array")]] void (*const preinit_large_pages)(
    int, char**, char**) = large_pages_before_init;

} // namespace
#endif
