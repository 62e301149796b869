// The pure pieces of auth/: form and cookie parsing, redirect URI rules,
// client names, redirect building, PKCE verifier shape, bearer parsing, the
// rate limiter.

#include "auth/bearer.hpp"
#include "auth/params.hpp"
#include "auth/rate_limiter.hpp"
#include "auth/registration.hpp"
#include "auth/responses.hpp"
#include "auth/token_endpoint.hpp"

#include <gtest/gtest.h>

namespace {

TEST(Params, DecodesFormsAndTreatsEmptyAsAbsent) {
  auto p = auth::Params::parse("a=hello+world&b=%2Fx%3Fy&c=&d&e=1&e=2");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->value("a"), "hello world");
  EXPECT_EQ(p->value("b"), "/x?y");
  EXPECT_FALSE(p->get("c"));
  EXPECT_FALSE(p->get("d"));
  EXPECT_FALSE(p->get("missing"));
  EXPECT_TRUE(p->repeated("e"));
  EXPECT_FALSE(p->repeated("a"));
  EXPECT_EQ(p->first_repeated({"a", "e"}), "e");
  EXPECT_FALSE(auth::Params::parse("a=%zz"));
  auto t = auth::Params::from_target("/authorize?client_id=x");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->value("client_id"), "x");
}

TEST(Params, ReadsCookies) {
  support::WebRequest r;
  r.headers = {{"Cookie", "a=1; __Host-x=two;b=\"3\""}};
  EXPECT_EQ(auth::cookie(r, "a"), "1");
  EXPECT_EQ(auth::cookie(r, "__Host-x"), "two");
  EXPECT_EQ(auth::cookie(r, "b"), "3");
  EXPECT_EQ(auth::cookie(r, "x"), "");
}

TEST(Params, MediaType) {
  support::WebRequest r;
  r.headers = {{"content-type", "Application/X-WWW-Form-Urlencoded; charset=UTF-8"}};
  EXPECT_TRUE(auth::has_media_type(r, "application/x-www-form-urlencoded"));
  EXPECT_FALSE(auth::has_media_type(r, "application/json"));
}

TEST(Registration, RedirectUriRules) {
  EXPECT_EQ(auth::redirect_uri_problem("https://claude.ai/api/mcp/auth_callback"), "");
  EXPECT_EQ(auth::redirect_uri_problem("HTTPS://example.com/cb?x=1"), "");
  EXPECT_EQ(auth::redirect_uri_problem("http://127.0.0.1:5000/cb"), "");
  EXPECT_EQ(auth::redirect_uri_problem("http://[::1]/cb"), "");
  EXPECT_EQ(auth::redirect_uri_problem("http://LocalHost:1/cb"), "");
  EXPECT_NE(auth::redirect_uri_problem("http://example.com/cb"), "");
  EXPECT_NE(auth::redirect_uri_problem("http://10.0.0.1/cb"), "");
  EXPECT_NE(auth::redirect_uri_problem("https://example.com/cb#x"), "");
  EXPECT_NE(auth::redirect_uri_problem("//example.com/cb"), "");
  EXPECT_NE(auth::redirect_uri_problem("myapp:/cb"), "");
  EXPECT_NE(auth::redirect_uri_problem("https:///cb"), "");
  EXPECT_NE(auth::redirect_uri_problem("https://a@example.com/cb"), "");
  EXPECT_NE(auth::redirect_uri_problem("https://example.com/" + std::string(2000, 'a')), "");
}

TEST(Registration, LoopbackRedirectUrisMatchOnAnyPortOthersExactly) {
  using auth::redirect_uri_registered;
  const std::vector<std::string> claude_code{"http://localhost/callback", "http://127.0.0.1/callback"};
  EXPECT_TRUE(redirect_uri_registered(claude_code, "http://localhost/callback"));
  EXPECT_TRUE(redirect_uri_registered(claude_code, "http://localhost:49554/callback"));
  EXPECT_TRUE(redirect_uri_registered(claude_code, "http://127.0.0.1:1/callback"));
  EXPECT_TRUE(redirect_uri_registered({"http://[::1]:8080/cb?x=1"}, "http://[::1]:9/cb?x=1"));
  EXPECT_TRUE(redirect_uri_registered({"http://127.0.0.1:5000/cb"}, "http://127.0.0.1/cb"));
  // Scheme, host, path and query stay exact.
  EXPECT_FALSE(redirect_uri_registered(claude_code, "https://localhost:49554/callback"));
  EXPECT_FALSE(redirect_uri_registered(claude_code, "http://localhost:49554/callback/"));
  EXPECT_FALSE(redirect_uri_registered(claude_code, "http://localhost:49554/Callback"));
  EXPECT_FALSE(redirect_uri_registered(claude_code, "http://localhost:49554/callback?x=1"));
  EXPECT_FALSE(redirect_uri_registered({"http://localhost/cb?x=1"}, "http://localhost:2/cb?x=2"));
  EXPECT_FALSE(redirect_uri_registered({"http://localhost/cb?"}, "http://localhost:2/cb"));
  EXPECT_FALSE(redirect_uri_registered(claude_code, "http://[::1]:49554/callback"));  // another host
  EXPECT_FALSE(redirect_uri_registered(claude_code, "http://LOCALHOST:49554/callback"));
  EXPECT_FALSE(redirect_uri_registered(claude_code, "http://user@localhost:49554/callback"));
  EXPECT_FALSE(redirect_uri_registered(claude_code, "http://localhost.evil.example:49554/callback"));
  EXPECT_FALSE(redirect_uri_registered(claude_code, "http://localhost:49554/callback#x"));
  // Anything not on a loopback address: exact to the byte, port included.
  EXPECT_TRUE(redirect_uri_registered({"https://claude.ai/api/mcp/auth_callback"}, "https://claude.ai/api/mcp/auth_callback"));
  EXPECT_FALSE(redirect_uri_registered({"https://claude.ai/api/mcp/auth_callback"}, "https://claude.ai:444/api/mcp/auth_callback"));
  EXPECT_FALSE(redirect_uri_registered({"https://localhost/cb"}, "https://localhost:8443/cb"));  // https: exact
  EXPECT_FALSE(redirect_uri_registered({"http://example.com/cb"}, "http://example.com:80/cb"));
  EXPECT_FALSE(redirect_uri_registered({}, "http://localhost/callback"));
}

