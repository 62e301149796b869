// One MCP session (see server.hpp): every parsed JSON-RPC message is sorted
// (request, notification, response, invalid), given its era, and a request is
// looked up in the method table, which says which eras serve it; each request
// is answered exactly once (ReplyOnce).

#include "mcp/server.hpp"

#include "mcp/json_rpc.hpp"
#include "support/event.hpp"
#include "support/exception.hpp"
#include "support/json_fields.hpp"
#include "support/log.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/this_coro.hpp>
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
constexpr std::array<std::string_view, 4> legacy_versions = {"2025-11-25", "2025-06-18", "2025-03-26",
                                                              "2024-11-05"};
constexpr std::string_view latest_legacy_version = "2025-11-25";
// How long a client may keep tools/list (2026-07-28 CacheableResult): the
// tools never change while the process runs, and they are the same for everyone.
constexpr std::int64_t tools_list_ttl_ms = 60 * 60 * 1000;
// The resource, template and prompt lists are fixed the same way. What a
// resource holds is the user's own data, which changes outside this process:
// never fresh (ttlMs 0), and for this user only.
constexpr std::int64_t catalog_list_ttl_ms = tools_list_ttl_ms;
// The only revision whose JSON-RPC allows batches (added in it, removed after).
constexpr std::string_view batch_version = "2025-03-26";
constexpr std::string_view logger_name = "mcp";
constexpr std::string_view level_names = "debug, info, notice, warning, error, critical, alert, emergency";

// Where the answer to one message goes: straight out, or into a batch.
// nullopt means "nothing to answer" (notifications, responses, cancelled requests).
using Reply = std::function<void(std::optional<json::object>)>;

// Answers one request exactly once, as clangd's ReplyOnce does: a second
// answer is a bug that is logged and dropped; a request dropped without an
// answer still gets one (an internal error), so no client waits forever.
class ReplyOnce {
public:
  ReplyOnce(json::value id, std::string method, Reply reply)
      : id_(std::move(id)), method_(std::move(method)), reply_(std::move(reply)) {}
  ReplyOnce(ReplyOnce&& other) noexcept
      : id_(std::move(other.id_)), method_(std::move(other.method_)), reply_(std::move(other.reply_)),
        replied_(std::exchange(other.replied_, true)) {}
  ReplyOnce& operator=(ReplyOnce&&) = delete;
  ReplyOnce(const ReplyOnce&) = delete;
  ~ReplyOnce() {
    if (replied_ || !reply_) return;
    // Normal only while the process shuts down with calls still queued.
    log::debug(logger_name, "no answer was made to " + method_ + " " + json::serialize(id_) + "; answering an error");
    reply_(jsonrpc::make_error(id_, jsonrpc::internal_error, "Internal error: the server dropped this request"));
  }

  const json::value& id() const { return id_; }

  void result(json::object result) { send(jsonrpc::make_result(id_, std::move(result))); }
  void error(int code, std::string_view message, json::value data = nullptr) {
    send(jsonrpc::make_error(id_, code, message, std::move(data)));
  }
  // The client cancelled the request: the spec asks for no answer at all.
  void nothing() { send(std::nullopt); }

private:
  void send(std::optional<json::object> message) {
    if (std::exchange(replied_, true)) {
      log::error(logger_name, "a second answer to " + method_ + " " + json::serialize(id_) + " was dropped");
      return;
    }
    reply_(std::move(message));
  }

  json::value id_;
  std::string method_;
  Reply reply_;
  bool replied_ = false;
};

json::array all_versions() {
  json::array versions{stateless_protocol_version};
  for (auto v : legacy_versions) versions.emplace_back(v);
  return versions;
}

// The code of a single error answer; 0 for results and batches.
int error_code_of(const json::value& message) {
  const auto* o = message.if_object();
  const json::value* error = o ? o->if_contains("error") : nullptr;
  const json::value* code = error && error->is_object() ? error->get_object().if_contains("code") : nullptr;
  return code && code->is_int64() ? static_cast<int>(code->get_int64()) : 0;
}

// params as an object: absent counts as {}; anything else but an object is nullptr.
const json::object* params_object(const json::value* params) {
  static const json::object empty;
  if (!params || params->is_null()) return &empty;
  return params->if_object();
}

std::string id_key(const json::value& id) { return json::serialize(id); }

// What an asynchronous request (tools/call, resources/read) ends with: its
// result, or a JSON-RPC error when code is set.
struct Answer {
  json::object result;
  int code = 0;
  std::string message;
  json::value data;
};

