#pragma once
// The login commands people run in a terminal: login (Trakt's device flow),
// logout (revoke, then delete locally) and status. Each returns the process
// exit status. Messages go to `out`/`err`; no token or secret is ever printed.

#include "app/single_user.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <ostream>

namespace app {

struct LoginOptions {
  std::chrono::seconds max_interval{60};  // slow-down never waits longer than this between polls
};

// Pointers, not references: coroutine parameters are values (GCC 12, ARCHITECTURE.md).
boost::asio::awaitable<int> login(SingleUser* app, std::ostream* out, std::ostream* err, LoginOptions options = {});
boost::asio::awaitable<int> logout(SingleUser* app, std::ostream* out, std::ostream* err);
boost::asio::awaitable<int> status(SingleUser* app, std::ostream* out);

}  // namespace app
