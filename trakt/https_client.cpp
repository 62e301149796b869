#include "trakt/https_client.hpp"

#include "support/event.hpp"
#include "support/log.hpp"
#include "support/metrics.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/url/parse.hpp>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <sys/socket.h>

#include <cerrno>
#include <deque>
#include <optional>
#include <vector>

namespace trakt {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using boost::system::error_code;
using namespace std::chrono_literals;
using namespace net::experimental::awaitable_operators;

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

std::string Endpoint::host_header() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  std::string h = ipv6 ? "[" + host + "]" : host;
  return port == "443" ? h : h + ":" + port;
}

std::string Endpoint::url() const {
  return "https://" + host_header() + base_path;
}

Result<Endpoint> parse_endpoint(std::string_view text) {
  auto parsed = boost::urls::parse_absolute_uri(text);
  if (!parsed)
    return Failure{FailureKind::config, "TRAKT_API_URL is not a valid URL: " + std::string(text)};
  if (parsed->scheme_id() != boost::urls::scheme::https)
    return Failure{FailureKind::config,
                   "TRAKT_API_URL must start with https:// (certificates are always verified): " +
                       std::string(text)};
  Endpoint o;
  o.host = std::string(parsed->encoded_host_address());
  if (o.host.empty()) return Failure{FailureKind::config, "TRAKT_API_URL has no host: " + std::string(text)};
  // IPv6 literals arrive bracketed; resolvers and certificates want them bare.
  if (o.host.front() == '[' && o.host.back() == ']') o.host = o.host.substr(1, o.host.size() - 2);
  o.port = parsed->has_port() && !parsed->port().empty() ? std::string(parsed->port()) : "443";
  if (parsed->has_port() && !parsed->port().empty() && (parsed->port_number() == 0))
    return Failure{FailureKind::config, "TRAKT_API_URL has an invalid port: " + std::string(text)};
  o.base_path = std::string(parsed->encoded_path());
  while (!o.base_path.empty() && o.base_path.back() == '/') o.base_path.pop_back();
  return o;
}

namespace {

constinit support::metrics::Family trakt_requests("trakt_mcp_trakt_requests_total", support::metrics::Kind::counter,
                                        "Requests to Trakt, by the HTTP status of its answer (none: no answer "
                                        "came: refused, timed out, dropped, TLS failure)",
                                        {"status"});

using TlsStream = beast::ssl_stream<beast::tcp_stream>;

struct Connection {
  Connection(net::any_io_executor ex, ssl::context& ctx) : stream(ex, ctx) {}
  TlsStream stream;
  beast::flat_buffer buffer;
  std::chrono::steady_clock::time_point idle_since;
};

bool is_ip_address(const std::string& host) {
  error_code ec;
  (void)net::ip::make_address(host, ec);
  return !ec;
}

// Errors that mean a kept-alive connection was closed by the peer while idle.
// Before any answer the request most likely never reached the server, but a
// server may also take a request, act on it and drop the connection: only a
// request that is safe to repeat is sent again (see send()).
// True when the peer closed an idle connection (FIN, reset) or sent something
// unasked (a TLS close_notify): a non-blocking peek finds data or the end.
bool closed_by_peer(Connection& c) {
  char byte;
  const auto n = ::recv(beast::get_lowest_layer(c.stream).socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return !(n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK));
}

bool is_stale_connection(const error_code& ec) {
  return ec == http::error::end_of_stream || ec == net::error::eof || ec == net::error::connection_reset ||
         ec == net::error::broken_pipe || ec == net::ssl::error::stream_truncated ||
         ec == net::error::connection_aborted;
}

}  // namespace


// A connection slot held by one request; given back or closed exactly once,
// also when the request's coroutine is destroyed by cancellation.
struct Lease {
  std::shared_ptr<HttpsClient::Impl> pool;
  std::unique_ptr<Connection> conn;
  bool reused = false;
  Lease() = default;
  Lease(Lease&&) = default;
  Lease& operator=(Lease&&) = default;
  ~Lease();
  void give_back();
};