// In the storage of the structured result, so that a tool's monotonic
// resource holds the whole answer and nothing is copied into the heap.
json::object tool_result_json(ToolResult result) {
  const json::storage_ptr sp = result.structured.storage();
  json::object r(sp);
  r.reserve(3);
  auto& content = r.emplace("content", json::array(sp)).first->value().get_array();
  auto& text = content.emplace_back(json::object(sp)).get_object();
  text.emplace("type", "text");
  text.emplace("text", std::move(result.text));
  if (!result.structured.is_null()) r.emplace("structuredContent", std::move(result.structured));
  if (result.is_error) r.emplace("isError", true);
  return r;
}

// elicitation/create params for a question; `mode` exists from 2025-11-25 on.
json::object elicit_params(const Elicitation& q, bool with_mode) {
  json::object params;
  if (with_mode) params.emplace("mode", "form");
  params.emplace("message", q.message);
  params.emplace("requestedSchema", q.requested_schema);
  return params;
}

// An ElicitResult (action, content) as the client sent it; anything else counts as cancel.
Elicited read_elicited(const json::value& result) {
  Elicited out;
  const auto* o = result.if_object();
  const auto* action = o ? o->if_contains("action") : nullptr;
  if (!action || !action->is_string()) return out;
  if (action->get_string() == "accept") {
    out.action = Elicited::Action::accept;
    if (const auto* content = support::object_field(*o, "content")) out.content = *content;
  } else if (action->get_string() == "decline") {
    out.action = Elicited::Action::decline;
  }
  return out;
}

// Parameters by value: coroutines (GCC 12, see ARCHITECTURE.md).
net::awaitable<Answer> tool_answer(const Tool* tool, json::object arguments, CallContext ctx) {
  std::optional<InputRequired> asked;
  try {
    ToolResult result = co_await call_tool(*tool, std::move(arguments), std::move(ctx));
    co_return Answer{tool_result_json(std::move(result))};
  } catch (InputRequired& q) {
    asked = std::move(q);
  }
  // 2026-07-28 (multi round-trip requests): the call ends here, asking; the
  // client calls again with the answer in inputResponses under the same key.
  json::object requests;
  requests.emplace(asked->question.key,
                   json::object{{"method", "elicitation/create"}, {"params", elicit_params(asked->question, true)}});
  co_return Answer{json::object{{"resultType", "input_required"}, {"inputRequests", std::move(requests)}}};
}

// The stateless era's CallContext::elicit: the answer is in the request
// (params.inputResponses[key], as the result itself or under "result"), or
// the question goes back to the client as InputRequired.
net::awaitable<Elicited> answer_from_request(json::object input_responses, Elicitation question) {
  if (const auto* given = input_responses.if_contains(question.key)) {
    const auto* o = given->if_object();
    const auto* wrapped = o ? o->if_contains("result") : nullptr;
    co_return read_elicited(wrapped ? *wrapped : *given);
  }
  throw InputRequired{std::move(question)};
}

// A read whose tool failed (not logged in, Trakt down) is a JSON-RPC internal
// error carrying the tool's own explanation: a ReadResourceResult has no
// isError, and an explanation passed off as contents would be cached and
// quoted as if it were the data.
net::awaitable<Answer> read_answer(const ReadHandler* read, std::string uri, UriVariables variables, CallContext ctx,
                                   bool stateless) {
  ReadResult read_result = co_await (*read)(uri, std::move(variables), std::move(ctx));
  if (read_result.error)
    co_return Answer{{}, jsonrpc::internal_error, "Could not read " + uri + ": " + *read_result.error,
                     json::object{{"uri", uri}}};
  json::array contents;
  for (auto& c : read_result.contents)
    contents.push_back(json::object{{"uri", std::move(c.uri)}, {"mimeType", std::move(c.mime_type)},
                                    {"text", std::move(c.text)}});
  json::object result{{"contents", std::move(contents)}};
  if (stateless) {
    result.emplace("ttlMs", 0);
    result.emplace("cacheScope", "private");
  }
  co_return Answer{std::move(result)};
}

}  // namespace

struct Server::Impl : std::enable_shared_from_this<Impl> {
  // What the catalog belongs to (keep_alive): first, so it goes last.
  std::shared_ptr<const void> owner;

  struct Call {
    net::cancellation_signal signal;
    std::uint64_t route = 0;            // Source::route of the request
    std::optional<LogLevel> log_level;  // stateless: _meta logLevel, log lines go with this call
    bool cancelled = false;             // the client cancelled it: never answer
    bool finished = false;              // answered: no more progress or logs
  };

