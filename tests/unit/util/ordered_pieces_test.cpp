#include "core/util/ordered_pieces.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "core/util/worker_pool.hpp"

namespace crochet {
namespace {

std::string piece_text(std::size_t i) {
  return "<" + std::to_string(i) + ">";
}

std::string serial_text(std::size_t count) {
  std::string text;
  for (std::size_t i = 0; i < count; ++i)
    text += piece_text(i);
  return text;
}

TEST(WriteInOrder, ConsumesEveryPieceOnceInIndexOrder) {
  WorkerPool pool(4);
  for (std::size_t count : {0u, 1u, 2u, 7u, 8u, 9u, 500u})
    for (std::size_t ahead : {1u, 2u, 8u}) {
      std::string text;
      std::atomic<int> consuming{0};
      write_in_order(
          pool, count,
          [](std::size_t i, std::string& out) {
            EXPECT_TRUE(out.empty());
            if (i % 3 == 0) // uneven work, so pieces finish out of order
              std::this_thread::sleep_for(std::chrono::microseconds(50));
            out += piece_text(i);
          },
          [&](std::string_view piece) {
            EXPECT_EQ(++consuming, 1) << "two pieces consumed at once";
            text += piece;
            --consuming;
          },
          ahead);
      EXPECT_EQ(text, serial_text(count)) << count << " pieces, " << ahead << " ahead";
    }
}

TEST(WriteInOrder, NeverHoldsMoreThanAheadPiecesWrittenButUnconsumed) {
  WorkerPool pool(4);
  std::atomic<std::size_t> written{0}, consumed{0}, worst{0};
  write_in_order(
      pool, 300,
      [&](std::size_t i, std::string& out) {
        out = piece_text(i);
        const std::size_t pending = ++written - consumed.load();
        std::size_t seen = worst.load();
        while (pending > seen && !worst.compare_exchange_weak(seen, pending)) {
        }
      },
      [&](std::string_view) {
        std::this_thread::sleep_for(std::chrono::microseconds(20)); // a slow consumer
        ++consumed;
      },
      3);
  EXPECT_EQ(consumed.load(), 300u);
  EXPECT_LE(worst.load(), 3u);
}

TEST(WriteInOrder, AFailedWriteStopsTheLoopAndIsRethrown) {
  WorkerPool pool(3);
  std::string text;
  EXPECT_THROW(write_in_order(
                   pool, 200,
                   [](std::size_t i, std::string& out) {
                     if (i == 40)
                       throw std::runtime_error("bad piece");
                     out = piece_text(i);
                   },
                   [&](std::string_view piece) { text += piece; }, 4),
               std::runtime_error);
  // Only pieces before the failed one can have been consumed, and in order.
  EXPECT_EQ(text, serial_text(text.empty() ? 0 : std::stoul(text.substr(text.rfind('<') + 1)) + 1));
  EXPECT_EQ(text.find("<40>"), std::string::npos);
  // The pool still runs later loops.
  std::string again;
  write_in_order(
      pool, 5, [](std::size_t i, std::string& out) { out = piece_text(i); },
      [&](std::string_view piece) { again += piece; });
  EXPECT_EQ(again, serial_text(5));
}

TEST(WriteInOrder, AFailedConsumeIsRethrownAndNothingIsConsumedAfterIt) {
  WorkerPool pool(3);
  std::size_t calls = 0;
  EXPECT_THROW(write_in_order(
                   pool, 100, [](std::size_t i, std::string& out) { out = piece_text(i); },
                   [&](std::string_view) {
                     if (++calls == 10)
                       throw std::runtime_error("sink failed");
                   },
                   4),
               std::runtime_error);
  EXPECT_EQ(calls, 10u);
}

} // namespace
} // namespace crochet
