// MCP over Streamable HTTP (see http.hpp). One coroutine per connection reads
// requests; each POST that carries a request registers an Exchange under a
// fresh route, hands the message to its session's Server and waits for what
// the Server routes to that route: notifications (as SSE events) and the one
// final answer. A GET stream is the Exchange for route 0 (unrelated messages).

#include "transport/http.hpp"

#include "mcp/json_rpc.hpp"
#include "support/log.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/detail/base64.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/serialize.hpp>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cctype>
#include <deque>
#include <optional>
#include <random>
#include <unordered_map>
#include <utility>
#include <variant>

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using tcp = net::ip::tcp;
using namespace net::experimental::awaitable_operators;

namespace transport {

namespace {

constexpr std::string_view logger_name = "http";
constexpr std::string_view endpoint_path = "/mcp";
constexpr auto use_tuple = net::as_tuple(net::use_awaitable);
constexpr auto write_timeout = std::chrono::seconds(60);

using Request = http::request<http::string_body>;
using Clock = std::chrono::steady_clock;

// Messages the Server routed to one waiting HTTP response.
struct Exchange {
  explicit Exchange(net::any_io_executor ex) : wake(std::move(ex), Clock::time_point::max()) {}
  std::deque<std::string> notes;      // notifications, in order
  std::optional<std::string> answer;  // the final message ("": nothing to say)
  int error_code = 0;                 // of the answer, when a single error
  bool ended = false;                 // session or server gone: end without an answer
  net::steady_timer wake;             // cancelled whenever something arrives

  bool ready() const { return !notes.empty() || answer || ended; }
  void end() {
    ended = true;
    wake.cancel();
  }
};

// Routes a Server's messages by route to the exchanges waiting for them.
struct Router {
  std::unordered_map<std::uint64_t, std::weak_ptr<Exchange>> exchanges;
  std::weak_ptr<Exchange> standalone;  // the GET stream, for route 0

  void route(mcp::Outgoing out) {
    std::shared_ptr<Exchange> ex;
    if (out.route != 0) {
      auto it = exchanges.find(out.route);
      if (it == exchanges.end()) return;
      ex = it->second.lock();
      if (out.final) exchanges.erase(it);
    } else if (!out.final) {
      ex = standalone.lock();
    }
    // Nobody waits (the client went away, or no GET stream): dropped.
    if (!ex) return;
    if (out.final) {
      ex->answer = std::move(out.text);
      ex->error_code = out.error_code;
    } else {
      ex->notes.push_back(std::move(out.text));
    }
    ex->wake.cancel();
  }

  void end_all() {
    for (auto& [route, weak] : exchanges)
      if (auto ex = weak.lock()) ex->end();
    exchanges.clear();
    if (auto ex = standalone.lock()) ex->end();
  }
};

mcp::Server::RoutedSender sender_for(const std::shared_ptr<Router>& router) {
  return [weak = std::weak_ptr<Router>(router)](mcp::Outgoing out) {
    if (auto r = weak.lock()) r->route(std::move(out));
  };
}

// One legacy (2025-11-25 and before) session: an initialized Server.
struct Session {
  std::string id;
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

struct Connection {
  explicit Connection(tcp::socket s) : stream(std::move(s)) {}
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  bool watching = true;  // a read may tell us the client hung up (false once it sent more)
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool contains_ci(std::string_view haystack, std::string_view needle) {
  return lower(haystack).find(lower(needle)) != std::string::npos;
}

bool loopback_name(std::string_view name) {
  const std::string n = lower(name);
  return n == "localhost" || n == "127.0.0.1" || n == "[::1]";
}

// "name[:port]" with name possibly "[v6]"; nullopt when malformed.
std::optional<std::pair<std::string, std::optional<unsigned>>> split_host_port(std::string_view hp) {
  std::string_view name = hp;
  std::string_view port;
  if (hp.starts_with('[')) {
    const auto close = hp.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    name = hp.substr(0, close + 1);
    const auto rest = hp.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return std::nullopt;
      port = rest.substr(1);
    }
  } else if (const auto colon = hp.rfind(':'); colon != std::string_view::npos) {
    name = hp.substr(0, colon);
    port = hp.substr(colon + 1);
  }
  if (name.empty()) return std::nullopt;
  std::optional<unsigned> p;
  if (hp.find(':', name.size()) != std::string_view::npos) {
    if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), ::isdigit)) return std::nullopt;
    p = static_cast<unsigned>(std::stoul(std::string(port)));
  }
  return std::make_pair(std::string(name), p);
}

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

