#pragma once
// A test bench for auth::AuthorizationServer: a real store (SQLite in a temp
// dir), a test identity provider with two people, an injectable clock,
// browsers with cookie jars, and a log capture.

#include "auth/authorization_server.hpp"
#include "auth/params.hpp"
#include "store/store.hpp"
#include "support/blocking_pool.hpp"
#include "support/crypto.hpp"
#include "support/files.hpp"
#include "support/log.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace auth_test {

namespace net = boost::asio;
namespace json = boost::json;
namespace urls = boost::urls;

// Signs a person in at once: the code names who ("alice-code", "bob-code");
// any other code fails.
class TestUpstream : public auth::Upstream {
public:
  std::string authorize_url(std::string_view state, std::string_view redirect_uri) const override {
    return "https://trakt.test/oauth/authorize?response_type=code&client_id=ours&state=" + std::string(state) +
           "&redirect_uri=" + std::string(redirect_uri);
  }
  net::awaitable<auth::UpstreamResult> exchange(std::string code, std::string redirect_uri) override {
    exchanged_redirect_uri = redirect_uri;
    auth::UpstreamResult r;
    if (code == "alice-code") {
      r.identity = auth::UpstreamIdentity{"uuid-alice", "Alice", R"({"access_token":"trakt-secret-alice"})"};
    } else if (code == "bob-code") {
      r.identity = auth::UpstreamIdentity{"uuid-bob", "Bob", R"({"access_token":"trakt-secret-bob"})"};
    } else {
      r.error = "Trakt refused the sign-in (test).";
    }
    co_return r;
  }
  std::string exchanged_redirect_uri;
};

struct Browser {
  std::map<std::string, std::string> cookies;
  void take_cookies(const support::WebResponse& r) {
    for (const auto& [k, v] : r.headers) {
      if (k != "Set-Cookie") continue;
      const auto eq = v.find('=');
      const auto semi = v.find(';');
      cookies[v.substr(0, eq)] = v.substr(eq + 1, semi - eq - 1);
    }
  }
  std::string cookie_header() const {
    std::string out;
    for (const auto& [k, v] : cookies) out += (out.empty() ? "" : "; ") + k + "=" + v;
    return out;
  }
};

inline std::string header(const support::WebResponse& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return {};
}

// The query parameters of a Location.
inline std::map<std::string, std::string> query_of(const std::string& location) {
  std::map<std::string, std::string> out;
  auto u = urls::parse_uri_reference(location);
  if (!u) return out;
  for (auto p : u->params()) out[p.key] = p.value;
  return out;
}

inline std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields) {
  urls::url u("x:");
  for (const auto& [k, v] : fields) u.params().append({k, v});
  return std::string(u.encoded_query());
}

inline std::string hidden_request_token(const std::string& html) {
  const std::string marker = "name=\"request\" value=\"";
  const auto at = html.find(marker);
  if (at == std::string::npos) return {};
  const auto start = at + marker.size();
  return html.substr(start, html.find('"', start) - start);
}

// The real store, made to fail (as a database that went away) on demand.
class SwitchableDatabase : public store::Database {
public:
  explicit SwitchableDatabase(std::unique_ptr<store::Database> inner) : inner_(std::move(inner)) {}
  std::atomic<bool> failing{false};

