// support::BlockingPool: work runs on a pool thread, the awaiting coroutine
// resumes on its own io_context thread, exceptions reach the awaiter.

#include "support/blocking_pool.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

namespace net = boost::asio;

TEST(BlockingPool, RunsOnAnotherThreadAndResumesOnTheCaller) {
  net::io_context io;
  support::BlockingPool pool(2);
  const auto io_thread = std::this_thread::get_id();
  std::thread::id work_thread;
  std::thread::id resumed_on;
  int result = 0;
  auto body = [&]() -> net::awaitable<void> {
    auto work = [&] {
      work_thread = std::this_thread::get_id();
      return 42;
    };
    result = co_await pool.run(work);
    resumed_on = std::this_thread::get_id();
  };
  net::co_spawn(io, body(), net::detached);
  io.run();
  EXPECT_EQ(result, 42);
  EXPECT_NE(work_thread, io_thread);
  EXPECT_EQ(resumed_on, io_thread);
}

TEST(BlockingPool, PropagatesExceptions) {
  net::io_context io;
  support::BlockingPool pool(1);
  std::string caught;
  auto body = [&]() -> net::awaitable<void> {
    try {
      auto work = []() -> int { throw std::runtime_error("database gone"); };
      co_await pool.run(work);
    } catch (const std::runtime_error& e) {
      caught = e.what();
    }
  };
  net::co_spawn(io, body(), net::detached);
  io.run();
  EXPECT_EQ(caught, "database gone");
}

TEST(BlockingPool, RunsVoidAndMoveOnlyResults) {
  net::io_context io;
  support::BlockingPool pool(1);
  bool ran = false;
  int value = 0;
  auto body = [&]() -> net::awaitable<void> {
    auto mark = [&] { ran = true; };
    co_await pool.run(mark);
    auto make = [] { return std::make_unique<int>(7); };
    auto p = co_await pool.run(make);
    value = *p;
  };
  net::co_spawn(io, body(), net::detached);
  io.run();
  EXPECT_TRUE(ran);
  EXPECT_EQ(value, 7);
}
