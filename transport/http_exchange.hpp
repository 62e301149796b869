#pragma once
// How the HTTP transport gets a Server's messages to the responses waiting for
// them. Each POST that carries a request registers an Exchange under a fresh
// route; the Router hands every Outgoing to the Exchange of its route (route 0:
// the session's GET stream). deliver() then answers the request with JSON, or
// with an SSE stream of its notifications that ends with the answer, and says
// whether the client hung up first.

#include "mcp/era.hpp"
#include "mcp/server.hpp"
#include "support/event.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace transport::http_exchange {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Headers = std::vector<std::pair<std::string, std::string>>;

// Messages the Server routed to one waiting HTTP response.
struct Exchange {
  explicit Exchange(boost::asio::any_io_executor executor) : wake(std::move(executor)) {}
  std::deque<std::string> notes;      // notifications, in order
  std::optional<std::string> answer;  // the final message ("": nothing to say)
  int error_code = 0;                 // of the answer, when a single error
  bool ended = false;                 // session or server gone: end without an answer
  support::Event wake;                // notified whenever something arrives

  bool ready() const { return !notes.empty() || answer || ended; }
  void end() {
    ended = true;
    wake.notify();
  }
};

// Routes a Server's messages by route to the exchanges waiting for them.
struct Router {
  std::unordered_map<std::uint64_t, std::weak_ptr<Exchange>> exchanges;
  std::weak_ptr<Exchange> standalone;  // the GET stream, for route 0

  void route(mcp::Outgoing out);
  // The session or its Server is gone: every waiting response ends without an answer.
  void end_all();
};

// The Server's sender: routes through `router` while it lives.
mcp::Server::RoutedSender sender_for(const std::shared_ptr<Router>& router);

// One client connection, and what every response on it carries.
struct Connection {
  Connection(boost::asio::ip::tcp::socket socket, std::string server_header,
             std::chrono::seconds keepalive_interval)
      : stream(std::move(socket)), server_header(std::move(server_header)), keepalive_interval(keepalive_interval) {}
  boost::beast::tcp_stream stream;
  boost::beast::flat_buffer buffer;
  std::string server_header;                // the HTTP Server header
  std::chrono::seconds keepalive_interval;  // SSE comment when a stream is quiet
  bool watching = true;  // a read may tell us the client hung up (false once it sent more)
};

// What a response takes from its request, copied so that no coroutine holds
// on to the request itself.
struct ReplyTo {
  ReplyTo(unsigned version, bool keep_alive) : version(version), keep_alive(keep_alive) {}
  ReplyTo(const Request& req)  // NOLINT: implicit on purpose
      : version(req.version()), keep_alive(req.keep_alive()), method(boost::beast::http::to_string(req.method())) {}
  unsigned version;
  bool keep_alive;
  std::string_view method = "unread";  // Beast's static name of the verb, for the metrics
};

// Writes one complete response; true when the connection may carry another.
boost::asio::awaitable<bool> reply(std::shared_ptr<Connection> conn, ReplyTo to, boost::beast::http::status status,
                                   std::string body, Headers headers = {});

// The same with a JSON-RPC error (id null) as the body.
boost::asio::awaitable<bool> reply_error(std::shared_ptr<Connection> conn, ReplyTo to,
                                         boost::beast::http::status status, int code, std::string message,
                                         Headers headers = {});

enum class Delivered {
  keep,   // answered; the connection may carry another request
  close,  // answered (or the write failed after the answer); close the connection
  gone,   // the client hung up before the answer
};

// Answers one request: as JSON when the answer is already there or the client
// takes no SSE, else as an SSE stream of its notifications and then the answer.
// The era picks the status of the answer (see http_rules::status_for).
boost::asio::awaitable<Delivered> deliver(std::shared_ptr<Connection> conn, ReplyTo to, std::shared_ptr<Exchange> ex,
                                          bool sse, mcp::Era era, Headers headers = {});

// An SSE response (chunked, so the connection survives it) that ends with the
// exchange's answer, or when the exchange ends (the GET stream).
boost::asio::awaitable<Delivered> stream_events(std::shared_ptr<Connection> conn, ReplyTo to,
                                                std::shared_ptr<Exchange> ex, Headers headers = {});

}  // namespace transport::http_exchange
