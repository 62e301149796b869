// ScopedExecutor: every step of a coroutine spawned on it, and of what it
// spawns on its own executor, runs with its log scope; interleaved calls keep
// their own; nothing leaks out.

#include "support/scoped_executor.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace net = boost::asio;

namespace {

std::string scope_now() {
  const support::LogScope* s = support::log::current_scope();
  return s ? s->request_id + "/" + s->person : "none";
}

net::awaitable<void> child(std::vector<std::string>* seen) {
  seen->push_back("child " + scope_now());
  co_await net::post(co_await net::this_coro::executor, net::use_awaitable);
  seen->push_back("child after " + scope_now());
}

net::awaitable<void> call(std::vector<std::string>* seen, int rounds) {
  for (int i = 0; i < rounds; ++i) {
    seen->push_back(scope_now());
    net::steady_timer timer(co_await net::this_coro::executor, std::chrono::milliseconds(0));
    co_await timer.async_wait(net::use_awaitable);
  }
  co_await net::co_spawn(co_await net::this_coro::executor, child(seen), net::use_awaitable);
}

net::any_io_executor scoped(net::io_context& io, std::string id, std::string person) {
  return support::ScopedExecutor(io.get_executor(),
                                 std::make_shared<const support::LogScope>(support::LogScope{id, person}));
}

TEST(ScopedExecutor, EveryStepOfACallRunsInItsScope) {
  net::io_context io;
  std::vector<std::string> a, b;
  net::co_spawn(scoped(io, "1", "7"), call(&a, 3), net::detached);
  net::co_spawn(scoped(io, "2", "8"), call(&b, 3), net::detached);
  // Plain work between the calls' steps sees no scope.
  std::vector<std::string> plain;
  net::post(io, [&] { plain.push_back(scope_now()); });
  io.run();
  EXPECT_EQ(a, (std::vector<std::string>{"1/7", "1/7", "1/7", "child 1/7", "child after 1/7"}));
  EXPECT_EQ(b, (std::vector<std::string>{"2/8", "2/8", "2/8", "child 2/8", "child after 2/8"}));
  EXPECT_EQ(plain, std::vector<std::string>{"none"});
  EXPECT_EQ(support::log::current_scope(), nullptr);
}

TEST(ScopedExecutor, ComparesByInnerExecutorAndScope) {
  net::io_context io;
  auto scope = std::make_shared<const support::LogScope>(support::LogScope{"1", ""});
  const support::ScopedExecutor x(io.get_executor(), scope), y(io.get_executor(), scope);
  const support::ScopedExecutor z(io.get_executor(), std::make_shared<const support::LogScope>(*scope));
  EXPECT_TRUE(x == y);
  EXPECT_TRUE(x != z);
  EXPECT_EQ(&net::query(x, net::execution::context), &static_cast<net::execution_context&>(io));
}

}  // namespace