TEST(Registration, ClientNamesAreCleanedAndBounded) {
  EXPECT_EQ(auth::clean_client_name("  My\x01 App\n\x7f "), "My App");
  const std::string long_name = std::string(199, 'a') + "\xc3\xa9" + "tail";
  const auto cut = auth::clean_client_name(long_name);
  EXPECT_EQ(cut, std::string(199, 'a'));  // the two-byte character is not split
  EXPECT_LE(auth::clean_client_name(std::string(500, 'b')).size(), auth::max_client_name_length);
}

TEST(Responses, RedirectsKeepTheClientsQuery) {
  EXPECT_EQ(auth::with_params("https://c.example/cb?tab=1", {{"code", "a b&c"}, {"state", "s"}}),
            "https://c.example/cb?tab=1&code=a%20b%26c&state=s");
  EXPECT_EQ(auth::with_params("http://127.0.0.1:9/cb", {{"error", "access_denied"}}),
            "http://127.0.0.1:9/cb?error=access_denied");
  EXPECT_EQ(auth::origin_of("https://trakt.tv/oauth/authorize?x=1"), "https://trakt.tv");
  EXPECT_EQ(auth::origin_of("http://127.0.0.1:33418/cb"), "http://127.0.0.1:33418");
  EXPECT_EQ(auth::html_escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
}

TEST(Token, VerifierShape) {
  EXPECT_TRUE(auth::verifier_well_formed(std::string(43, 'a')));
  EXPECT_TRUE(auth::verifier_well_formed(std::string(128, '~')));
  EXPECT_FALSE(auth::verifier_well_formed(std::string(42, 'a')));
  EXPECT_FALSE(auth::verifier_well_formed(std::string(129, 'a')));
  EXPECT_FALSE(auth::verifier_well_formed(std::string(42, 'a') + "+"));
}

TEST(Bearer, ParsesTheAuthorizationHeader) {
  support::WebRequest r;
  r.headers = {{"Authorization", "Bearer abc.DEF-_~+/="}};
  EXPECT_EQ(auth::bearer_token(r), "abc.DEF-_~+/=");
  r.headers = {{"authorization", "bearer xyz"}};
  EXPECT_EQ(auth::bearer_token(r), "xyz");
  r.headers = {{"Authorization", "Basic xyz"}};
  EXPECT_FALSE(auth::bearer_token(r));
  r.headers = {{"Authorization", "Bearer "}};
  EXPECT_FALSE(auth::bearer_token(r));
  r.headers = {{"Authorization", "Bearer a\"b"}};
  EXPECT_FALSE(auth::bearer_token(r));
  r.headers = {};
  EXPECT_FALSE(auth::bearer_token(r));
}

TEST(RateLimiter, BurstThenRefill) {
  using namespace std::chrono_literals;
  auth::RateLimiter limiter({60, 2}, 100);  // one a second, two at once
  const auto t0 = auth::RateLimiter::Clock::time_point{} + 1h;
  EXPECT_FALSE(limiter.take("a", t0));
  EXPECT_FALSE(limiter.take("a", t0));
  auto wait = limiter.take("a", t0);
  ASSERT_TRUE(wait);
  EXPECT_EQ(*wait, 1s);
  EXPECT_FALSE(limiter.take("b", t0));
  EXPECT_FALSE(limiter.take("a", t0 + 1s));
  EXPECT_TRUE(limiter.take("a", t0 + 1s));
}

TEST(RateLimiter, ForgetsTheLeastRecentPeerWhenFull) {
  using namespace std::chrono_literals;
  auth::RateLimiter limiter({1, 1}, 2);
  const auto t0 = auth::RateLimiter::Clock::time_point{} + 1h;
  EXPECT_FALSE(limiter.take("a", t0));
  EXPECT_FALSE(limiter.take("b", t0));
  EXPECT_TRUE(limiter.take("a", t0));   // a is now the most recent
  EXPECT_FALSE(limiter.take("c", t0));  // b goes
  EXPECT_TRUE(limiter.take("a", t0));   // a was kept
  EXPECT_FALSE(limiter.take("b", t0));  // b starts afresh (c went)
}

}  // namespace
