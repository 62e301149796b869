// One MCP session (see server.hpp): dispatch of parsed JSON-RPC messages to
// the lifecycle, tools, cancellation and logging handlers.

#include "mcp/server.hpp"

#include "mcp/json_rpc.hpp"
#include "support/log.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <exception>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

namespace net = boost::asio;
namespace json = boost::json;

namespace mcp {

namespace log = support::log;
using support::LogLevel;

namespace {

// Legacy versions, negotiated by initialize, newest first.
constexpr std::array<std::string_view, 4> supported_versions = {"2025-11-25", "2025-06-18", "2025-03-26",
                                                                 "2024-11-05"};
constexpr std::string_view latest_version = "2025-11-25";
// How long a client may keep tools/list (2026-07-28 CacheableResult): the
// tools never change while the process runs, and they are the same for everyone.
constexpr std::int64_t tools_list_ttl_ms = 60 * 60 * 1000;
// The only revision whose JSON-RPC allows batches (added in it, removed after).
constexpr std::string_view batch_version = "2025-03-26";
constexpr std::string_view logger_name = "mcp";

// Where the answer to one message goes: straight out, or into a batch.
// Called exactly once per message; nullopt means "nothing to answer"
// (notifications, responses, cancelled requests).
using Reply = std::function<void(std::optional<json::object>)>;

json::array all_versions() {
  json::array versions{stateless_protocol_version};
  for (auto v : supported_versions) versions.emplace_back(v);
  return versions;
}

// The code of a single error answer; 0 for results and batches.
int error_code_of(const json::value& message) {
  const auto* o = message.if_object();
  const json::value* error = o ? o->if_contains("error") : nullptr;
  const json::value* code = error && error->is_object() ? error->get_object().if_contains("code") : nullptr;
  return code && code->is_int64() ? static_cast<int>(code->get_int64()) : 0;
}

// The stateless _meta of a request's params, or nullptr.
const json::object* stateless_meta(const json::object* params) {
  const json::value* meta = params ? params->if_contains("_meta") : nullptr;
  if (!meta || !meta->is_object()) return nullptr;
  return meta->get_object().contains(meta_protocol_version) ? &meta->get_object() : nullptr;
}

json::object make_error_data(json::value id, int code, std::string_view message, json::value data) {
  auto e = jsonrpc::make_error(std::move(id), code, message);
  e["error"].get_object().emplace("data", std::move(data));
  return e;
}

// params as an object: absent counts as {}; anything else but an object is nullptr.
const json::object* params_object(const json::value* params) {
  static const json::object empty;
  if (!params || params->is_null()) return &empty;
  return params->if_object();
}

std::string id_key(const json::value& id) { return json::serialize(id); }

json::object tool_result_json(ToolResult result) {
  json::object r;
  json::array content;
  content.push_back(json::object{{"type", "text"}, {"text", std::move(result.text)}});
  r.emplace("content", std::move(content));
  if (!result.structured.is_null()) r.emplace("structuredContent", std::move(result.structured));
  if (result.is_error) r.emplace("isError", true);
  return r;
}

std::string describe(std::exception_ptr ep) {
  try {
    std::rethrow_exception(ep);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "unknown exception";
  }
}

// The coroutine spawned per tools/call. Holds its own copy of the tool's
// function so the registry entry is not touched after the call started.
net::awaitable<ToolResult> run_tool(
    std::function<net::awaitable<ToolResult>(json::object, CallContext)> invoke, json::object args,
    CallContext ctx) {
  co_return co_await invoke(std::move(args), std::move(ctx));
}

}  // namespace

struct Server::Impl : std::enable_shared_from_this<Impl> {
  struct Call {
    net::cancellation_signal signal;
    std::uint64_t route = 0;  // Source::route of the request
    bool cancelled = false;  // the client cancelled it: never answer
    bool finished = false;   // answered: no more progress
  };

  Impl(net::any_io_executor ex, const ToolRegistry& t, ServerInfo i, RoutedSender s, Limits l)
      : executor(std::move(ex)),
        tools(t),
        info(std::move(i)),
        send(std::move(s)),
        limits(l),
        drained(executor, net::steady_timer::time_point::max()) {}