  // One request on its way through the method table.
  struct Request {
    std::string_view method;
    const json::object* params;  // never null: absent params are {}
    std::uint64_t route;
    Era era;
    ReplyOnce reply;
    bool streams = true;  // Source::streams
  };

  // A method: which eras serve it, whether the legacy era wants initialize
  // first, and its handler.
  struct Method {
    bool legacy;
    bool stateless;
    bool needs_initialize;
    void (Impl::*handler)(Request);
  };

  static const std::unordered_map<std::string_view, Method>& methods() {
    static const std::unordered_map<std::string_view, Method> table = {
        {"initialize", {true, false, false, &Impl::on_initialize}},
        {"ping", {true, false, false, &Impl::on_ping}},
        {"logging/setLevel", {true, false, true, &Impl::on_set_level}},
        {"server/discover", {false, true, false, &Impl::on_discover}},
        {"tools/list", {true, true, true, &Impl::on_tools_list}},
        {"tools/call", {true, true, true, &Impl::on_tools_call}},
        {"resources/list", {true, true, true, &Impl::on_resources_list}},
        {"resources/templates/list", {true, true, true, &Impl::on_resource_templates_list}},
        {"resources/read", {true, true, true, &Impl::on_resources_read}},
        {"prompts/list", {true, true, true, &Impl::on_prompts_list}},
        {"prompts/get", {true, true, true, &Impl::on_prompts_get}},
    };
    return table;
  }

  Impl(net::any_io_executor ex, Catalog c, ServerInfo i, RoutedSender s, Limits l)
      : executor(std::move(ex)), tools(c.tools), resources(c.resources), prompts(c.prompts), info(std::move(i)),
        send(std::move(s)), limits(l), drained(executor) {}

  net::any_io_executor executor;
  const ToolRegistry& tools;
  const ResourceRegistry* resources;  // null or empty: no resources capability, no resources/* methods
  const PromptRegistry* prompts;      // likewise for prompts
  ServerInfo info;
  RoutedSender send;
  Limits limits;

  bool alive = true;  // false once the Server is destroyed: drop everything
  bool initialized = false;
  std::string protocol_version;
  // Set by logging/setLevel; -1: the client asked for nothing. Atomic because
  // log lines may be written on other threads.
  std::atomic<int> client_log_level{-1};
  // Calls of the stateless era that asked for logs; the sink skips the hop
  // onto the executor when there are none and no session level is set.
  std::atomic<int> calls_with_log_level{0};
  int sink_id = 0;
  bool in_sink = false;  // a send that logs must not loop back into the sink

  std::unordered_map<std::string, std::shared_ptr<Call>> calls;  // in flight, by serialized id
  support::Event drained;  // notified whenever calls becomes empty

  // Requests this server sent (elicitation/create), waiting for the client's answer.
  struct Asked {
    explicit Asked(net::any_io_executor ex) : answered(std::move(ex)) {}
    support::Event answered;
    std::optional<json::value> response;  // the whole JSON-RPC response once it came
  };
  std::unordered_map<std::string, std::shared_ptr<Asked>> asked;  // by serialized id
  std::int64_t next_request_id = 1;
  bool client_elicits = false;  // legacy: initialize declared elicitation (form mode)

  // -- sending ---------------------------------------------------------------------------

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

