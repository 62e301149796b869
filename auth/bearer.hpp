#pragma once
// The resource server's side: who a request to the MCP endpoint acts for,
// from its bearer token, and the 401 that tells a client where to sign in
// (RFC 6750, RFC 9728 5.1).

#include "auth/settings.hpp"
#include "support/web.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace auth {

struct Access {
  std::optional<std::int64_t> user_id;            // set when the request may go ahead
  std::optional<support::WebResponse> refusal;    // set when it may not
  std::string client_id;
};

// The token of "Authorization: Bearer X" (scheme in any case), or nullopt.
std::optional<std::string> bearer_token(const support::WebRequest& request);

// 401 with WWW-Authenticate naming the resource metadata; with
// error="invalid_token" and the description when a token was sent.
support::WebResponse unauthorized(const Settings& settings, std::optional<std::string_view> invalid_token_description);

}  // namespace auth
