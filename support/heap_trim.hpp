#pragma once
// Gives the heap's free memory back to the system shortly after a burst of
// work ends. glibc keeps what a burst freed (20,000 pipelined pings, a
// 1000-play answer) for reuse; a server that agents keep running idle for
// hours has no use for it. Nothing runs while nothing happens.
//
// glibc only (mallinfo2 and malloc_trim, behind `#if defined(__GLIBC__)` in
// heap_trim.cpp): elsewhere (macOS, musl) the free heap reads as 0, so the
// timer still runs but never trims; trims() stays 0. There is no portable
// equivalent: what freed memory the system allocator keeps is left to it.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstddef>

namespace support {

class HeapTrimmer {
public:
  // Trims when `quiet` has passed since the last activity() and at least
  // `min_free` bytes of the heap are free.
  explicit HeapTrimmer(boost::asio::any_io_executor executor,
                       std::chrono::milliseconds quiet = std::chrono::milliseconds(250),
                       std::size_t min_free = std::size_t(1) << 20);
  HeapTrimmer(const HeapTrimmer&) = delete;
  HeapTrimmer& operator=(const HeapTrimmer&) = delete;

  // Work happened (a message sent): the trim waits for `quiet` after it.
  void activity();

  std::size_t trims() const { return trims_; }

private:
  void arm(std::chrono::steady_clock::duration after);
  void fired();

  boost::asio::steady_timer timer_;
  std::chrono::milliseconds quiet_;
  std::size_t min_free_;
  std::chrono::steady_clock::time_point last_activity_{};
  bool armed_ = false;
  std::size_t trims_ = 0;
};

}  // namespace support
