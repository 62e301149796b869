// See event.hpp.

#include "support/event.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace support {

namespace net = boost::asio;
using namespace net::experimental::awaitable_operators;

namespace {
constexpr auto use_tuple = net::as_tuple(net::use_awaitable);
}

Event::Event(net::any_io_executor executor) : timer_(std::move(executor), net::steady_timer::time_point::max()) {}

void Event::notify() { timer_.cancel(); }

net::awaitable<void> Event::wait() { co_await timer_.async_wait(use_tuple); }

net::awaitable<bool> Event::wait_for(std::chrono::steady_clock::duration timeout) {
  // A timer of our own for the timeout: timer_'s expiry must stay at "never".
  net::steady_timer deadline(co_await net::this_coro::executor, timeout);
  auto which = co_await (timer_.async_wait(use_tuple) || deadline.async_wait(use_tuple));
  co_return which.index() == 0;
}

net::awaitable<void> sleep_for(std::chrono::steady_clock::duration duration) {
  net::steady_timer t(co_await net::this_coro::executor, duration);
  co_await t.async_wait(use_tuple);
}

}  // namespace support