  int schema_version() override { return check().schema_version(); }
  std::string backend() const override { return inner_->backend(); }
  void put_client(const store::Client& c) override { check().put_client(c); }
  std::optional<store::Client> client(std::string_view id) override { return check().client(id); }
  store::User save_user(std::string_view t, std::string_view n, std::string_view s) override {
    return check().save_user(t, n, s);
  }
  std::optional<store::User> user(std::int64_t id) override { return check().user(id); }
  void put_consent(std::int64_t u, std::string_view c, std::string_view s, std::string_view f) override {
    check().put_consent(u, c, s, f);
  }
  bool has_consent(std::int64_t u, std::string_view c, std::string_view s, std::string_view f) override {
    return check().has_consent(u, c, s, f);
  }
  void put_browser_session(std::string_view h, std::int64_t u, store::Time e) override {
    check().put_browser_session(h, u, e);
  }
  std::optional<std::int64_t> browser_session(std::string_view h, store::Time n) override {
    return check().browser_session(h, n);
  }
  void put_pending(std::string_view h, const store::PendingAuthorization& p) override { check().put_pending(h, p); }
  std::optional<store::PendingAuthorization> pending(std::string_view h, store::Time n) override {
    return check().pending(h, n);
  }
  std::optional<store::PendingAuthorization> take_pending(std::string_view h, store::Time n) override {
    return check().take_pending(h, n);
  }
  void put_code(std::string_view h, const store::AuthorizationCode& c) override { check().put_code(h, c); }
  store::CodeTake redeem_code(
      std::string_view h, store::Time n, std::chrono::seconds keep,
      const std::function<std::optional<Rotation>(const store::AuthorizationCode&)>& issue) override {
    return check().redeem_code(h, n, keep, issue);
  }
  std::optional<store::AuthorizationCode> take_code(std::string_view h, store::Time n) override {
    return check().take_code(h, n);
  }
  void put_access_token(std::string_view h, const store::IssuedToken& t) override { check().put_access_token(h, t); }
  std::optional<store::IssuedToken> access_token(std::string_view h, store::Time n) override {
    return check().access_token(h, n);
  }
  void put_refresh_token(std::string_view h, const store::IssuedToken& t) override { check().put_refresh_token(h, t); }
  store::RefreshTake rotate_refresh_token(
      std::string_view h, store::Time n,
      const std::function<std::optional<Rotation>(const store::IssuedToken&)>& issue) override {
    return check().rotate_refresh_token(h, n, issue);
  }
  store::RefreshTake take_refresh_token(std::string_view h, store::Time n) override {
    return check().take_refresh_token(h, n);
  }
  bool revoke_token(std::string_view h) override { return check().revoke_token(h); }
  void revoke_grants(std::int64_t u, std::string_view c) override { check().revoke_grants(u, c); }
  void forget_user(std::int64_t u) override { check().forget_user(u); }
  std::size_t delete_expired(store::Time n) override { return check().delete_expired(n); }
  std::unique_ptr<store::UserLock> lock_user(std::int64_t u) override { return check().lock_user(u); }

private:
  store::Database& check() {
    if (failing) throw store::Error("sqlite: disk I/O error (test)");
    return *inner_;
  }
  std::unique_ptr<store::Database> inner_;
};

inline const std::string verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-long-enough-verifier";

class Bench : public ::testing::Test {
protected:
  void SetUp() override {
    db_ = std::make_unique<SwitchableDatabase>(store::Database::open("sqlite:" + (dir_ / "auth.db").string()));
    auth::Settings s = auth::Settings::for_public_url("https://mcp.example.com/");
    s.now = [this] { return clock; };
    s.token_limit = {6000, 1000};
    s.register_limit = {6000, 1000};
    adjust(s);
    server_ = std::make_unique<auth::AuthorizationServer>(
        s, *db_, support::SecretKey::parse(std::string(64, 'a'), "TEST_KEY"), upstream_, pool_, metadata_fetcher());
    sink_ = support::log::add_sink([this](support::LogLevel, std::string_view logger, std::string_view message) {
      std::lock_guard lock(log_mutex_);
      log_ += std::string(logger) + ": " + std::string(message) + "\n";
    });
  }
  ~Bench() override { support::log::remove_sink(sink_); }
  // Override to change the settings before the server is made.
  virtual void adjust(auth::Settings&) {}
  // Override to read client ID metadata documents (null: not supported).
  virtual auth::MetadataFetcher* metadata_fetcher() { return nullptr; }

  template <class T>
  T run(net::awaitable<T> work) {
    std::optional<T> result;
    std::exception_ptr error;
    net::co_spawn(io_, std::move(work), [&](std::exception_ptr e, T value) {
      error = e;
      if (!e) result = std::move(value);
    });
    io_.restart();
    io_.run();
    if (error) std::rethrow_exception(error);
    return std::move(*result);
  }

