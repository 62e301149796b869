#include "mcp/server_impl/dispatch.hpp"

#include "mcp/era.hpp"
#include "mcp/json_rpc.hpp"
#include "mcp/server_impl/log_forwarding.hpp"
#include "support/json_fields.hpp"
#include "support/log.hpp"

#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace json = boost::json;

namespace mcp::server_impl {

namespace {

// The only revision whose JSON-RPC allows batches (added in it, removed after).
constexpr std::string_view batch_version = "2025-03-26";

// params as an object: absent counts as {}; anything else but an object is nullptr.
const json::object* params_object(const json::value* params) {
  static const json::object empty;
  if (!params || params->is_null()) return &empty;
  return params->if_object();
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
    r.reply.error(unsupported_protocol_version, "Unsupported protocol version: " + std::string(version->get_string()),
                  json::object{{"supported", all_versions()}, {"requested", version->get_string()}});
    return false;
  }
  return true;
}

}  // namespace

void Dispatcher::handle(std::string_view text, Source from) {
  auto parsed = jsonrpc::parse(text, max_depth_);
  if (!parsed.error.empty()) {
    support::log::debug(logger_name, parsed.error);
    outbox_.emit_final(json::value(jsonrpc::make_error(nullptr, jsonrpc::parse_error, parsed.error)), from.route);
    return;
  }
  handle(parsed.value, from);
}

void Dispatcher::handle(const json::value& message, Source from) {
  if (auto* batch = message.if_array()) return handle_batch(*batch, from);
  const std::uint64_t route = from.route;
  dispatch(message, from, [self = shared_from_this(), route](std::optional<json::object> reply) {
    if (reply)
      self->outbox_.emit_final(json::value(std::move(*reply)), route);
    else
      self->outbox_.emit_final(std::nullopt, route);
  });
}

void Dispatcher::handle_batch(const json::array& batch, Source from) {
  const std::uint64_t route = from.route;
  if (session_.protocol_version != batch_version) {
    const std::string why = session_.initialized
                                ? "Invalid Request: batches are not supported in protocol version " +
                                      session_.protocol_version
                                : "Invalid Request: batches are not supported before initialize";
    outbox_.emit_final(json::value(jsonrpc::make_error(nullptr, jsonrpc::invalid_request, why)), route);
    return;
  }
  if (batch.empty()) {
    auto empty = jsonrpc::make_error(nullptr, jsonrpc::invalid_request, "Invalid Request: empty batch");
    outbox_.emit_final(json::value(std::move(empty)), route);
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
      self->outbox_.emit_final(std::nullopt, route);
    else
      self->outbox_.emit_final(json::value(std::move(collector->replies)), route);
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

void Dispatcher::dispatch(const json::value& message, Source from, Reply reply) {
  auto in = jsonrpc::classify(message);
  switch (in.kind) {
    case jsonrpc::Message::Kind::request: {
      const Era era = era_of(message, from.protocol_version);
      Mark mark;
      if (era == Era::stateless) mark = stateless_mark_;
      return on_request(Request{in.method, params_object(in.params), from.route, era,
                                ReplyOnce(std::move(in.id), std::string(in.method), std::move(reply), std::move(mark)),
                                from.streams});
    }
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

void Dispatcher::on_request(Request r) {
  const auto found = methods.find(r.method);
  if (r.era == Era::stateless) {
    if (!r.params) return r.reply.error(jsonrpc::invalid_params, "Invalid params: params must be an object");
    if (!check_stateless_meta(r)) return;
    if (found == methods.end() || !found->second.stateless)
      return r.reply.error(jsonrpc::method_not_found, "Method not found: " + std::string(r.method) +
                                                          " (protocol version " +
                                                          std::string(stateless_protocol_version) + ")");
    return found->second.handler(std::move(r));
  }
  // Legacy handlers read what they need from params and say when it is missing.
  static const json::object no_params;
  if (!r.params) r.params = &no_params;
  if (found != methods.end() && found->second.legacy) {
    if (found->second.needs_initialize && !session_.initialized)
      return r.reply.error(jsonrpc::not_initialized, "Server not initialized: send initialize first");
    return found->second.handler(std::move(r));
  }
  if (!session_.initialized)
    return r.reply.error(jsonrpc::not_initialized, "Server not initialized: send initialize first");
  answer_method_not_found(r);
}

}  // namespace mcp::server_impl
