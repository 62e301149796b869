// JSON-RPC 2.0 framing (see json_rpc.hpp).

#include "mcp/json_rpc.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/parse_options.hpp>

#include <cmath>
#include <cstdint>

namespace json = boost::json;

namespace mcp::jsonrpc {

Parsed parse(std::string_view text, std::size_t depth) {
  json::parse_options options;
  options.max_depth = depth;
  boost::system::error_code ec;
  json::value value = json::parse(json::string_view(text.data(), text.size()), ec, {}, options);
  if (!ec) return {std::move(value), {}};
  if (ec == json::error::too_deep)
    return {nullptr, "Parse error: nesting deeper than " + std::to_string(depth) + " levels"};
  return {nullptr, "Parse error: " + ec.message()};
}

bool valid_id(const json::value& id) {
  return id.is_string() || id.is_int64() || id.is_uint64();
}

Message classify(const json::value& message) {
  Message in;
  const json::object* obj = message.if_object();
  if (!obj) {
    in.error = "Invalid Request: a message must be a JSON object";
    return in;
  }

  // Read the id first so that errors can echo it when it is usable.
  const json::value* id = obj->if_contains("id");
  if (id && valid_id(*id)) in.id = *id;

  const json::value* version = obj->if_contains("jsonrpc");
  if (!version || !version->is_string() || version->get_string() != "2.0") {
    in.error = "Invalid Request: \"jsonrpc\" must be \"2.0\"";
    return in;
  }

  if (const json::value* method = obj->if_contains("method")) {
    if (!method->is_string()) {
      in.error = "Invalid Request: \"method\" must be a string";
      return in;
    }
    in.method = std::string_view(method->get_string());
    in.params = obj->if_contains("params");
    if (!id) {
      in.kind = Message::Kind::notification;
      return in;
    }
    if (!valid_id(*id)) {
      in.error = "Invalid Request: \"id\" must be a string or an integer";
      return in;
    }
    in.kind = Message::Kind::request;
    return in;
  }

  // We never send requests, but a client may still answer something.
  if (id && (obj->contains("result") || obj->contains("error"))) {
    in.kind = Message::Kind::response;
    in.id = *id;
    return in;
  }

  in.error = "Invalid Request: no \"method\"";
  return in;
}

json::object make_result(json::value id, json::value result) {
  json::object o(result.storage());  // a big result is not copied across storages
  o.reserve(3);
  o.emplace("jsonrpc", "2.0");
  o.emplace("id", std::move(id));
  o.emplace("result", std::move(result));
  return o;
}

json::object make_error(json::value id, int code, std::string_view message, json::value data) {
  json::object error;
  error.emplace("code", code);
  error.emplace("message", message);
  if (!data.is_null()) error.emplace("data", std::move(data));
  json::object o;
  o.reserve(3);
  o.emplace("jsonrpc", "2.0");
  o.emplace("id", std::move(id));
  o.emplace("error", std::move(error));
  return o;
}

json::object make_notification(std::string_view method, json::object params) {
  json::object o;
  o.reserve(3);
  o.emplace("jsonrpc", "2.0");
  o.emplace("method", method);
  o.emplace("params", std::move(params));
  return o;
}

json::value number(double d) {
  // 2^53: beyond it doubles are integral anyway and may not fit an int64.
  if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 9007199254740992.0)
    return static_cast<std::int64_t>(d);
  return d;
}

}  // namespace mcp::jsonrpc
