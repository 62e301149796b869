#pragma once
// MCP over stdio: newline-delimited JSON on stdin/stdout. One serialized
// writer for stdout; logs never go there.

#include "mcp/server.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <memory>
#include <string>

namespace transport {

struct StdioOptions {
  std::size_t max_line_bytes = 4 * 1024 * 1024;
  int in_fd = 0;   // dup()ed; a closed fd counts as immediate EOF
  int out_fd = 1;  // dup()ed
};

class StdioTransport {
public:
  StdioTransport(boost::asio::any_io_executor executor, StdioOptions options = {});
  ~StdioTransport();

  // Queues one message for stdout (a newline is appended). Safe to call from
  // the executor's thread at any time; writes happen in order, one at a time.
  void send(std::string message);

  // Reads stdin line by line into server.handle() until EOF, then waits for
  // in-flight requests and for every queued write, and returns. If the client
  // closes stdout first (a failed write, or a hang-up seen while idle), stops
  // reading stdin, abandons the requests in flight (server.abandon(0): nobody
  // can receive their answers), waits for them to unwind, and returns.
  boost::asio::awaitable<void> run(mcp::Server& server);

private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace transport
