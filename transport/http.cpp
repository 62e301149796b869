// MCP over Streamable HTTP (see http.hpp): accepting connections, reading
// requests, sessions, and the dispatch of each request. The pure request rules
// live in http_rules, the routing of a Server's messages to waiting responses
// and their delivery in http_exchange. Each POST that carries a request
// registers an Exchange under a fresh route and waits for its answer; a GET
// stream is the Exchange for route 0 (unrelated messages).

#include "transport/http.hpp"

#include "mcp/json_rpc.hpp"
#include "support/log.hpp"
#include "support/metrics.hpp"
#include "transport/http_exchange.hpp"
#include "transport/http_rules.hpp"
#include "transport/listen.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <openssl/rand.h>

#include <algorithm>
#include <optional>
#include <random>
#include <unordered_map>
#include <utility>
#include <variant>

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
namespace rules = transport::http_rules;
using tcp = net::ip::tcp;

namespace transport {

namespace {

using http_exchange::Connection;
using http_exchange::Delivered;
using http_exchange::Exchange;
using http_exchange::Headers;
using http_exchange::reply;
using http_exchange::reply_error;
using http_exchange::Request;
using http_exchange::Router;

constexpr std::string_view logger_name = "http";
constexpr std::string_view endpoint_path = "/mcp";
constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

using Clock = std::chrono::steady_clock;

// One legacy (2025-11-25 and before) session: an initialized Server.
struct Session {
  std::string id;
  std::string principal;  // whose session it is; no one else may use it
  std::shared_ptr<Router> router = std::make_shared<Router>();
  std::unique_ptr<mcp::Server> server;
  Clock::time_point last_used = Clock::now();
  std::size_t busy = 0;  // responses under way

  void end() {
    // Destroying the Server cancels its calls and silences it.
    server.reset();
    router->end_all();
  }
};

std::string random_session_id() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    std::random_device rd;
    for (auto& b : bytes) b = static_cast<unsigned char>(rd());
  }
  static constexpr char hex[] = "0123456789abcdef";
  std::string id;
  for (unsigned char b : bytes) {
    id += hex[b >> 4];
    id += hex[b & 15];
  }
  return id;
}

// A header's value, trimmed; empty when absent.
std::string header(const Request& req, std::string_view name) {
  auto it = req.find(name);
  return it == req.end() ? std::string() : std::string(rules::trim(it->value()));
}

std::optional<std::string> optional_header(const Request& req, std::string_view name) {
  auto it = req.find(name);
  if (it == req.end()) return std::nullopt;
  return std::string(rules::trim(it->value()));
}

// The request as the authenticate and web hooks see it.
support::WebRequest to_web(const Request& req, const Connection& conn, const std::vector<std::string>& proxies) {
  support::WebRequest web;
  web.method = std::string(req.method_string());
  web.target = std::string(req.target());
  for (const auto& field : req) web.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  web.body = req.body();
  boost::system::error_code ec;
  const auto peer = conn.stream.socket().remote_endpoint(ec);
  // A proxy may add its own X-Forwarded-For line after the client's: all lines, in order.
  std::string forwarded;
  for (auto [it, end] = req.equal_range("X-Forwarded-For"); it != end; ++it)
    forwarded += (forwarded.empty() ? "" : ", ") + std::string(it->value());
  if (!ec) web.peer = rules::client_address(peer.address().to_string(), forwarded, proxies);
  return web;
}

net::awaitable<bool> reply_web(std::shared_ptr<Connection> conn, http_exchange::ReplyTo to, support::WebResponse res) {
  // reply() marks a body as JSON unless the response names its own type.
  return reply(std::move(conn), to, static_cast<http::status>(res.status), std::move(res.body),
               std::move(res.headers));
}

Headers allow(std::string methods) { return Headers{{"Allow", std::move(methods)}}; }

constinit support::metrics::Family sessions_open("trakt_mcp_sessions", support::metrics::Kind::gauge,
                                       "MCP sessions open (Streamable HTTP, protocol 2025-11-25 and before)", {});
Headers bearer_challenge() { return Headers{{"WWW-Authenticate", "Bearer"}}; }

}  // namespace

