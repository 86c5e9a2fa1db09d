#include "core/util/ordered_pieces.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "core/util/worker_pool.hpp"

namespace crochet {

void write_in_order(WorkerPool& pool, std::size_t count,
                    const std::function<void(std::size_t, std::string&)>& write,
                    const std::function<void(std::string_view)>& consume, std::size_t ahead) {
  struct Slot {
    std::string text;
    bool written = false;
  };
  ahead = std::max<std::size_t>(ahead, 1);
  std::vector<Slot> slots(ahead); // piece i is written into slots[i % ahead]
  std::mutex mutex;
  std::condition_variable freed; // a piece was consumed, or a thread failed
  std::size_t consumed = 0;      // pieces consumed so far, all in order
  bool consuming = false;        // a thread is consuming; others leave their pieces to it
  bool failed = false;

  auto fail = [&] {
    {
      const std::lock_guard lock(mutex);
      failed = true;
    }
    freed.notify_all();
  };

  // The pool hands out indices in increasing order, so while piece i waits for its slot, every
  // earlier piece is written or being written, and the thread that finishes the first unconsumed
  // one consumes it: the wait always ends.
  pool.for_each(count, [&](std::size_t i) {
    Slot& slot = slots[i % ahead];
    {
      std::unique_lock lock(mutex);
      freed.wait(lock, [&] { return failed || i < consumed + ahead; });
      if (failed)
        return;
    }
    try {
      slot.text.clear();
      write(i, slot.text);
    } catch (...) {
      fail();
      throw;
    }
    std::unique_lock lock(mutex);
    slot.written = true;
    if (consuming)
      return; // the consuming thread takes this piece when its turn comes
    consuming = true;
    while (!failed && consumed < count && slots[consumed % ahead].written) {
      Slot& next = slots[consumed % ahead];
      lock.unlock();
      try {
        consume(next.text);
      } catch (...) {
        fail();
        throw;
      }
      lock.lock();
      next.written = false;
      ++consumed;
      freed.notify_all();
    }
    consuming = false;
  });
}

} // namespace crochet
