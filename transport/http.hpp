#pragma once
// MCP over Streamable HTTP at /mcp: the 2025-11-25 transport (sessions with
// MCP-Session-Id, POST answered with JSON or an SSE stream, GET for a
// standalone SSE stream, DELETE to end a session) and the stateless
// 2026-07-28 one (no session; version in _meta and headers) on the same
// endpoint. Knows nothing about Trakt: every session is one mcp::Server made
// by the factory, so all of them share whatever the factory shares.

#include "mcp/server.hpp"
#include "support/web.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace transport {

// Who sent a request to /mcp, as the authenticate hook decided.
struct Caller {
  std::string principal;  // whose data the request may see ("" in single-user mode)
  std::optional<support::WebResponse> refusal;  // set: answer this instead (401 and its challenge)
};

struct HttpOptions {
  std::string host = "127.0.0.1";  // an IP address or "localhost"
  std::uint16_t port = 0;          // 0: any free port (see HttpTransport::port())
  // Bearer token checked on every request when not empty; required to bind
  // anything but loopback.
  std::string token;
  // Where the token comes from, named in the 401 message ("send Authorization:
  // Bearer <HINT>"): the composition root knows, the transport does not.
  std::string token_hint = "token";
  std::string server_header = "mcp-server";  // the HTTP Server header of every response
  std::size_t max_body_bytes = 4 * 1024 * 1024;
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_sessions = 64;
  std::size_t max_sessions_per_principal = 0;  // 0: no cap of its own (one principal)
  std::size_t max_connections = 256;
  std::chrono::seconds session_idle_timeout{30 * 60};
  std::chrono::seconds keepalive_interval{15};  // SSE comment when a stream is quiet
  std::chrono::seconds read_timeout{120};       // idle keep-alive connection, slow request

  // Hosted mode (many people): decides who each /mcp request comes from,
  // instead of `token`. A session belongs to the principal that started it.
  std::function<boost::asio::awaitable<Caller>(support::WebRequest)> authenticate;
  // Answers requests to other paths (sign-in pages, OAuth endpoints);
  // nullopt, or no hook, is a 404.
  std::function<boost::asio::awaitable<std::optional<support::WebResponse>>(support::WebRequest)> web;
  // The Host values accepted (e.g. the public URL's "host:port" behind a
  // proxy); empty: the loopback rules of host_ok.
  std::vector<std::string> allowed_hosts;
  // Proxies (IP addresses) whose X-Forwarded-For names the client, for the
  // hooks' WebRequest::peer (rate limits per client).
  std::vector<std::string> trusted_proxies;
  // GET /readyz: "" when everything this instance needs answers (hosted mode:
  // the store), else what does not (503). No hook: ready whenever alive.
  std::function<boost::asio::awaitable<std::string>()> readiness;
};

// /healthz (the process answers) and /readyz (what it needs answers), for
// balancers, orchestrators and the metrics listener: the status and the
// text/plain response, or nullopt when `target` is neither. GET and HEAD only.
boost::asio::awaitable<std::optional<support::WebResponse>> health_response(
    std::string method, std::string target, std::function<boost::asio::awaitable<std::string>()> readiness);

class HttpTransport {
public:
  // Makes the Server of one session (or of one stateless request) for the
  // caller's principal, sending through the given sender.
  using ServerFactory =
      std::function<std::unique_ptr<mcp::Server>(mcp::Server::RoutedSender, const std::string& principal)>;

  HttpTransport(boost::asio::any_io_executor executor, HttpOptions options, ServerFactory factory);
  ~HttpTransport();
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;

  // Binds and listens; the error says why not (address in use, bad host).
  boost::system::error_code listen();
  std::uint16_t port() const;
  std::string url() const;  // http://HOST:PORT/mcp
  bool loopback() const;

  // Accepts connections until stop().
  boost::asio::awaitable<void> run();
  // Stops accepting, ends every session and closes every connection.
  void stop();

private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace transport
