#pragma once
// What operators of `serve --http` get besides MCP: the metrics address
// (--metrics [HOST:]PORT or TRAKT_MCP_METRICS) serving Prometheus' /metrics,
// and /healthz and /readyz there too (the MCP listener answers those itself).

#include "transport/web_listener.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace app {

// [HOST:]PORT of `serve --http` and `--metrics`; HOST may be [v6] (default 127.0.0.1).
struct ListenAddress {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  std::string text;  // as given, for messages
};
std::optional<ListenAddress> parse_listen_address(const std::string& text);

// GET /metrics (text exposition format 0.0.4), /healthz, /readyz.
class MetricsEndpoint {
public:
  using Readiness = std::function<boost::asio::awaitable<std::string>()>;

  // Turns metrics on for the whole process.
  MetricsEndpoint(boost::asio::any_io_executor executor, ListenAddress address, Readiness readiness);

  // Binds; false after saying on stderr why not.
  bool listen();
  // Serves until stop(); run it beside the MCP transport.
  boost::asio::awaitable<void> run();
  void stop();

private:
  std::string text_;
  std::unique_ptr<transport::WebListener> listener_;
};

// The metrics address from --metrics or TRAKT_MCP_METRICS (flag first);
// nullopt when neither is given.
std::optional<std::string> metrics_address(const std::optional<std::string>& flag);

}  // namespace app
