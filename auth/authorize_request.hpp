#pragma once
// The rules of GET /authorize (OAuth 2.1 4.1.1, RFC 7636, RFC 8707): what
// makes a request one we may answer at the client's redirect URI, and what
// makes it one we answer only with a page (an unknown client, or a redirect
// URI it did not register: never redirect there).

#include "auth/params.hpp"
#include "auth/settings.hpp"
#include "store/store.hpp"
#include "support/web.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace auth {

struct AuthorizeCheck {
  std::optional<store::PendingAuthorization> pending;  // valid; expires_at and user_id left for the caller
  std::optional<support::WebResponse> refusal;         // an HTML page or an error redirect
};

// `client`: the client named by client_id, nullopt when there is none.
AuthorizeCheck check_authorize(const Params& params, const std::optional<store::Client>& client,
                               const Settings& settings);

// The page for a request that names no known client.
support::WebResponse unknown_client_page();

// The client's redirect URI with an error (RFC 6749 4.1.2.1) and iss (RFC 9207).
support::WebResponse error_redirect(const Settings& settings, std::string_view redirect_uri, std::string_view error,
                                    std::string_view description, std::string_view state);
// The client's redirect URI with the code, its state and iss.
support::WebResponse code_redirect(const Settings& settings, std::string_view redirect_uri, std::string_view code,
                                   std::string_view state);

// "trakt" for an absent scope; nullopt when a requested scope is not ours.
std::optional<std::string> granted_scope(std::optional<std::string> requested, const Settings& settings);

}  // namespace auth
