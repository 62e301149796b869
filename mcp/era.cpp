// See era.hpp.

#include "mcp/era.hpp"

namespace json = boost::json;

namespace mcp {

const json::object* stateless_meta(const json::value& message) {
  const auto* o = message.if_object();
  const json::value* params = o ? o->if_contains("params") : nullptr;
  const json::value* meta = params && params->is_object() ? params->get_object().if_contains("_meta") : nullptr;
  if (!meta || !meta->is_object()) return nullptr;
  return meta->get_object().contains(meta_protocol_version) ? &meta->get_object() : nullptr;
}

Era era_of(const json::value& message, std::string_view protocol_header) {
  const auto* o = message.if_object();
  if (!o) return Era::legacy;
  if (stateless_meta(message)) return Era::stateless;
  const json::value* method = o->if_contains("method");
  const bool initialize = method && method->is_string() && method->get_string() == "initialize";
  return protocol_header == stateless_protocol_version && !initialize ? Era::stateless : Era::legacy;
}

}  // namespace mcp
