// One MCP session (see server.hpp), put together from its parts in
// mcp/server_impl/: the dispatcher sorts every message and finds the method's
// row in the table below (which eras serve it); each request is answered
// exactly once (ReplyOnce). Calls run in CallsInFlight, may ask the client
// (ClientRequests), and the process log reaches clients that asked
// (LogForwarding).

#include "mcp/server.hpp"

#include "mcp/server_impl/calls_in_flight.hpp"
#include "mcp/server_impl/catalog_methods.hpp"
#include "mcp/server_impl/client_requests.hpp"
#include "mcp/server_impl/dispatch.hpp"
#include "mcp/server_impl/lifecycle.hpp"
#include "mcp/server_impl/list_method.hpp"
#include "mcp/server_impl/log_forwarding.hpp"
#include "mcp/server_impl/outbox.hpp"
#include "support/log.hpp"

#include <boost/asio/awaitable.hpp>

#include <string>
#include <utility>

namespace net = boost::asio;
namespace json = boost::json;

namespace mcp {

using namespace server_impl;

struct Server::Impl : std::enable_shared_from_this<Impl> {
  // What the catalog belongs to (keep_alive): first, so it goes last.
  std::shared_ptr<const void> owner;
  std::any call_scope;  // set_call_scope

  Catalog catalog;
  ServerInfo info;
  Session session;
  Outbox outbox;
  Lifecycle lifecycle{info, catalog, session};
  CallsInFlight calls;
  ClientRequests client_requests;
  LogForwarding log_forwarding;
  Dispatcher dispatcher;

  Impl(net::any_io_executor ex, Catalog c, ServerInfo i, RoutedSender send, Limits limits)
      : catalog(c), info(std::move(i)), outbox(std::move(send)), calls(ex, outbox, limits.person),
        client_requests(ex, outbox, session, limits.elicitation_timeout),
        log_forwarding(ex, outbox, calls, limits.forward_process_log),
        dispatcher(outbox, session, limits.max_depth,
                   [this](json::object& result) { lifecycle.mark_stateless(result); }) {
    dispatcher.methods = methods();
    dispatcher.on_notification = [this](std::string_view method, const json::object* params) {
      if (method == "notifications/cancelled") return calls.on_cancelled(params);
      if (method == "notifications/initialized") return;
      // Unknown notifications are ignored, as JSON-RPC asks.
      support::log::debug(logger_name, "ignoring notification " + std::string(method));
    };
    dispatcher.on_response = [this](const json::value& id, const json::value& message) {
      client_requests.on_response(id, message);
    };
  }

  // Right after make_shared: the parts' handles keep this whole Impl alive.
  void share() {
    const std::shared_ptr<void> self = shared_from_this();
    calls.share_from(self);
    client_requests.share_from(self);
    log_forwarding.share_from(self);
    dispatcher.share_from(self);
  }

  // Each method, the eras that serve it and whether legacy wants initialize
  // first. The handlers run only while this Impl lives (the dispatcher is in it).
  Dispatcher::MethodTable methods() {
    auto start = [this](Request r, CallsInFlight::Work work, CallsInFlight::Failed failed) {
      start_call(std::move(r), std::move(work), std::move(failed));
    };
    auto resources = [this] { return offers_resources(catalog); };
    auto prompts = [this] { return offers_prompts(catalog); };
    auto tool_list = [this] { return describe_all(catalog.tools.all()); };
    auto resource_list = [this] { return describe_all(catalog.resources->resources()); };
    auto template_list = [this] { return describe_all(catalog.resources->templates()); };
    auto prompt_list = [this] { return describe_all(catalog.prompts->all()); };
    auto call_tool = [this, start](Request r) { call_tool_method(std::move(r), catalog.tools, start); };
    auto read_resource = [this, start](Request r) { read_resource_method(std::move(r), catalog, start); };
    return {
        {"initialize", {true, false, false, [this](Request r) { lifecycle.on_initialize(std::move(r)); }}},
        {"ping", {true, false, false, &Lifecycle::on_ping}},
        {"logging/setLevel", {true, false, true, [this](Request r) { log_forwarding.on_set_level(std::move(r)); }}},
        {"server/discover", {false, true, false, [this](Request r) { lifecycle.on_discover(std::move(r)); }}},
        {"tools/list", {true, true, true, ListMethod{"tools", false, {}, tool_list}}},
        {"tools/call", {true, true, true, call_tool}},
        {"resources/list", {true, true, true, ListMethod{"resources", true, resources, resource_list}}},
        {"resources/templates/list",
         {true, true, true, ListMethod{"resourceTemplates", true, resources, template_list}}},
        {"resources/read", {true, true, true, read_resource}},
        {"prompts/list", {true, true, true, ListMethod{"prompts", true, prompts, prompt_list}}},
        {"prompts/get", {true, true, true, [this](Request r) { get_prompt_method(std::move(r), catalog); }}},
    };
  }

  void start_call(Request r, CallsInFlight::Work work, CallsInFlight::Failed failed) {
    const std::optional<support::LogLevel> log_level = requested_log_level(r);
    auto call = calls.open(r, log_level);
    if (!call) return;
    if (log_level) log_forwarding.ensure_sink();
    CallContext ctx = calls.context(call, *r.params);
    ctx.elicit = client_requests.elicitor(r, call);
    ctx.scope = call_scope;
    calls.run(std::move(call), std::move(r), std::move(ctx), std::move(work), std::move(failed));
  }
};

Server::Server(net::any_io_executor executor, Catalog catalog, ServerInfo info, Sender send, Limits limits)
    : Server(std::move(executor), catalog, std::move(info),
             RoutedSender([send = std::move(send)](Outgoing out) {
               if (send && !out.text.empty()) send(std::move(out.text));
             }),
             limits) {}

Server::Server(net::any_io_executor executor, Catalog catalog, ServerInfo info, RoutedSender send, Limits limits)
    : impl_(std::make_shared<Impl>(std::move(executor), catalog, std::move(info), std::move(send), limits)) {
  impl_->share();
}

Server::~Server() {
  // Running calls may outlive us (they hold the Impl): stop them, and make
  // sure nothing they finish is sent anywhere.
  impl_->outbox.close();
  impl_->log_forwarding.stop();
  impl_->calls.cancel_all();
  impl_->calls.drained().notify();
}

void Server::handle(std::string_view message) { impl_->dispatcher.handle(message, Source{}); }

void Server::handle(std::string_view message, Source from) { impl_->dispatcher.handle(message, from); }

void Server::handle(const json::value& message, Source from) { impl_->dispatcher.handle(message, from); }

void Server::reject_oversized(std::size_t limit_bytes) {
  // -32600, not -32700: the text may well be JSON; what is wrong is its size.
  impl_->outbox.emit_final(json::value(jsonrpc::make_error(
                               nullptr, jsonrpc::invalid_request,
                               "Message too large: limit is " + std::to_string(limit_bytes) + " bytes")),
                           0);
}

void Server::abandon(std::uint64_t route) { impl_->calls.cancel_all(route); }

net::awaitable<void> Server::drain() {
  // Hold the Impl: the Server may be destroyed while we wait.
  auto impl = impl_;
  while (!impl->calls.all().empty() && impl->outbox.open()) co_await impl->calls.drained().wait();
}

std::size_t Server::in_flight() const { return impl_->calls.all().size(); }

void Server::keep_alive(std::shared_ptr<const void> owner) { impl_->owner = std::move(owner); }

void Server::set_call_scope(std::any scope) { impl_->call_scope = std::move(scope); }

}  // namespace mcp
