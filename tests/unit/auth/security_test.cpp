// Every security rule of the authorization server, each case failing if its
// rule were taken out: PKCE, exact redirect URIs, registered clients only,
// single-use short-lived codes bound to their client, resource binding,
// consent bound to the browser (CSRF), callbacks bound to the browser, rate
// limits, and pages that cannot be framed or scripted.

#include "harness.hpp"

namespace auth_test {
namespace {

class Security : public Bench {};

bool is_html_refusal(const support::WebResponse& r) {
  return r.status == 400 && header(r, "Location").empty() &&
         header(r, "Content-Type").rfind("text/html", 0) == 0;
}

// A wrong /authorize request is a page naming the OAuth error, never a
// redirect (an open redirector otherwise: RFC 9700 4.11.2).
std::string page_error(const support::WebResponse& r) {
  EXPECT_TRUE(is_html_refusal(r)) << r.status << " " << header(r, "Location") << "\n" << r.body;
  const auto open = r.body.find('(');
  const auto colon = r.body.find(':', open);
  if (open == std::string::npos || colon == std::string::npos) return {};
  return r.body.substr(open + 1, colon - open - 1);
}

std::string json_error(const support::WebResponse& r) { return std::string(json::parse(r.body).at("error").as_string()); }

// --- PKCE ---

TEST_F(Security, AuthorizeRequiresPkceS256) {
  const auto client_id = register_client();
  auto missing = get(authorize_target(client_id, "https://client.example/cb", {{"code_challenge", "<omit>"}}));
  EXPECT_EQ(page_error(missing), "invalid_request");
  auto plain = get(authorize_target(client_id, "https://client.example/cb", {{"code_challenge_method", "plain"}}));
  EXPECT_EQ(page_error(plain), "invalid_request");
  auto no_method = get(authorize_target(client_id, "https://client.example/cb", {{"code_challenge_method", "<omit>"}}));
  EXPECT_EQ(page_error(no_method), "invalid_request");
  auto wrong_type = get(authorize_target(client_id, "https://client.example/cb", {{"response_type", "token"}}));
  EXPECT_EQ(page_error(wrong_type), "unsupported_response_type");
  auto bad_scope = get(authorize_target(client_id, "https://client.example/cb", {{"scope", "trakt admin"}}));
  EXPECT_EQ(page_error(bad_scope), "invalid_scope");
}

TEST_F(Security, WrongVerifierIsRefusedAndSpendsTheCode) {
  const auto client_id = register_client();
  Browser browser;
  auto code = query_of(header(sign_in(browser, client_id, "alice-code"), "Location"))["code"];
  auto wrong = exchange(client_id, code, std::string(50, 'x'));
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(json_error(wrong), "invalid_grant");
  EXPECT_EQ(json_error(exchange(client_id, code)), "invalid_grant");
}

TEST_F(Security, MalformedVerifierIsRefused) {
  const auto client_id = register_client();
  Browser browser;
  auto code = query_of(header(sign_in(browser, client_id, "alice-code"), "Location"))["code"];
  EXPECT_EQ(json_error(exchange(client_id, code, "short")), "invalid_request");
  auto missing = post_form("/token", form_encode({{"grant_type", "authorization_code"},
                                                  {"code", code},
                                                  {"redirect_uri", "https://client.example/cb"},
                                                  {"client_id", client_id}}));
  EXPECT_EQ(json_error(missing), "invalid_request");
}

// --- Clients and redirect URIs ---

TEST_F(Security, RedirectUriMismatchIsAPageNotARedirect) {
  const auto client_id = register_client();
  EXPECT_TRUE(is_html_refusal(get(authorize_target(client_id, "https://evil.example/cb"))));
  EXPECT_TRUE(is_html_refusal(get(authorize_target(client_id, "https://client.example/cb/more"))));
  EXPECT_TRUE(is_html_refusal(get(authorize_target(client_id, "https://client.example/cb?x=1"))));
  // Even with other errors in the request, no redirect to an unregistered URI.
  EXPECT_TRUE(is_html_refusal(
      get(authorize_target(client_id, "https://evil.example/cb", {{"code_challenge", "<omit>"}}))));
}

TEST_F(Security, OmittedRedirectUriUsesTheOnlyRegisteredOne) {
  const auto client_id = register_client();
  auto page = get(authorize_target(client_id, "<omit>"));
  EXPECT_EQ(page.status, 200);
}

TEST_F(Security, UnregisteredClientIsAPage) {
  EXPECT_TRUE(is_html_refusal(get(authorize_target("no-such-client"))));
  EXPECT_TRUE(is_html_refusal(get(authorize_target("<omit>"))));
  auto token = post_form("/token", form_encode({{"grant_type", "authorization_code"},
                                                {"code", "x"},
                                                {"redirect_uri", "https://client.example/cb"},
                                                {"client_id", "no-such-client"},
                                                {"code_verifier", verifier}}));
  EXPECT_EQ(token.status, 401);
  EXPECT_EQ(json_error(token), "invalid_client");
}

TEST_F(Security, RegistrationRefusesUnsafeRedirectUris) {
  auto try_register = [&](const std::string& uri) {
    json::object body{{"redirect_uris", json::array{json::string(uri)}}};
    return send({"POST", "/register", {{"Content-Type", "application/json"}}, json::serialize(body), ""});
  };
  for (const std::string uri : {"http://client.example/cb", "https://client.example/cb#frag", "/relative/cb",
                                "javascript:alert(1)", "https://user@client.example/cb", "http://127.0.0.2.nip.io/cb"}) {
    auto r = try_register(uri);
    EXPECT_EQ(r.status, 400) << uri;
    EXPECT_EQ(json_error(r), "invalid_redirect_uri") << uri;
  }
  for (const std::string uri : {"http://127.0.0.1:33418/callback", "http://[::1]:8080/cb", "http://localhost:9/cb",
                                "https://claude.ai/api/mcp/auth_callback"}) {
    EXPECT_EQ(try_register(uri).status, 201) << uri;
  }
  auto none = send({"POST", "/register", {{"Content-Type", "application/json"}}, R"({"client_name":"x"})", ""});
  EXPECT_EQ(json_error(none), "invalid_redirect_uri");
  auto bad_grant = send({"POST", "/register", {{"Content-Type", "application/json"}},
                         R"({"redirect_uris":["https://a.example/cb"],"grant_types":["client_credentials"]})", ""});
  EXPECT_EQ(json_error(bad_grant), "invalid_client_metadata");
  auto not_json = send({"POST", "/register", {{"Content-Type", "application/json"}}, "{", ""});
  EXPECT_EQ(json_error(not_json), "invalid_client_metadata");
  json::array eleven;
  for (int i = 0; i < 11; ++i) eleven.emplace_back("https://a.example/cb" + std::to_string(i));
  auto too_many = send({"POST", "/register", {{"Content-Type", "application/json"}},
                        json::serialize(json::object{{"redirect_uris", eleven}}), ""});
  EXPECT_EQ(too_many.status, 400);
}

TEST_F(Security, RegistrationAnswersPublicClientMetadata) {
  auto r = send({"POST", "/register", {{"Content-Type", "application/json"}},
                 R"({"redirect_uris":["https://a.example/cb"],"client_name":"A\u0007pp","token_endpoint_auth_method":"client_secret_basic"})",
                 ""});
  ASSERT_EQ(r.status, 201) << r.body;
  auto doc = json::parse(r.body).as_object();
  EXPECT_EQ(doc.at("token_endpoint_auth_method"), "none");
  EXPECT_EQ(doc.at("client_name"), "App");
  EXPECT_EQ(doc.at("grant_types"), (json::array{"authorization_code", "refresh_token"}));
  EXPECT_EQ(doc.at("response_types"), json::array{"code"});
  EXPECT_FALSE(doc.contains("client_secret"));
  EXPECT_TRUE(db_->client(std::string(doc.at("client_id").as_string())));
}

// --- Codes ---

TEST_F(Security, CodeIsSingleUse) {
  const auto client_id = register_client();
  Browser browser;
  auto code = query_of(header(sign_in(browser, client_id, "alice-code"), "Location"))["code"];
  EXPECT_EQ(exchange(client_id, code).status, 200);
  auto again = exchange(client_id, code);
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(json_error(again), "invalid_grant");
}

// OAuth 2.1 4.1.3: a code presented again revokes the tokens issued from it,
// the ones rotated since included; another sign-in's tokens live on.
TEST_F(Security, CodeUsedTwiceRevokesTheTokensIssuedFromIt) {
  const auto client_id = register_client();
  Browser browser;
  auto code = query_of(header(sign_in(browser, client_id, "alice-code"), "Location"))["code"];
  auto first = exchange(client_id, code);
  ASSERT_EQ(first.status, 200) << first.body;
  const auto tokens = json::parse(first.body).as_object();
  const std::string access(tokens.at("access_token").as_string());
  const std::string refresh_token(tokens.at("refresh_token").as_string());
  auto rotated = post_form("/token", form_encode({{"grant_type", "refresh_token"},
                                                  {"refresh_token", refresh_token},
                                                  {"client_id", client_id}}));
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  const auto newer = json::parse(rotated.body).as_object();
  const std::string newer_access(newer.at("access_token").as_string());
  const std::string newer_refresh(newer.at("refresh_token").as_string());
  // Another grant of the same person and client (consent remembered: no page).
  auto again = get(authorize_target(client_id), &browser);
  ASSERT_EQ(again.status, 302) << again.body;
  auto other = exchange(client_id, query_of(header(again, "Location"))["code"]);
  ASSERT_EQ(other.status, 200) << other.body;
  const std::string other_access(json::parse(other.body).at("access_token").as_string());
  ASSERT_TRUE(authenticate(access).user_id);
  ASSERT_TRUE(authenticate(newer_access).user_id);

  clock += std::chrono::seconds(30);
  auto replay = exchange(client_id, code);
  EXPECT_EQ(replay.status, 400);
  EXPECT_EQ(json_error(replay), "invalid_grant");
  EXPECT_NE(replay.body.find("already used"), std::string::npos) << replay.body;
  EXPECT_FALSE(authenticate(access).user_id);
  EXPECT_FALSE(authenticate(newer_access).user_id);
  auto refresh = post_form("/token", form_encode({{"grant_type", "refresh_token"},
                                                  {"refresh_token", newer_refresh},
                                                  {"client_id", client_id}}));
  EXPECT_EQ(refresh.status, 400);
  EXPECT_EQ(json_error(refresh), "invalid_grant");
  EXPECT_TRUE(authenticate(other_access).user_id);
  EXPECT_NE(log_text().find("an authorization code was used twice"), std::string::npos) << log_text();

  // Still remembered after the code's own expiry (a minute), then forgotten.
  clock += std::chrono::minutes(5);
  EXPECT_NE(exchange(client_id, code).body.find("already used"), std::string::npos);
  clock += std::chrono::minutes(10);
  auto forgotten = exchange(client_id, code);
  EXPECT_EQ(json_error(forgotten), "invalid_grant");
  EXPECT_NE(forgotten.body.find("unknown, expired"), std::string::npos) << forgotten.body;
}

// A code that failed a check is spent too: used again, it is refused as used.
TEST_F(Security, CodeSpentByAFailedCheckIsRefusedAsUsed) {
  const auto client_id = register_client();
  Browser browser;
  auto code = query_of(header(sign_in(browser, client_id, "alice-code"), "Location"))["code"];
  EXPECT_EQ(json_error(exchange(client_id, code, std::string(50, 'x'))), "invalid_grant");
  auto right = exchange(client_id, code);
  EXPECT_EQ(json_error(right), "invalid_grant");
  EXPECT_NE(right.body.find("already used"), std::string::npos) << right.body;
}

TEST_F(Security, CodeExpiresAfterAMinute) {
  const auto client_id = register_client();
  Browser browser;
  auto code = query_of(header(sign_in(browser, client_id, "alice-code"), "Location"))["code"];
  clock += std::chrono::seconds(61);
  EXPECT_EQ(json_error(exchange(client_id, code)), "invalid_grant");
}

TEST_F(Security, CodeOfClientAIsRefusedToClientB) {
  const auto client_a = register_client();
  const auto client_b = register_client();  // same redirect URI, on purpose
  Browser browser;
  auto code = query_of(header(sign_in(browser, client_a, "alice-code"), "Location"))["code"];
  auto stolen = exchange(client_b, code);
  EXPECT_EQ(stolen.status, 400);
  EXPECT_EQ(json_error(stolen), "invalid_grant");
}

TEST_F(Security, CodeWithAnotherRedirectUriIsRefused) {
  json::object body{{"redirect_uris", json::array{"https://client.example/cb", "https://client.example/cb2"}}};
  auto reg = send({"POST", "/register", {{"Content-Type", "application/json"}}, json::serialize(body), ""});
  const std::string client_id(json::parse(reg.body).at("client_id").as_string());
  Browser browser;
  auto code = query_of(header(sign_in(browser, client_id, "alice-code"), "Location"))["code"];
  EXPECT_EQ(json_error(exchange(client_id, code, verifier, "https://client.example/cb2")), "invalid_grant");
}

// --- Resource (RFC 8707) ---

TEST_F(Security, ResourceMismatchAtAuthorize) {
  const auto client_id = register_client();
  auto r = get(authorize_target(client_id, "https://client.example/cb", {{"resource", "https://other.example/mcp"}}));
  EXPECT_EQ(page_error(r), "invalid_target");
}

TEST_F(Security, ResourceMismatchAtToken) {
  const auto client_id = register_client();
  Browser browser;
  auto code = query_of(header(sign_in(browser, client_id, "alice-code"), "Location"))["code"];
  auto r = post_form("/token", form_encode({{"grant_type", "authorization_code"},
                                            {"code", code},
                                            {"redirect_uri", "https://client.example/cb"},
                                            {"client_id", client_id},
                                            {"code_verifier", verifier},
                                            {"resource", "https://other.example/mcp"}}));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(json_error(r), "invalid_target");
}

TEST_F(Security, TokenForAnotherResourceDoesNotAuthenticate) {
  const auto client_id = register_client();
  Browser browser;
  tokens_for(browser, client_id, "alice-code");  // makes the user
  const auto user = db_->save_user("uuid-alice", "", "sealed");
  const std::string token = support::random_token();
  db_->put_access_token(support::sha256_base64url(token),
                        {{client_id, user.id, "https://other.example/mcp", "trakt"}, "family", clock + std::chrono::hours(1)});
  auto access = authenticate(token);
  EXPECT_FALSE(access.user_id);
  ASSERT_TRUE(access.refusal);
  EXPECT_EQ(access.refusal->status, 401);
  EXPECT_NE(header(*access.refusal, "WWW-Authenticate").find("invalid_token"), std::string::npos);
}

// --- Bearer ---

TEST_F(Security, MissingOrBadBearerGets401PointingAtMetadata) {
  auto none = run(server_->authenticate({"POST", "/mcp", {}, "{}", "192.0.2.1"}));
  ASSERT_TRUE(none.refusal);
  EXPECT_EQ(none.refusal->status, 401);
  const auto challenge = header(*none.refusal, "WWW-Authenticate");
  EXPECT_EQ(challenge.rfind(
                "Bearer resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource/mcp\"", 0),
            0u)
      << challenge;
  EXPECT_EQ(challenge.find("error="), std::string::npos);

  auto bad = authenticate("not-a-token");
  ASSERT_TRUE(bad.refusal);
  EXPECT_NE(header(*bad.refusal, "WWW-Authenticate").find("error=\"invalid_token\""), std::string::npos);

  auto basic = run(server_->authenticate({"POST", "/mcp", {{"Authorization", "Basic abc"}}, "{}", ""}));
  EXPECT_TRUE(basic.refusal);
}

TEST_F(Security, AccessTokenExpiresAfterAnHour) {
  const auto client_id = register_client();
  Browser browser;
  auto tokens = tokens_for(browser, client_id, "alice-code");
  const std::string access(tokens.at("access_token").as_string());
  // Scheme in any case.
  EXPECT_TRUE(run(server_->authenticate({"POST", "/mcp", {{"Authorization", "bEaReR " + access}}, "", ""})).user_id);
  clock += std::chrono::seconds(3601);
  EXPECT_FALSE(authenticate(access).user_id);
}

// --- Consent bound to the browser ---

class ConsentCsrf : public Security {
protected:
  void SetUp() override {
    Security::SetUp();
    client_id = register_client();
    page = get(authorize_target(client_id), &victim);
    request_token = hidden_request_token(page.body);
    ASSERT_FALSE(request_token.empty());
  }
  support::WebResponse decide(Browser* browser, const std::string& token, const std::string& decision = "allow") {
    return post_form("/authorize/decision", form_encode({{"request", token}, {"decision", decision}}), browser);
  }
  std::string client_id;
  Browser victim;
  support::WebResponse page;
  std::string request_token;
};

TEST_F(ConsentCsrf, DecisionWithoutTheCookieIsRefused) {
  EXPECT_TRUE(is_html_refusal(decide(nullptr, request_token)));
  // The pending request is still the victim's to decide.
  EXPECT_EQ(decide(&victim, request_token).status, 302);
}

TEST_F(ConsentCsrf, DecisionWithAnotherBrowsersCookieIsRefused) {
  Browser attacker;
  get(authorize_target(client_id), &attacker);  // the attacker's own nonce
  auto r = decide(&attacker, request_token);
  EXPECT_TRUE(is_html_refusal(r));
  EXPECT_NE(r.body.find("expired"), std::string::npos);
}

TEST_F(ConsentCsrf, DecisionIsSingleUse) {
  EXPECT_EQ(decide(&victim, request_token).status, 302);
  EXPECT_TRUE(is_html_refusal(decide(&victim, request_token)));
  EXPECT_TRUE(is_html_refusal(decide(&victim, request_token, "deny")));
}

TEST_F(ConsentCsrf, DecisionExpires) {
  clock += std::chrono::minutes(11);
  EXPECT_TRUE(is_html_refusal(decide(&victim, request_token)));
}

TEST_F(ConsentCsrf, CallbackWithAStateFromAnotherBrowserIsRefused) {
  auto to_trakt = decide(&victim, request_token);
  const auto state = query_of(header(to_trakt, "Location"))["state"];
  Browser attacker;
  get(authorize_target(client_id), &attacker);
  auto r = get("/callback?" + form_encode({{"code", "bob-code"}, {"state", state}}), &attacker);
  EXPECT_TRUE(is_html_refusal(r));
  auto no_cookie = get("/callback?" + form_encode({{"code", "bob-code"}, {"state", state}}));
  EXPECT_TRUE(is_html_refusal(no_cookie));
  // The victim's own callback still works, once.
  auto own = get("/callback?" + form_encode({{"code", "alice-code"}, {"state", state}}), &victim);
  EXPECT_EQ(own.status, 302);
  EXPECT_TRUE(is_html_refusal(get("/callback?" + form_encode({{"code", "alice-code"}, {"state", state}}), &victim)));
}

TEST_F(ConsentCsrf, ConsentPageCannotBeFramedOrCached) {
  EXPECT_NE(header(page, "Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_NE(header(page, "Content-Security-Policy").find("default-src 'none'"), std::string::npos);
  EXPECT_NE(header(page, "Content-Security-Policy").find("form-action 'self'"), std::string::npos);
  EXPECT_EQ(header(page, "X-Frame-Options"), "DENY");
  EXPECT_EQ(header(page, "Cache-Control"), "no-store");
  EXPECT_EQ(header(page, "Referrer-Policy"), "no-referrer");
  EXPECT_EQ(page.body.find("<script"), std::string::npos);
}

TEST_F(Security, HostileClientNameIsEscaped) {
  const auto client_id =
      register_client("https://client.example/cb", "<script>alert('x')</script>\"><img src=x onerror=alert(1)>");
  auto page = get(authorize_target(client_id));
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("<script>"), std::string::npos);
  EXPECT_EQ(page.body.find("<img"), std::string::npos);
  EXPECT_NE(page.body.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&gt;&lt;img"), std::string::npos);
}

// --- A failing store ---

TEST_F(Security, FailingStoreIs503AndLogged) {
  const auto client_id = register_client();
  db_->failing = true;
  auto page = get(authorize_target(client_id));
  EXPECT_EQ(page.status, 503);
  EXPECT_EQ(header(page, "Content-Type").rfind("text/html", 0), 0u);
  EXPECT_NE(page.body.find("the sign-in store is unavailable"), std::string::npos);
  auto token = exchange(client_id, "some-code");
  EXPECT_EQ(token.status, 503);
  EXPECT_EQ(json_error(token), "temporarily_unavailable");
  auto access = authenticate("some-token");
  ASSERT_TRUE(access.refusal);
  EXPECT_EQ(access.refusal->status, 503);
  EXPECT_NE(log_text().find("disk I/O error (test)"), std::string::npos);
  db_->failing = false;
  EXPECT_EQ(get(authorize_target(client_id)).status, 200);
}

// --- Rate limits ---

class RateLimits : public Bench {
  void adjust(auth::Settings& s) override {
    s.token_limit = {3, 3};
    s.register_limit = {2, 2};
    s.browser_limit = {4, 4};
  }
};

TEST_F(RateLimits, TokenAndRegisterAreBoundedPerPeer) {
  const std::string form = form_encode({{"grant_type", "refresh_token"}, {"refresh_token", "x"}, {"client_id", "y"}});
  for (int i = 0; i < 3; ++i) EXPECT_NE(post_form("/token", form, nullptr, "198.51.100.7").status, 429);
  auto limited = post_form("/token", form, nullptr, "198.51.100.7");
  EXPECT_EQ(limited.status, 429);
  EXPECT_FALSE(header(limited, "Retry-After").empty());
  EXPECT_EQ(json_error(limited), "invalid_request");
  // Another peer is not affected.
  EXPECT_NE(post_form("/token", form, nullptr, "198.51.100.8").status, 429);

  const std::string body = R"({"redirect_uris":["https://a.example/cb"]})";
  auto reg = [&] { return send({"POST", "/register", {{"Content-Type", "application/json"}}, body, "203.0.113.9"}); };
  EXPECT_EQ(reg().status, 201);
  EXPECT_EQ(reg().status, 201);
  EXPECT_EQ(reg().status, 429);
}

TEST_F(RateLimits, AuthorizeIsBoundedPerPeer) {
  auto authorize = [&](const char* peer) {
    return send({"GET", "/authorize?client_id=nobody&response_type=code", {}, "", peer});
  };
  for (int i = 0; i < 4; ++i) EXPECT_EQ(authorize("198.51.100.20").status, 400);  // the unknown-client page
  auto limited = authorize("198.51.100.20");
  EXPECT_EQ(limited.status, 429);
  EXPECT_FALSE(header(limited, "Retry-After").empty());
  EXPECT_EQ(authorize("198.51.100.21").status, 400);
}

}  // namespace
}  // namespace auth_test
