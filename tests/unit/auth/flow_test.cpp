// The whole sign-in as a client and a person go through it: discovery,
// registration, consent, Trakt, code, tokens, refresh, revocation, and the
// bearer check; and the log never carries a secret.

#include "harness.hpp"

namespace auth_test {
namespace {

class Flow : public Bench {};

TEST_F(Flow, ServesDiscoveryDocuments) {
  for (const std::string path : {"/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp"}) {
    auto r = get(path);
    ASSERT_EQ(r.status, 200) << path;
    auto doc = json::parse(r.body).as_object();
    EXPECT_EQ(doc.at("resource"), "https://mcp.example.com/mcp");
    EXPECT_EQ(doc.at("authorization_servers").as_array().at(0), "https://mcp.example.com");
    EXPECT_EQ(doc.at("bearer_methods_supported").as_array().at(0), "header");
  }
  auto r = get("/.well-known/oauth-authorization-server");
  ASSERT_EQ(r.status, 200);
  auto doc = json::parse(r.body).as_object();
  EXPECT_EQ(doc.at("issuer"), "https://mcp.example.com");
  EXPECT_EQ(doc.at("authorization_endpoint"), "https://mcp.example.com/authorize");
  EXPECT_EQ(doc.at("token_endpoint"), "https://mcp.example.com/token");
  EXPECT_EQ(doc.at("registration_endpoint"), "https://mcp.example.com/register");
  EXPECT_EQ(doc.at("revocation_endpoint"), "https://mcp.example.com/revoke");
  EXPECT_EQ(doc.at("code_challenge_methods_supported"), json::array{"S256"});
  EXPECT_EQ(doc.at("token_endpoint_auth_methods_supported"), json::array{"none"});
  EXPECT_EQ(doc.at("authorization_response_iss_parameter_supported"), true);

  EXPECT_EQ(get("/.well-known/openid-configuration").status, 404);
  EXPECT_FALSE(run(server_->handle({"GET", "/mcp", {}, "", "192.0.2.1"})).has_value());
  EXPECT_FALSE(run(server_->handle({"GET", "/", {}, "", "192.0.2.1"})).has_value());
}

TEST_F(Flow, WrongMethodIs405WithAllow) {
  auto r = get("/token");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(header(r, "Allow"), "POST, OPTIONS");
  auto d = get("/authorize/decision");
  EXPECT_EQ(d.status, 405);
  EXPECT_EQ(header(d, "Allow"), "POST");
  auto options = send({"OPTIONS", "/token", {}, "", ""});
  EXPECT_EQ(options.status, 204);
  EXPECT_EQ(header(options, "Access-Control-Allow-Origin"), "*");
}

TEST_F(Flow, HappyPathFromRegistrationToAuthenticatedRequest) {
  const auto client_id = register_client();
  Browser browser;

  // The consent page, before anything goes to Trakt.
  auto page = get(authorize_target(client_id), &browser);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("<form method=\"post\" action=\"/authorize/decision\">"), std::string::npos);
  EXPECT_NE(page.body.find("Test Client"), std::string::npos);
  EXPECT_NE(page.body.find("client.example"), std::string::npos);
  EXPECT_NE(page.body.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_EQ(browser.cookies.count("__Host-trakt-mcp-nonce"), 1u);
  const auto set_cookie = header(page, "Set-Cookie");
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(set_cookie.find("SameSite=Lax"), std::string::npos);
  EXPECT_NE(set_cookie.find("Secure"), std::string::npos);
  EXPECT_NE(set_cookie.find("Path=/"), std::string::npos);

  // Allow: off to Trakt with our callback.
  auto to_trakt = post_form(
      "/authorize/decision", form_encode({{"request", hidden_request_token(page.body)}, {"decision", "allow"}}), &browser);
  ASSERT_EQ(to_trakt.status, 302) << to_trakt.body;
  const auto trakt_location = header(to_trakt, "Location");
  EXPECT_EQ(trakt_location.rfind("https://trakt.test/oauth/authorize?", 0), 0u) << trakt_location;
  const auto trakt_query = query_of(trakt_location);
  EXPECT_EQ(trakt_query.at("redirect_uri"), "https://mcp.example.com/callback");

  // Back from Trakt: to the client with code, state and iss.
  auto back = get("/callback?" + form_encode({{"code", "alice-code"}, {"state", trakt_query.at("state")}}), &browser);
  ASSERT_EQ(back.status, 302) << back.body;
  EXPECT_EQ(upstream_.exchanged_redirect_uri, "https://mcp.example.com/callback");
  const auto location = header(back, "Location");
  EXPECT_EQ(location.rfind("https://client.example/cb?", 0), 0u) << location;
  auto q = query_of(location);
  EXPECT_EQ(q["state"], "client-state-1");
  EXPECT_EQ(q["iss"], "https://mcp.example.com");
  ASSERT_FALSE(q["code"].empty());
  EXPECT_EQ(browser.cookies.count("__Host-trakt-mcp-session"), 1u);

  // The code for tokens.
  auto token = exchange(client_id, q["code"]);
  ASSERT_EQ(token.status, 200) << token.body;
  EXPECT_EQ(header(token, "Cache-Control"), "no-store");
  EXPECT_EQ(header(token, "Pragma"), "no-cache");
  auto tokens = json::parse(token.body).as_object();
  EXPECT_EQ(tokens.at("token_type"), "Bearer");
  EXPECT_EQ(tokens.at("expires_in").to_number<int>(), 3600);
  EXPECT_EQ(tokens.at("scope"), "trakt");
  const std::string access(tokens.at("access_token").as_string());

  // The token lets the request through, as Alice.
  auto who = authenticate(access);
  ASSERT_TRUE(who.user_id.has_value());
  EXPECT_FALSE(who.refusal.has_value());
  EXPECT_EQ(who.client_id, client_id);
  auto user = db_->user(*who.user_id);
  ASSERT_TRUE(user);
  EXPECT_EQ(user->trakt_id, "uuid-alice");
  // Trakt's tokens are kept sealed, not as sent.
  EXPECT_EQ(user->sealed_tokens.find("trakt-secret-alice"), std::string::npos);
  EXPECT_EQ(support::SecretKey::parse(std::string(64, 'a'), "TEST_KEY").open(user->sealed_tokens, "trakt-tokens:uuid-alice"),
            R"({"access_token":"trakt-secret-alice"})");
}

TEST_F(Flow, RefreshRotatesAndReuseEndsTheFamily) {
  const auto client_id = register_client();
  Browser browser;
  auto first = tokens_for(browser, client_id, "alice-code");
  const std::string refresh1(first.at("refresh_token").as_string());
  auto refresh = [&](const std::string& token) {
    return post_form("/token", form_encode({{"grant_type", "refresh_token"},
                                            {"refresh_token", token},
                                            {"client_id", client_id}}));
  };
  auto second = refresh(refresh1);
  ASSERT_EQ(second.status, 200) << second.body;
  auto tokens2 = json::parse(second.body).as_object();
  const std::string access2(tokens2.at("access_token").as_string());
  const std::string refresh2(tokens2.at("refresh_token").as_string());
  EXPECT_NE(refresh2, refresh1);
  EXPECT_TRUE(authenticate(access2).user_id.has_value());

  // The spent refresh token again: refused, and everything from it ends.
  auto reused = refresh(refresh1);
  EXPECT_EQ(reused.status, 400);
  EXPECT_EQ(json::parse(reused.body).at("error"), "invalid_grant");
  EXPECT_FALSE(authenticate(access2).user_id.has_value());
  auto after = refresh(refresh2);
  EXPECT_EQ(after.status, 400);
  EXPECT_EQ(json::parse(after.body).at("error"), "invalid_grant");
}

TEST_F(Flow, RefreshByAnotherClientIsRefused) {
  const auto client_a = register_client();
  const auto client_b = register_client("https://other.example/cb", "B");
  Browser browser;
  auto tokens = tokens_for(browser, client_a, "alice-code");
  auto r = post_form("/token", form_encode({{"grant_type", "refresh_token"},
                                            {"refresh_token", std::string(tokens.at("refresh_token").as_string())},
                                            {"client_id", client_b}}));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(json::parse(r.body).at("error"), "invalid_grant");
}

TEST_F(Flow, ConsentIsRememberedForTheBrowsersPerson) {
  const auto client_id = register_client();
  Browser browser;
  tokens_for(browser, client_id, "alice-code");

  // Same browser, same client: straight back with a code, no page.
  auto again = get(authorize_target(client_id), &browser);
  ASSERT_EQ(again.status, 302) << again.body;
  auto q = query_of(header(again, "Location"));
  EXPECT_EQ(q["state"], "client-state-1");
  auto token = exchange(client_id, q["code"]);
  ASSERT_EQ(token.status, 200) << token.body;
  auto who = authenticate(std::string(json::parse(token.body).at("access_token").as_string()));
  ASSERT_TRUE(who.user_id);
  EXPECT_EQ(db_->user(*who.user_id)->trakt_id, "uuid-alice");

  // Another client: the page again, naming the person; Allow needs no Trakt.
  const auto other = register_client("https://other.example/cb", "Other");
  auto page = get(authorize_target(other, "https://other.example/cb"), &browser);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Signed in to Trakt as"), std::string::npos);
  auto allowed = post_form(
      "/authorize/decision", form_encode({{"request", hidden_request_token(page.body)}, {"decision", "allow"}}), &browser);
  ASSERT_EQ(allowed.status, 302);
  EXPECT_EQ(header(allowed, "Location").rfind("https://other.example/cb?", 0), 0u);
  EXPECT_FALSE(query_of(header(allowed, "Location"))["code"].empty());

  // A browser without the session cookie sees the page.
  Browser fresh;
  EXPECT_EQ(get(authorize_target(client_id), &fresh).status, 200);
}

TEST_F(Flow, TwoPeopleAreKeptApart) {
  const auto client_id = register_client();
  Browser alice_browser;
  Browser bob_browser;
  auto alice = tokens_for(alice_browser, client_id, "alice-code");
  auto bob = tokens_for(bob_browser, client_id, "bob-code");
  auto a = authenticate(std::string(alice.at("access_token").as_string()));
  auto b = authenticate(std::string(bob.at("access_token").as_string()));
  ASSERT_TRUE(a.user_id);
  ASSERT_TRUE(b.user_id);
  EXPECT_NE(*a.user_id, *b.user_id);
  EXPECT_EQ(db_->user(*a.user_id)->trakt_id, "uuid-alice");
  EXPECT_EQ(db_->user(*b.user_id)->trakt_id, "uuid-bob");
}

TEST_F(Flow, DenyGoesBackWithAccessDenied) {
  const auto client_id = register_client();
  Browser browser;
  auto page = get(authorize_target(client_id), &browser);
  auto denied = post_form(
      "/authorize/decision", form_encode({{"request", hidden_request_token(page.body)}, {"decision", "deny"}}), &browser);
  ASSERT_EQ(denied.status, 302);
  auto q = query_of(header(denied, "Location"));
  EXPECT_EQ(q["error"], "access_denied");
  EXPECT_EQ(q["state"], "client-state-1");
  EXPECT_EQ(q["iss"], "https://mcp.example.com");
  EXPECT_EQ(q.count("code"), 0u);
}

TEST_F(Flow, TraktRefusalGoesBackWithAccessDenied) {
  const auto client_id = register_client();
  Browser browser;
  auto page = get(authorize_target(client_id), &browser);
  auto to_trakt = post_form(
      "/authorize/decision", form_encode({{"request", hidden_request_token(page.body)}, {"decision", "allow"}}), &browser);
  const auto state = query_of(header(to_trakt, "Location"))["state"];
  auto back = get("/callback?" + form_encode({{"error", "access_denied"}, {"state", state}}), &browser);
  ASSERT_EQ(back.status, 302);
  EXPECT_EQ(query_of(header(back, "Location"))["error"], "access_denied");
}

TEST_F(Flow, FailedTraktExchangeIsA502Page) {
  const auto client_id = register_client();
  Browser browser;
  auto back = sign_in(browser, client_id, "broken-code");
  EXPECT_EQ(back.status, 502);
  EXPECT_NE(back.body.find("Trakt refused the sign-in (test)."), std::string::npos);
  EXPECT_EQ(header(back, "Location"), "");
}

TEST_F(Flow, RevokeEndsAToken) {
  const auto client_id = register_client();
  Browser browser;
  auto tokens = tokens_for(browser, client_id, "alice-code");
  const std::string access(tokens.at("access_token").as_string());
  ASSERT_TRUE(authenticate(access).user_id);
  auto r = post_form("/revoke", form_encode({{"token", access}, {"token_type_hint", "access_token"}}));
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.body.empty());
  EXPECT_FALSE(authenticate(access).user_id);
  // Revoking the refresh token ends its refresh.
  const std::string refresh(tokens.at("refresh_token").as_string());
  EXPECT_EQ(post_form("/revoke", form_encode({{"token", refresh}})).status, 200);
  auto refreshed = post_form("/token", form_encode({{"grant_type", "refresh_token"},
                                                    {"refresh_token", refresh},
                                                    {"client_id", client_id}}));
  EXPECT_EQ(refreshed.status, 400);
  // Unknown tokens are fine too.
  EXPECT_EQ(post_form("/revoke", form_encode({{"token", "never-issued"}})).status, 200);
}

TEST_F(Flow, LoggedOutPersonIsRefused) {
  const auto client_id = register_client();
  Browser browser;
  auto tokens = tokens_for(browser, client_id, "alice-code");
  const std::string access(tokens.at("access_token").as_string());
  auto who = authenticate(access);
  ASSERT_TRUE(who.user_id);
  db_->save_user("uuid-alice", "", "");
  auto after = authenticate(access);
  EXPECT_FALSE(after.user_id);
  ASSERT_TRUE(after.refusal);
  EXPECT_EQ(after.refusal->status, 401);
}

TEST_F(Flow, NoSecretReachesTheLog) {
  const auto client_id = register_client();
  Browser browser;
  auto page = get(authorize_target(client_id), &browser);
  const auto request_token = hidden_request_token(page.body);
  auto to_trakt =
      post_form("/authorize/decision", form_encode({{"request", request_token}, {"decision", "allow"}}), &browser);
  const auto state = query_of(header(to_trakt, "Location"))["state"];
  auto back = get("/callback?" + form_encode({{"code", "alice-code"}, {"state", state}}), &browser);
  const auto code = query_of(header(back, "Location"))["code"];
  auto tokens = json::parse(exchange(client_id, code).body).as_object();
  const std::string refresh(tokens.at("refresh_token").as_string());
  auto rotated = post_form("/token", form_encode({{"grant_type", "refresh_token"},
                                                  {"refresh_token", refresh},
                                                  {"client_id", client_id}}));
  post_form("/token", form_encode({{"grant_type", "refresh_token"}, {"refresh_token", refresh}, {"client_id", client_id}}));
  authenticate(std::string(tokens.at("access_token").as_string()));

  const std::string log = log_text();
  EXPECT_FALSE(log.empty());
  std::vector<std::string> secrets{request_token,
                                   state,
                                   code,
                                   "alice-code",
                                   "trakt-secret-alice",
                                   std::string(tokens.at("access_token").as_string()),
                                   refresh,
                                   std::string(json::parse(rotated.body).at("access_token").as_string())};
  for (const auto& [name, value] : browser.cookies) secrets.push_back(value);
  for (const auto& secret : secrets) {
    ASSERT_FALSE(secret.empty());
    EXPECT_EQ(log.find(secret), std::string::npos) << "the log carries a secret: " << log;
  }
}

}  // namespace
}  // namespace auth_test
