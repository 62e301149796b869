#include "mcp/server_impl/lifecycle.hpp"

#include "support/json_fields.hpp"
#include "support/log.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace json = boost::json;

namespace mcp {

namespace {

// Legacy versions, negotiated by initialize, newest first.
constexpr std::array<std::string_view, 4> legacy_versions = {"2025-11-25", "2025-06-18", "2025-03-26",
                                                              "2024-11-05"};
constexpr std::string_view latest_legacy_version = "2025-11-25";

}  // namespace

bool is_legacy_protocol_version(std::string_view version) {
  return std::find(legacy_versions.begin(), legacy_versions.end(), version) != legacy_versions.end();
}

bool is_supported_protocol_version(std::string_view version) {
  return version == stateless_protocol_version || is_legacy_protocol_version(version);
}

namespace server_impl {

json::array all_versions() {
  json::array versions{stateless_protocol_version};
  for (auto v : legacy_versions) versions.emplace_back(v);
  return versions;
}

bool offers_resources(const Catalog& catalog) { return catalog.resources && !catalog.resources->empty(); }
bool offers_prompts(const Catalog& catalog) { return catalog.prompts && !catalog.prompts->empty(); }

void Lifecycle::on_ping(Request r) { r.reply.result({}); }

json::object Lifecycle::server_info_json() const {
  json::object server_info{{"name", info_.name}};
  if (!info_.title.empty()) server_info.emplace("title", info_.title);
  server_info.emplace("version", info_.version);
  return server_info;
}

void Lifecycle::mark_stateless(json::object& result) const {
  result.emplace("resultType", "complete");
  json::object meta;
  if (auto* m = result.if_contains("_meta"); m && m->is_object()) meta = m->get_object();
  meta.emplace(meta_server_info, server_info_json());
  result["_meta"] = std::move(meta);
}

// The same in both eras: initialize and server/discover.
json::object Lifecycle::capabilities() const {
  json::object caps{{"tools", json::object{{"listChanged", false}}}};
  if (offers_resources(catalog_)) caps.emplace("resources", json::object{{"listChanged", false}});
  if (offers_prompts(catalog_)) caps.emplace("prompts", json::object{{"listChanged", false}});
  caps.emplace("logging", json::object{});
  return caps;
}

void Lifecycle::on_discover(Request r) const {
  json::object result;
  result.emplace("supportedVersions", all_versions());
  result.emplace("capabilities", capabilities());
  result.emplace("serverInfo", server_info_json());
  if (!info_.instructions.empty()) result.emplace("instructions", info_.instructions);
  r.reply.result(std::move(result));
}

void Lifecycle::on_initialize(Request r) {
  if (session_.initialized) return r.reply.error(jsonrpc::invalid_request, "Invalid Request: already initialized");
  const json::value* requested = r.params->if_contains("protocolVersion");
  if (!requested || !requested->is_string())
    return r.reply.error(jsonrpc::invalid_params, "Invalid params: initialize needs a string \"protocolVersion\"");

  // Echo a version we speak; otherwise offer our latest and let the client decide.
  const std::string_view wanted = requested->get_string();
  session_.protocol_version = std::string(is_legacy_protocol_version(wanted) ? wanted : latest_legacy_version);
  session_.initialized = true;

  std::string client = "unknown client";
  if (const auto* ci = support::object_field(*r.params, "clientInfo"))
    if (const auto* name = ci->if_contains("name"); name && name->is_string())
      client = std::string(name->get_string());
  support::log::info(logger_name, "session started: " + client + ", protocol " + session_.protocol_version);
  if (const auto* caps = support::object_field(*r.params, "capabilities")) session_.client_capabilities = *caps;

  json::object result;
  result.emplace("protocolVersion", session_.protocol_version);
  result.emplace("capabilities", capabilities());
  result.emplace("serverInfo", server_info_json());
  if (!info_.instructions.empty()) result.emplace("instructions", info_.instructions);
  r.reply.result(std::move(result));
}

}  // namespace server_impl
}  // namespace mcp
