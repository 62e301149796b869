#pragma once
// Discovery documents: RFC 9728 protected resource metadata (where the MCP
// endpoint's tokens come from) and RFC 8414 authorization server metadata.

#include "auth/settings.hpp"
#include "support/web.hpp"

#include <optional>
#include <string_view>

namespace auth {

inline constexpr std::string_view protected_resource_path = "/.well-known/oauth-protected-resource";
inline constexpr std::string_view authorization_server_path = "/.well-known/oauth-authorization-server";
inline constexpr std::string_view openid_configuration_path = "/.well-known/openid-configuration";

// The URL a 401 points at: the path-inserted form for the MCP endpoint.
std::string resource_metadata_url(const Settings& settings);

support::WebResponse protected_resource_metadata(const Settings& settings);
// `metadata_documents`: client ID metadata documents are accepted (a fetcher is set).
support::WebResponse authorization_server_metadata(const Settings& settings, bool metadata_documents = false);

}  // namespace auth
