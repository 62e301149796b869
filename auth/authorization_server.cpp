#include "auth/authorization_server.hpp"

#include "auth/metadata.hpp"
#include "auth/params.hpp"
#include "auth/registration.hpp"
#include "auth/responses.hpp"
#include "support/log.hpp"

#include <array>
#include <string_view>

namespace auth {

namespace {

struct Route {
  std::string_view path;
  std::string_view allow;  // methods, as the Allow header lists them
  bool page;               // answered with HTML (a browser is looking)
  bool cors;               // called by clients from web pages: any origin may read it
};

constexpr std::array routes{
    Route{protected_resource_path, "GET, HEAD, OPTIONS", false, true},
    Route{"/.well-known/oauth-protected-resource/mcp", "GET, HEAD, OPTIONS", false, true},
    Route{authorization_server_path, "GET, HEAD, OPTIONS", false, true},
    Route{openid_configuration_path, "", false, true},
    Route{"/register", "POST, OPTIONS", false, true},
    Route{"/token", "POST, OPTIONS", false, true},
    Route{"/revoke", "POST, OPTIONS", false, true},
    Route{"/authorize", "GET", true, false},
    Route{"/authorize/decision", "POST", true, false},
    Route{"/callback", "GET", true, false},
};

const Route* find_route(std::string_view path) {
  for (const auto& r : routes) {
    if (r.path == path) return &r;
  }
  return nullptr;
}

bool allows(const Route& route, std::string_view method) {
  std::string_view rest = route.allow;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    auto item = rest.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    if (item == method) return true;
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  return false;
}

boost::asio::awaitable<support::WebResponse> ready(support::WebResponse response) { co_return response; }

support::WebResponse store_unavailable(bool page) {
  constexpr std::string_view message = "the sign-in store is unavailable; try again shortly";
  auto r = page ? error_page(503, "Sign-in is unavailable", message) : oauth_error(503, "temporarily_unavailable", message);
  r.headers.emplace_back("Retry-After", "5");
  return r;
}

}  // namespace

AuthorizationServer::AuthorizationServer(Settings settings, store::Database& db, support::SecretKey key,
                                         Upstream& upstream, support::BlockingPool& pool, MetadataFetcher* metadata)
    : services_{std::move(settings), db, std::move(key), upstream, pool},
      token_limiter_(services_.settings.token_limit, services_.settings.rate_limit_peers),
      register_limiter_(services_.settings.register_limit, services_.settings.rate_limit_peers),
      browser_limiter_(services_.settings.browser_limit, services_.settings.rate_limit_peers),
      tokens_(services_),
      browser_(services_, metadata),
      metadata_(metadata) {}

std::optional<support::WebResponse> AuthorizationServer::limited(RateLimiter& limiter,
                                                                 const support::WebRequest& request) {
  const auto wait = limiter.take(request.peer, RateLimiter::Clock::now());
  if (!wait) return std::nullopt;
  const auto seconds = std::to_string(wait->count());
  auto r = oauth_error(429, "invalid_request", "too many requests; retry after " + seconds + " s");
  r.headers.emplace_back("Retry-After", seconds);
  return r;
}

boost::asio::awaitable<std::optional<support::WebResponse>> AuthorizationServer::handle(support::WebRequest request) {
  const Route* found = find_route(request.path());
  if (!found) co_return std::nullopt;
  support::WebResponse response;
  try {
    response = co_await this->route(std::move(request));
  } catch (const store::Error& e) {
    support::log::error("auth", std::string("store failed: ") + e.what());
    response = store_unavailable(found->page);
  }
  if (found->cors) response.headers.emplace_back("Access-Control-Allow-Origin", "*");
  co_return response;
}

// Not a coroutine itself: it picks the one that answers (GCC 12 warns
// falsely about the frame of a coroutine with many co_return co_await).
boost::asio::awaitable<support::WebResponse> AuthorizationServer::route(support::WebRequest request) {
  const Settings& settings = services_.settings;
  const std::string path(request.path());
  const Route& route = *find_route(path);
  if (path == openid_configuration_path)
    return ready(oauth_error(404, "not_found", "this server is not an OpenID provider"));
  if (!allows(route, request.method)) return ready(method_not_allowed(route.allow));
  if (request.method == "OPTIONS") {
    support::WebResponse r;
    r.status = 204;
    r.headers.emplace_back("Access-Control-Allow-Methods", std::string(route.allow));
    r.headers.emplace_back("Access-Control-Allow-Headers", "Content-Type, Authorization, MCP-Protocol-Version");
    r.headers.emplace_back("Access-Control-Max-Age", "86400");
    return ready(std::move(r));
  }

  if (path == protected_resource_path || path == "/.well-known/oauth-protected-resource/mcp")
    return ready(protected_resource_metadata(settings));
  if (path == authorization_server_path) return ready(authorization_server_metadata(settings, metadata_ != nullptr));
  if (path == "/register") return register_client(std::move(request));
  if (path == "/token" || path == "/revoke") {
    if (auto refusal = limited(token_limiter_, request)) return ready(std::move(*refusal));
    if (path == "/token") return tokens_.token(std::move(request));
    return tokens_.revoke(std::move(request));
  }
  if (auto refusal = limited(browser_limiter_, request)) return ready(std::move(*refusal));
  if (path == "/authorize") return browser_.authorize(std::move(request));
  if (path == "/authorize/decision") return browser_.decision(std::move(request));
  return browser_.callback(std::move(request));
}

boost::asio::awaitable<support::WebResponse> AuthorizationServer::register_client(support::WebRequest request) {
  if (auto refusal = limited(register_limiter_, request)) co_return std::move(*refusal);
  if (!has_media_type(request, "application/json"))
    co_return oauth_error(400, "invalid_client_metadata", "send the registration as application/json");
  auto check = check_registration(request.body);
  if (check.refusal) co_return std::move(*check.refusal);
  const ClientMetadata metadata = std::move(*check.metadata);

  store::Client client;
  client.id = support::random_token();
  client.name = metadata.name;
  client.redirect_uris = metadata.redirect_uris;
  client.created_at = services_.settings.time_now();
  auto put = [&] { services_.db.put_client(client); };
  co_await services_.pool.run(put);
  support::log::info("auth", "registered client " + client.id + (client.name.empty() ? "" : " (" + client.name + ")"));
  co_return registration_response(client, metadata);
}

boost::asio::awaitable<Access> AuthorizationServer::authenticate(support::WebRequest request) {
  const Settings& settings = services_.settings;
  const auto token = bearer_token(request);
  Access access;
  if (!token) {
    access.refusal = unauthorized(settings, std::nullopt);
    co_return access;
  }
  const std::string hash = support::sha256_base64url(*token);
  const store::Time now = settings.time_now();
  auto check = [&]() -> Access {
    Access a;
    auto issued = services_.db.access_token(hash, now);
    if (!issued) {
      a.refusal = unauthorized(settings, "the access token is unknown, expired or revoked");
      return a;
    }
    if (issued->grant.resource != settings.resource) {
      a.refusal = unauthorized(settings, "the access token was issued for another resource");
      return a;
    }
    auto user = services_.db.user(issued->grant.user_id);
    if (!user || user->sealed_tokens.empty()) {
      a.refusal = unauthorized(settings, "the person signed out; sign in again");
      return a;
    }
    a.user_id = user->id;
    a.client_id = issued->grant.client_id;
    return a;
  };
  try {
    access = co_await services_.pool.run(check);
  } catch (const store::Error& e) {
    support::log::error("auth", std::string("store failed: ") + e.what());
    access.refusal = store_unavailable(false);
  }
  co_return access;
}

}  // namespace auth
