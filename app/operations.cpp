// See operations.hpp.

#include "app/operations.hpp"

#include "support/log.hpp"
#include "support/metrics.hpp"
#include "transport/http.hpp"

#include <charconv>
#include <cstdlib>
#include <iostream>
#include <utility>

namespace net = boost::asio;

namespace app {

namespace {

// Parameters by value: a coroutine (GCC 12, see ARCHITECTURE.md).
net::awaitable<std::optional<support::WebResponse>> answer(support::WebRequest request,
                                                           MetricsEndpoint::Readiness readiness) {
  const std::string path(request.path());
  if (path == "/metrics") {
    if (request.method != "GET" && request.method != "HEAD")
      co_return support::WebResponse{405, {{"Allow", "GET, HEAD"}, {"Content-Type", "text/plain; charset=utf-8"}},
                                     "Method not allowed: GET /metrics\n"};
    support::WebResponse res{200, {{"Content-Type", "text/plain; version=0.0.4; charset=utf-8"}}, {}};
    if (request.method == "GET") res.body = support::metrics::render();
    co_return res;
  }
  co_return co_await transport::health_response(request.method, path, std::move(readiness));
}

}  // namespace

std::optional<ListenAddress> parse_listen_address(const std::string& text) {
  ListenAddress out;
  out.text = text;
  std::string port_text = text;
  if (const auto colon = text.rfind(':'); colon != std::string::npos) {
    out.host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
    if (out.host.empty()) return std::nullopt;
  }
  unsigned value = 0;
  const auto* end = port_text.data() + port_text.size();
  auto [ptr, ec] = std::from_chars(port_text.data(), end, value);
  if (ec != std::errc() || ptr != end || port_text.empty() || value > 65535) return std::nullopt;
  out.port = static_cast<std::uint16_t>(value);
  return out;
}

MetricsEndpoint::MetricsEndpoint(net::any_io_executor executor, ListenAddress address, Readiness readiness)
    : text_(address.text) {
  support::metrics::enable();
  listener_ = std::make_unique<transport::WebListener>(
      std::move(executor), std::move(address.host), address.port,
      [readiness = std::move(readiness)](support::WebRequest request) { return answer(std::move(request), readiness); });
}

bool MetricsEndpoint::listen() {
  if (auto ec = listener_->listen()) {
    std::cerr << "trakt-mcp serve --metrics: cannot listen on " << text_ << ": " << ec.message() << "\n";
    return false;
  }
  support::log::info("trakt-mcp", "metrics at http://" + listener_->address() + "/metrics");
  return true;
}

net::awaitable<void> MetricsEndpoint::run() { return listener_->run(); }
void MetricsEndpoint::stop() { listener_->stop(); }

std::optional<std::string> metrics_address(const std::optional<std::string>& flag) {
  if (flag) return flag;
  if (const char* v = std::getenv("TRAKT_MCP_METRICS"); v && *v) return std::string(v);
  return std::nullopt;
}

}  // namespace app