struct HttpsClient::Impl : std::enable_shared_from_this<Impl> {
  Impl(net::any_io_executor ex, Endpoint o, HttpsOptions opts)
      : executor(std::move(ex)), endpoint(std::move(o)), options(opts), slot_freed(executor) {}

  net::any_io_executor executor;
  Endpoint endpoint;
  HttpsOptions options;
  // Built on first use: loading the trust store costs milliseconds that a
  // server answering `initialize` should not spend.
  std::optional<ssl::context> tls;
  std::deque<std::unique_ptr<Connection>> idle;  // least recently used first
  std::size_t open = 0;  // idle + in use
  net::steady_timer prune_timer{executor};
  bool prune_armed = false;
  // Notified when a slot frees up or a connection goes back to the idle pool;
  // every waiter wakes and re-checks.
  support::Event slot_freed;

  ssl::context& tls_context() {
    if (!tls) {
      tls.emplace(ssl::context::tls_client);
      tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                       ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
      // Honours SSL_CERT_FILE / SSL_CERT_DIR like every OpenSSL program.
      tls->set_default_verify_paths();
      tls->set_verify_mode(ssl::verify_peer);
      // An idle connection gives its 16 KiB+ read and write buffers back
      // (OpenSSL takes them again for the next record): the pool keeps up to
      // max_idle connections warm without keeping their buffers.
      SSL_CTX_set_mode(tls->native_handle(), SSL_MODE_RELEASE_BUFFERS);
    }
    return *tls;
  }

  void release_slot() {
    --open;
    slot_freed.notify();
  }

  void keep(std::unique_ptr<Connection> c) {
    if (idle.size() < options.max_idle) {
      c->idle_since = std::chrono::steady_clock::now();
      // The read buffer grew to the largest answer's chunks; an idle
      // connection holds none of it (nothing unread is left after an answer).
      if (c->buffer.size() == 0) c->buffer.shrink_to_fit();
      idle.push_back(std::move(c));
      if (idle.size() > options.warm_idle && !prune_armed) arm_prune(options.surplus_idle_timeout);
      slot_freed.notify();
    } else {
      beast::get_lowest_layer(c->stream).close();
      release_slot();
    }
  }

  // Closes the least recently used idle connections beyond warm_idle that
  // have been idle for surplus_idle_timeout; waits again for the others.
  void arm_prune(std::chrono::steady_clock::duration after) {
    prune_armed = true;
    prune_timer.expires_after(after);
    prune_timer.async_wait([weak = weak_from_this()](const error_code& ec) {
      auto self = weak.lock();
      if (ec || !self) return;
      self->prune_armed = false;
      const auto old_enough = std::chrono::steady_clock::now() - self->options.surplus_idle_timeout;
      while (self->idle.size() > self->options.warm_idle && self->idle.front()->idle_since <= old_enough) {
        self->discard(std::move(self->idle.front()));
        self->idle.pop_front();
      }
      if (self->idle.size() > self->options.warm_idle)
        self->arm_prune(self->idle.front()->idle_since - old_enough);
    });
  }

  void discard(std::unique_ptr<Connection> c) {
    if (!c) return;
    beast::get_lowest_layer(c->stream).close();
    release_slot();
  }