struct HttpTransport::Impl : std::enable_shared_from_this<Impl> {
  Impl(net::any_io_executor ex, HttpOptions opts, ServerFactory f)
      : executor(ex), options(std::move(opts)), factory(std::move(f)), acceptor(ex), sweeper(ex) {}

  net::any_io_executor executor;
  HttpOptions options;
  ServerFactory factory;
  tcp::acceptor acceptor;
  tcp::endpoint bound;
  bool is_loopback = true;
  bool stopping = false;
  net::steady_timer sweeper;

  std::unordered_map<std::string, std::shared_ptr<Session>> sessions;
  std::unordered_map<std::uint64_t, std::weak_ptr<Connection>> connections;
  std::uint64_t next_connection = 1;
  std::uint64_t next_route = 1;

  // -- setup -------------------------------------------------------------------------------

  boost::system::error_code listen() {
    boost::system::error_code ec = open_listener(acceptor, options.host, options.port);
    if (ec) return ec;
    bound = acceptor.local_endpoint(ec);
    is_loopback = bound.address().is_loopback();
    return ec;
  }

  std::string url() const {
    std::string out = "http://";
    out += host_port(bound);
    out += endpoint_path;
    return out;
  }

  net::awaitable<void> run() {
    auto self = shared_from_this();
    net::co_spawn(executor, sweep(self), net::detached);
    while (!stopping) {
      auto [ec, socket] = co_await acceptor.async_accept(use_tuple);
      if (ec) {
        if (stopping || ec == net::error::operation_aborted) break;
        support::log::warning(logger_name, "accept failed: " + ec.message());
        continue;
      }
      if (connections.size() >= options.max_connections) {
        support::log::warning(logger_name, "too many connections; closing a new one");
        boost::system::error_code ignored;
        socket.close(ignored);
        continue;
      }
      auto conn = std::make_shared<Connection>(std::move(socket), options.server_header, options.keepalive_interval);
      const auto key = next_connection++;
      connections.emplace(key, conn);
      net::co_spawn(executor, serve(self, conn, key), net::detached);
    }
  }

  void stop() {
    if (stopping) return;
    stopping = true;
    boost::system::error_code ignored;
    acceptor.close(ignored);
    sweeper.cancel();
    for (auto& [id, session] : sessions) session->end();
    sessions.clear();
    count_sessions();
    for (auto& [key, weak] : connections)
      if (auto c = weak.lock()) c->stream.socket().close(ignored);
  }

  // Ends sessions nobody used for session_idle_timeout.
  static net::awaitable<void> sweep(std::shared_ptr<Impl> self) {
    const auto period = std::min<Clock::duration>(self->options.session_idle_timeout, std::chrono::seconds(60));
    while (!self->stopping) {
      self->sweeper.expires_after(period);
      co_await self->sweeper.async_wait(use_tuple);
      self->expire_idle();
    }
  }

  void expire_idle() {
    const auto now = Clock::now();
    for (auto it = sessions.begin(); it != sessions.end();) {
      auto& s = it->second;
      if (s->busy == 0 && now - s->last_used >= options.session_idle_timeout) {
        support::log::info(logger_name, "session " + s->id + " ended after being idle");
        s->end();
        it = sessions.erase(it);
      } else {
        ++it;
      }
    }
    count_sessions();
  }

  void count_sessions() const { sessions_open.set({}, static_cast<double>(sessions.size())); }

  // -- one connection ----------------------------------------------------------------------

