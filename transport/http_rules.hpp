#pragma once
// The request rules of the Streamable HTTP transport as free functions: no
// sockets, no Asio, so unit tests reach every one (the way Beast's examples
// keep handle_request apart from the connection). Who may talk to us (Host,
// Origin, bearer token), what a POST may carry (Accept, Content-Type), which
// era its body is, whether the stateless era's headers mirror the body, and
// which HTTP status a final answer gets. Every message text here is pinned by
// the Node tests (tests/http, tests/conformance).

#include "mcp/era.hpp"

#include <boost/beast/http/status.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace transport::http_rules {

// -- header values -----------------------------------------------------------------------

std::string lower(std::string_view s);
// Header values arrive with optional spaces and tabs around them.
std::string_view trim(std::string_view s);
bool contains_ci(std::string_view haystack, std::string_view needle);

// "localhost", "127.0.0.1" or "[::1]", in any case.
bool loopback_name(std::string_view name);

struct HostPort {
  std::string name;             // as written; an IPv6 address keeps its brackets
  std::optional<unsigned> port;  // absent when none was written
};
// "name[:port]" with name possibly "[v6]"; nullopt when malformed (empty name,
// unclosed bracket, a colon without 1 to 5 digits after it).
std::optional<HostPort> split_host_port(std::string_view host_port);

// -- who may talk to us ------------------------------------------------------------------

// DNS rebinding: on loopback, Host must name loopback with our port (none
// written means 80). Elsewhere the bearer token guards the door.
bool host_ok(std::string_view host, bool loopback, unsigned port);
// Host is one of `allowed` ("name" or "name:port", case-insensitive): the
// public name a proxy in front of us passes on.
bool host_allowed(std::string_view host, const std::vector<std::string>& allowed);

// The client's address: the peer's, or, when the peer is one of
// `trusted_proxies`, the last address its X-Forwarded-For appended.
std::string client_address(std::string_view peer, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted_proxies);

// Origin, when present, must be a loopback page (on loopback) or the same
// origin as Host (elsewhere).
bool origin_ok(std::string_view origin, std::string_view host, bool loopback);

// "Bearer <token>", compared in constant time; anything passes when `token` is empty.
bool token_ok(std::string_view authorization, std::string_view token);

// -- what a POST carries -----------------------------------------------------------------

struct Accepts {
  bool json = false;  // application/json (also when Accept is absent)
  bool sse = false;   // text/event-stream
};
Accepts accepts(std::string_view accept);

// Content-Type names application/json.
bool is_json(std::string_view content_type);

// Mcp-Name and Mcp-Param-* may carry "=?base64?...?=" (2026-07-28): its
// decoding, the value itself when not so wrapped, nullopt when not valid base64.
std::optional<std::string> decode_header_value(std::string_view value);

struct Body {
  bool has_request = false;    // a request (in a batch: any) that wants an answer
  bool is_initialize = false;  // one initialize request
  std::string method;          // of one message; empty for batches and responses
  mcp::Era era = mcp::Era::legacy;
};
// What one POST body is; `protocol_header` is MCP-Protocol-Version, empty when absent.
Body inspect(const boost::json::value& message, std::string_view protocol_header);

// The id to answer an error about `message` with: its own when valid, else null.
boost::json::value request_id(const boost::json::value& message);

// The headers of the stateless era that must mirror the body.
struct MirrorHeaders {
  std::string protocol_version;       // MCP-Protocol-Version; empty when absent
  std::optional<std::string> method;  // Mcp-Method
  std::optional<std::string> name;    // Mcp-Name, as sent (maybe base64-wrapped)
};
// Why the headers disagree with a stateless body ("Mcp-Method header is
// missing", say), or empty when they agree.
std::string header_mismatch(const boost::json::value& message, const MirrorHeaders& headers);

// -- answers -----------------------------------------------------------------------------

// The one error body of the transport: a JSON-RPC error, serialized.
std::string error_body(const boost::json::value& id, int code, std::string_view message);

// The HTTP status of a final answer whose single error has `error_code` (0:
// none). Stateless maps its errors to 400 and unknown methods to 404; legacy
// answers requests with 200 and only unreadable bodies with 400.
boost::beast::http::status status_for(int error_code, mcp::Era era);

}  // namespace transport::http_rules
