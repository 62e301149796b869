// TraktApi::get_public through a scripted sender: the GET without a login
// (search). The Trakt headers minus Authorization, no token manager needed,
// the same 429 waits and 502/503/504 and dropped-connection retries, and a
// 401/403 read as a wrong client id, never as a login to refresh.

#include "trakt/api.hpp"
#include "trakt/scripted_trakt.hpp"
#include "trakt/test_support.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/url/parse.hpp>

#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace {

namespace net = boost::asio;
namespace http = boost::beast::http;
namespace json = boost::json;
using trakt::Failure;
using trakt::FailureKind;
using trakt::HttpRequest;
using trakt::HttpResponse;
using trakt::Page;
using trakt::Result;
using trakt::TraktApi;
using namespace std::chrono_literals;

using trakt_test::dropped;
using trakt_test::fake_send;
using trakt_test::fast_policy;
using trakt_test::path_of;
using trakt_test::query_of;
using trakt_test::response;
using trakt_test::Script;

// No token manager at all: get_public must not need one.
struct Harness {
  net::io_context io;
  std::shared_ptr<Script> trakt = std::make_shared<Script>();
  TraktApi api;

  explicit Harness(std::string base_path = "")
      : api([s = trakt](HttpRequest r) { return fake_send(s, std::move(r)); }, std::move(base_path),
            trakt::ApiConfig{"the-client-id", "the-client-secret", "trakt-mcp/test"}, fast_policy()) {}

  Result<Page> get(std::string path, trakt::Query query) {
    std::optional<Result<Page>> out;
    trakt_test::run_coroutine(io, store_into(api.get_public(std::move(path), std::move(query)), &out));
    if (!out) throw std::runtime_error("the coroutine did not finish");
    return std::move(*out);
  }

  static net::awaitable<void> store_into(net::awaitable<Result<Page>> aw, std::optional<Result<Page>>* out) {
    *out = co_await std::move(aw);
  }

  Result<json::value> get_value(std::string path) {
    std::optional<Result<json::value>> out;
    trakt_test::run_coroutine(io, value_into(api.get_public_value(std::move(path), {}), &out));
    if (!out) throw std::runtime_error("the coroutine did not finish");
    return std::move(*out);
  }

  static net::awaitable<void> value_into(net::awaitable<Result<json::value>> aw, std::optional<Result<json::value>>* out) {
    *out = co_await std::move(aw);
  }

  std::size_t requests() const { return trakt->seen.size(); }
};

bool mentions(const Failure& f, std::string_view what) { return f.message.find(what) != std::string::npos; }

TEST(TraktApiPublic, SendsTheTraktHeadersButNoAuthorization) {
  Harness h;
  h.trakt->answers = {response(503), dropped(), response(200, R"([{"type":"movie"}])")};
  auto r = h.get("/search/movie,show", {{"query", "amélie & co"}, {"limit", "10"}});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->items.size(), 1u);
  ASSERT_EQ(h.requests(), 3u);
  for (const auto& req : h.trakt->seen) {
    EXPECT_EQ(req.method(), http::verb::get);
    EXPECT_EQ(path_of(req), "/search/movie,show");
    EXPECT_EQ(query_of(req)["query"], "amélie & co");
    EXPECT_EQ(query_of(req)["limit"], "10");
    EXPECT_EQ(req[http::field::user_agent], "trakt-mcp/test");
    EXPECT_EQ(req["trakt-api-version"], "2");
    EXPECT_EQ(req["trakt-api-key"], "the-client-id");
    EXPECT_EQ(req.count(http::field::authorization), 0u);
  }
}

TEST(TraktApiPublic, TargetsAreUnderTheEndpointsBasePath) {
  Harness h("/proxy/trakt");
  h.trakt->answers = {response(200, "[]")};
  auto r = h.get("/search/person", {{"query", "x"}});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(path_of(h.trakt->seen.at(0)), "/proxy/trakt/search/person");
}

TEST(TraktApiPublic, ReadsThePageCount) {
  Harness h;
  h.trakt->answers = {response(200, "[1,2]", {{"X-Pagination-Page-Count", "7"}})};
  auto r = h.get("/search/movie", {});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->page_count, 7);
}