  static net::awaitable<void> serve(std::shared_ptr<Impl> self, std::shared_ptr<Connection> conn,
                                    std::uint64_t key) {
    // Refusals before a request was read: HTTP/1.1, and the connection closes.
    const http_exchange::ReplyTo unread{11, false};
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(self->options.max_header_bytes));
      parser.body_limit(self->options.max_body_bytes);
      conn->stream.expires_after(self->options.read_timeout);
      auto [ec, n] = co_await http::async_read(conn->stream, conn->buffer, parser, use_tuple);
      if (ec == http::error::body_limit) {
        co_await reply_error(conn, unread, http::status::payload_too_large, mcp::jsonrpc::invalid_request,
                             "Message too large: limit is " + std::to_string(self->options.max_body_bytes) +
                                 " bytes");
        break;
      }
      if (ec == http::error::header_limit) {
        co_await reply_error(conn, unread, http::status::request_header_fields_too_large,
                             mcp::jsonrpc::invalid_request, "Request headers too large");
        break;
      }
      if (ec) break;
      conn->watching = true;
      const bool keep = co_await self->handle(conn, parser.release());
      if (!keep || self->stopping) break;
    }
    boost::system::error_code ignored;
    conn->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    conn->stream.socket().close(ignored);
    self->connections.erase(key);
  }

  // -- dispatch ----------------------------------------------------------------------------

  net::awaitable<bool> handle(std::shared_ptr<Connection> conn, Request req) {
    auto self = shared_from_this();
    std::string_view target = req.target();
    if (const auto q = target.find('?'); q != std::string_view::npos) target = target.substr(0, q);
    // Before the Host check: probes name the instance by its own address, and
    // these answers tell nothing a rebinding page could use.
    auto health = co_await health_response(std::string(req.method_string()), std::string(target), options.readiness);
    if (health) co_return co_await reply_web(conn, req, std::move(*health));
    const bool host_allowed = rules::host_ok(req[http::field::host], is_loopback, bound.port()) ||
                              rules::host_allowed(req[http::field::host], options.allowed_hosts);
    if (!host_allowed)
      co_return co_await reply_error(conn, req, http::status::forbidden, mcp::jsonrpc::invalid_request,
                                     "Forbidden: invalid Host header");
    if (target != endpoint_path) {
      if (options.web) {
        support::WebRequest web_request = to_web(req, *conn, options.trusted_proxies);
        std::optional<support::WebResponse> answer;
        try {
          answer = co_await options.web(std::move(web_request));
        } catch (const std::exception& e) {
          // Answered, and the connection kept in the books, whatever the hook threw.
          support::log::error(logger_name, std::string("answering ") + std::string(target) + " failed: " + e.what());
          answer = support::WebResponse{500, {{"Content-Type", "text/plain; charset=utf-8"}},
                                        "Internal error; try again later.\n"};
        }
        if (answer) co_return co_await reply_web(conn, req, std::move(*answer));
      }
      co_return co_await reply_error(conn, req, http::status::not_found, mcp::jsonrpc::invalid_request,
                                     "Not found: the MCP endpoint is " + std::string(endpoint_path));
    }
    if (req.count(http::field::origin) &&
        !rules::origin_ok(req[http::field::origin], req[http::field::host], is_loopback))
      co_return co_await reply_error(conn, req, http::status::forbidden, mcp::jsonrpc::invalid_request,
                                     "Forbidden: invalid Origin header");
    std::string principal;
    if (options.authenticate) {
      support::WebRequest web_request = to_web(req, *conn, options.trusted_proxies);
      Caller caller;
      try {
        caller = co_await options.authenticate(std::move(web_request));
      } catch (const std::exception& e) {
        support::log::error(logger_name, std::string("authenticating a request failed: ") + e.what());
        caller.refusal = support::WebResponse{500, {{"Content-Type", "application/json"}},
                                              R"({"error":"server_error","error_description":"try again later"})"};
      }
      if (caller.refusal) co_return co_await reply_web(conn, req, std::move(*caller.refusal));
      principal = std::move(caller.principal);
    } else if (!rules::token_ok(req[http::field::authorization], options.token)) {
      co_return co_await reply_error(conn, req, http::status::unauthorized, mcp::jsonrpc::invalid_request,
                                     "Unauthorized: send Authorization: Bearer <" + options.token_hint + ">",
                                     bearer_challenge());
    }
    switch (req.method()) {
      case http::verb::post:
        co_return co_await handle_post(conn, std::move(req), std::move(principal));
      case http::verb::get:
        co_return co_await handle_get(conn, std::move(req), std::move(principal));
      case http::verb::delete_:
        co_return co_await handle_delete(conn, std::move(req), std::move(principal));
      default:
        co_return co_await reply_error(conn, req, http::status::method_not_allowed, mcp::jsonrpc::invalid_request,
                                       "Method not allowed", allow("GET, POST, DELETE"));
    }
  }

  net::awaitable<bool> handle_post(std::shared_ptr<Connection> conn, Request req, std::string principal) {
    const rules::Accepts takes = rules::accepts(header(req, "Accept"));
    if (!takes.sse && !takes.json)
      co_return co_await reply_error(conn, req, http::status::not_acceptable, mcp::jsonrpc::invalid_request,
                                     "Not Acceptable: accept application/json or text/event-stream");
    if (!rules::is_json(header(req, "Content-Type")))
      co_return co_await reply_error(conn, req, http::status::unsupported_media_type,
                                     mcp::jsonrpc::invalid_request,
                                     "Unsupported Media Type: the body must be application/json");

    auto parsed = mcp::jsonrpc::parse(req.body(), mcp::jsonrpc::max_depth);
    if (!parsed.error.empty())
      co_return co_await reply_error(conn, req, http::status::bad_request, mcp::jsonrpc::parse_error, parsed.error);
    const json::value message = std::move(parsed.value);

    rules::Body body = rules::inspect(message, header(req, "MCP-Protocol-Version"));
    if (body.era == mcp::Era::stateless)
      co_return co_await handle_stateless(conn, std::move(req), message, std::move(body), takes.sse,
                                          std::move(principal));
    co_return co_await handle_legacy(conn, std::move(req), message, std::move(body), takes.sse, std::move(principal));
  }

  // 2026-07-28: headers must mirror the body; then one throwaway Server
  // answers the one request. Closing the stream cancels it.
  net::awaitable<bool> handle_stateless(std::shared_ptr<Connection> conn, Request req, json::value message,
                                        rules::Body body, bool takes_sse, std::string principal) {
    const std::string version_header = header(req, "MCP-Protocol-Version");
    const rules::MirrorHeaders mirror{version_header, optional_header(req, "Mcp-Method"),
                                      optional_header(req, "Mcp-Name")};
    const std::string mismatch = rules::header_mismatch(message, mirror);
    if (!mismatch.empty())
      co_return co_await reply(conn, req, http::status::bad_request,
                               rules::error_body(rules::request_id(message), mcp::header_mismatch,
                                                 "Header mismatch: " + mismatch));

    std::string no_body;  // named: no braced temporary inside co_await (GCC 12)
    if (!body.has_request) co_return co_await reply(conn, req, http::status::accepted, std::move(no_body));

    auto router = std::make_shared<Router>();
    auto ex = std::make_shared<Exchange>(executor);
    const std::uint64_t route = next_route++;
    router->exchanges.emplace(route, ex);
    auto server = factory(http_exchange::sender_for(router), principal);
    server->handle(message, mcp::Source{route, version_header});
    const bool sse = takes_sse && body.method == "tools/call";
    const Delivered delivered = co_await http_exchange::deliver(conn, req, ex, sse, mcp::Era::stateless);
    // Destroying the Server cancels the call if the client hung up.
    server.reset();
    co_return delivered == Delivered::keep;
  }

  // The session a request names, or why it has none (status and message).
  struct NoSession {
    http::status status;
    std::string message;
  };
  std::variant<std::shared_ptr<Session>, NoSession> session_of(const Request& req, const std::string& principal) {
    const std::string id = header(req, "Mcp-Session-Id");
    if (id.empty())
      return NoSession{http::status::bad_request, "Bad Request: Mcp-Session-Id header is required; send initialize first"};
    auto it = sessions.find(id);
    // Someone else's session is as unknown as one that never existed.
    if (it == sessions.end() || it->second->principal != principal)
      return NoSession{http::status::not_found, "Session not found: it ended or never existed; send initialize again"};
    return it->second;
  }

  net::awaitable<bool> handle_legacy(std::shared_ptr<Connection> conn, Request req, json::value message,
                                     rules::Body body, bool takes_sse, std::string principal) {
    const std::string version_header = header(req, "MCP-Protocol-Version");
    if (body.is_initialize && header(req, "Mcp-Session-Id").empty())
      co_return co_await start_session(conn, std::move(req), std::move(message), std::move(principal));
    auto found = session_of(req, principal);
    if (auto* no = std::get_if<NoSession>(&found))
      co_return co_await reply_error(conn, req, no->status, mcp::jsonrpc::invalid_request, no->message);
    // Absent: 2025-03-26, which predates the header.
    if (!version_header.empty() && !mcp::is_legacy_protocol_version(version_header))
      co_return co_await reply_error(conn, req, http::status::bad_request, mcp::jsonrpc::invalid_request,
                                     "Bad Request: unsupported MCP-Protocol-Version " + version_header);
    auto session = std::get<std::shared_ptr<Session>>(found);
    session->last_used = Clock::now();
    auto ex = std::make_shared<Exchange>(executor);
    const std::uint64_t route = next_route++;
    session->router->exchanges.emplace(route, ex);
    ++session->busy;
    // A question to the user (elicitation) needs the SSE answer to reach them.
    session->server->handle(message, mcp::Source{route, version_header, takes_sse});
    bool keep;
    if (!body.has_request) {
      // Notifications and responses: answered at once, with nothing (202) or an error.
      // (No conditional expressions inside co_await: GCC 12 destroys their temporaries twice.)
      std::string answer;
      http::status status = http::status::accepted;
      if (ex->answer && !ex->answer->empty()) {
        answer = std::move(*ex->answer);
        status = http::status::bad_request;
      }
      keep = co_await reply(conn, req, status, std::move(answer));
    } else {
      const Delivered delivered = co_await http_exchange::deliver(conn, req, ex, takes_sse, mcp::Era::legacy);
      // The client hung up: cancel what it asked for, as a notifications/cancelled
      // would (the session may have ended meanwhile, taking its Server along).
      if (delivered == Delivered::gone && session->server) session->server->abandon(route);
      keep = delivered == Delivered::keep;
    }
    session->router->exchanges.erase(route);
    --session->busy;
    session->last_used = Clock::now();
    co_return keep;
  }

  net::awaitable<bool> start_session(std::shared_ptr<Connection> conn, Request req, json::value message,
                                     std::string principal) {
    expire_idle();
    if (sessions.size() >= options.max_sessions)
      co_return co_await reply_error(conn, req, http::status::service_unavailable, mcp::jsonrpc::invalid_request,
                                     "Too many sessions (" + std::to_string(options.max_sessions) +
                                         "); end one with DELETE or try later");
    // One person cannot take every session from the others: past their share,
    // their least recently used idle session ends (clients often reconnect
    // without ending the old one); if all are busy, they wait.
    if (options.max_sessions_per_principal && !make_room_for(principal))
      co_return co_await reply_error(conn, req, http::status::too_many_requests, mcp::jsonrpc::invalid_request,
                                     "Too many sessions of yours are busy (" +
                                         std::to_string(options.max_sessions_per_principal) +
                                         "); wait for one to finish or end one with DELETE");
    auto session = std::make_shared<Session>();
    session->id = random_session_id();
    session->principal = principal;
    session->server = factory(http_exchange::sender_for(session->router), principal);
    auto ex = std::make_shared<Exchange>(executor);
    const std::uint64_t route = next_route++;
    session->router->exchanges.emplace(route, ex);
    session->server->handle(message, mcp::Source{route, {}});
    // initialize is answered at once; only a success makes a session.
    if (!ex->answer || ex->answer->empty()) {
      session->end();
      co_return co_await reply_error(conn, req, http::status::internal_server_error, mcp::jsonrpc::internal_error,
                                     "initialize got no answer");
    }
    Headers headers;
    if (ex->error_code == 0) {
      headers.emplace_back("Mcp-Session-Id", session->id);
      sessions.emplace(session->id, session);
      count_sessions();
      support::log::info(logger_name, "session " + session->id + " started");
    } else {
      session->end();
    }
    const http::status status = ex->error_code == 0 ? http::status::ok : http::status::bad_request;
    co_return co_await reply(conn, req, status, std::move(*ex->answer), std::move(headers));
  }

  // Under max_sessions_per_principal after ending the principal's least
  // recently used idle session if needed; false when all of theirs are busy.
  bool make_room_for(const std::string& principal) {
    std::size_t own = 0;
    std::shared_ptr<Session> oldest_idle;
    for (const auto& [id, s] : sessions) {
      if (s->principal != principal) continue;
      ++own;
      if (s->busy == 0 && (!oldest_idle || s->last_used < oldest_idle->last_used)) oldest_idle = s;
    }
    if (own < options.max_sessions_per_principal) return true;
    if (!oldest_idle) return false;
    support::log::info(logger_name, "session " + oldest_idle->id + " ended to make room for a new one of its owner");
    sessions.erase(oldest_idle->id);
    oldest_idle->end();
    count_sessions();
    return true;
  }

  // GET: the standalone SSE stream of a session (legacy only).
  net::awaitable<bool> handle_get(std::shared_ptr<Connection> conn, Request req, std::string principal) {
    if (header(req, "MCP-Protocol-Version") == mcp::stateless_protocol_version)
      co_return co_await reply_error(conn, req, http::status::method_not_allowed, mcp::jsonrpc::invalid_request,
                                     "Method not allowed: protocol version " +
                                         std::string(mcp::stateless_protocol_version) + " has no GET stream",
                                     allow("POST"));
    if (!rules::contains_ci(header(req, "Accept"), "text/event-stream"))
      co_return co_await reply_error(conn, req, http::status::not_acceptable, mcp::jsonrpc::invalid_request,
                                     "Not Acceptable: GET opens a text/event-stream");
    auto found = session_of(req, principal);
    if (auto* no = std::get_if<NoSession>(&found))
      co_return co_await reply_error(conn, req, no->status, mcp::jsonrpc::invalid_request, no->message);
    auto session = std::get<std::shared_ptr<Session>>(found);
    if (session->router->standalone.lock())
      co_return co_await reply_error(conn, req, http::status::conflict, mcp::jsonrpc::invalid_request,
                                     "Conflict: this session already has a GET stream");
    auto ex = std::make_shared<Exchange>(executor);
    session->router->standalone = ex;
    ++session->busy;
    const Delivered delivered = co_await http_exchange::stream_events(conn, req, ex);
    --session->busy;
    session->last_used = Clock::now();
    co_return delivered == Delivered::keep;
  }

  net::awaitable<bool> handle_delete(std::shared_ptr<Connection> conn, Request req, std::string principal) {
    if (header(req, "MCP-Protocol-Version") == mcp::stateless_protocol_version)
      co_return co_await reply_error(conn, req, http::status::method_not_allowed, mcp::jsonrpc::invalid_request,
                                     "Method not allowed: protocol version " +
                                         std::string(mcp::stateless_protocol_version) + " has no sessions",
                                     allow("POST"));
    auto found = session_of(req, principal);
    if (auto* no = std::get_if<NoSession>(&found))
      co_return co_await reply_error(conn, req, no->status, mcp::jsonrpc::invalid_request, no->message);
    const std::string session_id = header(req, "Mcp-Session-Id");
    auto session = std::get<std::shared_ptr<Session>>(found);
    sessions.erase(session_id);
    session->end();
    count_sessions();
    support::log::info(logger_name, "session " + session_id + " ended by the client");
    std::string no_body;
    co_return co_await reply(conn, req, http::status::ok, std::move(no_body));
  }
};

