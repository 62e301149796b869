#pragma once
// One MCP session: JSON-RPC 2.0 parsing and dispatch, lifecycle and version
// negotiation, tools/list and tools/call, cancellation, progress, logging.
// Transport-independent: raw messages come in through handle(), everything the
// server says leaves through the Sender, one complete JSON text per call.

#include "mcp/tool.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace mcp {

struct ServerInfo {
  std::string name;     // serverInfo.name
  std::string title;    // serverInfo.title
  std::string version;  // serverInfo.version
  std::string instructions;
};

struct Limits {
  std::size_t max_depth = 64;  // JSON nesting accepted in one message
};

class Server {
public:
  using Sender = std::function<void(std::string message)>;

  Server(boost::asio::any_io_executor executor, const ToolRegistry& tools, ServerInfo info, Sender send,
         Limits limits = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // One incoming message (one line of stdio, one HTTP body). Requests that
  // need no I/O are answered before this returns; tool calls run concurrently
  // on the executor and answer when done.
  void handle(std::string_view message);

  // The transport dropped a message longer than it accepts: answers an error
  // with id null and goes on.
  void reject_oversized(std::size_t limit_bytes);

  // Completes when no request is in flight (used before exit on stdin EOF).
  boost::asio::awaitable<void> drain();

  std::size_t in_flight() const;

private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace mcp
