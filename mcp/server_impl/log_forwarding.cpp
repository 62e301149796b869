#include "mcp/server_impl/log_forwarding.hpp"

#include "mcp/era.hpp"
#include "mcp/json_rpc.hpp"
#include "support/json_fields.hpp"

#include <boost/asio/dispatch.hpp>

#include <string>

namespace net = boost::asio;
namespace json = boost::json;

namespace mcp::server_impl {

namespace log = support::log;
using support::LogLevel;

std::optional<LogLevel> requested_log_level(const Request& r) {
  if (r.era != Era::stateless) return std::nullopt;
  const auto* meta = support::object_field(*r.params, "_meta");
  const auto* level = meta ? meta->if_contains(meta_log_level) : nullptr;
  if (!level || !level->is_string()) return std::nullopt;
  return support::parse_log_level(std::string_view(level->get_string()));
}

void LogForwarding::on_set_level(Request r) {
  const json::value* name = r.params->if_contains("level");
  std::optional<LogLevel> level;
  if (name && name->is_string()) level = support::parse_log_level(std::string_view(name->get_string()));
  if (!level)
    return r.reply.error(jsonrpc::invalid_params,
                         "Invalid params: \"level\" must be one of " + std::string(level_names));
  client_level_ = static_cast<int>(*level);
  ensure_sink();
  r.reply.result({});
}

void LogForwarding::ensure_sink() {
  if (sink_id_ != 0 || !enabled_) return;
  sink_id_ = log::add_sink([weak = weak_from_this()](LogLevel lvl, std::string_view logger, std::string_view message) {
    if (auto self = weak.lock()) self->forward(lvl, logger, message);
  });
}

void LogForwarding::stop() {
  if (sink_id_ != 0) log::remove_sink(sink_id_);
}

// Called for every log line, from whatever thread wrote it: hop onto the
// executor (inline when already there) before touching the session.
void LogForwarding::forward(LogLevel level, std::string_view logger, std::string_view message) {
  const int threshold = client_level_.load(std::memory_order_relaxed);
  const bool session_wants = threshold >= 0 && static_cast<int>(level) >= threshold;
  if (!session_wants && calls_.with_log_level() == 0) return;
  net::dispatch(executor_, [weak = weak_from_this(), level, session_wants, logger = std::string(logger),
                            message = std::string(message)] {
    auto self = weak.lock();
    if (!self || !self->outbox_.open() || self->in_sink_) return;
    self->in_sink_ = true;
    const auto note = jsonrpc::make_notification(
        "notifications/message", json::object{{"level", to_string(level)}, {"logger", logger}, {"data", message}});
    if (session_wants) self->outbox_.emit(note);
    for (const auto& [key, call] : self->calls_.all())
      if (call->log_level && level >= *call->log_level && !call->finished && !call->cancelled)
        self->outbox_.emit(note, call->route);
    self->in_sink_ = false;
  });
}

}  // namespace mcp::server_impl