std::string error_body(const json::value& id, int code, std::string_view message) {
  return json::serialize(mcp::jsonrpc::make_error(id, code, message));
}

// Mcp-Name and Mcp-Param-* may carry "=?base64?...?=" (2026-07-28).
std::optional<std::string> decode_header_value(std::string_view v) {
  if (!(v.starts_with("=?base64?") && v.ends_with("?=") && v.size() >= 11)) return std::string(v);
  auto b64 = v.substr(9, v.size() - 11);
  std::string out(beast::detail::base64::decoded_size(b64.size()), '\0');
  const auto [written, read] = beast::detail::base64::decode(out.data(), b64.data(), b64.size());
  // Beast stops at the padding: everything before it must have been read.
  while (!b64.empty() && b64.back() == '=') b64.remove_suffix(1);
  if (read != b64.size()) return std::nullopt;
  out.resize(written);
  return out;
}

const json::value* field(const json::value& v, std::string_view key) {
  const auto* o = v.if_object();
  return o ? o->if_contains(key) : nullptr;
}

// The HTTP status of a final answer. Stateless (2026-07-28) maps its errors to
// 400 and unknown methods to 404; legacy answers requests with 200 and only
// unreadable bodies with 400.
http::status status_for(int error_code, bool stateless) {
  if (error_code == mcp::jsonrpc::parse_error) return http::status::bad_request;
  if (!stateless) return http::status::ok;
  switch (error_code) {
    case mcp::jsonrpc::method_not_found:
      return http::status::not_found;
    case mcp::jsonrpc::invalid_request:
    case mcp::jsonrpc::invalid_params:
    case mcp::header_mismatch:
    case mcp::missing_client_capability:
    case mcp::unsupported_protocol_version:
      return http::status::bad_request;
    default:
      return http::status::ok;
  }
}

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
    boost::system::error_code ec;
    std::string host = options.host;
    if (lower(host) == "localhost") host = "127.0.0.1";
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    const auto address = net::ip::make_address(host, ec);
    if (ec) return ec;
    is_loopback = address.is_loopback();
    const tcp::endpoint ep(address, options.port);
    acceptor.open(ep.protocol(), ec);
    if (ec) return ec;
    acceptor.set_option(net::socket_base::reuse_address(true), ec);
    acceptor.bind(ep, ec);
    if (ec) return ec;
    acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec) return ec;
    bound = acceptor.local_endpoint(ec);
    return ec;
  }

  std::string url() const {
    const auto a = bound.address();
    const std::string host = a.is_v6() ? "[" + a.to_string() + "]" : a.to_string();
    return "http://" + host + ":" + std::to_string(bound.port()) + std::string(endpoint_path);
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
      auto conn = std::make_shared<Connection>(std::move(socket));
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
  }

  // -- one connection ----------------------------------------------------------------------

  static net::awaitable<void> serve(std::shared_ptr<Impl> self, std::shared_ptr<Connection> conn,
                                    std::uint64_t key) {
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(self->options.max_header_bytes));
      parser.body_limit(self->options.max_body_bytes);
      conn->stream.expires_after(self->options.read_timeout);
      auto [ec, n] = co_await http::async_read(conn->stream, conn->buffer, parser, use_tuple);
      if (ec == http::error::body_limit) {
        std::string body = error_body(nullptr, mcp::jsonrpc::invalid_request,
                                      "Message too large: limit is " +
                                          std::to_string(self->options.max_body_bytes) + " bytes");
        co_await self->write_plain(conn, 11, true, http::status::payload_too_large, std::move(body));
        break;
      }
      if (ec == http::error::header_limit) {
        std::string body = error_body(nullptr, mcp::jsonrpc::invalid_request, "Request headers too large");
        co_await self->write_plain(conn, 11, true, http::status::request_header_fields_too_large, std::move(body));
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

  // -- responses ---------------------------------------------------------------------------

  using Headers = std::vector<std::pair<std::string, std::string>>;

  static Headers allow(std::string methods) { return Headers{{"Allow", std::move(methods)}}; }
  static Headers bearer_challenge() { return Headers{{"WWW-Authenticate", "Bearer"}}; }

  // Writes one complete response; true when the connection may carry another.
  net::awaitable<bool> write_plain(std::shared_ptr<Connection> conn, unsigned version, bool close,
                                   http::status status, std::string body, Headers headers = {},
                                   std::string content_type = "application/json") {
    http::response<http::string_body> res{status, version};
    res.set(http::field::server, "trakt-mcp");
    if (!body.empty()) res.set(http::field::content_type, content_type);
    for (auto& [k, v] : headers) res.set(k, v);
    res.body() = std::move(body);
    res.keep_alive(!close);
    res.prepare_payload();
    conn->stream.expires_after(write_timeout);
    auto [ec, n] = co_await http::async_write(conn->stream, res, use_tuple);
    co_return !ec && res.keep_alive();
  }

  net::awaitable<bool> reply(std::shared_ptr<Connection> conn, const Request& req, http::status status,
                             std::string body, Headers headers = {}) {
    return write_plain(std::move(conn), req.version(), !req.keep_alive(), status, std::move(body),
                       std::move(headers));
  }

  net::awaitable<bool> reply_error(std::shared_ptr<Connection> conn, const Request& req, http::status status,
                                   int code, std::string message, Headers headers = {}) {
    return reply(std::move(conn), req, status, error_body(nullptr, code, message), std::move(headers));
  }

  enum class Woken { ready, timeout, gone };

  // Waits until the exchange has something or the keep-alive interval passes,
  // watching the socket so a client that hangs up is noticed at once.
  net::awaitable<Woken> wait(std::shared_ptr<Connection> conn, std::shared_ptr<Exchange> ex) {
    if (ex->ready()) co_return Woken::ready;
    ex->wake.expires_after(options.keepalive_interval);
    if (!conn->watching) {
      auto [ec] = co_await ex->wake.async_wait(use_tuple);
      co_return ex->ready() ? Woken::ready : (ec ? Woken::ready : Woken::timeout);
    }
    auto result = co_await (ex->wake.async_wait(use_tuple) ||
                            conn->stream.socket().async_read_some(conn->buffer.prepare(4096), use_tuple));
    if (result.index() == 1) {
      auto [ec, n] = std::get<1>(result);
      if (ec) co_return Woken::gone;
      // The client sent more (a pipelined request): keep it, stop watching.
      conn->buffer.commit(n);
      conn->watching = false;
      co_return ex->ready() ? Woken::ready : Woken::timeout;
    }
    co_return ex->ready() ? Woken::ready : Woken::timeout;
  }

  // Answers one request: as JSON when the answer is already there or the
  // client takes no SSE, else as an SSE stream of its notifications and then
  // the answer. false: close the connection. *gone is set when the client hung
  // up before the answer.
  net::awaitable<bool> deliver(std::shared_ptr<Connection> conn, const Request* req, std::shared_ptr<Exchange> ex,
                               bool sse, bool stateless, Headers headers, bool* gone) {
    if (ex->answer || !sse) {
      while (!ex->answer && !ex->ended) {
        const Woken w = co_await wait(conn, ex);
        if (w == Woken::gone) {
          *gone = true;
          co_return false;
        }
        ex->notes.clear();  // no stream to carry them
      }
      if (!ex->answer || ex->answer->empty())
        co_return co_await reply(conn, *req, http::status::accepted, {}, std::move(headers));
      co_return co_await reply(conn, *req, status_for(ex->error_code, stateless), std::move(*ex->answer),
                               std::move(headers));
    }
    co_return co_await stream_events(conn, req, ex, std::move(headers), gone);
  }

  // An SSE response (chunked, so the connection survives it) that ends with
  // the exchange's answer, or when the exchange ends.
  net::awaitable<bool> stream_events(std::shared_ptr<Connection> conn, const Request* req,
                                     std::shared_ptr<Exchange> ex, Headers headers, bool* gone) {
    http::response<http::empty_body> res{http::status::ok, req->version()};
    res.set(http::field::server, "trakt-mcp");
    res.set(http::field::content_type, "text/event-stream");
    res.set(http::field::cache_control, "no-cache");
    res.set("X-Accel-Buffering", "no");
    for (auto& [k, v] : headers) res.set(k, v);
    res.keep_alive(req->keep_alive());
    res.chunked(true);
    http::response_serializer<http::empty_body> sr{res};
    conn->stream.expires_after(write_timeout);
    auto [header_ec, header_n] = co_await http::async_write_header(conn->stream, sr, use_tuple);
    if (header_ec) co_return false;
    const bool keep = res.keep_alive();

    for (;;) {
      std::string out;
      while (!ex->notes.empty()) {
        out += "event: message\ndata: " + ex->notes.front() + "\n\n";
        ex->notes.pop_front();
      }
      const bool last = ex->answer || ex->ended;
      if (ex->answer && !ex->answer->empty()) out += "event: message\ndata: " + *ex->answer + "\n\n";
      if (!out.empty()) {
        conn->stream.expires_after(write_timeout);
        auto [ec, n] = co_await net::async_write(conn->stream, http::make_chunk(net::buffer(out)), use_tuple);
        if (ec) {
          *gone = !last;
          co_return false;
        }
      }
      if (last) {
        conn->stream.expires_after(write_timeout);
        auto [ec, n] = co_await net::async_write(conn->stream, http::make_chunk_last(), use_tuple);
        co_return !ec && keep && !ex->ended;
      }
      const Woken w = co_await wait(conn, ex);
      if (w == Woken::gone) {
        *gone = true;
        co_return false;
      }
      if (w == Woken::timeout) {
        // A comment keeps proxies and idle timers from closing a quiet stream.
        static const std::string keepalive = ": keep-alive\n\n";
        conn->stream.expires_after(write_timeout);
        auto [ec, n] =
            co_await net::async_write(conn->stream, http::make_chunk(net::buffer(keepalive)), use_tuple);
        if (ec) {
          *gone = true;
          co_return false;
        }
      }
    }
  }

  // -- request validation ------------------------------------------------------------------

  // DNS rebinding: on loopback, Host must name loopback with our port.
  bool host_ok(std::string_view host) const {
    if (!is_loopback) return true;
    auto hp = split_host_port(trim(host));
    if (!hp || !loopback_name(hp->first)) return false;
    return hp->second.value_or(80) == bound.port();
  }

  // Origin, when present, must be a loopback page (on loopback) or the same
  // origin as Host (elsewhere, where the bearer token guards the door).
  bool origin_ok(std::string_view origin, std::string_view host) const {
    origin = trim(origin);
    std::string_view rest;
    if (origin.starts_with("http://"))
      rest = origin.substr(7);
    else if (origin.starts_with("https://"))
      rest = origin.substr(8);
    else
      return false;
    if (rest.ends_with('/')) rest.remove_suffix(1);
    auto hp = split_host_port(rest);
    if (!hp) return false;
    if (is_loopback) return loopback_name(hp->first);
    return lower(rest) == lower(trim(host));
  }

  bool token_ok(std::string_view authorization) const {
    if (options.token.empty()) return true;
    authorization = trim(authorization);
    if (authorization.size() < 7 || lower(authorization.substr(0, 7)) != "bearer ") return false;
    const auto given = trim(authorization.substr(7));
    return given.size() == options.token.size() &&
           CRYPTO_memcmp(given.data(), options.token.data(), given.size()) == 0;
  }

  // -- dispatch ----------------------------------------------------------------------------

  net::awaitable<bool> handle(std::shared_ptr<Connection> conn, Request req) {
    auto self = shared_from_this();
    std::string_view target = req.target();
    if (const auto q = target.find('?'); q != std::string_view::npos) target = target.substr(0, q);
    if (target != endpoint_path)
      co_return co_await reply_error(conn, req, http::status::not_found, mcp::jsonrpc::invalid_request,
                                     "Not found: the MCP endpoint is " + std::string(endpoint_path));
    if (!host_ok(req[http::field::host]))
      co_return co_await reply_error(conn, req, http::status::forbidden, mcp::jsonrpc::invalid_request,
                                     "Forbidden: invalid Host header");
    if (req.count(http::field::origin) && !origin_ok(req[http::field::origin], req[http::field::host]))
      co_return co_await reply_error(conn, req, http::status::forbidden, mcp::jsonrpc::invalid_request,
                                     "Forbidden: invalid Origin header");
    if (!token_ok(req[http::field::authorization]))
      co_return co_await reply_error(conn, req, http::status::unauthorized, mcp::jsonrpc::invalid_request,
                                     "Unauthorized: send Authorization: Bearer <TRAKT_MCP_HTTP_TOKEN>",
                                     bearer_challenge());
    switch (req.method()) {
      case http::verb::post:
        co_return co_await handle_post(conn, std::move(req));
      case http::verb::get:
        co_return co_await handle_get(conn, std::move(req));
      case http::verb::delete_:
        co_return co_await handle_delete(conn, std::move(req));
      default:
        co_return co_await reply_error(conn, req, http::status::method_not_allowed, mcp::jsonrpc::invalid_request,
                                       "Method not allowed", allow("GET, POST, DELETE"));
    }
  }

  static std::string header(const Request& req, std::string_view name) {
    auto it = req.find(name);
    return it == req.end() ? std::string() : std::string(trim(it->value()));
  }

  net::awaitable<bool> handle_post(std::shared_ptr<Connection> conn, Request req) {
    const std::string accept = header(req, "Accept");
    const bool takes_sse = contains_ci(accept, "text/event-stream") || accept.find("*/*") != std::string::npos;
    const bool takes_json = accept.empty() || contains_ci(accept, "application/json") ||
                            accept.find("*/*") != std::string::npos;
    if (!takes_sse && !takes_json)
      co_return co_await reply_error(conn, req, http::status::not_acceptable, mcp::jsonrpc::invalid_request,
                                     "Not Acceptable: accept application/json or text/event-stream");
    if (!contains_ci(header(req, "Content-Type"), "application/json"))
      co_return co_await reply_error(conn, req, http::status::unsupported_media_type,
                                     mcp::jsonrpc::invalid_request,
                                     "Unsupported Media Type: the body must be application/json");

    auto parsed = mcp::jsonrpc::parse(req.body(), 64);
    if (!parsed.error.empty())
      co_return co_await reply_error(conn, req, http::status::bad_request, mcp::jsonrpc::parse_error, parsed.error);
    const json::value message = std::move(parsed.value);

    const Body body = inspect(message, header(req, "MCP-Protocol-Version"));
    if (body.stateless) co_return co_await handle_stateless(conn, std::move(req), message, body.has_request, takes_sse);
    co_return co_await handle_legacy(conn, std::move(req), message, body.has_request, body.is_initialize,
                                     takes_sse);
  }

  struct Body {
    bool has_request = false;
    bool is_initialize = false;
    bool stateless = false;  // 2026-07-28: the stateless _meta, or its header on anything but initialize
  };

  static Body inspect(const json::value& message, const std::string& version_header) {
    Body body;
    if (const auto* batch = message.if_array()) {
      for (const auto& m : *batch)
        if (mcp::jsonrpc::classify(m).kind == mcp::jsonrpc::Message::Kind::request) body.has_request = true;
      return body;
    }
    body.has_request = mcp::jsonrpc::classify(message).kind == mcp::jsonrpc::Message::Kind::request;
    std::string_view method;
    if (const auto* m = field(message, "method"); m && m->is_string()) method = m->get_string();
    body.is_initialize = method == "initialize";
    const json::value* params = field(message, "params");
    const json::value* meta = params ? field(*params, "_meta") : nullptr;
    const bool has_meta_version = meta && field(*meta, mcp::meta_protocol_version);
    body.stateless = message.is_object() &&
                  (has_meta_version || (version_header == mcp::stateless_protocol_version && !body.is_initialize));
    return body;
  }

  // 2026-07-28: headers must mirror the body; then one throwaway Server
  // answers the one request. Closing the stream cancels it.
  net::awaitable<bool> handle_stateless(std::shared_ptr<Connection> conn, Request req, json::value message,
                                        bool has_request, bool takes_sse) {
    json::value id = nullptr;
    if (const auto* i = field(message, "id"); i && mcp::jsonrpc::valid_id(*i)) id = *i;
    std::string method;
    if (const auto* m = field(message, "method"); m && m->is_string()) method = m->get_string();
    const json::value* params = field(message, "params");
    const json::value* meta = params ? field(*params, "_meta") : nullptr;
    const json::value* meta_version = meta ? field(*meta, mcp::meta_protocol_version) : nullptr;
    const std::string version_header = header(req, "MCP-Protocol-Version");

    std::string mismatch;
    if (meta_version && meta_version->is_string() && version_header != meta_version->get_string())
      mismatch = version_header.empty()
                     ? "MCP-Protocol-Version header is missing"
                     : "MCP-Protocol-Version header value '" + version_header + "' does not match body value '" +
                           std::string(meta_version->get_string()) + "'";
    if (mismatch.empty() && req.count("Mcp-Method") == 0)
      mismatch = "Mcp-Method header is missing";
    if (mismatch.empty() && header(req, "Mcp-Method") != method)
      mismatch = "Mcp-Method header value '" + header(req, "Mcp-Method") + "' does not match body value '" +
                 method + "'";
    if (mismatch.empty() && method == "tools/call") {
      const json::value* name = params ? field(*params, "name") : nullptr;
      const std::string raw = header(req, "Mcp-Name");
      const auto decoded = decode_header_value(raw);
      if (req.count("Mcp-Name") == 0)
        mismatch = "Mcp-Name header is missing";
      else if (!decoded)
        mismatch = "Mcp-Name header value is not valid base64";
      else if (name && name->is_string() && *decoded != name->get_string())
        mismatch = "Mcp-Name header value '" + raw + "' does not match body value '" +
                   std::string(name->get_string()) + "'";
    }
    if (!mismatch.empty())
      co_return co_await reply(conn, req, http::status::bad_request,
                               error_body(id, mcp::header_mismatch, "Header mismatch: " + mismatch));

    if (!has_request) co_return co_await reply(conn, req, http::status::accepted, {});

    auto router = std::make_shared<Router>();
    auto ex = std::make_shared<Exchange>(executor);
    const std::uint64_t route = next_route++;
    router->exchanges.emplace(route, ex);
    auto server = factory(sender_for(router));
    server->handle(message, mcp::Source{route, version_header});
    bool gone = false;
    const bool keep = co_await deliver(conn, &req, ex, takes_sse && method == "tools/call", true, {}, &gone);
    // Destroying the Server cancels the call if the client hung up.
    server.reset();
    co_return keep;
  }

  // The session a request names, or why it has none (status and message).
  struct NoSession {
    http::status status;
    std::string message;
  };
  std::variant<std::shared_ptr<Session>, NoSession> session_of(const Request& req) {
    const std::string id = header(req, "Mcp-Session-Id");
    if (id.empty())
      return NoSession{http::status::bad_request, "Bad Request: Mcp-Session-Id header is required; send initialize first"};
    auto it = sessions.find(id);
    if (it == sessions.end())
      return NoSession{http::status::not_found, "Session not found: it ended or never existed; send initialize again"};
    return it->second;
  }

  net::awaitable<bool> handle_legacy(std::shared_ptr<Connection> conn, Request req, json::value message,
                                     bool has_request, bool is_initialize, bool takes_sse) {
    const std::string version_header = header(req, "MCP-Protocol-Version");
    if (is_initialize && header(req, "Mcp-Session-Id").empty())
      co_return co_await start_session(conn, std::move(req), std::move(message));
    auto found = session_of(req);
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
    session->server->handle(message, mcp::Source{route, version_header});
    bool keep;
    if (!has_request) {
      // Notifications and responses: answered at once, with nothing (202) or an error.
      // (No conditional expressions inside co_await: GCC 12 destroys their temporaries twice.)
      std::string body;
      http::status status = http::status::accepted;
      if (ex->answer && !ex->answer->empty()) {
        body = std::move(*ex->answer);
        status = http::status::bad_request;
      }
      keep = co_await reply(conn, req, status, std::move(body));
    } else {
      bool gone = false;
      keep = co_await deliver(conn, &req, ex, takes_sse, false, {}, &gone);
    }
    session->router->exchanges.erase(route);
    --session->busy;
    session->last_used = Clock::now();
    co_return keep;
  }

  net::awaitable<bool> start_session(std::shared_ptr<Connection> conn, Request req, json::value message) {
    expire_idle();
    if (sessions.size() >= options.max_sessions)
      co_return co_await reply_error(conn, req, http::status::service_unavailable, mcp::jsonrpc::invalid_request,
                                     "Too many sessions (" + std::to_string(options.max_sessions) +
                                         "); end one with DELETE or try later");
    auto session = std::make_shared<Session>();
    session->id = random_session_id();
    session->server = factory(sender_for(session->router));
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
      support::log::info(logger_name, "session " + session->id + " started");
    } else {
      session->end();
    }
    const http::status status = ex->error_code == 0 ? http::status::ok : http::status::bad_request;
    co_return co_await reply(conn, req, status, std::move(*ex->answer), std::move(headers));
  }

  // GET: the standalone SSE stream of a session (legacy only).
  net::awaitable<bool> handle_get(std::shared_ptr<Connection> conn, Request req) {
    if (header(req, "MCP-Protocol-Version") == mcp::stateless_protocol_version)
      co_return co_await reply_error(conn, req, http::status::method_not_allowed, mcp::jsonrpc::invalid_request,
                                     "Method not allowed: protocol version 2026-07-28 has no GET stream",
                                     allow("POST"));
    if (!contains_ci(header(req, "Accept"), "text/event-stream"))
      co_return co_await reply_error(conn, req, http::status::not_acceptable, mcp::jsonrpc::invalid_request,
                                     "Not Acceptable: GET opens a text/event-stream");
    auto found = session_of(req);
    if (auto* no = std::get_if<NoSession>(&found))
      co_return co_await reply_error(conn, req, no->status, mcp::jsonrpc::invalid_request, no->message);
    auto session = std::get<std::shared_ptr<Session>>(found);
    if (session->router->standalone.lock())
      co_return co_await reply_error(conn, req, http::status::conflict, mcp::jsonrpc::invalid_request,
                                     "Conflict: this session already has a GET stream");
    auto ex = std::make_shared<Exchange>(executor);
    session->router->standalone = ex;
    ++session->busy;
    bool gone = false;
    const bool keep = co_await stream_events(conn, &req, ex, {}, &gone);
    --session->busy;
    session->last_used = Clock::now();
    co_return keep;
  }

  net::awaitable<bool> handle_delete(std::shared_ptr<Connection> conn, Request req) {
    if (header(req, "MCP-Protocol-Version") == mcp::stateless_protocol_version)
      co_return co_await reply_error(conn, req, http::status::method_not_allowed, mcp::jsonrpc::invalid_request,
                                     "Method not allowed: protocol version 2026-07-28 has no sessions",
                                     allow("POST"));
    auto found = session_of(req);
    if (auto* no = std::get_if<NoSession>(&found))
      co_return co_await reply_error(conn, req, no->status, mcp::jsonrpc::invalid_request, no->message);
    const std::string session_id = header(req, "Mcp-Session-Id");
    auto session = std::get<std::shared_ptr<Session>>(found);
    sessions.erase(session_id);
    session->end();
    support::log::info(logger_name, "session " + session_id + " ended by the client");
    co_return co_await reply(conn, req, http::status::ok, {});
  }
};

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
