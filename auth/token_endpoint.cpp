#include "auth/token_endpoint.hpp"

#include "auth/authorize_request.hpp"
#include "auth/client_metadata.hpp"
#include "auth/params.hpp"
#include "auth/responses.hpp"
#include "support/log.hpp"

#include <algorithm>

namespace auth {

namespace {

constexpr std::size_t max_form_body = 16 * 1024;

support::WebResponse invalid_grant(std::string_view why) { return oauth_error(400, "invalid_grant", why); }

// A registered client must still exist. A client ID metadata document's copy
// may have expired or been cleaned since the code or refresh token was issued:
// the grant's binding to that URL is the proof, and /token does not reach out
// to the client's site (no fetch from an unauthenticated endpoint, no refresh
// that fails because the site is down).
bool known_client(store::Database& db, const std::string& client_id) {
  return looks_like_metadata_url(client_id) || db.client(client_id).has_value();
}

}  // namespace

bool verifier_well_formed(std::string_view verifier) {
  return verifier.size() >= 43 && verifier.size() <= 128 && std::all_of(verifier.begin(), verifier.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                  c == '.' || c == '_' || c == '~';
         });
}

// A new pair for the grant: what the client is given and what the store keeps.
struct NewPair {
  std::string access;
  std::string refresh;
  store::Database::Rotation stored;
};
NewPair new_pair(const Settings& settings, const store::Grant& grant, const std::string& family, store::Time now) {
  NewPair p{support::random_token(), support::random_token(), {}};
  p.stored = {support::sha256_base64url(p.access), {grant, family, now + settings.access_ttl},
              support::sha256_base64url(p.refresh), {grant, family, now + settings.refresh_ttl}};
  return p;
}

support::WebResponse token_response(const NewPair& pair, const Settings& settings, const store::Grant& grant) {
  const std::string& access = pair.access;
  const std::string& refresh = pair.refresh;
  auto r = json_response(200, {
                                  {"access_token", access},
                                  {"token_type", "Bearer"},
                                  {"expires_in", settings.access_ttl.count()},
                                  {"refresh_token", refresh},
                                  {"scope", grant.scope},
                              });
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("Pragma", "no-cache");
  return r;
}