net::awaitable<std::optional<support::WebResponse>> health_response(std::string method, std::string target,
                                                                    std::function<net::awaitable<std::string>()> readiness) {
  if (target != "/healthz" && target != "/readyz") co_return std::nullopt;
  support::WebResponse res{200, {{"Content-Type", "text/plain; charset=utf-8"}, {"Cache-Control", "no-store"}}, "ok\n"};
  if (method != "GET" && method != "HEAD") {
    res.status = 405;
    res.headers.emplace_back("Allow", "GET, HEAD");
    res.body = "Method not allowed: GET " + target + "\n";
    co_return res;
  }
  if (target == "/readyz" && readiness) {
    std::string problem;
    try {
      problem = co_await readiness();
    } catch (const std::exception& e) {
      problem = e.what();
    }
    if (!problem.empty()) {
      res.status = 503;
      res.body = "not ready: " + problem + "\n";
    }
  }
  if (method == "HEAD") res.body.clear();
  co_return res;
}

HttpTransport::HttpTransport(net::any_io_executor executor, HttpOptions options, ServerFactory factory)
    : impl_(std::make_shared<Impl>(std::move(executor), std::move(options), std::move(factory))) {}

HttpTransport::~HttpTransport() { impl_->stop(); }

boost::system::error_code HttpTransport::listen() { return impl_->listen(); }
std::uint16_t HttpTransport::port() const { return impl_->bound.port(); }
std::string HttpTransport::url() const { return impl_->url(); }
bool HttpTransport::loopback() const { return impl_->is_loopback; }
net::awaitable<void> HttpTransport::run() { return impl_->run(); }
void HttpTransport::stop() { impl_->stop(); }

}  // namespace transport
