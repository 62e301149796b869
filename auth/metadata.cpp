#include "auth/metadata.hpp"

#include "auth/responses.hpp"

#include <boost/json/array.hpp>

namespace auth {
namespace json = boost::json;

namespace {

support::WebResponse cacheable(support::WebResponse r) {
  r.headers.emplace_back("Cache-Control", "max-age=3600");
  return r;
}

}  // namespace

std::string resource_metadata_url(const Settings& settings) {
  return settings.public_url + std::string(protected_resource_path) + "/mcp";
}

support::WebResponse protected_resource_metadata(const Settings& settings) {
  return cacheable(json_response(200, {
                                          {"resource", settings.resource},
                                          {"authorization_servers", json::array{json::string(settings.public_url)}},
                                          {"scopes_supported", json::array{json::string(settings.scope)}},
                                          {"bearer_methods_supported", json::array{"header"}},
                                          {"resource_name", settings.product_name},
                                      }));
}

support::WebResponse authorization_server_metadata(const Settings& settings, bool metadata_documents) {
  const auto& base = settings.public_url;
  json::object doc{
                                          {"issuer", base},
                                          {"authorization_endpoint", base + "/authorize"},
                                          {"token_endpoint", base + "/token"},
                                          {"registration_endpoint", base + "/register"},
                                          {"revocation_endpoint", base + "/revoke"},
                                          {"response_types_supported", json::array{"code"}},
                                          {"response_modes_supported", json::array{"query"}},
                                          {"grant_types_supported", json::array{"authorization_code", "refresh_token"}},
                                          {"code_challenge_methods_supported", json::array{"S256"}},
                                          {"token_endpoint_auth_methods_supported", json::array{"none"}},
                                          {"revocation_endpoint_auth_methods_supported", json::array{"none"}},
                                          {"scopes_supported", json::array{json::string(settings.scope)}},
                                          {"authorization_response_iss_parameter_supported", true},
                                      };
  if (metadata_documents) doc["client_id_metadata_document_supported"] = true;
  return cacheable(json_response(200, doc));
}

}  // namespace auth
