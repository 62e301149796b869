// See web_listener.hpp. The same Beast recipe as http.cpp, without sessions:
// read a request, ask the hook, write its answer, maybe read another.

#include "transport/web_listener.hpp"

#include "support/log.hpp"
#include "transport/listen.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <unordered_map>
#include <utility>

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace transport {

namespace {

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);
constexpr std::size_t max_connections = 16;  // a scraper or two, a probe
constexpr auto io_timeout = std::chrono::seconds(30);

support::WebResponse plain(int status, std::string body) {
  return support::WebResponse{status, {{"Content-Type", "text/plain; charset=utf-8"}}, std::move(body)};
}

}  // namespace

struct WebListener::Impl : std::enable_shared_from_this<Impl> {
  Impl(net::any_io_executor ex, std::string h, std::uint16_t p, Hook k)
      : executor(ex), host(std::move(h)), port(p), hook(std::move(k)), acceptor(ex) {}

  net::any_io_executor executor;
  std::string host;
  std::uint16_t port;
  Hook hook;
  tcp::acceptor acceptor;
  tcp::endpoint bound;
  bool stopping = false;
  std::unordered_map<std::uint64_t, std::weak_ptr<beast::tcp_stream>> connections;
  std::uint64_t next_connection = 1;

  boost::system::error_code listen() {
    boost::system::error_code ec = open_listener(acceptor, host, port);
    if (!ec) bound = acceptor.local_endpoint(ec);
    return ec;
  }

  net::awaitable<void> run() {
    auto self = shared_from_this();
    while (!stopping) {
      auto [ec, socket] = co_await acceptor.async_accept(use_tuple);
      if (ec) {
        if (stopping || ec == net::error::operation_aborted) break;
        continue;
      }
      if (connections.size() >= max_connections) {
        boost::system::error_code ignored;
        socket.close(ignored);
        continue;
      }
      auto stream = std::make_shared<beast::tcp_stream>(std::move(socket));
      const auto key = next_connection++;
      connections.emplace(key, stream);
      net::co_spawn(executor, serve(self, stream, key), net::detached);
    }
  }

  void stop() {
    if (stopping) return;
    stopping = true;
    boost::system::error_code ignored;
    acceptor.close(ignored);
    for (auto& [key, weak] : connections)
      if (auto s = weak.lock()) s->socket().close(ignored);
  }

  static net::awaitable<void> serve(std::shared_ptr<Impl> self, std::shared_ptr<beast::tcp_stream> stream,
                                    std::uint64_t key) {
    beast::flat_buffer buffer;
    while (!self->stopping) {
      http::request_parser<http::string_body> parser;
      parser.header_limit(8 * 1024);
      parser.body_limit(1024);
      stream->expires_after(io_timeout);
      auto [ec, n] = co_await http::async_read(*stream, buffer, parser, use_tuple);
      if (ec) break;
      http::request<http::string_body> req = parser.release();
      support::WebRequest web;
      web.method = std::string(req.method_string());
      web.target = std::string(req.target());
      for (const auto& field : req) web.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
      std::optional<support::WebResponse> answer;
      try {
        answer = co_await self->hook(std::move(web));
      } catch (const std::exception& e) {
        support::log::error("metrics", std::string("answering ") + std::string(req.target()) + " failed: " + e.what());
        answer = plain(500, "Internal error; try again later.\n");
      }
      if (!answer) answer = plain(404, "Not found\n");
      http::response<http::string_body> res{static_cast<http::status>(answer->status), req.version()};
      res.set(http::field::server, "trakt-mcp");
      for (auto& [k, v] : answer->headers) res.set(k, v);
      res.body() = std::move(answer->body);
      res.keep_alive(req.keep_alive());
      res.prepare_payload();
      stream->expires_after(io_timeout);
      auto [wec, wn] = co_await http::async_write(*stream, res, use_tuple);
      if (wec || !res.keep_alive()) break;
    }
    boost::system::error_code ignored;
    stream->socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream->socket().close(ignored);
    self->connections.erase(key);
  }
};

WebListener::WebListener(net::any_io_executor executor, std::string host, std::uint16_t port, Hook hook)
    : impl_(std::make_shared<Impl>(std::move(executor), std::move(host), port, std::move(hook))) {}

WebListener::~WebListener() { impl_->stop(); }

boost::system::error_code WebListener::listen() { return impl_->listen(); }
std::uint16_t WebListener::port() const { return impl_->bound.port(); }
std::string WebListener::address() const { return host_port(impl_->bound); }
net::awaitable<void> WebListener::run() { return impl_->run(); }
void WebListener::stop() { impl_->stop(); }

}  // namespace transport