  net::any_io_executor executor;
  const ToolRegistry& tools;
  ServerInfo info;
  RoutedSender send;
  Limits limits;

  bool alive = true;  // false once the Server is destroyed: drop everything
  bool initialized = false;
  std::string protocol_version;
  // Set by logging/setLevel; -1: the client asked for nothing. Atomic because
  // log lines may be written on other threads.
  std::atomic<int> client_log_level{-1};
  int sink_id = 0;
  bool in_sink = false;  // a send that logs must not loop back into the sink

  std::unordered_map<std::string, std::shared_ptr<Call>> calls;  // in flight, by serialized id
  net::steady_timer drained;  // cancelled whenever calls becomes empty

  // A notification (progress, log): never final.
  void emit(const json::value& message, std::uint64_t route = 0) {
    if (alive && send) send(Outgoing{json::serialize(message), route, false, 0});
  }

  // The one answer to the message from `route`; nullopt: nothing to say.
  void emit_final(const std::optional<json::value>& message, std::uint64_t route) {
    if (!alive || !send) return;
    if (message)
      send(Outgoing{json::serialize(*message), route, true, error_code_of(*message)});
    else
      send(Outgoing{std::string(), route, true, 0});
  }

  void handle(std::string_view text, Source from) {
    auto parsed = jsonrpc::parse(text, limits.max_depth);
    if (!parsed.error.empty()) {
      log::debug(logger_name, parsed.error);
      emit_final(json::value(jsonrpc::make_error(nullptr, jsonrpc::parse_error, parsed.error)), from.route);
      return;
    }
    handle(parsed.value, from);
  }

  void handle(const json::value& message, Source from) {
    if (auto* batch = message.if_array()) return handle_batch(*batch, from.route);
    const std::uint64_t route = from.route;
    dispatch(message, from, [this, route](std::optional<json::object> reply) {
      if (reply)
        emit_final(json::value(std::move(*reply)), route);
      else
        emit_final(std::nullopt, route);
    });
  }

  void handle_batch(const json::array& batch, std::uint64_t route) {
    if (protocol_version != batch_version) {
      const std::string why = initialized
                                  ? "Invalid Request: batches are not supported in protocol version " +
                                        protocol_version
                                  : "Invalid Request: batches are not supported before initialize";
      emit_final(json::value(jsonrpc::make_error(nullptr, jsonrpc::invalid_request, why)), route);
      return;
    }
    if (batch.empty()) {
      emit_final(json::value(jsonrpc::make_error(nullptr, jsonrpc::invalid_request, "Invalid Request: empty batch")),
                 route);
      return;
    }
    // All member answers leave together, as one array, once the last is in.
    struct Collector {
      json::array replies;
      std::size_t pending = 1;  // the loop below holds one until it is done
    };
    auto collector = std::make_shared<Collector>();
    Reply reply = [self = shared_from_this(), collector, route](std::optional<json::object> r) {
      if (r) collector->replies.emplace_back(std::move(*r));
      if (--collector->pending != 0) return;
      if (collector->replies.empty())
        self->emit_final(std::nullopt, route);
      else
        self->emit_final(json::value(std::move(collector->replies)), route);
    };
    for (const auto& member : batch) {
      ++collector->pending;
      if (member.is_array())
        reply(jsonrpc::make_error(nullptr, jsonrpc::invalid_request, "Invalid Request: batches cannot be nested"));
      else
        dispatch(member, Source{route, {}}, reply);
    }
    reply(std::nullopt);
  }

  void dispatch(const json::value& message, Source from, Reply reply) {
    auto in = jsonrpc::classify(message);
    switch (in.kind) {
      case jsonrpc::Message::Kind::request:
        if (is_stateless(in.method, in.params, from))
          return on_stateless_request(in.method, std::move(in.id), in.params, from.route, std::move(reply));
        return on_request(in.method, std::move(in.id), in.params, from.route, std::move(reply));
      case jsonrpc::Message::Kind::notification:
        on_notification(in.method, in.params);
        return reply(std::nullopt);
      case jsonrpc::Message::Kind::response:
        log::debug(logger_name, "ignoring a response to id " + id_key(in.id) + ": this server sends no requests");
        return reply(std::nullopt);
      case jsonrpc::Message::Kind::invalid:
        return reply(jsonrpc::make_error(std::move(in.id), jsonrpc::invalid_request, in.error));
    }
  }

