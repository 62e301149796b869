// See http_rules.hpp.

#include "transport/http_rules.hpp"

#include "mcp/json_rpc.hpp"
#include "mcp/server.hpp"
#include "support/text.hpp"

#include <boost/beast/core/detail/base64.hpp>
#include <boost/json/serialize.hpp>

#include <openssl/crypto.h>

#include <algorithm>
#include <cctype>

namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;

namespace transport::http_rules {

namespace {

const json::value* field(const json::value& v, std::string_view key) {
  const auto* o = v.if_object();
  return o ? o->if_contains(key) : nullptr;
}

bool digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

}  // namespace

std::string lower(std::string_view s) { return support::ascii_lower(s); }

std::string_view trim(std::string_view s) { return support::trim_blanks(s); }

bool contains_ci(std::string_view haystack, std::string_view needle) {
  return lower(haystack).find(lower(needle)) != std::string::npos;
}

bool loopback_name(std::string_view name) {
  const std::string n = lower(name);
  return n == "localhost" || n == "127.0.0.1" || n == "[::1]";
}

std::optional<HostPort> split_host_port(std::string_view hp) {
  std::string_view name = hp;
  std::string_view port;
  if (hp.starts_with('[')) {
    const auto close = hp.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    name = hp.substr(0, close + 1);
    const auto rest = hp.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return std::nullopt;
      port = rest.substr(1);
    }
  } else if (const auto colon = hp.rfind(':'); colon != std::string_view::npos) {
    name = hp.substr(0, colon);
    port = hp.substr(colon + 1);
  }
  if (name.empty()) return std::nullopt;
  std::optional<unsigned> p;
  if (hp.find(':', name.size()) != std::string_view::npos) {
    if (port.empty() || port.size() > 5 || !digits(port)) return std::nullopt;
    p = static_cast<unsigned>(std::stoul(std::string(port)));
  }
  return HostPort{std::string(name), p};
}

bool host_ok(std::string_view host, bool loopback, unsigned port) {
  if (!loopback) return true;
  const auto hp = split_host_port(trim(host));
  if (!hp || !loopback_name(hp->name)) return false;
  return hp->port.value_or(80) == port;
}

bool host_allowed(std::string_view host, const std::vector<std::string>& allowed) {
  const std::string given = lower(trim(host));
  if (given.empty()) return false;
  return std::any_of(allowed.begin(), allowed.end(), [&](const std::string& a) { return lower(a) == given; });
}

