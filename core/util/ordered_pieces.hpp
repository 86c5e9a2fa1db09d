#pragma once
// Text made of pieces that are costly to write but cheap to consume in order (the canonical
// schema text and its SHA-256): the pieces are written on a pool, and each is consumed as soon
// as every piece before it has been, by whichever thread finished it last. At most `ahead`
// pieces wait written but unconsumed, so the whole text is never held at once and the buffers
// are reused rather than freshly faulted in.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace crochet {

class WorkerPool;

// Calls write(i, text) for every i in [0, count), `text` empty on entry, on the pool's threads,
// and consume(text) with the pieces in index order, never two at once. The first exception of
// either is rethrown here once every thread has stopped; nothing is consumed after it.
void write_in_order(WorkerPool& pool, std::size_t count,
                    const std::function<void(std::size_t, std::string&)>& write,
                    const std::function<void(std::string_view)>& consume, std::size_t ahead = 8);

} // namespace crochet