  // A request is served statelessly (2026-07-28) when it carries the stateless
  // _meta, or when the transport says so and it is not an initialize.
  static bool is_stateless(std::string_view method, const json::value* params, const Source& from) {
    const json::object* p = params_object(params);
    if (stateless_meta(p)) return true;
    return method != "initialize" && from.protocol_version == stateless_protocol_version;
  }

  void on_request(std::string_view method, json::value id, const json::value* params, std::uint64_t route,
                  Reply reply) {
    if (method == "initialize") return reply(on_initialize(std::move(id), params));
    if (method == "ping") return reply(jsonrpc::make_result(std::move(id), json::object{}));
    if (!initialized)
      return reply(jsonrpc::make_error(std::move(id), jsonrpc::not_initialized,
                                       "Server not initialized: send initialize first"));
    if (method == "tools/list") return reply(on_tools_list(std::move(id)));
    if (method == "tools/call") return on_tools_call(std::move(id), params, route, false, std::move(reply));
    if (method == "logging/setLevel") return reply(on_set_level(std::move(id), params));
    reply(jsonrpc::make_error(std::move(id), jsonrpc::method_not_found,
                              "Method not found: " + std::string(method)));
  }

  // 2026-07-28: every request stands alone. Checks its _meta, then serves
  // server/discover, tools/list and tools/call; the methods that revision
  // removed (initialize, ping, logging/setLevel, ...) are unknown to it.
  void on_stateless_request(std::string_view method, json::value id, const json::value* params,
                         std::uint64_t route, Reply reply) {
    const json::object* p = params_object(params);
    if (!p)
      return reply(jsonrpc::make_error(std::move(id), jsonrpc::invalid_params,
                                       "Invalid params: params must be an object"));
    const json::value* meta = p->if_contains("_meta");
    if (!meta || !meta->is_object())
      return reply(jsonrpc::make_error(std::move(id), jsonrpc::invalid_params,
                                       "Invalid params: _meta with \"" + std::string(meta_protocol_version) +
                                           "\" and \"" + std::string(meta_client_capabilities) +
                                           "\" is required in protocol version " +
                                           std::string(stateless_protocol_version)));
    const json::value* version = meta->get_object().if_contains(meta_protocol_version);
    if (!version || !version->is_string())
      return reply(jsonrpc::make_error(std::move(id), jsonrpc::invalid_params,
                                       "Invalid params: _meta needs a string \"" +
                                           std::string(meta_protocol_version) + "\""));
    const json::value* caps = meta->get_object().if_contains(meta_client_capabilities);
    if (!caps || !caps->is_object())
      return reply(jsonrpc::make_error(std::move(id), jsonrpc::invalid_params,
                                       "Invalid params: _meta needs an object \"" +
                                           std::string(meta_client_capabilities) + "\""));
    if (version->get_string() != stateless_protocol_version)
      return reply(make_error_data(
          std::move(id), unsupported_protocol_version,
          "Unsupported protocol version: " + std::string(version->get_string()),
          json::object{{"supported", all_versions()}, {"requested", version->get_string()}}));

    if (method == "server/discover") return reply(stateless_result(std::move(id), discover_result()));
    if (method == "tools/list") {
      auto r = on_tools_list(std::move(id));
      auto& result = r["result"].get_object();
      result.emplace("ttlMs", tools_list_ttl_ms);
      result.emplace("cacheScope", "public");
      decorate(result);
      return reply(std::move(r));
    }
    if (method == "tools/call") return on_tools_call(std::move(id), params, route, true, std::move(reply));
    reply(jsonrpc::make_error(std::move(id), jsonrpc::method_not_found,
                              "Method not found: " + std::string(method) + " (protocol version " +
                                  std::string(stateless_protocol_version) + ")"));
  }

  json::object server_info_json() const {
    json::object server_info{{"name", info.name}};
    if (!info.title.empty()) server_info.emplace("title", info.title);
    server_info.emplace("version", info.version);
    return server_info;
  }

