#pragma once
// RFC 7591 dynamic client registration: which metadata we accept (public
// clients with PKCE; https redirect URIs, or http on a loopback host) and the
// answer that names the new client.

#include "auth/redirect_uri.hpp"
#include "store/store.hpp"
#include "support/web.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace auth {

inline constexpr std::size_t max_registration_body = 16 * 1024;
inline constexpr std::size_t max_redirect_uris = 10;
inline constexpr std::size_t max_redirect_uri_length = 2000;
inline constexpr std::size_t max_client_name_length = 200;

struct ClientMetadata {
  std::string name;  // control characters removed, bounded
  std::vector<std::string> redirect_uris;
  std::vector<std::string> grant_types;
  std::vector<std::string> response_types;
};

struct RegistrationCheck {
  std::optional<ClientMetadata> metadata;
  std::optional<support::WebResponse> refusal;  // 400 with invalid_client_metadata or invalid_redirect_uri
};

RegistrationCheck check_registration(std::string_view body);

// A list of strings from `field`, each within `allowed`, repeats dropped;
// `fallback` when absent; nullopt when not a list of 1 to 10 allowed strings.
// (grant_types and response_types, in a registration or a metadata document.)
std::optional<std::vector<std::string>> allowed_strings(const boost::json::object& body, std::string_view field,
                                                        const std::vector<std::string>& allowed,
                                                        const std::vector<std::string>& fallback);

// The client name without control characters, cut at a character boundary.
std::string clean_client_name(std::string_view name);

// 201 with the client's id and its metadata as we keep it.
support::WebResponse registration_response(const store::Client& client, const ClientMetadata& metadata);

}  // namespace auth
