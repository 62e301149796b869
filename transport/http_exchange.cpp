// See http_exchange.hpp.

#include "transport/http_exchange.hpp"

#include "support/metrics.hpp"
#include "transport/http_rules.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>

#include <variant>

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using namespace net::experimental::awaitable_operators;

namespace transport::http_exchange {

namespace {

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);
constexpr auto write_timeout = std::chrono::seconds(60);

constinit support::metrics::Family http_requests("trakt_mcp_http_requests_total", support::metrics::Kind::counter,
                                       "HTTP responses sent, by request method and status (an SSE stream counts "
                                       "when it starts)",
                                       {"method", "status"});

enum class Woken { ready, timeout, gone };

// Waits until the exchange has something or the keep-alive interval passes,
// watching the socket so a client that hangs up is noticed at once.
net::awaitable<Woken> wait(std::shared_ptr<Connection> conn, std::shared_ptr<Exchange> ex) {
  if (ex->ready()) co_return Woken::ready;
  if (!conn->watching) {
    const bool notified = co_await ex->wake.wait_for(conn->keepalive_interval);
    co_return (ex->ready() || notified) ? Woken::ready : Woken::timeout;
  }
  auto result = co_await (ex->wake.wait_for(conn->keepalive_interval) ||
                          conn->stream.socket().async_read_some(conn->buffer.prepare(4096), use_tuple));
  if (result.index() == 1) {
    auto [ec, n] = std::get<1>(result);
    if (ec) co_return Woken::gone;
    // The client sent more (a pipelined request): keep it, stop watching.
    conn->buffer.commit(n);
    conn->watching = false;
  }
  co_return ex->ready() ? Woken::ready : Woken::timeout;
}

}  // namespace

void Router::route(mcp::Outgoing out) {
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
  ex->wake.notify();
}

void Router::end_all() {
  for (auto& [route, weak] : exchanges)
    if (auto ex = weak.lock()) ex->end();
  exchanges.clear();
  if (auto ex = standalone.lock()) ex->end();
}

mcp::Server::RoutedSender sender_for(const std::shared_ptr<Router>& router) {
  return [weak = std::weak_ptr<Router>(router)](mcp::Outgoing out) {
    if (auto r = weak.lock()) r->route(std::move(out));
  };
}

static void count_response(const ReplyTo& to, http::status status) {
  if (!support::metrics::enabled()) return;
  const std::string code = std::to_string(static_cast<unsigned>(status));
  http_requests.add({to.method, code});
}

net::awaitable<bool> reply(std::shared_ptr<Connection> conn, ReplyTo to, http::status status, std::string body,
                           Headers headers) {
  count_response(to, status);
  http::response<http::string_body> res{status, to.version};
  res.set(http::field::server, conn->server_header);
  if (!body.empty()) res.set(http::field::content_type, "application/json");
  for (auto& [k, v] : headers) res.set(k, v);
  res.body() = std::move(body);
  res.keep_alive(to.keep_alive);
  res.prepare_payload();
  conn->stream.expires_after(write_timeout);
  auto [ec, n] = co_await http::async_write(conn->stream, res, use_tuple);
  co_return !ec && res.keep_alive();
}

net::awaitable<bool> reply_error(std::shared_ptr<Connection> conn, ReplyTo to, http::status status, int code,
                                 std::string message, Headers headers) {
  return reply(std::move(conn), to, status, http_rules::error_body(nullptr, code, message), std::move(headers));
}

net::awaitable<Delivered> deliver(std::shared_ptr<Connection> conn, ReplyTo to, std::shared_ptr<Exchange> ex,
                                  bool sse, mcp::Era era, Headers headers) {
  if (ex->answer || !sse) {
    while (!ex->answer && !ex->ended) {
      if (co_await wait(conn, ex) == Woken::gone) co_return Delivered::gone;
      ex->notes.clear();  // no stream to carry them
    }
    bool keep;
    if (!ex->answer || ex->answer->empty()) {
      std::string no_body;  // named: no braced temporary inside co_await (GCC 12)
      keep = co_await reply(conn, to, http::status::accepted, std::move(no_body), std::move(headers));
    } else {
      const http::status status = http_rules::status_for(ex->error_code, era);
      keep = co_await reply(conn, to, status, std::move(*ex->answer), std::move(headers));
    }
    co_return keep ? Delivered::keep : Delivered::close;
  }
  co_return co_await stream_events(std::move(conn), to, std::move(ex), std::move(headers));
}

net::awaitable<Delivered> stream_events(std::shared_ptr<Connection> conn, ReplyTo to, std::shared_ptr<Exchange> ex,
                                        Headers headers) {
  count_response(to, http::status::ok);
  http::response<http::empty_body> res{http::status::ok, to.version};
  res.set(http::field::server, conn->server_header);
  res.set(http::field::content_type, "text/event-stream");
  res.set(http::field::cache_control, "no-cache");
  res.set("X-Accel-Buffering", "no");
  for (auto& [k, v] : headers) res.set(k, v);
  res.keep_alive(to.keep_alive);
  res.chunked(true);
  http::response_serializer<http::empty_body> sr{res};
  conn->stream.expires_after(write_timeout);
  auto [header_ec, header_n] = co_await http::async_write_header(conn->stream, sr, use_tuple);
  if (header_ec) co_return Delivered::close;
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
      if (ec) co_return last ? Delivered::close : Delivered::gone;
    }
    if (last) {
      conn->stream.expires_after(write_timeout);
      auto [ec, n] = co_await net::async_write(conn->stream, http::make_chunk_last(), use_tuple);
      co_return (!ec && keep && !ex->ended) ? Delivered::keep : Delivered::close;
    }
    const Woken w = co_await wait(conn, ex);
    if (w == Woken::gone) co_return Delivered::gone;
    if (w == Woken::timeout) {
      // A comment keeps proxies and idle timers from closing a quiet stream.
      static const std::string keepalive = ": keep-alive\n\n";
      conn->stream.expires_after(write_timeout);
      auto [ec, n] = co_await net::async_write(conn->stream, http::make_chunk(net::buffer(keepalive)), use_tuple);
      if (ec) co_return Delivered::gone;
    }
  }
}

}  // namespace transport::http_exchange