  // Every stateless result says what kind it is and who answered.
  void decorate(json::object& result) const {
    result.emplace("resultType", "complete");
    json::object meta;
    if (auto* m = result.if_contains("_meta"); m && m->is_object()) meta = m->get_object();
    meta.emplace(meta_server_info, server_info_json());
    result["_meta"] = std::move(meta);
  }

  json::object stateless_result(json::value id, json::object result) const {
    decorate(result);
    return jsonrpc::make_result(std::move(id), std::move(result));
  }

  json::object discover_result() const {
    json::object result;
    result.emplace("supportedVersions", all_versions());
    result.emplace("capabilities", json::object{{"tools", json::object{{"listChanged", false}}}});
    result.emplace("serverInfo", server_info_json());
    if (!info.instructions.empty()) result.emplace("instructions", info.instructions);
    return result;
  }

  void on_notification(std::string_view method, const json::value* params) {
    if (method == "notifications/cancelled") return on_cancelled(params);
    if (method == "notifications/initialized") return;
    // Unknown notifications are ignored, as JSON-RPC asks.
    log::debug(logger_name, "ignoring notification " + std::string(method));
  }

  json::object on_initialize(json::value id, const json::value* params) {
    if (initialized)
      return jsonrpc::make_error(std::move(id), jsonrpc::invalid_request, "Invalid Request: already initialized");
    const json::object* p = params_object(params);
    const json::value* requested = p ? p->if_contains("protocolVersion") : nullptr;
    if (!requested || !requested->is_string())
      return jsonrpc::make_error(std::move(id), jsonrpc::invalid_params,
                                 "Invalid params: initialize needs a string \"protocolVersion\"");

    // Echo a version we speak; otherwise offer our latest and let the client decide.
    const std::string_view wanted = requested->get_string();
    const bool known = std::find(supported_versions.begin(), supported_versions.end(), wanted) !=
                       supported_versions.end();
    protocol_version = std::string(known ? wanted : latest_version);
    initialized = true;

    std::string client = "unknown client";
    if (const auto* ci = p->if_contains("clientInfo"); ci && ci->is_object())
      if (const auto* name = ci->get_object().if_contains("name"); name && name->is_string())
        client = std::string(name->get_string());
    log::info(logger_name, "session started: " + client + ", protocol " + protocol_version);

    json::object result;
    result.emplace("protocolVersion", protocol_version);
    result.emplace("capabilities", json::object{{"tools", json::object{{"listChanged", false}}},
                                                {"logging", json::object{}}});
    result.emplace("serverInfo", server_info_json());
    if (!info.instructions.empty()) result.emplace("instructions", info.instructions);
    return jsonrpc::make_result(std::move(id), std::move(result));
  }

  json::object on_tools_list(json::value id) {
    // One page holds every tool, so a cursor (from nowhere) is ignored.
    json::array list;
    list.reserve(tools.all().size());
    for (const Tool& t : tools.all()) {
      json::object o;
      o.emplace("name", t.name);
      if (!t.title.empty()) o.emplace("title", t.title);
      o.emplace("description", t.description);
      // The spec requires an object schema even for tools without arguments.
      o.emplace("inputSchema", t.input_schema.empty() ? json::object{{"type", "object"}} : t.input_schema);
      if (!t.output_schema.empty()) o.emplace("outputSchema", t.output_schema);
      if (!t.annotations.empty()) o.emplace("annotations", t.annotations);
      list.emplace_back(std::move(o));
    }
    return jsonrpc::make_result(std::move(id), json::object{{"tools", std::move(list)}});
  }

  json::object on_set_level(json::value id, const json::value* params) {
    const json::object* p = params_object(params);
    const json::value* name = p ? p->if_contains("level") : nullptr;
    std::optional<LogLevel> level;
    if (name && name->is_string()) level = support::parse_log_level(std::string_view(name->get_string()));
    if (!level)
      return jsonrpc::make_error(std::move(id), jsonrpc::invalid_params,
                                 "Invalid params: \"level\" must be one of debug, info, notice, warning, "
                                 "error, critical, alert, emergency");
    client_log_level = static_cast<int>(*level);
    if (sink_id == 0) {
      std::weak_ptr<Impl> weak = weak_from_this();
      sink_id = log::add_sink([weak](LogLevel lvl, std::string_view logger, std::string_view message) {
        if (auto self = weak.lock()) self->forward_log(lvl, logger, message);
      });
    }
    return jsonrpc::make_result(std::move(id), json::object{});
  }

