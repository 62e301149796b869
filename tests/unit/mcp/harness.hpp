#pragma once
// Test harness for golden transcripts: fake tools and a Server on an
// io_context whose every sent message is recorded.

#include "support/log.hpp"
#include "mcp/server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace mcp_test {

namespace net = boost::asio;
namespace json = boost::json;

// What the fake tools observed, for assertions.
struct Observed {
  bool slow_started = false;
  bool slow_cancelled = false;  // the slow tool's timer wait ended by cancellation
  mcp::CallContext kept_context;  // the progress tool's context, kept past its answer
};

inline mcp::ToolRegistry fake_tools(std::shared_ptr<Observed> seen) {
  mcp::ToolRegistry tools;

  tools.add({.name = "echo",
             .title = "Echo",
             .description = "Returns its arguments.",
             .args = {{.name = "x", .type = mcp::Arg::Type::array, .description = "Anything."}},
             .output_schema = mcp::LazySchema(boost::json::object{{"type", "object"}}),
             .annotations = {.read_only = true},
             .invoke = [](mcp::Arguments args, mcp::CallContext) -> net::awaitable<mcp::ToolResult> {
               co_return mcp::ToolResult{json::serialize(args.values()), args.values(), false};
             }});

  tools.add({.name = "fail",
             .title = "",
             .description = "Always a tool error.",
             .args = {},
             .output_schema = {},
             .annotations = {},
             .invoke = [](mcp::Arguments, mcp::CallContext) -> net::awaitable<mcp::ToolResult> {
               co_return mcp::ToolResult::error("it failed");
             }});

  // Waits args.ms milliseconds (default: a minute) on a timer that honours cancellation.
  tools.add({.name = "slow",
             .title = "Slow",
             .description = "Waits.",
             .args = {{.name = "ms", .type = mcp::Arg::Type::integer, .description = "How long.", .minimum = 0,
                       .maximum = 3600000, .default_value = 60000}},
             .output_schema = {},
             .annotations = {},
             .invoke = [seen](mcp::Arguments args, mcp::CallContext) -> net::awaitable<mcp::ToolResult> {
               seen->slow_started = true;
               const std::int64_t ms = args.integer("ms").value_or(60000);
               net::steady_timer timer(co_await net::this_coro::executor, std::chrono::milliseconds(ms));
               auto [ec] = co_await timer.async_wait(net::as_tuple(net::use_awaitable));
               if (ec == net::error::operation_aborted) {
                 seen->slow_cancelled = true;
                 co_return mcp::ToolResult::error("cancelled");
               }
               co_return mcp::ToolResult{"slow " + std::to_string(ms), nullptr, false};
             }});

  tools.add({.name = "progress",
             .title = "Progress",
             .description = "Reports progress.",
             .args = {},
             .output_schema = {},
             .annotations = {},
             .invoke = [seen](mcp::Arguments, mcp::CallContext ctx) -> net::awaitable<mcp::ToolResult> {
               ctx.progress(1, 3, "one");
               ctx.progress(2, 3, "");
               ctx.progress(2.5, std::nullopt, "almost");
               seen->kept_context = ctx;
               co_return mcp::ToolResult{"done", nullptr, false};
             }});

  tools.add({.name = "throws",
             .title = "Throws",
             .description = "Throws.",
             .args = {},
             .output_schema = {},
             .annotations = {},
             .invoke = [](mcp::Arguments, mcp::CallContext) -> net::awaitable<mcp::ToolResult> {
               throw std::runtime_error("boom");
               co_return mcp::ToolResult{};
             }});

  tools.add({.name = "logs",
             .title = "Logs",
             .description = "Writes log lines.",
             .args = {},
             .output_schema = {},
             .annotations = {},
             .invoke = [](mcp::Arguments, mcp::CallContext) -> net::awaitable<mcp::ToolResult> {
               support::log::debug("tool", "a debug line");
               support::log::warning("tool", "a warning line");
               co_return mcp::ToolResult{"logged", nullptr, false};
             }});
  return tools;
}

inline mcp::ServerInfo test_info() {
  return {.name = "trakt-mcp", .title = "Trakt", .version = "0.1.0", .instructions = "Use the tools."};
}

// Fills the resources and prompts of a Harness; resources may read through
// its fake tools.
using Declare = std::function<void(const mcp::ToolRegistry& tools, mcp::ResourceRegistry& resources,
                                   mcp::PromptRegistry& prompts)>;

class Harness {
public:
  explicit Harness(mcp::Limits limits = {}) : Harness(nullptr, limits) {}
  explicit Harness(const Declare& declare, mcp::Limits limits = {})
      : seen(std::make_shared<Observed>()), tools(fake_tools(seen)) {
    if (declare) declare(tools, resources, prompts);
    server = std::make_unique<mcp::Server>(io.get_executor(), mcp::Catalog{tools, &resources, &prompts}, test_info(),
                                           [this](std::string m) { sent.push_back(std::move(m)); }, limits);
    // Keep test output readable: the tests look at what reaches the client.
    support::log::set_stderr_level(support::LogLevel::emergency);
  }

  // Feeds a session (one message per line; blank lines skipped), letting the
  // io_context run what is ready after each line, then runs it dry.
  // Returns every sent message, one per line.
  std::string transcript(std::string_view input) {
    const std::size_t first = sent.size();
    while (!input.empty()) {
      const std::size_t nl = input.find('\n');
      std::string_view line = input.substr(0, nl);
      input.remove_prefix(nl == std::string_view::npos ? input.size() : nl + 1);
      line.remove_prefix(std::min(line.find_first_not_of(" \t"), line.size()));
      if (line.empty()) continue;
      server->handle(line);
      // Run everything that is ready (and what that makes ready) before the
      // next line. restart(): poll() stops the context whenever it runs out of work.
      do io.restart();
      while (io.poll() != 0);
    }
    run();
    std::string out;
    for (std::size_t i = first; i < sent.size(); ++i) out += sent[i] + "\n";
    return out;
  }

  void run() {
    io.restart();
    io.run_for(std::chrono::seconds(10));
    io.restart();
  }

  net::io_context io;
  std::shared_ptr<Observed> seen;
  mcp::ToolRegistry tools;
  mcp::ResourceRegistry resources;
  mcp::PromptRegistry prompts;
  std::vector<std::string> sent;
  std::unique_ptr<mcp::Server> server;
};

// Each line of a transcript, parsed.
inline std::vector<json::value> json_lines(const std::string& out) {
  std::vector<json::value> lines;
  for (std::size_t at = 0; at < out.size();) {
    const auto nl = out.find('\n', at);
    lines.push_back(json::parse(out.substr(at, nl - at)));
    at = nl + 1;
  }
  return lines;
}

inline constexpr std::string_view init_line =
    R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"test","version":"1"}}})";

inline const std::string init_reply =
    R"({"jsonrpc":"2.0","id":0,"result":{"protocolVersion":"2025-11-25","capabilities":{"tools":{"listChanged":false},"logging":{}},"serverInfo":{"name":"trakt-mcp","title":"Trakt","version":"0.1.0"},"instructions":"Use the tools."}})";

}  // namespace mcp_test
