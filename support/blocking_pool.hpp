#pragma once
// Threads for work that blocks (a database call that waits on a lock, a file
// sync), so that it never runs on an I/O thread. A coroutine awaits run(f): f
// runs on one of the pool's threads, and the coroutine resumes on its own
// executor with f's result, or with the exception f threw.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cstddef>
#include <optional>
#include <type_traits>
#include <utility>

namespace support {

class BlockingPool {
public:
  explicit BlockingPool(std::size_t threads);
  // Waits for the work already started, then joins the threads.
  ~BlockingPool();
  BlockingPool(const BlockingPool&) = delete;
  BlockingPool& operator=(const BlockingPool&) = delete;

  boost::asio::thread_pool::executor_type get_executor() noexcept { return pool_.get_executor(); }

  // Runs f() on the pool; the caller resumes on its own executor. f is taken
  // by value (a coroutine parameter) and kept alive in the spawned coroutine.
  template <class F, class R = std::invoke_result_t<F&>>
  boost::asio::awaitable<R> run(F f) {
    // The work is a named lambda, not a temporary inside co_await: GCC 12
    // destroys such temporaries twice (ARCHITECTURE.md, "Rules").
    if constexpr (std::is_void_v<R>) {
      auto work = [f = std::move(f)]() mutable -> boost::asio::awaitable<void> {
        f();
        co_return;
      };
      co_await boost::asio::co_spawn(pool_.get_executor(), std::move(work), boost::asio::use_awaitable);
    } else {
      // Wrapped in optional: co_spawn needs a default-constructible result.
      auto work = [f = std::move(f)]() mutable -> boost::asio::awaitable<std::optional<R>> {
        co_return std::optional<R>(f());
      };
      std::optional<R> result =
          co_await boost::asio::co_spawn(pool_.get_executor(), std::move(work), boost::asio::use_awaitable);
      co_return std::move(*result);
    }
  }

private:
  boost::asio::thread_pool pool_;
};

}  // namespace support
