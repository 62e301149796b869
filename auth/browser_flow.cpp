#include "auth/browser_flow.hpp"

#include "auth/authorize_request.hpp"
#include "auth/consent_page.hpp"
#include "auth/params.hpp"
#include "auth/responses.hpp"
#include "support/log.hpp"

#include <chrono>
#include <utility>
#include <variant>

namespace auth {

namespace {

constexpr std::size_t max_form_body = 16 * 1024;

support::WebResponse expired_page() {
  return error_page(400, "This sign-in page expired",
                    "This sign-in page expired or was opened in another browser; start again from your app.");
}

std::string form_key(std::string_view request_token, std::string_view nonce) {
  return support::sha256_base64url(std::string(request_token) + "." + std::string(nonce));
}

std::string upstream_key(std::string_view state, std::string_view nonce) {
  return support::sha256_base64url("upstream." + std::string(state) + "." + std::string(nonce));
}

// What the browser's session cookie says about the person, looked up on the pool.
struct Person {
  std::optional<store::User> user;
  std::optional<bool> consented;
};

}  // namespace

support::WebResponse issue_code(store::Database& db, const Settings& settings, const store::PendingAuthorization& p,
                                std::int64_t user_id, store::Time now) {
  const std::string code = support::random_token();
  store::AuthorizationCode stored;
  stored.grant = {p.client_id, user_id, p.resource, p.scope};
  stored.redirect_uri = p.redirect_uri;
  stored.code_challenge = p.code_challenge;
  stored.expires_at = now + settings.code_ttl;
  db.put_code(support::sha256_base64url(code), stored);
  return code_redirect(settings, p.redirect_uri, code, p.state);
}

std::string BrowserFlow::nonce_cookie_name() const {
  return services_.settings.secure() ? "__Host-trakt-mcp-nonce" : "trakt-mcp-nonce";
}

std::string BrowserFlow::session_cookie_name() const {
  return services_.settings.secure() ? "__Host-trakt-mcp-session" : "trakt-mcp-session";
}

std::string BrowserFlow::set_cookie(std::string_view name, std::string_view value, std::chrono::seconds max_age) const {
  std::string c = std::string(name) + "=" + std::string(value) + "; Path=/; Max-Age=" +
                  std::to_string(max_age.count()) + "; HttpOnly; SameSite=Lax";
  if (services_.settings.secure()) c += "; Secure";
  return c;
}

std::string BrowserFlow::upstream_origin() const {
  return origin_of(services_.upstream.authorize_url("state", services_.settings.public_url + "/callback"));
}

boost::asio::awaitable<BrowserFlow::ClientLookup> BrowserFlow::find_client(std::string client_id) {
  auto& db = services_.db;
  auto lookup = [&] { return db.client(client_id); };
  if (!looks_like_metadata_url(client_id)) {
    std::optional<store::Client> registered = co_await services_.pool.run(lookup);
    co_return ClientLookup{std::move(registered), std::nullopt};
  }
  if (!metadata_) co_return ClientLookup{std::nullopt, unknown_client_page()};

  // A client ID metadata document: the copy we keep while it is fresh, else
  // read it again. Until it is read the redirect URI is not trusted: only pages.
  auto refuse = [&](std::string_view why) {
    support::log::info("auth", "client metadata document " + client_id + " refused: " + std::string(why));
    return ClientLookup{std::nullopt,
                        error_page(400, "This sign-in link does not work",
                                   "The app's client metadata document at " + client_id +
                                       " could not be read: " + std::string(why) + ". Start again from your app.")};
  };
  if (auto problem = metadata_url_problem(client_id); !problem.empty()) co_return refuse(problem);
  if (!services_.settings.allow_private_metadata_hosts) {
    if (auto problem = metadata_host_problem(client_id); !problem.empty()) co_return refuse(problem);
  }
  const store::Time now = services_.settings.time_now();
  std::optional<store::Client> kept = co_await services_.pool.run(lookup);
  if (kept && kept->expires_at && *kept->expires_at > now) co_return ClientLookup{std::move(kept), std::nullopt};

  const MetadataFetch fetched = co_await metadata_->fetch(client_id);
  if (!fetched.error.empty()) co_return refuse(fetched.error);
  if (fetched.status != 200) co_return refuse("it answered HTTP " + std::to_string(fetched.status) + ", not 200");
  auto parsed = parse_metadata_document(client_id, fetched.body, now, fetched.max_age);
  if (auto* why = std::get_if<std::string>(&parsed)) co_return refuse(*why);
  store::Client client = std::get<store::Client>(std::move(parsed));
  auto keep = [&] { db.put_client(client); };
  co_await services_.pool.run(keep);
  support::log::info("auth", "read client metadata document " + client_id +
                                 (client.name.empty() ? std::string() : " (" + client.name + ")"));
  co_return ClientLookup{std::move(client), std::nullopt};
}

boost::asio::awaitable<support::WebResponse> BrowserFlow::authorize(support::WebRequest request) {
  const Settings& settings = services_.settings;
  auto& db = services_.db;
  const auto params = Params::from_target(request.target);
  if (!params)
    co_return error_page(400, "This sign-in link does not work", "The link is not valid. Start again from your app.");
  const std::string client_id = params->value("client_id");
  if (client_id.empty()) co_return unknown_client_page();

  ClientLookup found = co_await find_client(client_id);
  if (found.refusal) co_return std::move(*found.refusal);
  const std::optional<store::Client> client = std::move(found.client);
  auto check = check_authorize(*params, client, settings);
  if (check.refusal) co_return std::move(*check.refusal);
  store::PendingAuthorization pending = std::move(*check.pending);
  const store::Time now = settings.time_now();

  // A browser that signed in before, and a person who allowed this client
  // before: the code at once.
  const std::string session = cookie(request, session_cookie_name());
  auto recognise = [&]() -> std::variant<Person, support::WebResponse> {
    Person person;
    if (!looks_like_token(session)) return person;
    auto user_id = db.browser_session(support::sha256_base64url(session), now);
    if (!user_id) return person;
    person.user = db.user(*user_id);
    if (!person.user || person.user->sealed_tokens.empty()) return Person{};
    if (db.has_consent(person.user->id, pending.client_id, pending.scope, pending.client_fingerprint))
      return issue_code(db, settings, pending, person.user->id, now);
    return person;
  };
  auto recognised = co_await services_.pool.run(recognise);
  if (auto* response = std::get_if<support::WebResponse>(&recognised)) {
    support::log::info("auth", "consent remembered: code issued to client " + pending.client_id);
    co_return std::move(*response);
  }
  const Person person = std::get<Person>(std::move(recognised));

  // The consent page, bound to this browser.
  std::string nonce = cookie(request, nonce_cookie_name());
  if (!looks_like_token(nonce)) nonce = support::random_token();
  const std::string request_token = support::random_token();
  if (person.user) pending.user_id = person.user->id;
  pending.expires_at = now + settings.pending_ttl;
  const std::string key = form_key(request_token, nonce);
  auto keep = [&] { db.put_pending(key, pending); };
  co_await services_.pool.run(keep);

  ConsentView view;
  view.client_name = client->name;
  view.redirect_uri = pending.redirect_uri;
  if (client->expires_at) view.metadata_url = client->id;
  view.request_token = request_token;
  if (person.user) view.signed_in_as = person.user->name.empty() ? person.user->trakt_id : person.user->name;
  view.upstream_origin = upstream_origin();
  auto page = consent_page(settings, view);
  page.headers.emplace_back("Set-Cookie", set_cookie(nonce_cookie_name(), nonce, settings.pending_ttl));
  co_return page;
}

boost::asio::awaitable<support::WebResponse> BrowserFlow::decision(support::WebRequest request) {
  const Settings& settings = services_.settings;
  auto& db = services_.db;
  if (request.body.size() > max_form_body || !has_media_type(request, "application/x-www-form-urlencoded"))
    co_return expired_page();
  const auto form = Params::parse(request.body);
  const std::string nonce = cookie(request, nonce_cookie_name());
  if (!form || !looks_like_token(nonce) || form->repeated("request") || form->repeated("decision"))
    co_return expired_page();
  const std::string request_token = form->value("request");
  const std::string decision = form->value("decision");
  if (!looks_like_token(request_token)) co_return expired_page();
  const store::Time now = settings.time_now();

  // Single use: taken whatever the decision.
  const std::string key = form_key(request_token, nonce);
  auto take = [&] { return db.take_pending(key, now); };
  std::optional<store::PendingAuthorization> pending = co_await services_.pool.run(take);
  if (!pending) co_return expired_page();

  if (decision != "allow") {
    support::log::info("auth", "the person denied client " + pending->client_id);
    co_return error_redirect(settings, pending->redirect_uri, "access_denied", "the person denied access",
                             pending->state);
  }

  // Known person: remember the consent and hand out the code.
  if (pending->user_id) {
    auto allow = [&]() -> std::optional<support::WebResponse> {
      auto user = db.user(*pending->user_id);
      if (!user || user->sealed_tokens.empty()) return std::nullopt;  // logged out since: sign in again
      db.put_consent(user->id, pending->client_id, pending->scope, pending->client_fingerprint);
      return issue_code(db, settings, *pending, user->id, now);
    };
    std::optional<support::WebResponse> done = co_await services_.pool.run(allow);
    if (done) {
      support::log::info("auth", "consent given: code issued to client " + pending->client_id);
      co_return std::move(*done);
    }
    pending->user_id.reset();
  }

  // Otherwise the person signs in at Trakt first.
  const std::string state = support::random_token();
  pending->expires_at = now + settings.pending_ttl;
  const std::string upstream = upstream_key(state, nonce);
  auto keep = [&] { db.put_pending(upstream, *pending); };
  co_await services_.pool.run(keep);
  auto r = redirect(services_.upstream.authorize_url(state, settings.public_url + "/callback"));
  r.headers.emplace_back("Set-Cookie", set_cookie(nonce_cookie_name(), nonce, settings.pending_ttl));
  co_return r;
}

boost::asio::awaitable<support::WebResponse> BrowserFlow::callback(support::WebRequest request) {
  const Settings& settings = services_.settings;
  auto& db = services_.db;
  const auto params = Params::from_target(request.target);
  const std::string nonce = cookie(request, nonce_cookie_name());
  if (!params || !looks_like_token(nonce) || params->repeated("state") || params->repeated("code"))
    co_return expired_page();
  const std::string state = params->value("state");
  if (!looks_like_token(state)) co_return expired_page();
  const store::Time now = settings.time_now();

  const std::string key = upstream_key(state, nonce);
  auto take = [&] { return db.take_pending(key, now); };
  const std::optional<store::PendingAuthorization> pending = co_await services_.pool.run(take);
  if (!pending) co_return expired_page();

  const std::string code = params->value("code");
  if (code.empty() || params->get("error")) {
    support::log::info("auth", "sign-in at Trakt was not completed for client " + pending->client_id);
    co_return error_redirect(settings, pending->redirect_uri, "access_denied", "the sign-in at Trakt was not completed",
                             pending->state);
  }

  const std::string redirect_uri = settings.public_url + "/callback";
  const UpstreamResult result = co_await services_.upstream.exchange(code, redirect_uri);
  if (!result.identity) {
    support::log::warning("auth", "Trakt sign-in failed: " + result.error);
    co_return error_page(502, "Signing in at Trakt failed",
                         result.error.empty() ? std::string("Trakt did not confirm the sign-in.") : result.error);
  }
  const UpstreamIdentity& identity = *result.identity;

  // Keep the person's Trakt tokens (sealed), remember this browser and the
  // consent, and hand out the code.
  const std::string session = support::random_token();
  auto finish = [&]() -> std::pair<std::int64_t, support::WebResponse> {
    const std::string sealed = services_.key.seal(identity.tokens, "trakt-tokens:" + identity.id);
    const store::User user = db.save_user(identity.id, identity.name, sealed);
    db.put_browser_session(support::sha256_base64url(session), user.id, now + settings.session_ttl);
    db.put_consent(user.id, pending->client_id, pending->scope, pending->client_fingerprint);
    return {user.id, issue_code(db, settings, *pending, user.id, now)};
  };
  auto [user_id, response] = co_await services_.pool.run(finish);
  support::log::info("auth", "signed in at Trakt as user " + std::to_string(user_id) + "; code issued to client " +
                                 pending->client_id);
  response.headers.emplace_back("Set-Cookie", set_cookie(session_cookie_name(), session, settings.session_ttl));
  co_return response;
}

}  // namespace auth
