// Client ID metadata documents: which URLs may be client ids, which hosts are
// never fetched, what a document must say, and the sign-in through
// AuthorizationServer with a fake fetcher (cache, expiry, refusals).

#include "auth/client_metadata.hpp"
#include "auth/consent_page.hpp"
#include "harness.hpp"

#include <boost/asio/ip/address.hpp>

namespace auth_test {
namespace {

const std::string doc_url = "https://app.example.com/oauth/client.json";

std::string document(json::object changes = {}, std::vector<std::string> remove = {}) {
  json::object doc{{"client_id", doc_url},
                   {"client_name", "Doc App"},
                   {"client_uri", "https://app.example.com"},
                   {"redirect_uris", json::array{"https://client.example/cb", "http://127.0.0.1:4567/cb"}},
                   {"grant_types", json::array{"authorization_code", "refresh_token"}},
                   {"response_types", json::array{"code"}},
                   {"token_endpoint_auth_method", "none"}};
  for (auto& [k, v] : changes) doc[k] = v;
  for (auto& k : remove) doc.erase(k);
  return json::serialize(doc);
}

std::string refusal(std::string_view body, std::optional<std::chrono::seconds> max_age = std::nullopt) {
  auto r = auth::parse_metadata_document(doc_url, body, store::Time{}, max_age);
  if (auto* why = std::get_if<std::string>(&r)) return *why;
  return {};
}

TEST(ClientMetadata, UrlRules) {
  EXPECT_TRUE(auth::is_metadata_document_url("https://app.example.com/oauth/client.json"));
  EXPECT_TRUE(auth::is_metadata_document_url("https://app.example.com:8443/c?v=1"));
  EXPECT_TRUE(auth::is_metadata_document_url("https://127.0.0.1/client"));  // the host rule is separate
  EXPECT_FALSE(auth::is_metadata_document_url("http://app.example.com/client"));
  EXPECT_FALSE(auth::is_metadata_document_url("https://app.example.com"));
  EXPECT_FALSE(auth::is_metadata_document_url("https://app.example.com/"));
  EXPECT_FALSE(auth::is_metadata_document_url("https://app.example.com/client#x"));
  EXPECT_FALSE(auth::is_metadata_document_url("https://user:pw@app.example.com/client"));
  EXPECT_FALSE(auth::is_metadata_document_url("https://user@app.example.com/client"));
  EXPECT_FALSE(auth::is_metadata_document_url("https://app.example.com/a/./client"));
  EXPECT_FALSE(auth::is_metadata_document_url("https://app.example.com/a/../client"));
  EXPECT_FALSE(auth::is_metadata_document_url("https://app.example.com/a/%2e%2e/client"));
  EXPECT_FALSE(auth::is_metadata_document_url("https:///client"));
  EXPECT_FALSE(auth::is_metadata_document_url("https://app.example.com/" + std::string(2000, 'a')));
  EXPECT_FALSE(auth::is_metadata_document_url("abc123"));
  EXPECT_TRUE(auth::looks_like_metadata_url("HTTPS://x/y"));
  EXPECT_FALSE(auth::looks_like_metadata_url("dGhpcyBpcyBhIHJhbmRvbQ"));
}

TEST(ClientMetadata, PrivateHostsAreRefused) {
  for (const char* url : {"https://127.0.0.1/c", "https://10.1.2.3/c", "https://172.16.0.1/c", "https://172.31.255.255/c",
                          "https://192.168.1.1/c", "https://169.254.169.254/c", "https://0.0.0.0/c", "https://100.64.0.1/c",
                          "https://[::1]/c", "https://[fc00::1]/c", "https://[fd12::1]/c", "https://[fe80::1]/c",
                          "https://[::ffff:127.0.0.1]/c", "https://[::]/c", "https://localhost/c",
                          "https://LOCALHOST./c", "https://a.localhost/c"})
    EXPECT_FALSE(auth::metadata_host_problem(url).empty()) << url;
  for (const char* url : {"https://app.example.com/c", "https://93.184.216.34/c", "https://172.32.0.1/c",
                          "https://[2001:db8::1]/c", "https://100.128.0.1/c"})
    EXPECT_EQ(auth::metadata_host_problem(url), "") << url;
  EXPECT_TRUE(auth::is_private_address(boost::asio::ip::make_address("64:ff9b::a00:1")));
  EXPECT_FALSE(auth::is_private_address(boost::asio::ip::make_address("8.8.8.8")));
}

TEST(ClientMetadata, DocumentRules) {
  const store::Time now{std::chrono::seconds(1'000'000)};
  auto ok = auth::parse_metadata_document(doc_url, document(), now, std::nullopt);
  ASSERT_TRUE(std::holds_alternative<store::Client>(ok)) << std::get<std::string>(ok);
  const auto& client = std::get<store::Client>(ok);
  EXPECT_EQ(client.id, doc_url);
  EXPECT_EQ(client.name, "Doc App");
  EXPECT_EQ(client.redirect_uris.size(), 2u);
  EXPECT_EQ(client.expires_at, now + std::chrono::hours(1));
  EXPECT_EQ(client.created_at, now);

  auto expiry = [&](std::optional<std::chrono::seconds> age) {
    return std::get<store::Client>(auth::parse_metadata_document(doc_url, document(), now, age)).expires_at;
  };
  EXPECT_EQ(expiry(std::chrono::seconds(0)), now + std::chrono::minutes(5));
  EXPECT_EQ(expiry(std::chrono::hours(2)), now + std::chrono::hours(2));
  EXPECT_EQ(expiry(std::chrono::hours(24 * 365)), now + std::chrono::hours(24));

  EXPECT_EQ(refusal(document({{"client_id", "https://app.example.com/other.json"}})),
            "the document's client_id is not its own URL");
  EXPECT_EQ(refusal(document({}, {"client_id"})), "the document has no client_id");
  EXPECT_EQ(refusal(document({}, {"redirect_uris"})), "redirect_uris must be a non-empty array of URLs");
  EXPECT_EQ(refusal(document({{"redirect_uris", json::array{}}})), "redirect_uris must be a non-empty array of URLs");
  EXPECT_NE(refusal(document({{"redirect_uris", json::array{"http://evil.example/cb"}}})).find("loopback"),
            std::string::npos);
  EXPECT_NE(refusal(document({{"client_secret", "s3cret"}})).find("client_secret"), std::string::npos);
  EXPECT_NE(refusal(document({{"client_secret_expires_at", 0}})).find("client_secret"), std::string::npos);
  EXPECT_NE(refusal(document({{"token_endpoint_auth_method", "client_secret_basic"}})).find("token_endpoint_auth_method"),
            std::string::npos);
  EXPECT_EQ(refusal(document({}, {"token_endpoint_auth_method"})), "");
  EXPECT_NE(refusal(document({{"grant_types", json::array{"client_credentials"}}})).find("grant_types"),
            std::string::npos);
  EXPECT_NE(refusal(document({{"response_types", json::array{"token"}}})).find("response_types"), std::string::npos);
  EXPECT_EQ(refusal(document({{"client_name", 5}})), "client_name must be a string");
  EXPECT_EQ(refusal(document({{"padding", std::string(70 * 1024, 'x')}})), "the document is larger than 64 KiB");
  EXPECT_EQ(refusal("not json"), "the document is not JSON");
  EXPECT_EQ(refusal("[1, 2]"), "the document is not a JSON object");
  EXPECT_EQ(refusal(std::string(100, '[') + std::string(100, ']')), "the document is not JSON");  // depth bounded

  auto named = auth::parse_metadata_document(doc_url, document({{"client_name", "Doc\x01\nApp"}}), now, std::nullopt);
  EXPECT_EQ(std::get<store::Client>(named).name, "DocApp");
}

// Answers with `body` (or `error`) and counts the fetches.
class FakeFetcher : public auth::MetadataFetcher {
public:
  net::awaitable<auth::MetadataFetch> fetch(std::string url) override {
    urls.push_back(url);
    auth::MetadataFetch f;
    f.status = status;
    f.body = body;
    f.max_age = max_age;
    f.error = error;
    co_return f;
  }
  std::vector<std::string> urls;
  int status = 200;
  std::string body = document();
  std::optional<std::chrono::seconds> max_age;
  std::string error;
};

class MetadataDocuments : public Bench {
protected:
  auth::MetadataFetcher* metadata_fetcher() override { return &fetcher_; }
  FakeFetcher fetcher_;
};

TEST_F(MetadataDocuments, AdvertisedOnlyWithAFetcher) {
  auto doc = json::parse(get("/.well-known/oauth-authorization-server").body).as_object();
  EXPECT_EQ(doc.at("client_id_metadata_document_supported"), true);
}

TEST_F(MetadataDocuments, SignInReadsTheDocumentOnceAndTokensOutliveTheCopy) {
  Browser browser;
  auto page = get(authorize_target(doc_url), &browser);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("Doc App"), std::string::npos);
  EXPECT_NE(page.body.find("<strong>app.example.com</strong>"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("client.example"), std::string::npos);
  ASSERT_EQ(fetcher_.urls, std::vector<std::string>{doc_url});
  auto kept = db_->client(doc_url);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->expires_at, clock + std::chrono::hours(1));

