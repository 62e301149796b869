#pragma once
// One request on its way through the method table (part of mcp::Server).

#include "mcp/era.hpp"
#include "mcp/server_impl/reply_once.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace mcp::server_impl {

struct Request {
  std::string_view method;
  const boost::json::object* params;  // null only before the method table: absent params are {}
  std::uint64_t route;                // Source::route
  Era era;
  ReplyOnce reply;
  bool streams = true;  // Source::streams
};

// The key of a JSON-RPC id in our maps (ours and the client's ids alike).
inline std::string id_key(const boost::json::value& id) { return boost::json::serialize(id); }

// No such method, or one of a capability this server does not declare.
inline void answer_method_not_found(Request& r) {
  r.reply.error(jsonrpc::method_not_found, "Method not found: " + std::string(r.method));
}

}  // namespace mcp::server_impl
