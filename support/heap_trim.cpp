// See heap_trim.hpp.

#include "support/heap_trim.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace support {

namespace {

// Free bytes in the main heap, or 0 where there is no way to ask.
std::size_t free_heap_bytes() {
#if defined(__GLIBC__)
  return mallinfo2().fordblks;
#else
  return 0;
#endif
}

void trim_heap() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace

HeapTrimmer::HeapTrimmer(boost::asio::any_io_executor executor, std::chrono::milliseconds quiet, std::size_t min_free)
    : timer_(std::move(executor)), quiet_(quiet), min_free_(min_free) {}

void HeapTrimmer::activity() {
  last_activity_ = std::chrono::steady_clock::now();
  if (!armed_) arm(quiet_);
}

void HeapTrimmer::arm(std::chrono::steady_clock::duration after) {
  armed_ = true;
  timer_.expires_after(after);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;  // destroyed or cancelled: the process is ending
    fired();
  });
}

void HeapTrimmer::fired() {
  armed_ = false;
  const auto since = std::chrono::steady_clock::now() - last_activity_;
  if (since < quiet_) return arm(quiet_ - since);  // still busy: wait for the quiet after it
  if (free_heap_bytes() < min_free_) return;
  trim_heap();
  ++trims_;
}

}  // namespace support