  // The whole sign-in (the page again: the kept copy), then tokens.
  auto tokens = tokens_for(browser, doc_url, "alice-code");
  EXPECT_EQ(fetcher_.urls.size(), 1u);
  EXPECT_EQ(log_text().find("registered client"), std::string::npos);
  const std::string access(tokens.at("access_token").as_string());
  EXPECT_EQ(authenticate(access).client_id, doc_url);

  // The copy expires and is cleaned: the refresh token bound to the URL still works.
  clock += std::chrono::hours(2);
  EXPECT_GE(db_->delete_expired(clock), 1u);
  EXPECT_FALSE(db_->client(doc_url));
  auto refreshed = post_form("/token", form_encode({{"grant_type", "refresh_token"},
                                                    {"refresh_token", std::string(tokens.at("refresh_token").as_string())},
                                                    {"client_id", doc_url}}));
  EXPECT_EQ(refreshed.status, 200) << refreshed.body;
  // ... but not for another URL.
  auto other = post_form("/token", form_encode({{"grant_type", "refresh_token"},
                                                {"refresh_token", std::string(json::parse(refreshed.body).at("refresh_token").as_string())},
                                                {"client_id", "https://evil.example/client.json"}}));
  EXPECT_EQ(other.status, 400) << other.body;
  EXPECT_NE(other.body.find("another client"), std::string::npos);
  EXPECT_EQ(fetcher_.urls.size(), 1u);
}

TEST_F(MetadataDocuments, AnExpiredCopyIsReadAgain) {
  fetcher_.max_age = std::chrono::minutes(10);
  Browser browser;
  ASSERT_EQ(get(authorize_target(doc_url), &browser).status, 200);
  clock += std::chrono::minutes(9);
  ASSERT_EQ(get(authorize_target(doc_url), &browser).status, 200);
  EXPECT_EQ(fetcher_.urls.size(), 1u);
  clock += std::chrono::minutes(2);
  fetcher_.body = document({{"client_name", "Doc App 2"}});
  auto page = get(authorize_target(doc_url), &browser);
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(fetcher_.urls.size(), 2u);
  EXPECT_NE(page.body.find("Doc App 2"), std::string::npos);
  EXPECT_EQ(db_->client(doc_url)->expires_at, clock + std::chrono::minutes(10));
}

// A consent holds for the document as the person saw it: read again unchanged,
// it still holds; with another name or other redirect URIs, the person is
// asked again, and their new answer holds for the new look.
TEST_F(MetadataDocuments, AChangedNameOrRedirectUrisAsksForConsentAgain) {
  fetcher_.max_age = std::chrono::minutes(10);
  Browser browser;
  tokens_for(browser, doc_url, "alice-code");
  auto remembered = get(authorize_target(doc_url), &browser);
  ASSERT_EQ(remembered.status, 302) << remembered.body;

  // Read again, unchanged: still remembered.
  clock += std::chrono::minutes(11);
  remembered = get(authorize_target(doc_url), &browser);
  EXPECT_EQ(remembered.status, 302) << remembered.body;
  EXPECT_EQ(fetcher_.urls.size(), 2u);

  // Read again under another name: the page, naming it; Allow needs no Trakt.
  clock += std::chrono::minutes(11);
  fetcher_.body = document({{"client_name", "Renamed App"}});
  auto page = get(authorize_target(doc_url), &browser);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(fetcher_.urls.size(), 3u);
  EXPECT_NE(page.body.find("Renamed App"), std::string::npos);
  EXPECT_NE(page.body.find("Signed in to Trakt as"), std::string::npos);
  auto allowed = post_form(
      "/authorize/decision", form_encode({{"request", hidden_request_token(page.body)}, {"decision", "allow"}}), &browser);
  ASSERT_EQ(allowed.status, 302) << allowed.body;
  EXPECT_EQ(header(allowed, "Location").rfind("https://client.example/cb?", 0), 0u) << header(allowed, "Location");
  remembered = get(authorize_target(doc_url), &browser);
  EXPECT_EQ(remembered.status, 302) << remembered.body;

  // Another list of redirect URIs (the one asked for still in it): asked again.
  clock += std::chrono::minutes(11);
  fetcher_.body = document({{"client_name", "Renamed App"},
                            {"redirect_uris", json::array{"https://client.example/cb", "https://evil.example/cb"}}});
  page = get(authorize_target(doc_url), &browser);
  EXPECT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(fetcher_.urls.size(), 4u);
}

// What a consent remembers of a client: its name and its redirect URIs (in
// any order); not its id or how long its copy is kept.
TEST(ConsentFingerprint, IsTheNameAndTheRedirectUris) {
  const store::Client a{"c1", "App", {"https://a.example/cb", "https://b.example/cb"}, std::nullopt, {}};
  store::Client same = a;
  same.id = "c2";
  same.expires_at = store::Time(std::chrono::seconds(1'700'000'000));
  same.created_at = store::Time(std::chrono::seconds(1'600'000'000));
  EXPECT_EQ(auth::consent_fingerprint(a), auth::consent_fingerprint(same));
  store::Client renamed = a;
  renamed.name = "App 2";
  store::Client reordered = a;
  std::swap(reordered.redirect_uris[0], reordered.redirect_uris[1]);
  EXPECT_EQ(auth::consent_fingerprint(a), auth::consent_fingerprint(reordered));
  store::Client fewer = a;
  fewer.redirect_uris.pop_back();
  // No other split of the same characters passes for it.
  store::Client shifted{"c1", "App\",\"https://a.example/cb", {"https://b.example/cb"}, std::nullopt, {}};
  for (const auto* other : {&renamed, &fewer, &shifted})
    EXPECT_NE(auth::consent_fingerprint(a), auth::consent_fingerprint(*other)) << other->name;
}

TEST_F(MetadataDocuments, ARedirectUriTheDocumentDoesNotListIsAPage) {
  auto r = get(authorize_target(doc_url, "https://evil.example/cb"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(header(r, "Location"), "");
  EXPECT_NE(r.body.find("not one the app registered"), std::string::npos) << r.body;
}

// Claude Code's document lists port-less loopback URIs and signs in on the
// port its listener got: the code goes back to that port, and the token
// request must name the same URI.
TEST_F(MetadataDocuments, SignsInLikeClaudeCodeOnAPortTheDocumentLeavesOut) {
  fetcher_.body = document({{"redirect_uris", json::array{"http://localhost/callback", "http://127.0.0.1/callback"}}});
  const std::string on_port = "http://localhost:49554/callback";
  Browser browser;
  auto back = sign_in(browser, doc_url, "alice-code", on_port);
  ASSERT_EQ(back.status, 302) << back.body;
  const std::string location = header(back, "Location");
  EXPECT_EQ(location.rfind(on_port + "?", 0), 0u) << location;
  const auto code = query_of(location)["code"];
  EXPECT_EQ(exchange(doc_url, code, verifier, "http://localhost:1/callback").status, 400);  // not the one used
  auto r = exchange(doc_url, code, verifier, on_port);
  EXPECT_EQ(r.status, 400) << "a code is good once";  // the refused attempt above spent it
  Browser again;
  auto back2 = sign_in(again, doc_url, "alice-code", on_port);
  const auto code2 = query_of(header(back2, "Location"))["code"];
  auto ok = exchange(doc_url, code2, verifier, on_port);
  EXPECT_EQ(ok.status, 200) << ok.body;

  // Another path on the same loopback host is still refused, as is https.
  for (const char* wrong : {"http://localhost:49554/other", "https://localhost:49554/callback"}) {
    auto page = get(authorize_target(doc_url, wrong));
    EXPECT_EQ(page.status, 400) << wrong;
    EXPECT_EQ(header(page, "Location"), "") << wrong;
  }
}

TEST_F(MetadataDocuments, AFailedReadIsAPageNamingTheUrlAndWhy) {
  fetcher_.error = "the server did not answer in time";
  auto r = get(authorize_target(doc_url));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(header(r, "Location"), "");
  EXPECT_NE(r.body.find("client metadata document at " + doc_url + " could not be read: the server did not answer in time"),
            std::string::npos)
      << r.body;
  EXPECT_FALSE(db_->client(doc_url));

  fetcher_.error.clear();
  fetcher_.status = 404;
  r = get(authorize_target(doc_url));
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("HTTP 404"), std::string::npos) << r.body;

  fetcher_.status = 200;
  fetcher_.body = document({{"client_id", "https://app.example.com/other.json"}});
  r = get(authorize_target(doc_url));
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("client_id is not its own URL"), std::string::npos) << r.body;
  EXPECT_EQ(header(r, "Location"), "");
  EXPECT_FALSE(db_->client(doc_url));
}

TEST_F(MetadataDocuments, PrivateAndMalformedUrlsAreRefusedWithoutFetching) {
  for (const std::string url : {"https://127.0.0.1/client.json", "https://192.168.0.10/client.json",
                                "https://[::1]/client.json", "https://localhost/client.json",
                                "https://app.example.com/", "https://app.example.com/a/../client.json"}) {
    auto r = get(authorize_target(url));
    EXPECT_EQ(r.status, 400) << url;
    EXPECT_EQ(header(r, "Location"), "") << url;
    EXPECT_NE(r.body.find("could not be read"), std::string::npos) << r.body;
  }
  EXPECT_TRUE(fetcher_.urls.empty());
}

class PrivateHostsAllowed : public MetadataDocuments {
protected:
  void adjust(auth::Settings& s) override { s.allow_private_metadata_hosts = true; }
};

TEST_F(PrivateHostsAllowed, FetchesFromLoopback) {
  const std::string url = "https://127.0.0.1:8443/oauth/client.json";
  fetcher_.body = document({{"client_id", url}});
  auto r = get(authorize_target(url));
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(fetcher_.urls, std::vector<std::string>{url});
}

class NoFetcher : public Bench {};

TEST_F(NoFetcher, NotAdvertisedAndRefused) {
  auto doc = json::parse(get("/.well-known/oauth-authorization-server").body).as_object();
  EXPECT_FALSE(doc.contains("client_id_metadata_document_supported"));
  auto r = get(authorize_target(doc_url));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(header(r, "Location"), "");
}

}  // namespace
}  // namespace auth_test
