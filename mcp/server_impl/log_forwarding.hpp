#pragma once
// The process log as notifications/message (part of mcp::Server): to the
// session at the level logging/setLevel chose, and to each stateless call that
// asked (_meta logLevel) on its own route while it runs.

#include "mcp/server_impl/calls_in_flight.hpp"
#include "mcp/server_impl/outbox.hpp"
#include "mcp/server_impl/request.hpp"
#include "mcp/server_impl/shared_part.hpp"
#include "support/log.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <atomic>
#include <optional>
#include <string_view>

namespace mcp::server_impl {

inline constexpr std::string_view level_names = "debug, info, notice, warning, error, critical, alert, emergency";

// The level a stateless request asks its call's log lines at; nullopt otherwise.
std::optional<support::LogLevel> requested_log_level(const Request& r);

class LogForwarding : public SharedPart<LogForwarding> {
public:
  // `enabled`: Limits::forward_process_log.
  LogForwarding(boost::asio::any_io_executor executor, const Outbox& outbox, const CallsInFlight& calls, bool enabled)
      : executor_(std::move(executor)), outbox_(outbox), calls_(calls), enabled_(enabled) {}

  void on_set_level(Request r);  // logging/setLevel
  // Starts listening to the process log, once (a level was asked for).
  void ensure_sink();
  void stop();  // the Server is destroyed

private:
  void forward(support::LogLevel level, std::string_view logger, std::string_view message);

  boost::asio::any_io_executor executor_;
  const Outbox& outbox_;
  const CallsInFlight& calls_;
  const bool enabled_;
  // Set by logging/setLevel; -1: the client asked for nothing. Atomic because
  // log lines may be written on other threads.
  std::atomic<int> client_level_{-1};
  int sink_id_ = 0;
  bool in_sink_ = false;  // a send that logs must not loop back into the sink
};

}  // namespace mcp::server_impl
