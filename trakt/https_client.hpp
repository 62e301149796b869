#pragma once
// An HTTPS/1.1 client for one endpoint: certificate and host-name verification,
// SNI, a deadline on every step, keep-alive connections kept in a small pool,
// and one transparent reconnect when a reused connection turns out dead.
// Cancellation: Asio per-operation cancellation of the awaiting coroutine
// aborts the exchange and throws away its connection.

#include "trakt/error.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace trakt {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

// Where the API lives, from a URL such as https://api.trakt.tv or
// https://127.0.0.1:8443 (tests).
struct Endpoint {
  std::string host;
  std::string port;
  std::string base_path;  // without trailing slash; usually empty

  std::string url() const;
  std::string host_header() const;  // host[:port], IPv6 in brackets
};

Result<Endpoint> parse_endpoint(std::string_view url);

struct HttpsOptions {
  std::chrono::milliseconds resolve_timeout{10'000};
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds handshake_timeout{10'000};
  std::chrono::milliseconds response_timeout{30'000};  // request written and response read
  std::size_t max_body_bytes = 32 * 1024 * 1024;
  std::size_t max_connections = 64;  // open at once; more requests wait
  std::size_t max_idle = 64;         // kept for reuse
  std::chrono::seconds idle_timeout{30};  // idle longer than this: closed, not reused
  // After a burst, the idle connections beyond `warm_idle` are closed once
  // idle for `surplus_idle_timeout`: each holds about 28 KiB of TLS state.
  // A question's own bursts (pages, up next's progress reads) come back to
  // back and find them all; the next question comes after the model has
  // read the answer, seconds later, and needs the warm few.
  std::size_t warm_idle = 4;
  std::chrono::milliseconds surplus_idle_timeout{1000};
  // When set, only addresses it accepts are connected to: checked on the very
  // addresses the connection uses, so a name cannot resolve differently
  // between a check and the connect (hosted mode's metadata fetches).
  std::function<bool(const boost::asio::ip::address&)> allow_address;
};

class HttpsClient {
public:
  HttpsClient(boost::asio::any_io_executor executor, Endpoint endpoint, HttpsOptions options = {});
  ~HttpsClient();
  HttpsClient(const HttpsClient&) = delete;
  HttpsClient& operator=(const HttpsClient&) = delete;

  // Sends one request (Host is filled in) and reads the whole response.
  boost::asio::awaitable<Result<HttpResponse>> send(HttpRequest request);

  const Endpoint& endpoint() const;

  struct Impl;  // public so that connection leases can name it

private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace trakt
