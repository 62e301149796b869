#pragma once
// One MCP session: JSON-RPC 2.0 parsing and dispatch, lifecycle and version
// negotiation, tools, resources and prompts, cancellation, progress, logging.
// Transport-independent: raw messages come in through handle(), everything the
// server says leaves through the Sender, one complete JSON text per call.
//
// Two protocol eras share the one dispatcher: legacy (2024-11-05 .. 2025-11-25,
// an initialize handshake makes a session) and stateless (2026-07-28, stateless:
// every request carries its version and client capabilities in _meta). A
// request with the stateless _meta is served statelessly; initialize selects the
// legacy era for the rest of this Server's life.

#include "mcp/era.hpp"
#include "mcp/json_rpc.hpp"
#include "mcp/prompt.hpp"
#include "mcp/resource.hpp"
#include "mcp/tool.hpp"

#include <any>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
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
  std::size_t max_depth = jsonrpc::max_depth;  // JSON nesting accepted in one message
  // The process log goes to clients that ask (logging/setLevel, a stateless
  // call's log level). Off where one process serves many people: its log is
  // about all of them.
  bool forward_process_log = true;
  // Whose calls these are, in the log lines they write (hosted mode: the
  // person's number; empty for the one user of stdio).
  std::string person;
  // How long a question to the person (elicitation/create, legacy era) waits
  // for an answer: then it is withdrawn (notifications/cancelled) and the call
  // goes on as if they declined (Elicited::unanswered_after).
  std::chrono::milliseconds elicitation_timeout = std::chrono::minutes(10);
};

bool is_supported_protocol_version(std::string_view version);
bool is_legacy_protocol_version(std::string_view version);

// Error codes the stateless era defines (2026-07-28, basic/index "Error Codes").
inline constexpr int header_mismatch = -32020;
inline constexpr int missing_client_capability = -32021;
inline constexpr int unsupported_protocol_version = -32022;

// What a Server offers. A ToolRegistry alone converts to a Catalog, so a
// server with tools only is made as before; resources and prompts are
// declared (capabilities, methods) only when a registry has some.
struct Catalog {
  Catalog(const ToolRegistry& t, const ResourceRegistry* r = nullptr, const PromptRegistry* p = nullptr)
      : tools(t), resources(r), prompts(p) {}
  const ToolRegistry& tools;
  const ResourceRegistry* resources = nullptr;
  const PromptRegistry* prompts = nullptr;
};

// Where one incoming message came from, as the transport sees it.
struct Source {
  // Opaque tag chosen by the transport (an HTTP exchange, say); every message
  // the server sends about this message carries it back. 0 means "none".
  std::uint64_t route = 0;
  // The protocol version the transport was told out of band (HTTP's
  // MCP-Protocol-Version header); empty when none. A request without the
  // stateless _meta is still served as stateless when this names the stateless version.
  std::string_view protocol_version;
  // Whether messages besides the answer (progress, questions to the user)
  // reach the client on this route; false for an HTTP POST answered with
  // plain JSON, where a question would never be seen.
  bool streams = true;
};

// One message from the server, with where it belongs.
struct Outgoing {
  std::string text;          // one JSON text; empty only on a final with nothing to say
  std::uint64_t route = 0;  // Source::route of the message this answers or relates to; 0: unrelated (logs)
  bool final = false;        // the last message for that route: its answer (or nothing, text empty)
  int error_code = 0;        // final and a single JSON-RPC error: its code; else 0
};

class Server {
public:
  using Sender = std::function<void(std::string message)>;
  // Receives every message with its route; see handle(message, from).
  using RoutedSender = std::function<void(Outgoing message)>;

  // The registries of `catalog` must outlive the Server and every call it started.
  Server(boost::asio::any_io_executor executor, Catalog catalog, ServerInfo info, Sender send, Limits limits = {});
  Server(boost::asio::any_io_executor executor, Catalog catalog, ServerInfo info, RoutedSender send,
         Limits limits = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // One incoming message (one line of stdio, one HTTP body). Requests that
  // need no I/O are answered before this returns; tool calls and resource
  // reads run concurrently on the executor and answer when done.
  void handle(std::string_view message);

  // The same, for transports that route answers (HTTP): exactly one Outgoing
  // with final set and from.route follows each call, now or when the request
  // is done: the answer, or an empty text for notifications, responses and
  // requests cancelled by the client. Notifications about a request (progress)
  // carry its route; log messages carry 0.
  void handle(std::string_view message, Source from);
  void handle(const boost::json::value& message, Source from);

  // The transport dropped a message longer than it accepts: answers an error
  // with id null and goes on.
  void reject_oversized(std::size_t limit_bytes);

  // The transport can no longer deliver anything for `route` (an HTTP client
  // hung up; stdout closed, route 0): cancels the requests that came from it,
  // as a notifications/cancelled would, and answers none of them.
  void abandon(std::uint64_t route);

  // Completes when no request is in flight (used before exit on stdin EOF).
  boost::asio::awaitable<void> drain();

  std::size_t in_flight() const;

  // Keeps `owner` (what the catalog's registries belong to) alive while this
  // Server or any call it started lives.
  void keep_alive(std::shared_ptr<const void> owner);

  // Given to every call this Server starts as CallContext::scope.
  void set_call_scope(std::any scope);

private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace mcp
