#pragma once
// A wake-up call for coroutines on one executor: waiters sleep until
// notify(), then re-check whatever they wait for. Built on a steady_timer that
// never expires, whose cancellation is the signal (the Asio idiom), kept in
// one place so its expiry is never reset by accident (resetting it cancels
// every waiter, which once made waiters wake each other in a loop).

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>

namespace support {

class Event {
public:
  explicit Event(boost::asio::any_io_executor executor);

  // Wakes every coroutine waiting now; later waiters sleep until the next call.
  void notify();

  // Sleeps until notify() (or cancellation of the caller).
  boost::asio::awaitable<void> wait();

  // Sleeps until notify() or until `timeout` passes; true when notified.
  boost::asio::awaitable<bool> wait_for(std::chrono::steady_clock::duration timeout);

private:
  boost::asio::steady_timer timer_;
};

// Sleeps on the calling coroutine's executor (cancellable like any wait).
boost::asio::awaitable<void> sleep_for(std::chrono::steady_clock::duration duration);

}  // namespace support
