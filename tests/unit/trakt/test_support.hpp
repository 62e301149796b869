#pragma once
// Helpers shared by the Trakt unit tests: a unique temporary folder (from
// support/files.hpp), scoped
// environment variables (restored afterwards), running a coroutine to the
// end on an io_context, and one tool call run the way tools/call runs it.

#include "mcp/tool.hpp"
#include "support/files.hpp"
#include "trakt/tools/tool_support.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <exception>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace trakt_test {

namespace fs = std::filesystem;

using test_files::TempDir;
using test_files::Umask;
using test_files::mode_of;
using test_files::read_text;
using test_files::write_text;

// Sets (or, with nullopt, unsets) an environment variable for one scope.
class ScopedEnv {
public:
  ScopedEnv(std::string name, std::optional<std::string> value) : name_(std::move(name)) {
    if (const char* old = std::getenv(name_.c_str())) old_ = std::string(old);
    if (value)
      ::setenv(name_.c_str(), value->c_str(), 1);
    else
      ::unsetenv(name_.c_str());
  }
  ~ScopedEnv() {
    if (old_)
      ::setenv(name_.c_str(), old_->c_str(), 1);
    else
      ::unsetenv(name_.c_str());
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
  std::string name_;
  std::optional<std::string> old_;
};

// TZ for one scope, with tzset() on the way in and out.
class ScopedTz {
public:
  explicit ScopedTz(std::string tz) : env_("TZ", std::move(tz)) { ::tzset(); }

private:
  struct Retzset {
    ~Retzset() { ::tzset(); }
  };
  Retzset retzset_;  // declared first, so destroyed after env_ has put TZ back
  ScopedEnv env_;
};

// Runs `aw` on a fresh io_context to completion; exceptions escape io.run().
template <class Awaitable>
void run_coroutine(boost::asio::io_context& io, Awaitable aw) {
  boost::asio::co_spawn(io, std::move(aw), [](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);
  });
  io.run();
  io.restart();
}

namespace detail {
inline boost::asio::awaitable<void> store_call(const mcp::Tool* tool, boost::json::object arguments,
                                               mcp::CallContext ctx, mcp::ToolResult* out) {
  *out = co_await mcp::call_tool(*tool, std::move(arguments), std::move(ctx));
}
}  // namespace detail

// One tools/call of `tool` run to completion on `io` (arguments checked
// first, as over MCP), acting on the account `api` gives.
inline mcp::ToolResult call_tool_now(boost::asio::io_context& io, const mcp::Tool& tool, std::string_view arguments,
                                     trakt::ApiProvider api) {
  mcp::CallContext ctx;
  ctx.scope = std::move(api);
  mcp::ToolResult out;
  run_coroutine(io, detail::store_call(&tool, boost::json::parse(arguments).as_object(), std::move(ctx), &out));
  return out;
}

}  // namespace trakt_test
