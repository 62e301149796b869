#pragma once
// Hosted mode's OAuth 2.1 authorization server and the resource server's
// bearer check (MCP authorization, 2025-11-25), as request -> response logic
// without sockets. The person's identity comes from the Upstream (Trakt).
//
// Paths: /.well-known/oauth-protected-resource[/mcp],
// /.well-known/oauth-authorization-server, /.well-known/openid-configuration
// (404), /register, /authorize, /authorize/decision, /callback, /token,
// /revoke. Every store call runs on the blocking pool; a failing store gives
// 503.

#include "auth/bearer.hpp"
#include "auth/browser_flow.hpp"
#include "auth/client_metadata.hpp"
#include "auth/rate_limiter.hpp"
#include "auth/services.hpp"
#include "auth/settings.hpp"
#include "auth/token_endpoint.hpp"
#include "auth/upstream.hpp"
#include "store/store.hpp"
#include "support/blocking_pool.hpp"
#include "support/crypto.hpp"
#include "support/web.hpp"

#include <boost/asio/awaitable.hpp>

#include <optional>

namespace auth {

class AuthorizationServer {
public:
  // `metadata`: reads client ID metadata documents (https client_ids); null:
  // they are not supported, nor advertised.
  AuthorizationServer(Settings settings, store::Database& db, support::SecretKey key, Upstream& upstream,
                      support::BlockingPool& pool, MetadataFetcher* metadata = nullptr);

  // The answer for one of our paths; nullopt when the path is not ours (the
  // transport serves /mcp and the rest).
  boost::asio::awaitable<std::optional<support::WebResponse>> handle(support::WebRequest request);

  // Who a request to the MCP endpoint acts for, or the 401/503 to answer it with.
  boost::asio::awaitable<Access> authenticate(support::WebRequest request);

  const Settings& settings() const { return services_.settings; }

private:
  boost::asio::awaitable<support::WebResponse> route(support::WebRequest request);
  boost::asio::awaitable<support::WebResponse> register_client(support::WebRequest request);
  std::optional<support::WebResponse> limited(RateLimiter& limiter, const support::WebRequest& request);

  Services services_;
  RateLimiter token_limiter_;
  RateLimiter register_limiter_;
  RateLimiter browser_limiter_;
  TokenEndpoint tokens_;
  BrowserFlow browser_;
  MetadataFetcher* metadata_;
};

}  // namespace auth
