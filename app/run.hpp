#pragma once
// Runs one coroutine to completion on an io_context, the one way every
// command does it: the value, or the message of the exception that ended it.
// The context is stopped when the coroutine is done, so idle pooled
// connections and their timers do not keep a finished command alive.

#include "support/exception.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <exception>
#include <optional>
#include <string>
#include <utility>

namespace cli {

using support::describe;

template <class T>
struct Completion {
  std::optional<T> value;    // set when the coroutine returned
  std::optional<std::string> failure;  // set when it threw (or never finished: io stopped by a signal)
};

template <class T>
Completion<T> run_to_completion(boost::asio::io_context& io, boost::asio::awaitable<T> op) {
  Completion<T> out;
  boost::asio::co_spawn(io, std::move(op), [&](std::exception_ptr e, T value) {
    if (e)
      out.failure = describe(e);
    else
      out.value = std::move(value);
    io.stop();
  });
  io.run();
  if (!out.value && !out.failure) out.failure = "stopped";
  return out;
}

// The same for a coroutine without a value: nullopt when it returned.
inline std::optional<std::string> run_to_completion(boost::asio::io_context& io, boost::asio::awaitable<void> op) {
  std::optional<std::string> failure = "stopped";
  boost::asio::co_spawn(io, std::move(op), [&](std::exception_ptr e) {
    failure = e ? std::optional<std::string>(describe(e)) : std::nullopt;
    io.stop();
  });
  io.run();
  return failure;
}

}  // namespace cli