  // Called for every log line, from whatever thread wrote it: hop onto the
  // executor (inline when already there) before touching the session.
  void forward_log(LogLevel level, std::string_view logger, std::string_view message) {
    const int threshold = client_log_level.load(std::memory_order_relaxed);
    if (threshold < 0 || static_cast<int>(level) < threshold) return;
    net::dispatch(executor, [weak = weak_from_this(), level, logger = std::string(logger),
                             message = std::string(message)] {
      auto self = weak.lock();
      if (!self || !self->alive || self->in_sink) return;
      self->in_sink = true;
      self->emit(jsonrpc::make_notification(
          "notifications/message",
          json::object{{"level", to_string(level)}, {"logger", logger}, {"data", message}}));
      self->in_sink = false;
    });
  }

  void on_tools_call(json::value id, const json::value* params, std::uint64_t route, bool stateless, Reply reply) {
    const json::object* p = params_object(params);
    const json::value* name = p ? p->if_contains("name") : nullptr;
    if (!name || !name->is_string())
      return reply(jsonrpc::make_error(std::move(id), jsonrpc::invalid_params,
                                       "Invalid params: tools/call needs a string \"name\""));
    const Tool* tool = tools.find(std::string_view(name->get_string()));
    if (!tool)
      return reply(jsonrpc::make_error(std::move(id), jsonrpc::invalid_params,
                                       "Unknown tool: " + std::string(name->get_string())));
    json::object args;
    if (const json::value* a = p->if_contains("arguments"); a && !a->is_null()) {
      if (!a->is_object())
        return reply(jsonrpc::make_error(std::move(id), jsonrpc::invalid_params,
                                         "Invalid params: \"arguments\" must be an object"));
      args = a->get_object();
    }
    // An id is the handle for cancellation, so two live calls cannot share one.
    std::string key = id_key(id);
    if (calls.contains(key))
      return reply(jsonrpc::make_error(std::move(id), jsonrpc::invalid_request,
                                       "Invalid Request: id " + key + " is already in use by a request in flight"));

    auto call = std::make_shared<Call>();
    call->route = route;
    calls.emplace(key, call);

    CallContext ctx;
    if (auto token = progress_token(*p)) {
      ctx.progress = [weak = weak_from_this(), call, route, token = std::move(*token)](
                         double progress, std::optional<double> total, std::string message) {
        auto self = weak.lock();
        if (!self || call->finished || call->cancelled) return;
        json::object params{{"progressToken", token}, {"progress", jsonrpc::number(progress)}};
        if (total) params.emplace("total", jsonrpc::number(*total));
        if (!message.empty()) params.emplace("message", std::move(message));
        self->emit(jsonrpc::make_notification("notifications/progress", std::move(params)), route);
      };
    }

    net::co_spawn(
        executor, run_tool(tool->invoke, std::move(args), std::move(ctx)),
        net::bind_cancellation_slot(
            call->signal.slot(),
            [self = shared_from_this(), call, key = std::move(key), id = std::move(id), stateless,
             reply = std::move(reply)](std::exception_ptr ep, ToolResult result) mutable {
              self->finish_call(key, call, std::move(id), stateless, reply, ep, std::move(result));
            }));
  }

  static std::optional<json::value> progress_token(const json::object& params) {
    const json::value* meta = params.if_contains("_meta");
    if (!meta || !meta->is_object()) return std::nullopt;
    const json::value* token = meta->get_object().if_contains("progressToken");
    if (!token || !jsonrpc::valid_id(*token)) return std::nullopt;
    return *token;
  }

