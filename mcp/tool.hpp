#pragma once
// What a tool is, as the MCP layer sees it: a name, schemas, and a coroutine
// that turns arguments into a result. Knows nothing about Trakt or transports.

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mcp {

// What a running tool call may use to talk back to the client while it works.
struct CallContext {
  // Sends notifications/progress when the request carried _meta.progressToken;
  // does nothing otherwise.
  std::function<void(double progress, std::optional<double> total, std::string message)> progress =
      [](double, std::optional<double>, std::string) {};
};

struct ToolResult {
  std::string text;               // content[0].text, for people
  boost::json::value structured;  // structuredContent; null leaves it out
  bool is_error = false;

  static ToolResult error(std::string message) {
    return ToolResult{std::move(message), nullptr, true};
  }
};

struct Tool {
  std::string name;
  std::string title;
  std::string description;
  boost::json::object input_schema;
  boost::json::object output_schema;  // empty: the tool declares none
  boost::json::object annotations;
  // Runs one call. Cancellation arrives as Asio per-operation cancellation:
  // the server binds a cancellation_signal to the coroutine of each request,
  // so every co_await inside (timers, sockets) is cancelled with it.
  std::function<boost::asio::awaitable<ToolResult>(boost::json::object arguments, CallContext ctx)> invoke;
};

class ToolRegistry {
public:
  void add(Tool tool) { tools_.push_back(std::move(tool)); }
  const Tool* find(std::string_view name) const {
    for (const auto& t : tools_)
      if (t.name == name) return &t;
    return nullptr;
  }
  const std::vector<Tool>& all() const { return tools_; }

private:
  std::vector<Tool> tools_;
};

}  // namespace mcp