  Failure describe(const error_code& ec, std::string_view step, Connection* c = nullptr) const {
    const std::string where = endpoint.url();
    if (ec == beast::error::timeout)
      return {FailureKind::timeout, "Trakt (" + where + ") did not answer in time (" + std::string(step) +
                                        " timed out). Check your network connection and try again."};
    if (ec == net::error::operation_aborted) return {FailureKind::cancelled, "The request was cancelled."};
    if (c && ec.category() == net::error::get_ssl_category()) {
      long verify = SSL_get_verify_result(c->stream.native_handle());
      if (verify != X509_V_OK) {
        return {FailureKind::tls,
                "The TLS certificate of " + where + " was refused: " + X509_verify_cert_error_string(verify) +
                    ". trakt-mcp always verifies certificates; if you use a private CA, point SSL_CERT_FILE at "
                    "it."};
      }
      return {FailureKind::tls, "TLS handshake with " + where + " failed: " + ec.message() + "."};
    }
    if (ec == http::error::body_limit)
      return {FailureKind::bad_response, "Trakt (" + where + ") sent a response larger than " +
                                             std::to_string(options.max_body_bytes / (1024 * 1024)) +
                                             " MB; refusing to read it."};
    // A body cut short is a dropped connection (worth a retry), not a lie.
    if (ec == http::error::partial_message)
      return {FailureKind::network, "Trakt (" + where +
                                        ") closed the connection before the answer was complete. Check your network "
                                        "connection and try again."};
    if (ec.category() == http::make_error_code(http::error::partial_message).category())
      return {FailureKind::bad_response, "Trakt (" + where + ") sent a malformed HTTP response (" + ec.message() +
                                             "). Try again later."};
    return {FailureKind::network, "Could not reach Trakt at " + where + " (" + std::string(step) + ": " +
                                      ec.message() + "). Check your network connection and try again."};
  }

  // Waits for a connection slot, then reuses an idle connection or opens one.
  net::awaitable<Result<Lease>> acquire() {
    while (idle.empty() && open >= options.max_connections) {
      co_await slot_freed.wait();
      if ((co_await net::this_coro::cancellation_state).cancelled() != net::cancellation_type::none)
        co_return Failure{FailureKind::cancelled, "The request was cancelled."};
    }
    Lease lease;
    lease.pool = shared_from_this();
    // Connections idle for long are likely closed by now: drop them rather
    // than pay for a failed request and a reconnect.
    const auto stale_before = std::chrono::steady_clock::now() - options.idle_timeout;
    while (!idle.empty() && idle.front()->idle_since < stale_before) {
      discard(std::move(idle.front()));
      idle.pop_front();
    }
    while (!idle.empty()) {
      // The most recently used one: the warmest, the least likely closed.
      lease.conn = std::move(idle.back());
      idle.pop_back();
      // One that Trakt already closed would fail the request, and a POST
      // that fails that way cannot be sent again: look before using it.
      if (closed_by_peer(*lease.conn)) {
        discard(std::move(lease.conn));
        continue;
      }
      lease.reused = true;
      co_return lease;
    }
    ++open;
    lease.conn = std::make_unique<Connection>(executor, tls_context());
    auto r = co_await connect(lease.conn.get());
    if (!r) co_return r.error();  // the lease closes the connection
    co_return lease;
  }