TEST(TraktApiPublic, UnauthorizedMeansTheClientIdIsWrongAndIsNotRetried) {
  Harness h;
  h.trakt->answers = {response(401, R"({"error":"invalid_token"})")};
  auto r = h.get("/search/movie", {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, FailureKind::config);
  EXPECT_TRUE(mentions(r.error(), "TRAKT_CLIENT_ID")) << r.error().message;
  EXPECT_FALSE(mentions(r.error(), "trakt-mcp login")) << r.error().message;
  EXPECT_EQ(h.requests(), 1u);
}

TEST(TraktApiPublic, ForbiddenMeansTheClientIdIsWrong) {
  Harness h;
  h.trakt->answers = {response(403, R"({"error":"invalid api key"})")};
  auto r = h.get("/search/movie", {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, FailureKind::config);
  EXPECT_TRUE(mentions(r.error(), "TRAKT_CLIENT_ID")) << r.error().message;
  EXPECT_EQ(h.requests(), 1u);
}

TEST(TraktApiPublic, CloudflareForbiddenSaysToWait) {
  Harness h;
  h.trakt->answers = {response(403, "<html><title>Attention Required! | Cloudflare</title></html>",
                               {{"Content-Type", "text/html; charset=UTF-8"}})};
  auto r = h.get("/search/movie", {});
  ASSERT_FALSE(r);
  EXPECT_TRUE(mentions(r.error(), "Cloudflare")) << r.error().message;
}

TEST(TraktApiPublic, RateLimitedWaitsAndRetries) {
  Harness h;
  h.trakt->answers = {response(429, "", {{"Retry-After", "0"}}), response(200, "[]")};
  auto r = h.get("/search/movie", {});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(h.requests(), 2u);
}

TEST(TraktApiPublic, RateLimitedBeyondTheLongestWaitFailsAtOnce) {
  Harness h;
  h.trakt->answers = {response(429, "", {{"Retry-After", "3600"}})};
  auto r = h.get("/search/movie", {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, FailureKind::rate_limited);
  EXPECT_EQ(h.requests(), 1u);
}

TEST(TraktApiPublic, OverloadedGivesUpAfterTheLastAttempt) {
  Harness h;
  h.trakt->answers = {response(502), response(503), response(504), response(503)};
  auto r = h.get("/search/movie", {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, FailureKind::upstream);
  EXPECT_TRUE(mentions(r.error(), "HTTP 503")) << r.error().message;
  EXPECT_EQ(h.requests(), 4u);
}

TEST(TraktApiPublic, DroppedConnectionsGiveUpAfterTheLastAttempt) {
  Harness h;
  h.trakt->answers = {dropped(), dropped(), dropped(), dropped()};
  auto r = h.get("/search/movie", {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, FailureKind::network);
  EXPECT_EQ(h.requests(), 4u);
}

TEST(TraktApiPublic, OtherStatusesAreNotRetried) {
  Harness h;
  h.trakt->answers = {response(400, "{}")};
  auto r = h.get("/search/movie", {});
  ASSERT_FALSE(r);
  EXPECT_EQ(h.requests(), 1u);
}

TEST(TraktApiPublic, SomethingOtherThanAListIsABadResponse) {
  Harness h;
  h.trakt->answers = {response(200, "{}")};
  auto r = h.get("/search/movie", {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, FailureKind::bad_response);
}

// get_public_value: an object (cast and crew) without a login, with the same
// retries; a 404 is not_found, for the tool to say what was not found.
TEST(TraktApiPublic, AnyJsonValueWithoutAuthorization) {
  Harness h;
  h.trakt->answers = {response(503), response(200, R"({"cast":[],"crew":{}})"), response(404, "{}")};
  auto r = h.get_value("/shows/severance/people");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->is_object());
  ASSERT_EQ(h.requests(), 2u);
  EXPECT_EQ(h.trakt->seen[1].count(http::field::authorization), 0u);
  auto missing = h.get_value("/movies/adam-scott/people");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, FailureKind::not_found);
}

}  // namespace