std::string client_address(std::string_view peer, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted_proxies) {
  const bool trusted = std::find(trusted_proxies.begin(), trusted_proxies.end(), peer) != trusted_proxies.end();
  if (!trusted) return std::string(peer);
  // The proxy appends the address it saw; anything before it the client may have written.
  const auto comma = forwarded_for.rfind(',');
  const std::string_view last = trim(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
  return last.empty() ? std::string(peer) : std::string(last);
}

bool origin_ok(std::string_view origin, std::string_view host, bool loopback) {
  origin = trim(origin);
  std::string_view rest;
  if (origin.starts_with("http://"))
    rest = origin.substr(7);
  else if (origin.starts_with("https://"))
    rest = origin.substr(8);
  else
    return false;
  if (rest.ends_with('/')) rest.remove_suffix(1);
  const auto hp = split_host_port(rest);
  if (!hp) return false;
  if (loopback) return loopback_name(hp->name);
  return lower(rest) == lower(trim(host));
}

bool token_ok(std::string_view authorization, std::string_view token) {
  if (token.empty()) return true;
  authorization = trim(authorization);
  if (authorization.size() < 7 || lower(authorization.substr(0, 7)) != "bearer ") return false;
  const auto given = trim(authorization.substr(7));
  // Constant time: how much of a guess was right must not show in the timing.
  return given.size() == token.size() && CRYPTO_memcmp(given.data(), token.data(), given.size()) == 0;
}

Accepts accepts(std::string_view accept) {
  accept = trim(accept);
  const bool any = accept.find("*/*") != std::string_view::npos;
  return Accepts{accept.empty() || contains_ci(accept, "application/json") || any,
                 contains_ci(accept, "text/event-stream") || any};
}

bool is_json(std::string_view content_type) { return contains_ci(trim(content_type), "application/json"); }

std::optional<std::string> decode_header_value(std::string_view v) {
  if (!(v.starts_with("=?base64?") && v.ends_with("?=") && v.size() >= 11)) return std::string(v);
  auto b64 = v.substr(9, v.size() - 11);
  // Room for unpadded input too: decoded_size() rounds down, and Beast writes
  // the last partial group all the same.
  std::string out(beast::detail::base64::decoded_size(b64.size() + 3), '\0');
  const auto [written, read] = beast::detail::base64::decode(out.data(), b64.data(), b64.size());
  // Beast stops at the padding: everything before it must have been read.
  while (!b64.empty() && b64.back() == '=') b64.remove_suffix(1);
  if (read != b64.size()) return std::nullopt;
  out.resize(written);
  return out;
}

Body inspect(const json::value& message, std::string_view protocol_header) {
  Body body;
  body.era = mcp::era_of(message, protocol_header);
  if (const auto* batch = message.if_array()) {
    for (const auto& m : *batch)
      if (mcp::jsonrpc::classify(m).kind == mcp::jsonrpc::Message::Kind::request) body.has_request = true;
    return body;
  }
  body.has_request = mcp::jsonrpc::classify(message).kind == mcp::jsonrpc::Message::Kind::request;
  if (const auto* m = field(message, "method"); m && m->is_string()) body.method = m->get_string();
  body.is_initialize = body.method == "initialize";
  return body;
}

json::value request_id(const json::value& message) {
  if (const auto* id = field(message, "id"); id && mcp::jsonrpc::valid_id(*id)) return *id;
  return nullptr;
}

std::string header_mismatch(const json::value& message, const MirrorHeaders& headers) {
  std::string method;
  if (const auto* m = field(message, "method"); m && m->is_string()) method = m->get_string();
  const json::value* params = field(message, "params");
  const json::value* meta = params ? field(*params, "_meta") : nullptr;
  const json::value* meta_version = meta ? field(*meta, mcp::meta_protocol_version) : nullptr;
  const std::string& version = headers.protocol_version;

  if (meta_version && meta_version->is_string() && version != meta_version->get_string())
    return version.empty() ? "MCP-Protocol-Version header is missing"
                           : "MCP-Protocol-Version header value '" + version + "' does not match body value '" +
                                 std::string(meta_version->get_string()) + "'";
  if (!headers.method) return "Mcp-Method header is missing";
  if (*headers.method != method)
    return "Mcp-Method header value '" + *headers.method + "' does not match body value '" + method + "'";
  if (method == "tools/call") {
    if (!headers.name) return "Mcp-Name header is missing";
    const auto decoded = decode_header_value(*headers.name);
    if (!decoded) return "Mcp-Name header value is not valid base64";
    const json::value* name = params ? field(*params, "name") : nullptr;
    if (name && name->is_string() && *decoded != name->get_string())
      return "Mcp-Name header value '" + *headers.name + "' does not match body value '" +
             std::string(name->get_string()) + "'";
  }
  return {};
}

std::string error_body(const json::value& id, int code, std::string_view message) {
  return json::serialize(mcp::jsonrpc::make_error(id, code, message));
}

http::status status_for(int error_code, mcp::Era era) {
  if (error_code == mcp::jsonrpc::parse_error) return http::status::bad_request;
  if (era == mcp::Era::legacy) return http::status::ok;
  switch (error_code) {
    case mcp::jsonrpc::method_not_found:
      return http::status::not_found;
    case mcp::jsonrpc::invalid_request:
    case mcp::jsonrpc::invalid_params:
    case mcp::header_mismatch:
    case mcp::missing_client_capability:
    case mcp::unsupported_protocol_version:
      return http::status::bad_request;
    default:
      return http::status::ok;
  }
}

}  // namespace transport::http_rules