  // -- sorting ---------------------------------------------------------------------------

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
    if (auto* batch = message.if_array()) return handle_batch(*batch, from);
    const std::uint64_t route = from.route;
    dispatch(message, from, [self = shared_from_this(), route](std::optional<json::object> reply) {
      if (reply)
        self->emit_final(json::value(std::move(*reply)), route);
      else
        self->emit_final(std::nullopt, route);
    });
  }

  void handle_batch(const json::array& batch, Source from) {
    const std::uint64_t route = from.route;
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
        dispatch(member, Source{route, {}, from.streams}, reply);
    }
    reply(std::nullopt);
  }

  void dispatch(const json::value& message, Source from, Reply reply) {
    auto in = jsonrpc::classify(message);
    switch (in.kind) {
      case jsonrpc::Message::Kind::request:
        return on_request(Request{in.method, params_object(in.params), from.route,
                                  era_of(message, from.protocol_version),
                                  ReplyOnce(std::move(in.id), std::string(in.method), std::move(reply)),
                                  from.streams});
      case jsonrpc::Message::Kind::notification:
        on_notification(in.method, params_object(in.params));
        return reply(std::nullopt);
      case jsonrpc::Message::Kind::response:
        on_response(in.id, message);
        return reply(std::nullopt);
      case jsonrpc::Message::Kind::invalid:
        return reply(jsonrpc::make_error(std::move(in.id), jsonrpc::invalid_request, in.error));
    }
  }

  // -- requests --------------------------------------------------------------------------

  void on_request(Request r) {
    const auto& table = methods();
    const auto found = table.find(r.method);
    if (r.era == Era::stateless) {
      if (!r.params) return r.reply.error(jsonrpc::invalid_params, "Invalid params: params must be an object");
      if (!check_stateless_meta(r)) return;
      if (found == table.end() || !found->second.stateless)
        return r.reply.error(jsonrpc::method_not_found, "Method not found: " + std::string(r.method) +
                                                            " (protocol version " +
                                                            std::string(stateless_protocol_version) + ")");
      return (this->*found->second.handler)(std::move(r));
    }
    // Legacy handlers read what they need from params and say when it is missing.
    static const json::object no_params;
    if (!r.params) r.params = &no_params;
    if (found != table.end() && found->second.legacy) {
      if (found->second.needs_initialize && !initialized)
        return r.reply.error(jsonrpc::not_initialized, "Server not initialized: send initialize first");
      return (this->*found->second.handler)(std::move(r));
    }
    if (!initialized)
      return r.reply.error(jsonrpc::not_initialized, "Server not initialized: send initialize first");
    r.reply.error(jsonrpc::method_not_found, "Method not found: " + std::string(r.method));
  }

  // 2026-07-28: every request states its version and the client's
  // capabilities in _meta. False (and answered) when they are missing or wrong.
  bool check_stateless_meta(Request& r) {
    const json::object* meta = support::object_field(*r.params, "_meta");
    if (!meta) {
      r.reply.error(jsonrpc::invalid_params, "Invalid params: _meta with \"" + std::string(meta_protocol_version) +
                                                 "\" and \"" + std::string(meta_client_capabilities) +
                                                 "\" is required in protocol version " +
                                                 std::string(stateless_protocol_version));
      return false;
    }
    const json::value* version = meta->if_contains(meta_protocol_version);
    if (!version || !version->is_string()) {
      r.reply.error(jsonrpc::invalid_params,
                    "Invalid params: _meta needs a string \"" + std::string(meta_protocol_version) + "\"");
      return false;
    }
    if (!support::object_field(*meta, meta_client_capabilities)) {
      r.reply.error(jsonrpc::invalid_params,
                    "Invalid params: _meta needs an object \"" + std::string(meta_client_capabilities) + "\"");
      return false;
    }
    if (const json::value* level = meta->if_contains(meta_log_level);
        level && !(level->is_string() && support::parse_log_level(std::string_view(level->get_string())))) {
      r.reply.error(jsonrpc::invalid_params, "Invalid params: _meta \"" + std::string(meta_log_level) +
                                                 "\" must be one of " + std::string(level_names));
      return false;
    }
    if (version->get_string() != stateless_protocol_version) {
      r.reply.error(unsupported_protocol_version,
                    "Unsupported protocol version: " + std::string(version->get_string()),
                    json::object{{"supported", all_versions()}, {"requested", version->get_string()}});
      return false;
    }
    return true;
  }

  void on_ping(Request r) { r.reply.result({}); }

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

  bool has_resources() const { return resources && !resources->empty(); }
  bool has_prompts() const { return prompts && !prompts->empty(); }

  // The same in both eras: initialize and server/discover.
  json::object capabilities() const {
    json::object caps{{"tools", json::object{{"listChanged", false}}}};
    if (has_resources()) caps.emplace("resources", json::object{{"listChanged", false}});
    if (has_prompts()) caps.emplace("prompts", json::object{{"listChanged", false}});
    caps.emplace("logging", json::object{});
    return caps;
  }

  void on_discover(Request r) {
    json::object result;
    result.emplace("supportedVersions", all_versions());
    result.emplace("capabilities", capabilities());
    result.emplace("serverInfo", server_info_json());
    if (!info.instructions.empty()) result.emplace("instructions", info.instructions);
    decorate(result);
    r.reply.result(std::move(result));
  }

  void on_initialize(Request r) {
    if (initialized) return r.reply.error(jsonrpc::invalid_request, "Invalid Request: already initialized");
    const json::value* requested = r.params->if_contains("protocolVersion");
    if (!requested || !requested->is_string())
      return r.reply.error(jsonrpc::invalid_params, "Invalid params: initialize needs a string \"protocolVersion\"");

    // Echo a version we speak; otherwise offer our latest and let the client decide.
    const std::string_view wanted = requested->get_string();
    protocol_version = std::string(is_legacy_protocol_version(wanted) ? wanted : latest_legacy_version);
    initialized = true;

    std::string client = "unknown client";
    if (const auto* ci = support::object_field(*r.params, "clientInfo"))
      if (const auto* name = ci->if_contains("name"); name && name->is_string())
        client = std::string(name->get_string());
    log::info(logger_name, "session started: " + client + ", protocol " + protocol_version);
    if (const auto* caps = support::object_field(*r.params, "capabilities"))
      client_elicits = elicits_forms(*caps);

    json::object result;
    result.emplace("protocolVersion", protocol_version);
    result.emplace("capabilities", capabilities());
    result.emplace("serverInfo", server_info_json());
    if (!info.instructions.empty()) result.emplace("instructions", info.instructions);
    r.reply.result(std::move(result));
  }

  void on_tools_list(Request r) {
    // One page holds every tool, so a cursor (from nowhere) is ignored.
    json::array list;
    list.reserve(tools.all().size());
    for (const Tool& t : tools.all()) list.emplace_back(describe(t));
    json::object result{{"tools", std::move(list)}};
    if (r.era == Era::stateless) {
      result.emplace("ttlMs", tools_list_ttl_ms);
      result.emplace("cacheScope", "public");
      decorate(result);
    }
    r.reply.result(std::move(result));
  }

  void on_set_level(Request r) {
    const json::value* name = r.params->if_contains("level");
    std::optional<LogLevel> level;
    if (name && name->is_string()) level = support::parse_log_level(std::string_view(name->get_string()));
    if (!level)
      return r.reply.error(jsonrpc::invalid_params,
                           "Invalid params: \"level\" must be one of " + std::string(level_names));
    client_log_level = static_cast<int>(*level);
    ensure_log_sink();
    r.reply.result({});
  }

  // -- logs to the client ----------------------------------------------------------------

  void ensure_log_sink() {
    if (sink_id != 0 || !limits.forward_process_log) return;
    std::weak_ptr<Impl> weak = weak_from_this();
    sink_id = log::add_sink([weak](LogLevel lvl, std::string_view logger, std::string_view message) {
      if (auto self = weak.lock()) self->forward_log(lvl, logger, message);
    });
  }

  // Called for every log line, from whatever thread wrote it: hop onto the
  // executor (inline when already there) before touching the session.
  void forward_log(LogLevel level, std::string_view logger, std::string_view message) {
    const int threshold = client_log_level.load(std::memory_order_relaxed);
    const bool session_wants = threshold >= 0 && static_cast<int>(level) >= threshold;
    if (!session_wants && calls_with_log_level.load(std::memory_order_relaxed) == 0) return;
    net::dispatch(executor, [weak = weak_from_this(), level, session_wants, logger = std::string(logger),
                             message = std::string(message)] {
      auto self = weak.lock();
      if (!self || !self->alive || self->in_sink) return;
      self->in_sink = true;
      const auto note = jsonrpc::make_notification(
          "notifications/message",
          json::object{{"level", to_string(level)}, {"logger", logger}, {"data", message}});
      if (session_wants) self->emit(note);
      // Stateless calls get the lines written while they run, on their own route.
      for (const auto& [key, call] : self->calls)
        if (call->log_level && level >= *call->log_level && !call->finished && !call->cancelled)
          self->emit(note, call->route);
      self->in_sink = false;
    });
  }

  // -- resources and prompts -------------------------------------------------------------

  // The lists are one page each, so the only cursor we could accept is one we
  // handed out, and we hand out none. False (and answered) for any cursor.
  static bool no_cursor(Request& r) {
    const json::value* cursor = r.params->if_contains("cursor");
    if (!cursor || cursor->is_null()) return true;
    if (!cursor->is_string())
      r.reply.error(jsonrpc::invalid_params, "Invalid params: \"cursor\" must be a string");
    else
      r.reply.error(jsonrpc::invalid_params, "Invalid params: unknown cursor " + json::serialize(*cursor) +
                                                 " (every list here fits on one page)");
    return false;
  }

  // A method of a capability this server does not declare does not exist here.
  static void not_offered(Request& r) {
    r.reply.error(jsonrpc::method_not_found, "Method not found: " + std::string(r.method));
  }

  void reply_list(Request& r, std::string_view key, json::array list) {
    json::object result{{key, std::move(list)}};
    if (r.era == Era::stateless) {
      result.emplace("ttlMs", catalog_list_ttl_ms);
      result.emplace("cacheScope", "public");
      decorate(result);
    }
    r.reply.result(std::move(result));
  }

  void on_resources_list(Request r) {
    if (!has_resources()) return not_offered(r);
    if (!no_cursor(r)) return;
    json::array list;
    for (const Resource& res : resources->resources()) list.emplace_back(describe(res));
    reply_list(r, "resources", std::move(list));
  }

  void on_resource_templates_list(Request r) {
    if (!has_resources()) return not_offered(r);
    if (!no_cursor(r)) return;
    json::array list;
    for (const ResourceTemplate& t : resources->templates()) list.emplace_back(describe(t));
    reply_list(r, "resourceTemplates", std::move(list));
  }

  void on_resources_read(Request r) {
    if (!has_resources()) return not_offered(r);
    const json::value* uri = r.params->if_contains("uri");
    if (!uri || !uri->is_string())
      return r.reply.error(jsonrpc::invalid_params, "Invalid params: resources/read needs a string \"uri\"");
    std::string name(uri->get_string());
    ResourceMatch match = resources->find(name);
    // -32602 with the uri in data: SEP-2164 (final), which replaces the -32002
    // that 2025-11-25 and earlier suggested; the same code in every era.
    if (!match.read)
      return r.reply.error(jsonrpc::invalid_params, "Resource not found: " + name, json::object{{"uri", name}});
    const bool stateless = r.era == Era::stateless;
    start_call(std::move(r),
               [read = match.read, name, variables = std::move(match.variables), stateless](CallContext ctx) {
                 return read_answer(read, name, variables, std::move(ctx), stateless);
               },
               [name](const std::string& what) {
                 return Answer{{}, jsonrpc::internal_error, "Internal error reading " + name + ": " + what,
                               json::object{{"uri", name}}};
               });
  }

  void on_prompts_list(Request r) {
    if (!has_prompts()) return not_offered(r);
    if (!no_cursor(r)) return;
    json::array list;
    for (const Prompt& p : prompts->all()) list.emplace_back(describe(p));
    reply_list(r, "prompts", std::move(list));
  }

  void on_prompts_get(Request r) {
    if (!has_prompts()) return not_offered(r);
    const json::value* name = r.params->if_contains("name");
    if (!name || !name->is_string())
      return r.reply.error(jsonrpc::invalid_params, "Invalid params: prompts/get needs a string \"name\"");
    const Prompt* prompt = prompts->find(std::string_view(name->get_string()));
    if (!prompt) return r.reply.error(jsonrpc::invalid_params, "Unknown prompt: " + std::string(name->get_string()));
    json::object raw;
    if (const json::value* a = r.params->if_contains("arguments"); a && !a->is_null()) {
      if (!a->is_object())
        return r.reply.error(jsonrpc::invalid_params, "Invalid params: \"arguments\" must be an object");
      raw = a->get_object();
    }
    // Unlike a tool's, a prompt's arguments are checked by the protocol: the
    // client fills them from a form before any model sees them.
    auto checked = check_prompt_arguments(*prompt, raw);
    if (checked.error) return r.reply.error(jsonrpc::invalid_params, *checked.error);
    PromptResult made = prompt->get(checked.arguments);
    if (made.error) return r.reply.error(jsonrpc::invalid_params, *made.error);
    auto result = prompt_result_json(std::move(made));
    if (r.era == Era::stateless) decorate(result);
    r.reply.result(std::move(result));
  }

  // -- tools/call ------------------------------------------------------------------------

  void on_tools_call(Request r) {
    const json::value* name = r.params->if_contains("name");
    if (!name || !name->is_string())
      return r.reply.error(jsonrpc::invalid_params, "Invalid params: tools/call needs a string \"name\"");
    const Tool* tool = tools.find(std::string_view(name->get_string()));
    if (const std::string* why = tool ? nullptr : tools.disabled(std::string_view(name->get_string()))) {
      auto result = tool_result_json(ToolResult::error(std::string(name->get_string()) + " is disabled: " + *why));
      if (r.era == Era::stateless) decorate(result);
      return r.reply.result(std::move(result));
    }
    if (!tool) return r.reply.error(jsonrpc::invalid_params, "Unknown tool: " + std::string(name->get_string()));
    json::object args;
    if (const json::value* a = r.params->if_contains("arguments"); a && !a->is_null()) {
      if (!a->is_object())
        return r.reply.error(jsonrpc::invalid_params, "Invalid params: \"arguments\" must be an object");
      args = a->get_object();
    }
    start_call(std::move(r),
               [tool, args = std::move(args)](CallContext ctx) { return tool_answer(tool, args, std::move(ctx)); },
               [](const std::string& what) {
                 return Answer{tool_result_json(ToolResult::error("Internal error: " + what))};
               });
  }

  // -- requests that run as coroutines ---------------------------------------------------

  using Work = std::function<net::awaitable<Answer>(CallContext)>;
  using Failed = std::function<Answer(const std::string& what)>;

  // Runs `work` as a call: cancellable by id (notifications/cancelled), by
  // route (abandon) and by the Server's end; with progress when the request
  // asked for it, and its log level in the stateless era. `failed` turns an
  // exception into the answer.
  void start_call(Request r, Work work, Failed failed) {
    // An id is the handle for cancellation, so two live calls cannot share one.
    std::string key = id_key(r.reply.id());
    if (calls.contains(key))
      return r.reply.error(jsonrpc::invalid_request,
                           "Invalid Request: id " + key + " is already in use by a request in flight");

    auto call = std::make_shared<Call>();
    call->route = r.route;
    if (r.era == Era::stateless)
      if (const auto* meta = support::object_field(*r.params, "_meta"))
        if (const auto* level = meta->if_contains(meta_log_level); level && level->is_string()) {
          call->log_level = support::parse_log_level(std::string_view(level->get_string()));
          ++calls_with_log_level;
          ensure_log_sink();
        }
    calls.emplace(key, call);

    CallContext ctx;
    if (auto token = progress_token(*r.params)) {
      ctx.progress = [weak = weak_from_this(), call, token = std::move(*token)](
                         double progress, std::optional<double> total, std::string message) {
        auto self = weak.lock();
        if (!self || call->finished || call->cancelled) return;
        json::object params{{"progressToken", token}, {"progress", jsonrpc::number(progress)}};
        if (total) params.emplace("total", jsonrpc::number(*total));
        if (!message.empty()) params.emplace("message", std::move(message));
        self->emit(jsonrpc::make_notification("notifications/progress", std::move(params)), call->route);
      };
    }
    if (r.era == Era::legacy && client_elicits && r.streams) {
      ctx.elicit = [weak = weak_from_this(), call](Elicitation question) {
        return ask_client(weak, call, std::move(question));
      };
    } else if (r.era == Era::stateless && stateless_client_elicits(*r.params)) {
      json::object responses;
      if (const auto* given = support::object_field(*r.params, "inputResponses")) responses = *given;
      ctx.elicit = [responses = std::move(responses)](Elicitation question) {
        return answer_from_request(responses, std::move(question));
      };
    }

    net::co_spawn(executor, work(std::move(ctx)),
                  net::bind_cancellation_slot(
                      call->signal.slot(),
                      [self = shared_from_this(), call, key = std::move(key), era = r.era, method = std::string(r.method),
                       failed = std::move(failed), reply = std::move(r.reply)](std::exception_ptr ep,
                                                                                Answer answer) mutable {
                        if (ep && !call->cancelled) {
                          const std::string what = support::describe(ep);
                          log::error(logger_name, method + " " + key + " failed: " + what);
                          answer = failed(what);
                        }
                        self->finish_call(key, call, era, std::move(reply), std::move(answer));
                      }));
  }

  static std::optional<json::value> progress_token(const json::object& params) {
    const json::object* meta = support::object_field(params, "_meta");
    const json::value* token = meta ? meta->if_contains("progressToken") : nullptr;
    if (!token || !jsonrpc::valid_id(*token)) return std::nullopt;
    return *token;
  }

  void finish_call(const std::string& key, const std::shared_ptr<Call>& call, Era era, ReplyOnce reply,
                   Answer answer) {
    call->finished = true;
    if (call->log_level) --calls_with_log_level;
    if (auto it = calls.find(key); it != calls.end() && it->second == call) calls.erase(it);
    if (call->cancelled) {
      log::debug(logger_name, "request " + key + " cancelled; not answering");
      reply.nothing();
    } else if (answer.code != 0) {
      reply.error(answer.code, answer.message, std::move(answer.data));
    } else {
      if (era == Era::stateless) decorate(answer.result);
      reply.result(std::move(answer.result));
    }
    if (calls.empty()) drained.notify();
  }

  // -- requests to the client ------------------------------------------------------------

  // Form-mode elicitation: `elicitation: {}` (2025-06-18, and 2025-11-25's
  // shorthand for forms) or one that lists `form`.
  static bool elicits_forms(const json::object& capabilities) {
    const json::object* e = support::object_field(capabilities, "elicitation");
    return e && (e->empty() || e->contains("form"));
  }

  static bool stateless_client_elicits(const json::object& params) {
    const json::object* meta = support::object_field(params, "_meta");
    const json::object* caps = meta ? support::object_field(*meta, meta_client_capabilities) : nullptr;
    return caps && elicits_forms(*caps);
  }

  // Legacy era: sends elicitation/create on the call's route and waits for the
  // client's response. The call's cancellation cancels the question too.
  static net::awaitable<Elicited> ask_client(std::weak_ptr<Impl> weak, std::shared_ptr<Call> call,
                                             Elicitation question) {
    auto self = weak.lock();
    if (!self || !self->alive || call->finished || call->cancelled) co_return Elicited{};
    const json::value id = self->next_request_id++;
    const std::string key = id_key(id);
    auto pending = std::make_shared<Asked>(self->executor);
    self->asked.emplace(key, pending);
    // Forgets the question however the wait ends; a question left unanswered
    // (the call was cancelled) is cancelled at the client too.
    struct Forget {
      std::weak_ptr<Impl> weak;
      std::string key;
      json::value id;
      std::shared_ptr<Asked> pending;
      std::uint64_t route;
      ~Forget() {
        auto s = weak.lock();
        if (!s) return;
        s->asked.erase(key);
        if (!pending->response)
          s->emit(jsonrpc::make_notification("notifications/cancelled",
                                             json::object{{"requestId", id}, {"reason", "the tool call ended"}}),
                  route);
      }
    } forget{weak, key, id, pending, call->route};
    json::object request{{"jsonrpc", "2.0"}, {"id", id}, {"method", "elicitation/create"},
                         {"params", elicit_params(question, self->protocol_version >= "2025-11-25")}};
    self->emit(request, call->route);
    self.reset();
    while (!pending->response) {
      co_await pending->answered.wait();
      auto state = co_await net::this_coro::cancellation_state;
      if (state.cancelled() != net::cancellation_type::none || call->cancelled) co_return Elicited{};
    }
    const json::object& response = pending->response->get_object();
    if (const json::value* result = response.if_contains("result")) co_return read_elicited(*result);
    log::info(logger_name, "the client failed elicitation/create: " + json::serialize(*pending->response));
    co_return Elicited{};
  }

  void on_response(const json::value& id, const json::value& message) {
    auto it = asked.find(id_key(id));
    if (it == asked.end()) {
      log::debug(logger_name, "ignoring a response to id " + id_key(id) + ": no request of ours has that id");
      return;
    }
    auto pending = it->second;
    asked.erase(it);
    pending->response = message;
    pending->answered.notify();
  }

  // -- notifications ---------------------------------------------------------------------

  void on_notification(std::string_view method, const json::object* params) {
    if (method == "notifications/cancelled") return on_cancelled(params);
    if (method == "notifications/initialized") return;
    // Unknown notifications are ignored, as JSON-RPC asks.
    log::debug(logger_name, "ignoring notification " + std::string(method));
  }

  void on_cancelled(const json::object* p) {
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
      if (call->cancelled) continue;
      call->cancelled = true;
      call->signal.emit(net::cancellation_type::terminal);
    }
  }
};