  support::WebResponse send(support::WebRequest request, Browser* browser = nullptr) {
    if (request.peer.empty()) request.peer = "192.0.2.1";
    if (browser && !browser->cookies.empty()) request.headers.emplace_back("Cookie", browser->cookie_header());
    auto answer = run(server_->handle(std::move(request)));
    if (!answer) throw std::runtime_error("not one of the server's paths");
    if (browser) browser->take_cookies(*answer);
    return std::move(*answer);
  }
  support::WebResponse get(std::string target, Browser* browser = nullptr) {
    return send({"GET", std::move(target), {}, "", ""}, browser);
  }
  support::WebResponse post_form(std::string path, std::string body, Browser* browser = nullptr,
                                 std::string peer = "") {
    return send({"POST", std::move(path), {{"Content-Type", "application/x-www-form-urlencoded"}}, std::move(body),
                 std::move(peer)},
                browser);
  }
  auth::Access authenticate(const std::string& token) {
    return run(server_->authenticate({"POST", "/mcp", {{"Authorization", "Bearer " + token}}, "{}", "192.0.2.1"}));
  }

  std::string register_client(const std::string& redirect_uri = "https://client.example/cb",
                              const std::string& name = "Test Client") {
    json::object body{{"redirect_uris", json::array{json::string(redirect_uri)}}, {"client_name", name}};
    auto r = send({"POST", "/register", {{"Content-Type", "application/json"}}, json::serialize(body), ""});
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(json::parse(r.body).at("client_id").as_string());
  }

  std::string authorize_target(const std::string& client_id, const std::string& redirect_uri = "https://client.example/cb",
                               std::vector<std::pair<std::string, std::string>> extra = {}) {
    std::vector<std::pair<std::string, std::string>> fields{
        {"response_type", "code"},
        {"client_id", client_id},
        {"redirect_uri", redirect_uri},
        {"code_challenge", support::pkce_s256(verifier)},
        {"code_challenge_method", "S256"},
        {"state", "client-state-1"},
        {"scope", "trakt"},
        {"resource", "https://mcp.example.com/mcp"}};
    for (auto& [k, v] : extra) {
      bool replaced = false;
      for (auto& f : fields) {
        if (f.first == k) {
          f.second = v;
          replaced = true;
        }
      }
      if (!replaced) fields.emplace_back(k, v);
    }
    std::vector<std::pair<std::string, std::string>> kept;
    for (auto& f : fields) {
      if (f.second != "<omit>") kept.push_back(f);
    }
    return "/authorize?" + form_encode(kept);
  }

  // Consent page -> Allow -> Trakt -> callback: the client's redirect.
  support::WebResponse sign_in(Browser& browser, const std::string& client_id, const std::string& upstream_code,
                               const std::string& redirect_uri = "https://client.example/cb") {
    auto page = get(authorize_target(client_id, redirect_uri), &browser);
    EXPECT_EQ(page.status, 200) << page.body;
    auto to_trakt = post_form("/authorize/decision",
                              form_encode({{"request", hidden_request_token(page.body)}, {"decision", "allow"}}), &browser);
    EXPECT_EQ(to_trakt.status, 302) << to_trakt.body;
    const auto state = query_of(header(to_trakt, "Location"))["state"];
    return get("/callback?" + form_encode({{"code", upstream_code}, {"state", state}}), &browser);
  }

  // The code from the client's redirect, exchanged for tokens.
  support::WebResponse exchange(const std::string& client_id, const std::string& code,
                                const std::string& code_verifier = verifier,
                                const std::string& redirect_uri = "https://client.example/cb") {
    return post_form("/token", form_encode({{"grant_type", "authorization_code"},
                                            {"code", code},
                                            {"redirect_uri", redirect_uri},
                                            {"client_id", client_id},
                                            {"code_verifier", code_verifier}}));
  }

  json::object tokens_for(Browser& browser, const std::string& client_id, const std::string& upstream_code) {
    auto back = sign_in(browser, client_id, upstream_code);
    auto code = query_of(header(back, "Location"))["code"];
    auto r = exchange(client_id, code);
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body).as_object();
  }

  std::string log_text() {
    std::lock_guard lock(log_mutex_);
    return log_;
  }

  store::Time clock = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  test_files::TempDir dir_{"auth"};
  net::io_context io_;
  support::BlockingPool pool_{2};
  TestUpstream upstream_;
  std::unique_ptr<SwitchableDatabase> db_;
  std::unique_ptr<auth::AuthorizationServer> server_;
  std::mutex log_mutex_;
  std::string log_;
  int sink_ = 0;
};

}  // namespace auth_test