  // A pointer, not a reference: coroutine parameters are values (GCC 12).
  net::awaitable<Result<void>> connect(Connection* conn) {
    Connection& c = *conn;
    // Resolve, racing a timer: tcp_stream deadlines do not cover the resolver.
    net::ip::tcp::resolver resolver(executor);
    net::steady_timer timer(executor, options.resolve_timeout);
    auto raced = co_await (resolver.async_resolve(endpoint.host, endpoint.port, use_tuple) || timer.async_wait(use_tuple));
    if (raced.index() == 1)
      co_return Failure{FailureKind::timeout, "Looking up " + endpoint.host + " timed out. Check your network connection."};
    auto [rec, resolved] = std::get<0>(raced);
    if (rec) co_return describe(rec, "resolve");
    std::vector<net::ip::tcp::endpoint> endpoints;
    for (const auto& entry : resolved)
      if (!options.allow_address || options.allow_address(entry.endpoint().address()))
        endpoints.push_back(entry.endpoint());
    if (endpoints.empty())
      co_return Failure{FailureKind::network,
                        endpoint.host + " resolves only to addresses this server does not connect to."};

    // Connect.
    auto& tcp = beast::get_lowest_layer(c.stream);
    tcp.expires_after(options.connect_timeout);
    auto [cec, ep] = co_await tcp.async_connect(endpoints, use_tuple);
    if (cec) co_return describe(cec, "connect");
    tcp.socket().set_option(net::ip::tcp::no_delay(true));

    // Verify the peer's name natively (not via a verify callback) so that a
    // mismatch is reported by OpenSSL as exactly that.
    SSL* ssl = c.stream.native_handle();
    if (is_ip_address(endpoint.host)) {
      X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), endpoint.host.c_str());
    } else {
      SSL_set1_host(ssl, endpoint.host.c_str());
      // SNI, which RFC 6066 allows for host names only.
      if (!SSL_set_tlsext_host_name(ssl, endpoint.host.c_str()))
        co_return Failure{FailureKind::tls, "Could not set the TLS server name for " + endpoint.host + "."};
    }

    // Handshake.
    tcp.expires_after(options.handshake_timeout);
    auto [hec] = co_await c.stream.async_handshake(ssl::stream_base::client, use_tuple);
    if (hec) co_return describe(hec, "TLS handshake", &c);
    co_return Result<void>{};
  }
};

Lease::~Lease() {
  if (conn) pool->discard(std::move(conn));
}

void Lease::give_back() { pool->keep(std::move(conn)); }

HttpsClient::HttpsClient(net::any_io_executor executor, Endpoint endpoint, HttpsOptions options)
    : impl_(std::make_shared<Impl>(std::move(executor), std::move(endpoint), options)) {}

HttpsClient::~HttpsClient() {
  impl_->prune_timer.cancel();
  for (auto& c : impl_->idle) beast::get_lowest_layer(c->stream).close();
  impl_->idle.clear();
}

const Endpoint& HttpsClient::endpoint() const { return impl_->endpoint; }

net::awaitable<Result<HttpResponse>> HttpsClient::send(HttpRequest request) {
  auto self = impl_;  // keeps the pool alive while this coroutine runs
  request.set(http::field::host, self->endpoint.host_header());
  request.prepare_payload();

  for (int attempt = 0;; ++attempt) {
    auto lease = co_await self->acquire();
    if (!lease) co_return lease.error();
    Connection& c = *lease->conn;

    auto& tcp = beast::get_lowest_layer(c.stream);
    tcp.expires_after(self->options.response_timeout);
    auto [wec, wn] = co_await http::async_write(c.stream, request, use_tuple);
    error_code ec = wec;
    bool answer_begun = false;  // Trakt sent part of an answer: it got the request
    if (!ec) {
      http::response_parser<http::string_body> parser;
      parser.body_limit(self->options.max_body_bytes);
      parser.header_limit(64 * 1024);
      auto [rec, rn] = co_await http::async_read(c.stream, c.buffer, parser, use_tuple);
      ec = rec;
      answer_begun = parser.got_some();
      if (!ec) {
        tcp.expires_never();
        HttpResponse response = parser.release();
        if (support::metrics::enabled()) trakt_requests.add({std::to_string(response.result_int())});
        if (response.keep_alive()) lease->give_back();  // else the lease closes it
        co_return response;
      }
    }

    auto failure = self->describe(ec, wec ? "sending the request" : "reading the response", &c);
    // POST is not safe to repeat (a check-in, a play, a refresh token spent);
    // its caller decides what a lost answer means.
    const bool safe_to_repeat = request.method() != http::verb::post && request.method() != http::verb::patch;
    if (safe_to_repeat && lease->reused && attempt == 0 && !answer_begun && is_stale_connection(ec)) {
      support::log::debug("http", "a kept-alive connection was closed by Trakt; reconnecting once");
      continue;
    }
    trakt_requests.add({"none"});
    co_return failure;
  }
}

}  // namespace trakt
