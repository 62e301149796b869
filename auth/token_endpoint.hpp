#pragma once
// POST /token (OAuth 2.1 4.1.3, 4.3): a code with its PKCE verifier, or a
// refresh token (rotated; a reused one ends its whole family), for an access
// token bound to the MCP endpoint. And POST /revoke (RFC 7009).

#include "auth/services.hpp"
#include "support/web.hpp"

#include <boost/asio/awaitable.hpp>

#include <string>
#include <string_view>

namespace auth {

// RFC 7636 4.1: 43 to 128 characters of [A-Za-z0-9-._~].
bool verifier_well_formed(std::string_view verifier);

// Makes and stores a new access and refresh token for the grant (blocks: call
// on the pool); the 200 answer that carries them.
support::WebResponse issue_tokens(store::Database& db, const Settings& settings, const store::Grant& grant,
                                  const std::string& family, store::Time now);

class TokenEndpoint {
public:
  explicit TokenEndpoint(Services& services) : services_(services) {}

  boost::asio::awaitable<support::WebResponse> token(support::WebRequest request);
  boost::asio::awaitable<support::WebResponse> revoke(support::WebRequest request);

private:
  Services& services_;
};

}  // namespace auth