  void finish_call(const std::string& key, const std::shared_ptr<Call>& call, json::value id, bool stateless,
                   Reply& reply, std::exception_ptr ep, ToolResult result) {
    call->finished = true;
    if (auto it = calls.find(key); it != calls.end() && it->second == call) calls.erase(it);
    if (call->cancelled) {
      // The spec asks receivers of a cancellation not to answer at all.
      log::debug(logger_name, "request " + key + " cancelled; not answering");
      reply(std::nullopt);
    } else {
      if (ep) {
        const std::string what = describe(ep);
        log::error(logger_name, "tool call " + key + " failed: " + what);
        result = ToolResult::error("Internal error: " + what);
      }
      auto r = tool_result_json(std::move(result));
      if (stateless) decorate(r);
      reply(jsonrpc::make_result(std::move(id), std::move(r)));
    }
    if (calls.empty()) drained.cancel();
  }

  void on_cancelled(const json::value* params) {
    const json::object* p = params_object(params);
    const json::value* request_id = p ? p->if_contains("requestId") : nullptr;
    if (!request_id || !jsonrpc::valid_id(*request_id)) return;
    auto it = calls.find(id_key(*request_id));
    // Unknown or finished ids are normal: the answer and the cancellation crossed.
    if (it == calls.end() || it->second->cancelled) return;
    std::string reason;
    if (const auto* r = p->if_contains("reason"); r && r->is_string()) reason = r->get_string();
    log::debug(logger_name, "cancelling request " + it->first + (reason.empty() ? "" : ": " + reason));
    auto call = it->second;  // emit may re-enter and finish the call
    call->cancelled = true;
    call->signal.emit(net::cancellation_type::terminal);
  }

  void cancel_all(std::optional<std::uint64_t> only_route = std::nullopt) {
    std::vector<std::shared_ptr<Call>> running;
    for (auto& [key, call] : calls)
      if (!only_route || call->route == *only_route) running.push_back(call);
    for (auto& call : running) {
      call->cancelled = true;
      call->signal.emit(net::cancellation_type::terminal);
    }
  }
};

bool is_legacy_protocol_version(std::string_view version) {
  return std::find(supported_versions.begin(), supported_versions.end(), version) != supported_versions.end();
}

bool is_supported_protocol_version(std::string_view version) {
  return version == stateless_protocol_version || is_legacy_protocol_version(version);
}

Server::Server(net::any_io_executor executor, const ToolRegistry& tools, ServerInfo info, Sender send,
               Limits limits)
    : Server(std::move(executor), tools, std::move(info),
             RoutedSender([send = std::move(send)](Outgoing out) {
               if (send && !out.text.empty()) send(std::move(out.text));
             }),
             limits) {}

Server::Server(net::any_io_executor executor, const ToolRegistry& tools, ServerInfo info, RoutedSender send,
               Limits limits)
    : impl_(std::make_shared<Impl>(std::move(executor), tools, std::move(info), std::move(send), limits)) {}

Server::~Server() {
  // Running calls may outlive us (they hold the Impl): stop them, and make
  // sure nothing they finish is sent anywhere.
  impl_->alive = false;
  if (impl_->sink_id != 0) log::remove_sink(impl_->sink_id);
  impl_->cancel_all();
  impl_->drained.cancel();
}

void Server::handle(std::string_view message) { impl_->handle(message, Source{}); }

void Server::handle(std::string_view message, Source from) { impl_->handle(message, from); }

void Server::handle(const json::value& message, Source from) { impl_->handle(message, from); }

void Server::reject_oversized(std::size_t limit_bytes) {
  // -32600, not -32700: the text may well be JSON; what is wrong is its size.
  impl_->emit_final(json::value(jsonrpc::make_error(
                        nullptr, jsonrpc::invalid_request,
                        "Message too large: limit is " + std::to_string(limit_bytes) + " bytes")),
                    0);
}

void Server::abandon(std::uint64_t route) { impl_->cancel_all(route); }

net::awaitable<void> Server::drain() {
  // Hold the Impl: the Server may be destroyed while we wait.
  auto impl = impl_;
  while (!impl->calls.empty() && impl->alive)
    co_await impl->drained.async_wait(net::as_tuple(net::use_awaitable));
}

std::size_t Server::in_flight() const { return impl_->calls.size(); }

}  // namespace mcp
