#include "mcp/server_impl/calls_in_flight.hpp"

#include "mcp/json_rpc.hpp"
#include "support/exception.hpp"
#include "support/json_fields.hpp"
#include "support/scoped_executor.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>

#include <exception>
#include <utility>
#include <vector>

namespace net = boost::asio;
namespace json = boost::json;

namespace mcp::server_impl {

namespace log = support::log;

namespace {

std::optional<json::value> progress_token(const json::object& params) {
  const json::object* meta = support::object_field(params, "_meta");
  const json::value* token = meta ? meta->if_contains("progressToken") : nullptr;
  if (!token || !jsonrpc::valid_id(*token)) return std::nullopt;
  return *token;
}

}  // namespace

std::shared_ptr<Call> CallsInFlight::open(Request& r, std::optional<support::LogLevel> log_level) {
  // An id is the handle for cancellation, so two live calls cannot share one.
  std::string key = id_key(r.reply.id());
  if (calls_.contains(key)) {
    r.reply.error(jsonrpc::invalid_request, "Invalid Request: id " + key + " is already in use by a request in flight");
    return nullptr;
  }
  auto call = std::make_shared<Call>();
  call->key = key;
  call->route = r.route;
  call->log_level = log_level;
  if (log_level) ++with_log_level_;
  calls_.emplace(std::move(key), call);
  return call;
}

CallContext CallsInFlight::context(const std::shared_ptr<Call>& call, const json::object& params) const {
  CallContext ctx;
  if (auto token = progress_token(params)) {
    ctx.progress = [weak = weak_from_this(), call, token = std::move(*token)](
                       double progress, std::optional<double> total, std::string message) {
      auto self = weak.lock();
      if (!self || call->finished || call->cancelled) return;
      json::object p{{"progressToken", token}, {"progress", jsonrpc::number(progress)}};
      if (total) p.emplace("total", jsonrpc::number(*total));
      if (!message.empty()) p.emplace("message", std::move(message));
      self->outbox_.emit(jsonrpc::make_notification("notifications/progress", std::move(p)), call->route);
    };
  }
  return ctx;
}

void CallsInFlight::run(std::shared_ptr<Call> call, Request r, CallContext ctx, Work work, Failed failed) {
  // Every step of the call runs in its log scope: its lines name the request and the person.
  const net::any_io_executor scoped =
      support::ScopedExecutor(executor_, std::make_shared<const support::LogScope>(support::LogScope{call->key, person_}));
  net::co_spawn(scoped, work(std::move(ctx)),
                net::bind_cancellation_slot(
                    call->signal.slot(),
                    [self = shared_from_this(), call, method = std::string(r.method), failed = std::move(failed),
                     reply = std::move(r.reply)](std::exception_ptr ep, Answer answer) mutable {
                      if (ep && !call->cancelled) {
                        const std::string what = support::describe(ep);
                        log::error(logger_name, method + " " + call->key + " failed: " + what);
                        answer = failed(what);
                      }
                      self->finish(call, std::move(reply), std::move(answer));
                    }));
}

void CallsInFlight::finish(const std::shared_ptr<Call>& call, ReplyOnce reply, Answer answer) {
  call->finished = true;
  if (call->log_level) --with_log_level_;
  if (auto it = calls_.find(call->key); it != calls_.end() && it->second == call) calls_.erase(it);
  if (call->cancelled) {
    log::debug(logger_name, "request " + call->key + " cancelled; not answering");
    reply.nothing();
  } else if (answer.code != 0) {
    reply.error(answer.code, answer.message, std::move(answer.data));
  } else {
    reply.result(std::move(answer.result));
  }
  if (calls_.empty()) drained_.notify();
}

void CallsInFlight::on_cancelled(const json::object* p) {
  const json::value* request_id = p ? p->if_contains("requestId") : nullptr;
  if (!request_id || !jsonrpc::valid_id(*request_id)) return;
  auto it = calls_.find(id_key(*request_id));
  // Unknown or finished ids are normal: the answer and the cancellation crossed.
  if (it == calls_.end() || it->second->cancelled) return;
  std::string reason;
  if (const auto* r = p->if_contains("reason"); r && r->is_string()) reason = r->get_string();
  log::debug(logger_name, "cancelling request " + it->first + (reason.empty() ? "" : ": " + reason));
  auto call = it->second;  // emit may re-enter and finish the call
  call->cancelled = true;
  call->signal.emit(net::cancellation_type::terminal);
}

void CallsInFlight::cancel_all(std::optional<std::uint64_t> only_route) {
  std::vector<std::shared_ptr<Call>> running;
  for (auto& [key, call] : calls_)
    if (!only_route || call->route == *only_route) running.push_back(call);
  for (auto& call : running) {
    if (call->cancelled) continue;
    call->cancelled = true;
    call->signal.emit(net::cancellation_type::terminal);
  }
}

}  // namespace mcp::server_impl