boost::asio::awaitable<support::WebResponse> TokenEndpoint::token(support::WebRequest request) {
  const Settings& settings = services_.settings;
  if (!has_media_type(request, "application/x-www-form-urlencoded"))
    co_return oauth_error(400, "invalid_request", "send the request as application/x-www-form-urlencoded");
  if (request.body.size() > max_form_body) co_return oauth_error(400, "invalid_request", "the request is too large");
  const auto form = Params::parse(request.body);
  if (!form) co_return oauth_error(400, "invalid_request", "the form is not valid");
  if (auto name = form->first_repeated({"grant_type", "code", "redirect_uri", "client_id", "code_verifier",
                                        "refresh_token", "resource", "scope"});
      !name.empty())
    co_return oauth_error(400, "invalid_request", std::string(name) + " is given more than once");

  const std::string grant_type = form->value("grant_type");
  const std::string client_id = form->value("client_id");
  const auto resource = form->get("resource");
  if (grant_type.empty()) co_return oauth_error(400, "invalid_request", "grant_type is required");
  if (grant_type != "authorization_code" && grant_type != "refresh_token")
    co_return oauth_error(400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
  if (client_id.empty()) co_return oauth_error(400, "invalid_request", "client_id is required");
  if (resource && *resource != settings.resource)
    co_return oauth_error(400, "invalid_target", "resource must be " + settings.resource);
  const store::Time now = settings.time_now();

  if (grant_type == "authorization_code") {
    const std::string code = form->value("code");
    const std::string redirect_uri = form->value("redirect_uri");
    const std::string verifier = form->value("code_verifier");
    if (code.empty() || redirect_uri.empty() || verifier.empty())
      co_return oauth_error(400, "invalid_request", "code, redirect_uri and code_verifier are required");
    if (!verifier_well_formed(verifier))
      co_return oauth_error(400, "invalid_request", "code_verifier must be 43 to 128 characters [A-Za-z0-9-._~]");
    auto exchange = [&]() -> support::WebResponse {
      auto& db = services_.db;
      if (!known_client(db, client_id)) return oauth_error(401, "invalid_client", "unknown client_id");
      // The checks run inside the store's transaction: the code is spent
      // whatever they say (single use), and the pair is stored with the spend
      // or not at all, so that a second use, even one racing with this,
      // revokes it.
      std::optional<support::WebResponse> refusal;
      std::optional<NewPair> pair;
      auto issue = [&](const store::AuthorizationCode& taken) -> std::optional<store::Database::Rotation> {
        if (taken.grant.client_id != client_id)
          refusal = invalid_grant("the code was issued to another client");
        else if (taken.redirect_uri != redirect_uri)
          refusal = invalid_grant("redirect_uri differs from the authorization request");
        else if (!support::constant_time_equal(support::pkce_s256(verifier), taken.code_challenge))
          refusal = invalid_grant("code_verifier does not match the code_challenge");
        else if (resource && *resource != taken.grant.resource)
          refusal = oauth_error(400, "invalid_target", "resource differs from the authorization request");
        // Another server on the same store issued it: its tokens are not ours to give.
        else if (taken.grant.resource != settings.resource)
          refusal = invalid_grant("the code was issued for another resource");
        if (refusal) return std::nullopt;
        pair = new_pair(settings, taken.grant, support::random_token(16), now);
        return pair->stored;
      };
      auto taken = db.redeem_code(support::sha256_base64url(code), now, settings.spent_code_ttl, issue);
      if (taken.use == store::CodeUse::reused) {
        support::log::warning("auth", "an authorization code was used twice; the tokens issued from it are revoked "
                                      "(client " + client_id + ")");
        return invalid_grant("the code was already used; any tokens issued from it are revoked");
      }
      if (taken.use != store::CodeUse::fresh || !taken.code)
        return invalid_grant("the code is unknown, expired or already used");
      if (refusal) return std::move(*refusal);
      return token_response(*pair, settings, taken.code->grant);
    };
    co_return co_await services_.pool.run(exchange);
  }

  const std::string refresh = form->value("refresh_token");
  if (refresh.empty()) co_return oauth_error(400, "invalid_request", "refresh_token is required");
  const auto scope = granted_scope(form->get("scope"), settings);
  if (!scope) co_return oauth_error(400, "invalid_scope", "the only scope is " + settings.scope);
  auto rotate = [&]() -> support::WebResponse {
    auto& db = services_.db;
    if (!known_client(db, client_id)) return oauth_error(401, "invalid_client", "unknown client_id");
    // The checks run inside the store's transaction: the token is spent
    // whatever they say, and the new pair is stored with it or not at all.
    std::optional<support::WebResponse> refusal;
    std::optional<NewPair> pair;
    auto issue = [&](const store::IssuedToken& token) -> std::optional<store::Database::Rotation> {
      if (token.grant.client_id != client_id)
        refusal = invalid_grant("the refresh token was issued to another client");
      else if (resource && *resource != token.grant.resource)
        refusal = oauth_error(400, "invalid_target", "resource differs from the grant");
      else if (token.grant.resource != settings.resource)
        refusal = invalid_grant("the refresh token was issued for another resource");
      if (refusal) return std::nullopt;
      pair = new_pair(settings, token.grant, token.family, now);
      return pair->stored;
    };
    auto taken = db.rotate_refresh_token(support::sha256_base64url(refresh), now, issue);
    if (taken.use == store::RefreshUse::reused) {
      support::log::warning("auth", "a spent refresh token was used again; its family is revoked (client " +
                                        client_id + ")");
      return invalid_grant("the refresh token was already used; sign in again");
    }
    if (taken.use != store::RefreshUse::fresh || !taken.token)
      return invalid_grant("the refresh token is unknown, expired or revoked");
    if (refusal) return std::move(*refusal);
    return token_response(*pair, settings, taken.token->grant);
  };
  co_return co_await services_.pool.run(rotate);
}

boost::asio::awaitable<support::WebResponse> TokenEndpoint::revoke(support::WebRequest request) {
  if (!has_media_type(request, "application/x-www-form-urlencoded"))
    co_return oauth_error(400, "invalid_request", "send the request as application/x-www-form-urlencoded");
  if (request.body.size() > max_form_body) co_return oauth_error(400, "invalid_request", "the request is too large");
  const auto form = Params::parse(request.body);
  if (!form) co_return oauth_error(400, "invalid_request", "the form is not valid");
  const std::string token = form->value("token");
  if (token.empty() || form->repeated("token")) co_return oauth_error(400, "invalid_request", "token is required");
  const std::string hash = support::sha256_base64url(token);
  auto revoke = [&] { return services_.db.revoke_token(hash); };
  co_await services_.pool.run(revoke);
  // RFC 7009 2.2: 200 whether or not there was such a token.
  support::WebResponse r;
  r.status = 200;
  r.headers.emplace_back("Cache-Control", "no-store");
  co_return r;
}

}  // namespace auth
