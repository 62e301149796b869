#pragma once
// Everything the server says leaves here, one JSON text with its route; nothing
// once the Server is gone (part of mcp::Server).

#include "mcp/server.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>

namespace mcp::server_impl {

class Outbox {
public:
  explicit Outbox(Server::RoutedSender send) : send_(std::move(send)) {}

  // A notification or a request of ours: never final.
  void emit(const boost::json::value& message, std::uint64_t route = 0) const;
  // The one answer to the message from `route`; nullopt: nothing to say.
  void emit_final(const std::optional<boost::json::value>& message, std::uint64_t route) const;

  bool open() const { return open_; }
  // The Server is destroyed: calls still running say nothing more.
  void close() { open_ = false; }

private:
  Server::RoutedSender send_;
  bool open_ = true;
};

}  // namespace mcp::server_impl
