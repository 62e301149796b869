// support::Event: notify wakes every current waiter; wait_for times out
// without disturbing other waiters.

#include "support/event.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <optional>

namespace net = boost::asio;
using namespace std::chrono_literals;

TEST(Event, NotifyWakesEveryWaiter) {
  net::io_context io;
  support::Event event(io.get_executor());
  int woken = 0;
  auto waiter = [&]() -> net::awaitable<void> {
    co_await event.wait();
    ++woken;
  };
  net::co_spawn(io, waiter(), net::detached);
  net::co_spawn(io, waiter(), net::detached);
  io.poll();
  EXPECT_EQ(woken, 0);
  event.notify();
  io.run();
  EXPECT_EQ(woken, 2);
}

TEST(Event, WaitForTimesOutWithoutWakingOthers) {
  net::io_context io;
  support::Event event(io.get_executor());
  std::optional<bool> short_wait;
  bool long_waiter_woken = false;
  // Named lambdas: a coroutine lambda's captures live in the lambda object.
  auto long_waiter = [&]() -> net::awaitable<void> {
    co_await event.wait();
    long_waiter_woken = true;
  };
  auto short_waiter = [&]() -> net::awaitable<void> { short_wait = co_await event.wait_for(5ms); };
  net::co_spawn(io, long_waiter(), net::detached);
  net::co_spawn(io, short_waiter(), net::detached);
  io.run_for(200ms);
  ASSERT_TRUE(short_wait.has_value());
  EXPECT_FALSE(*short_wait);
  EXPECT_FALSE(long_waiter_woken) << "a timeout must not wake the other waiters";
  event.notify();
  io.restart();
  io.run();
  EXPECT_TRUE(long_waiter_woken);
}

TEST(Event, WaitForReportsANotify) {
  net::io_context io;
  support::Event event(io.get_executor());
  std::optional<bool> got;
  auto waiter = [&]() -> net::awaitable<void> { got = co_await event.wait_for(10s); };
  net::co_spawn(io, waiter(), net::detached);
  io.poll();
  event.notify();
  io.run();
  ASSERT_TRUE(got.has_value());
  EXPECT_TRUE(*got);
}
