#pragma once
// A small plain-HTTP listener for operators' endpoints (the Prometheus
// metrics address): each request goes to one hook, answered with what it
// returns, or 404. Bodies are refused; a few connections at a time; no MCP.

#include "support/web.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/system/error_code.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace transport {

class WebListener {
public:
  using Hook = std::function<boost::asio::awaitable<std::optional<support::WebResponse>>(support::WebRequest)>;

  WebListener(boost::asio::any_io_executor executor, std::string host, std::uint16_t port, Hook hook);
  ~WebListener();
  WebListener(const WebListener&) = delete;
  WebListener& operator=(const WebListener&) = delete;

  // Binds and listens; the error says why not (address in use, bad host).
  boost::system::error_code listen();
  std::uint16_t port() const;
  std::string address() const;  // HOST:PORT as bound

  // Accepts connections until stop().
  boost::asio::awaitable<void> run();
  void stop();

private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace transport
