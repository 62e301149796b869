#pragma once
// Which of the two protocol eras one incoming message belongs to: the legacy
// one (2024-11-05 .. 2025-11-25: an initialize handshake makes a session) or
// the stateless one (2026-07-28: every request carries its version and the
// client's capabilities in _meta). The server and the HTTP transport both ask
// here, so they never disagree.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string_view>

namespace mcp {

enum class Era { legacy, stateless };

// The protocol version of the stateless era.
inline constexpr std::string_view stateless_protocol_version = "2026-07-28";

// _meta keys of the stateless era.
inline constexpr std::string_view meta_protocol_version = "io.modelcontextprotocol/protocolVersion";
inline constexpr std::string_view meta_client_capabilities = "io.modelcontextprotocol/clientCapabilities";
inline constexpr std::string_view meta_client_info = "io.modelcontextprotocol/clientInfo";
inline constexpr std::string_view meta_server_info = "io.modelcontextprotocol/serverInfo";
inline constexpr std::string_view meta_log_level = "io.modelcontextprotocol/logLevel";

// params._meta of a message when it names a protocol version (the stateless
// era's mark), else nullptr.
const boost::json::object* stateless_meta(const boost::json::value& message);

// One message (not a batch: batches are legacy-only) is stateless when it
// carries the stateless _meta, or when the transport was told the stateless
// version out of band (HTTP's MCP-Protocol-Version header) and the message is
// not an initialize. `protocol_header` is empty when there is none.
Era era_of(const boost::json::value& message, std::string_view protocol_header);

}  // namespace mcp