bool is_legacy_protocol_version(std::string_view version) {
  return std::find(legacy_versions.begin(), legacy_versions.end(), version) != legacy_versions.end();
}

bool is_supported_protocol_version(std::string_view version) {
  return version == stateless_protocol_version || is_legacy_protocol_version(version);
}

Server::Server(net::any_io_executor executor, Catalog catalog, ServerInfo info, Sender send, Limits limits)
    : Server(std::move(executor), catalog, std::move(info),
             RoutedSender([send = std::move(send)](Outgoing out) {
               if (send && !out.text.empty()) send(std::move(out.text));
             }),
             limits) {}

Server::Server(net::any_io_executor executor, Catalog catalog, ServerInfo info, RoutedSender send, Limits limits)
    : impl_(std::make_shared<Impl>(std::move(executor), catalog, std::move(info), std::move(send), limits)) {}

Server::~Server() {
  // Running calls may outlive us (they hold the Impl): stop them, and make
  // sure nothing they finish is sent anywhere.
  impl_->alive = false;
  if (impl_->sink_id != 0) log::remove_sink(impl_->sink_id);
  impl_->cancel_all();
  impl_->drained.notify();
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
  while (!impl->calls.empty() && impl->alive) co_await impl->drained.wait();
}

std::size_t Server::in_flight() const { return impl_->calls.size(); }

void Server::keep_alive(std::shared_ptr<const void> owner) { impl_->owner = std::move(owner); }

}  // namespace mcp
