#pragma once
// Requests that run as coroutines (tools/call, resources/read): each one
// cancellable by id (notifications/cancelled), by route (abandon) and by the
// Server's end, with progress when asked, and answered once when done (part of
// mcp::Server).

#include "mcp/server_impl/outbox.hpp"
#include "mcp/server_impl/request.hpp"
#include "mcp/server_impl/shared_part.hpp"
#include "mcp/tool.hpp"
#include "support/event.hpp"
#include "support/log.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

namespace mcp::server_impl {

// What a call ends with: its result, or a JSON-RPC error when code is set.
struct Answer {
  boost::json::object result;
  int code = 0;
  std::string message;
  boost::json::value data;
};

struct Call {
  std::string key;                           // id_key of the request's id
  boost::asio::cancellation_signal signal;
  std::uint64_t route = 0;                   // Source::route of the request
  std::optional<support::LogLevel> log_level;  // stateless: _meta logLevel, log lines go with this call
  bool cancelled = false;                    // the client cancelled it: never answer
  bool finished = false;                     // answered: no more progress or logs
};

class CallsInFlight : public SharedPart<CallsInFlight> {
public:
  using Work = std::function<boost::asio::awaitable<Answer>(CallContext)>;
  // Turns an exception out of the work into the answer.
  using Failed = std::function<Answer(const std::string& what)>;

  // `person`: whose calls these are, for their log lines (see Limits::person).
  CallsInFlight(boost::asio::any_io_executor executor, const Outbox& outbox, std::string person)
      : executor_(executor), outbox_(outbox), person_(std::move(person)), drained_(executor) {}

  // Registers the request as a call; null (and the request answered) when
  // its id is already in use.
  std::shared_ptr<Call> open(Request& r, std::optional<support::LogLevel> log_level);
  // A context with progress when the request asked for it (_meta.progressToken).
  CallContext context(const std::shared_ptr<Call>& call, const boost::json::object& params) const;
  // Runs `work` for an open call and answers the request when it ends.
  void run(std::shared_ptr<Call> call, Request r, CallContext ctx, Work work, Failed failed);

  void on_cancelled(const boost::json::object* params);  // notifications/cancelled
  void cancel_all(std::optional<std::uint64_t> only_route = std::nullopt);

  const std::unordered_map<std::string, std::shared_ptr<Call>>& all() const { return calls_; }
  // Read from any thread: lets log lines skip the hop when no call wants them.
  int with_log_level() const { return with_log_level_.load(std::memory_order_relaxed); }
  support::Event& drained() { return drained_; }  // notified whenever no call is left

private:
  void finish(const std::shared_ptr<Call>& call, ReplyOnce reply, Answer answer);

  boost::asio::any_io_executor executor_;
  const Outbox& outbox_;
  std::string person_;
  std::unordered_map<std::string, std::shared_ptr<Call>> calls_;  // by id_key
  std::atomic<int> with_log_level_{0};
  support::Event drained_;
};

}  // namespace mcp::server_impl
