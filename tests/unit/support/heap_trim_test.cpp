// HeapTrimmer: trims once after the quiet that follows the last activity,
// never while activity goes on, and not when little of the heap is free.
// Waits on real timers with wide margins; nothing here measures speed.

#include "support/heap_trim.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <vector>

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)

namespace {

void* volatile sink;  // so that the compiler cannot drop the allocations

namespace net = boost::asio;
using namespace std::chrono_literals;

// Leaves about 8 MiB free inside the heap: 4 KiB blocks (below the mmap
// threshold), each followed by a small pin that stays, so that the freed
// blocks cannot merge into the heap's top and be given back by free() itself.
// Returns the pins, for free_pins().
std::vector<void*> free_some_heap() {
  std::vector<void*> blocks, pins;
  for (int i = 0; i < 2048; ++i) {
    blocks.push_back(std::malloc(4096));
    pins.push_back(std::malloc(32));
    sink = blocks.back();
    sink = pins.back();
  }
  for (void* b : blocks) std::free(b);
  return pins;
}

void free_pins(const std::vector<void*>& pins) {
  for (void* p : pins) std::free(p);
}

void run_for(net::io_context& io, std::chrono::milliseconds d) {
  io.restart();
  io.run_for(d);
}

TEST(HeapTrimmer, TrimsOnceAfterTheQuietThatFollowsTheLastActivity) {
  net::io_context io;
  support::HeapTrimmer trimmer(io.get_executor(), 100ms, 1 << 20);
  const auto pins = free_some_heap();
  // Activity every 20 ms for 300 ms: never 100 ms of quiet, so no trim yet.
  for (int i = 0; i < 15; ++i) {
    trimmer.activity();
    run_for(io, 20ms);
  }
  EXPECT_EQ(trimmer.trims(), 0u);
  run_for(io, 400ms);
  EXPECT_EQ(trimmer.trims(), 1u);
  run_for(io, 300ms);  // nothing happened since: no more timers, no more trims
  EXPECT_EQ(trimmer.trims(), 1u);
  free_pins(pins);
}

TEST(HeapTrimmer, LeavesASmallFreeHeapAlone) {
  net::io_context io;
  support::HeapTrimmer trimmer(io.get_executor(), 10ms, std::size_t(1) << 40);
  trimmer.activity();
  run_for(io, 200ms);
  EXPECT_EQ(trimmer.trims(), 0u);
}

}  // namespace

#endif
