#include "auth/registration.hpp"

#include "auth/redirect_uri.hpp"
#include "auth/responses.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value_from.hpp>

#include <algorithm>
#include <chrono>

namespace auth {
namespace json = boost::json;

namespace {

RegistrationCheck refuse(std::string_view error, std::string_view description) {
  return {std::nullopt, oauth_error(400, error, description)};
}

}  // namespace

std::optional<std::vector<std::string>> allowed_strings(const json::object& body, std::string_view field,
                                                    const std::vector<std::string>& allowed,
                                                    const std::vector<std::string>& fallback) {
  const auto* value = body.if_contains(field);
  if (!value || value->is_null()) return fallback;
  const auto* array = value->if_array();
  if (!array || array->empty() || array->size() > 10) return std::nullopt;
  std::vector<std::string> out;
  for (const auto& item : *array) {
    const auto* s = item.if_string();
    if (!s || std::find(allowed.begin(), allowed.end(), std::string_view(*s)) == allowed.end()) return std::nullopt;
    if (std::find(out.begin(), out.end(), std::string_view(*s)) == out.end()) out.emplace_back(*s);
  }
  return out;
}

std::string clean_client_name(std::string_view name) {
  std::string out;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) continue;
    out += c;
  }
  if (out.size() > max_client_name_length) {
    std::size_t cut = max_client_name_length;
    // Back up over UTF-8 continuation bytes so no character is split.
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  while (!out.empty() && out.front() == ' ') out.erase(out.begin());
  return out;
}

RegistrationCheck check_registration(std::string_view body) {
  if (body.size() > max_registration_body) return refuse("invalid_client_metadata", "the registration is too large");
  boost::system::error_code ec;
  json::parse_options options;
  options.max_depth = 8;
  auto parsed = json::parse(body, ec, {}, options);
  if (ec || !parsed.is_object()) return refuse("invalid_client_metadata", "the body must be a JSON object");
  const auto& object = parsed.as_object();

  ClientMetadata metadata;
  const auto* uris = object.if_contains("redirect_uris");
  const auto* uri_array = uris ? uris->if_array() : nullptr;
  if (!uri_array || uri_array->empty())
    return refuse("invalid_redirect_uri", "redirect_uris must be a non-empty array of URLs");
  if (uri_array->size() > max_redirect_uris) return refuse("invalid_redirect_uri", "at most 10 redirect URIs");
  for (const auto& item : *uri_array) {
    const auto* s = item.if_string();
    if (!s) return refuse("invalid_redirect_uri", "each redirect URI must be a string");
    if (auto problem = redirect_uri_problem(*s); !problem.empty()) return refuse("invalid_redirect_uri", problem);
    metadata.redirect_uris.emplace_back(*s);
  }

  if (const auto* name = object.if_contains("client_name"); name && !name->is_null()) {
    const auto* s = name->if_string();
    if (!s) return refuse("invalid_client_metadata", "client_name must be a string");
    metadata.name = clean_client_name(*s);
  }

  auto grants = allowed_strings(object, "grant_types", {"authorization_code", "refresh_token"},
                            {"authorization_code", "refresh_token"});
  if (!grants || std::find(grants->begin(), grants->end(), "authorization_code") == grants->end())
    return refuse("invalid_client_metadata",
                  "grant_types must include authorization_code and may add only refresh_token");
  metadata.grant_types = std::move(*grants);
  auto responses = allowed_strings(object, "response_types", {"code"}, {"code"});
  if (!responses) return refuse("invalid_client_metadata", "response_types may only be [\"code\"]");
  metadata.response_types = std::move(*responses);
  // token_endpoint_auth_method: every client is public (PKCE); we answer "none".
  return {std::move(metadata), std::nullopt};
}

support::WebResponse registration_response(const store::Client& client, const ClientMetadata& metadata) {
  json::object body{
      {"client_id", client.id},
      {"client_id_issued_at", client.created_at.time_since_epoch().count()},
      {"redirect_uris", json::value_from(metadata.redirect_uris)},
      {"grant_types", json::value_from(metadata.grant_types)},
      {"response_types", json::value_from(metadata.response_types)},
      {"token_endpoint_auth_method", "none"},
  };
  if (!metadata.name.empty()) body["client_name"] = metadata.name;
  auto r = json_response(201, body);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

}  // namespace auth
