// TraktApi through a scripted sender on an io_context: no network. The
// headers of every request, refresh-once on 401, 429 waits, retries of
// 502/503/504 and dropped connections with backoff, no retry of other
// answers, pagination, and the token refresh call. Backoffs are a
// millisecond; tests count and order requests, never time them.

#include "trakt/api.hpp"
#include "trakt/scripted_trakt.hpp"
#include "trakt/test_support.hpp"
#include "trakt/token_manager.hpp"
#include "trakt/token_store.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

#include <gtest/gtest.h>

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <limits>
#include <set>
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
using trakt::Result;
using trakt::TokenManager;
using trakt::Tokens;
using trakt::TraktApi;
using namespace std::chrono_literals;

using namespace trakt_test;

// The refresher: what it was asked and what it answers.
struct RefresherState {
  int calls = 0;
  std::vector<std::string> seen;
  Result<Tokens> answer = pair("new");
};

net::awaitable<Result<Tokens>> fake_refresh(std::shared_ptr<RefresherState> s, std::string refresh_token) {
  ++s->calls;
  s->seen.push_back(refresh_token);
  co_await net::post(co_await net::this_coro::executor, net::use_awaitable);
  co_return s->answer;
}

const trakt::ApiConfig config{"the-client-id", "the-client-secret", "trakt-mcp/test"};

enum class Refresh { fake, through_api };

struct Harness {
  net::io_context io;
  std::shared_ptr<Script> trakt = std::make_shared<Script>();
  std::shared_ptr<StoreState> stored = std::make_shared<StoreState>();
  std::shared_ptr<RefresherState> refresher = std::make_shared<RefresherState>();
  TraktApi api;
  std::unique_ptr<TokenManager> tokens;

  explicit Harness(trakt::RequestPolicy policy = fast_policy(), Refresh refresh = Refresh::fake,
                   std::string base_path = "")
      : api([s = trakt](HttpRequest r) { return fake_send(s, std::move(r)); }, std::move(base_path), config,
            policy) {
    stored->tokens = pair("old");
    TokenManager::Refresher refresh_fn;
    if (refresh == Refresh::fake)
      refresh_fn = [r = refresher](std::string rt) { return fake_refresh(r, std::move(rt)); };
    else
      refresh_fn = [a = &api](std::string rt) { return a->refresh_tokens(std::move(rt)); };
    tokens = std::make_unique<TokenManager>(io.get_executor(), std::make_shared<MemoryStore>(stored),
                                            std::move(refresh_fn), [] { return t0; });
    api.use_tokens(*tokens);
  }

  template <class T>
  T run(net::awaitable<T> aw) {
    std::optional<T> out;
    trakt_test::run_coroutine(io, store_into(std::move(aw), &out));
    if (!out) throw std::runtime_error("the coroutine did not finish");
    return std::move(*out);
  }

  template <class T>
  static net::awaitable<void> store_into(net::awaitable<T> aw, std::optional<T>* out) {
    *out = co_await std::move(aw);
  }

  std::size_t requests() const { return trakt->seen.size(); }
  std::string header(std::size_t i, std::string_view name) const {
    return std::string(trakt->seen.at(i)[name]);
  }
};

template <class T>
std::string failure_of(const Result<T>& r) {
  return r ? "<success>" : r.error().message;
}

// --- headers -------------------------------------------------------------------

TEST(TraktApi, EveryRequestCarriesTheRequiredHeaders) {
  Harness h;
  h.trakt->answers = {response(503), dropped(), response(200, "[1]")};
  auto r = h.run(h.api.get("/sync/history", {{"type", "movies"}}));
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(h.requests(), 3u);
  for (std::size_t i = 0; i < h.requests(); ++i) {
    SCOPED_TRACE("request " + std::to_string(i));
    const auto& req = h.trakt->seen[i];
    EXPECT_EQ(req.method(), http::verb::get);
    EXPECT_EQ(req.target(), "/sync/history?type=movies");
    EXPECT_EQ(h.header(i, "User-Agent"), "trakt-mcp/test");
    EXPECT_EQ(h.header(i, "trakt-api-version"), "2");
    EXPECT_EQ(h.header(i, "trakt-api-key"), "the-client-id");
    EXPECT_EQ(h.header(i, "Authorization"), "Bearer access-old");
    EXPECT_EQ(h.header(i, "Content-Type"), "application/json");
  }
}

TEST(TraktApi, TargetsAreUnderTheEndpointsBasePathAndEncoded) {
  Harness h(fast_policy(), Refresh::fake, "/proxy/trakt");
  h.trakt->answers = {response(200, "{}")};
  auto r = h.run(h.api.get_value("/users/settings", {{"q", "a b&c"}}));
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(h.requests(), 1u);
  EXPECT_EQ(path_of(h.trakt->seen[0]), "/proxy/trakt/users/settings");
  EXPECT_EQ(query_of(h.trakt->seen[0])["q"], "a b&c");
}

// --- 401 -----------------------------------------------------------------------

TEST(TraktApi, UnauthorizedRefreshesOnceThenRetriesWithTheNewToken) {
  Harness h;
  h.trakt->answers = {response(401), response(200, "[1,2]")};
  auto r = h.run(h.api.get("/sync/watchlist", {}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->items.size(), 2u);
  EXPECT_EQ(h.refresher->calls, 1);
  EXPECT_EQ(h.refresher->seen, std::vector<std::string>{"refresh-old"});
  ASSERT_EQ(h.requests(), 2u);
  EXPECT_EQ(h.header(0, "Authorization"), "Bearer access-old");
  EXPECT_EQ(h.header(1, "Authorization"), "Bearer access-new");
  EXPECT_EQ(h.stored->tokens->refresh_token, "refresh-new");  // saved before use
}

TEST(TraktApi, UnauthorizedAgainAfterTheRefreshSaysToLogIn) {
  Harness h;
  h.trakt->answers = {response(401), response(401)};
  auto r = h.run(h.api.get("/sync/watchlist", {}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, FailureKind::not_logged_in);
  EXPECT_NE(r.error().message.find("trakt-mcp login"), std::string::npos) << r.error().message;
  EXPECT_EQ(h.refresher->calls, 1);  // exactly one refresh, however many 401s
  EXPECT_EQ(h.requests(), 2u);
}

TEST(TraktApi, UnauthorizedWithADeadRefreshTokenStopsAtTheRefresh) {
  Harness h;
  h.refresher->answer = Failure{FailureKind::not_logged_in, "Refresh refused. Run `trakt-mcp login`."};
  h.trakt->answers = {response(401)};
  auto r = h.run(h.api.get("/sync/watchlist", {}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, FailureKind::not_logged_in);
  EXPECT_EQ(h.refresher->calls, 1);
  EXPECT_EQ(h.requests(), 1u);
}

TEST(TraktApi, UnauthorizedRefreshesThroughTheOAuthEndpointThenRetries) {
  Harness h(fast_policy(), Refresh::through_api);
  h.trakt->answers = {response(401), response(200, json::serialize(json::value_from(pair("rotated")))),
                      response(200, "[]")};
  auto r = h.run(h.api.get("/sync/history", {}));
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(h.requests(), 3u);
  EXPECT_EQ(path_of(h.trakt->seen[0]), "/sync/history");
  EXPECT_EQ(h.trakt->seen[1].method(), http::verb::post);
  EXPECT_EQ(path_of(h.trakt->seen[1]), "/oauth/token");
  EXPECT_EQ(json::parse(h.trakt->seen[1].body()).at("refresh_token"), "refresh-old");
  EXPECT_EQ(path_of(h.trakt->seen[2]), "/sync/history");
  EXPECT_EQ(h.header(2, "Authorization"), "Bearer access-rotated");
  EXPECT_EQ(h.stored->saves, 1);
}

TEST(TraktApi, NotLoggedInSendsNothing) {
  Harness h;
  h.stored->tokens.reset();
  auto r = h.run(h.api.get("/sync/history", {}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, FailureKind::not_logged_in);
  EXPECT_EQ(h.requests(), 0u);
}

// --- 429 -----------------------------------------------------------------------

TEST(TraktApi, RateLimitedWaitsRetryAfterAndRetries) {
  Harness h;
  h.trakt->answers = {response(429, "", {{"Retry-After", "0"}}), response(429, "", {{"Retry-After", "1"}}),
                      response(200, "[1]")};
  auto r = h.run(h.api.get("/calendars/my/shows", {}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(h.requests(), 3u);
  EXPECT_EQ(h.refresher->calls, 0);
}

TEST(TraktApi, RateLimitedBeyondTheLongestWaitFailsAtOnce) {
  Harness h;
  h.trakt->answers = {response(429, "", {{"Retry-After", "3600"}})};
  auto r = h.run(h.api.get("/calendars/my/shows", {}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, FailureKind::rate_limited);
  EXPECT_NE(r.error().message.find("3600 seconds"), std::string::npos) << r.error().message;
  EXPECT_EQ(h.requests(), 1u);
}

TEST(TraktApi, RateLimitedOnTheLastAttemptFails) {
  auto policy = fast_policy();
  policy.max_attempts = 2;
  Harness h(policy);
  h.trakt->answers = {response(429, "", {{"Retry-After", "0"}}), response(429, "", {{"Retry-After", "0"}})};
  auto r = h.run(h.api.get("/calendars/my/shows", {}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, FailureKind::rate_limited);
  EXPECT_EQ(h.requests(), 2u);
}

// --- 5xx and dropped connections -------------------------------------------------

TEST(TraktApi, OverloadedIsRetriedThenSucceeds) {
  Harness h;
  h.trakt->answers = {response(502), response(504), response(200, "[]")};
  auto r = h.run(h.api.get("/sync/history", {}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(h.requests(), 3u);
}

TEST(TraktApi, OverloadedUpToMaxAttemptsThenTheAdvice) {
  Harness h;
  h.trakt->answers = {response(502), response(503), response(504), response(503)};
  auto r = h.run(h.api.get("/sync/history", {}));
  ASSERT_FALSE(r);
  EXPECT_EQ(h.requests(), 4u);  // max_attempts, first try included
  EXPECT_EQ(r.error().kind, FailureKind::upstream);
  EXPECT_NE(r.error().message.find("HTTP 503"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("status.trakt.tv"), std::string::npos) << r.error().message;
}

TEST(TraktApi, DroppedConnectionIsRetried) {
  Harness h;
  h.trakt->answers = {dropped(), dropped(), response(200, "[1]")};
  auto r = h.run(h.api.get("/sync/history", {}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(h.requests(), 3u);
}

TEST(TraktApi, DroppedConnectionUpToMaxAttemptsIsTheNetworkFailure) {
  auto policy = fast_policy();
  policy.max_attempts = 3;
  Harness h(policy);
  h.trakt->answers = {dropped(), dropped(), dropped()};
  auto r = h.run(h.api.get("/sync/history", {}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, FailureKind::network);
  EXPECT_EQ(r.error().message, dropped().message);
  EXPECT_EQ(h.requests(), 3u);
}

// A timeout may have reached Trakt; TLS and cancellation will not get better.
TEST(TraktApi, OtherTransportFailuresAreNotRetried) {
  for (auto kind : {FailureKind::timeout, FailureKind::tls, FailureKind::cancelled, FailureKind::bad_response}) {
    Harness h;
    h.trakt->answers = {Failure{kind, "it failed"}};
    auto r = h.run(h.api.get("/sync/history", {}));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, kind);
    EXPECT_EQ(h.requests(), 1u) << "kind " << int(kind);
  }
}

class NotRetried : public ::testing::TestWithParam<unsigned> {};

TEST_P(NotRetried, OneRequestAndTheAdviceForTheStatus) {
  Harness h;
  h.trakt->answers = {response(GetParam(), "{}")};
  auto r = h.run(h.api.get("/sync/history", {}));
  ASSERT_FALSE(r);
  EXPECT_EQ(h.requests(), 1u);
  EXPECT_EQ(h.refresher->calls, 0);
  auto expected = trakt::describe_status(response(GetParam(), "{}"), "/sync/history");
  EXPECT_EQ(r.error().kind, expected.kind);
  EXPECT_EQ(r.error().message, expected.message);
  // Only a 404 says "no such thing" (get_details names the id then).
  EXPECT_EQ(r.error().kind == FailureKind::not_found, GetParam() == 404u);
}

INSTANTIATE_TEST_SUITE_P(Statuses, NotRetried,
                         ::testing::Values(400u, 403u, 404u, 405u, 409u, 420u, 422u, 423u, 426u, 500u),
                         [](const auto& info) { return "HTTP" + std::to_string(info.param); });

// --- bodies --------------------------------------------------------------------

TEST(TraktApi, GetValueReadsAnyJson) {
  Harness h;
  h.trakt->answers = {response(200, R"({"user":{"username":"ada"}})")};
  auto r = h.run(h.api.get_value("/users/settings", {}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->at("user").at("username"), "ada");
}

TEST(TraktApi, BodiesThatAreNotJsonOrNotAListAreBadResponses) {
  Harness h;
  h.trakt->answers = {response(200, "<html>oops</html>"), response(200, "{}")};
  auto value = h.run(h.api.get_value("/users/settings", {}));
  ASSERT_FALSE(value);
  EXPECT_EQ(value.error().kind, FailureKind::bad_response);
  EXPECT_NE(value.error().message.find("not JSON"), std::string::npos) << value.error().message;
  auto list = h.run(h.api.get("/sync/history", {}));
  ASSERT_FALSE(list);
  EXPECT_EQ(list.error().kind, FailureKind::bad_response);
  EXPECT_EQ(h.requests(), 2u);  // neither is retried
}

// --- pagination ------------------------------------------------------------------

// Pages of `per_page` numbers, counted from 1, out of `page_count` pages;
// no page-count header when page_count is 0.
void serve_pages(Harness& h, int page_count, int per_page) {
  h.trakt->respond = [page_count, per_page](const HttpRequest& req) -> Result<HttpResponse> {
    auto q = query_of(req);
    const int page = std::stoi(q["page"]);
    json::array items;
    for (int i = 0; i < per_page; ++i) items.push_back((page - 1) * per_page + i + 1);
    Headers headers;
    if (page_count > 0) headers = {{"X-Pagination-Page-Count", std::to_string(page_count)}};
    return response(200, json::serialize(items), headers);
  };
}

std::vector<int> pages_asked(const Harness& h) {
  std::vector<int> pages;
  for (const auto& req : h.trakt->seen) pages.push_back(std::stoi(query_of(req)["page"]));
  return pages;
}

TEST(TraktApiPaging, AsksPageAndLimitAndFollowsThePageCount) {
  Harness h;
  serve_pages(h, 3, 2);
  std::vector<std::pair<int, int>> progress;
  auto r = h.run(h.api.get_paged("/sync/history", {{"type", "episodes"}}, 100, 2,
                                 [&](int done, int total) { progress.emplace_back(done, total); }));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(json::serialize(*r), "[1,2,3,4,5,6]");
  ASSERT_EQ(h.requests(), 3u);
  const auto asked = pages_asked(h);
  EXPECT_EQ(asked[0], 1);  // the first page says how many there are
  EXPECT_EQ(std::set<int>(asked.begin(), asked.end()), (std::set<int>{1, 2, 3}));
  for (std::size_t i = 0; i < h.requests(); ++i) {
    auto q = query_of(h.trakt->seen[i]);
    EXPECT_EQ(q["limit"], "2");
    EXPECT_EQ(q["type"], "episodes");
    EXPECT_EQ(h.header(i, "trakt-api-key"), "the-client-id");
  }
  EXPECT_EQ(progress, (std::vector<std::pair<int, int>>{{1, 3}, {2, 3}, {3, 3}}));
}

TEST(TraktApiPaging, StopsAtWant) {
  Harness h;
  serve_pages(h, 10, 2);
  auto r = h.run(h.api.get_paged("/sync/history", {}, 3, 2, nullptr));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(json::serialize(*r), "[1,2,3]");
  EXPECT_EQ(pages_asked(h), (std::vector<int>{1, 2}));
}

TEST(TraktApiPaging, NoPageCountMeansOnePage) {
  Harness h;
  serve_pages(h, 0, 5);
  auto r = h.run(h.api.get_paged("/sync/history", {}, 100, 5, nullptr));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->size(), 5u);
  EXPECT_EQ(pages_asked(h), std::vector<int>{1});
}

TEST(TraktApiPaging, ManyPagesAFewAtATimeInOrder) {
  auto policy = fast_policy();
  policy.parallel_pages = 3;
  Harness h(policy);
  serve_pages(h, 7, 1);
  auto r = h.run(h.api.get_paged("/sync/history", {}, 100, 1, nullptr));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(json::serialize(*r), "[1,2,3,4,5,6,7]");
  auto asked = pages_asked(h);
  EXPECT_EQ(asked.size(), 7u);
  EXPECT_EQ(std::set<int>(asked.begin(), asked.end()).size(), 7u);  // each page once
}

TEST(TraktApiPaging, PerPageIsClampedTo250) {
  Harness h;
  serve_pages(h, 1, 3);
  auto r = h.run(h.api.get_paged("/sync/history", {}, 1000, 1000, nullptr));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(json::serialize(*r), "[1,2,3]");
  ASSERT_GE(h.requests(), 1u);
  for (const auto& req : h.trakt->seen) EXPECT_EQ(query_of(req)["limit"], "250");
}

// get_history limit 1000: 4 pages of 250, all asked before page 1 answers.
TEST(TraktApiPaging, ThePagesWantNeedsGoOutTogetherWhenTheyFitInOneBatch) {
  Harness h;
  serve_pages(h, 9, 2);
  auto pages = h.trakt->respond;
  std::size_t asked_when_page_1_answered = 0;
  h.trakt->respond = [&, pages](const HttpRequest& req) -> Result<HttpResponse> {
    if (query_of(req)["page"] == "1") asked_when_page_1_answered = h.requests();
    return pages(req);
  };
  auto r = h.run(h.api.get_paged("/sync/history", {}, 8, 2, nullptr));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(json::serialize(*r), "[1,2,3,4,5,6,7,8]");
  EXPECT_EQ(asked_when_page_1_answered, 4u);
  EXPECT_EQ(pages_asked(h), (std::vector<int>{1, 2, 3, 4}));
}

TEST(TraktApiPaging, PagesPastTheCountAreDroppedEvenWhenTheyFail) {
  Harness h;
  serve_pages(h, 2, 2);
  auto pages = h.trakt->respond;
  h.trakt->respond = [pages](const HttpRequest& req) -> Result<HttpResponse> {
    if (query_of(req)["page"] == "4") return response(404, "{}");
    return pages(req);
  };
  std::vector<std::pair<int, int>> progress;
  auto r = h.run(h.api.get_paged("/sync/history", {}, 8, 2, [&](int done, int total) {
    progress.emplace_back(done, total);
  }));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(json::serialize(*r), "[1,2,3,4]");
  EXPECT_EQ(progress, (std::vector<std::pair<int, int>>{{1, 2}, {2, 2}}));
}

// on_page gets each page once parsed, with its number, while the others are
// still being fetched (page 1's handler runs before page 4 is answered).
TEST(TraktApiPaging, EachPageIsHandedOverAsSoonAsItIsParsed) {
  Harness h;
  serve_pages(h, 4, 2);
  auto pages = h.trakt->respond;
  std::vector<int> handled;
  std::vector<std::size_t> handled_when_page_answered;
  h.trakt->respond = [&, pages](const HttpRequest& req) -> Result<HttpResponse> {
    handled_when_page_answered.push_back(handled.size());
    return pages(req);
  };
  std::map<int, std::string> seen;
  auto r = h.run(h.api.get_paged("/sync/history", {}, 8, 2, nullptr, {}, [&](int page, const json::array& items) {
    handled.push_back(page);
    seen[page] = json::serialize(items);
  }));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(json::serialize(*r), "[1,2,3,4,5,6,7,8]");
  EXPECT_EQ(seen, (std::map<int, std::string>{{1, "[1,2]"}, {2, "[3,4]"}, {3, "[5,6]"}, {4, "[7,8]"}}));
  ASSERT_EQ(handled_when_page_answered.size(), 4u);
  EXPECT_GT(handled_when_page_answered.back(), 0u) << "no page was handed over before the last was answered";
}

// A whole list of unknown length (the watchlist) asks page 1 alone first,
// then every page it counts (SIZE_MAX once wrapped to "no pages at all").
TEST(TraktApiPaging, AnUnboundedWantAsksPageOneAloneThenAllPages) {
  Harness h;
  serve_pages(h, 3, 2);
  auto r = h.run(h.api.get_paged("/sync/watchlist", {}, std::numeric_limits<std::size_t>::max(), 2, nullptr));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(json::serialize(*r), "[1,2,3,4,5,6]");
  const auto asked = pages_asked(h);
  ASSERT_EQ(asked.size(), 3u);
  EXPECT_EQ(asked[0], 1);
}

TEST(TraktApiPaging, AFailedLaterPageIsTheFailure) {
  Harness h;
  serve_pages(h, 3, 2);
  auto pages = h.trakt->respond;
  h.trakt->respond = [pages](const HttpRequest& req) -> Result<HttpResponse> {
    if (query_of(req)["page"] == "3") return response(404, "{}");
    return pages(req);
  };
  auto r = h.run(h.api.get_paged("/sync/history", {}, 100, 2, nullptr));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, FailureKind::not_found);
  EXPECT_NE(r.error().message.find("HTTP 404"), std::string::npos) << r.error().message;
}

// --- refresh_tokens ----------------------------------------------------------------

TEST(TraktApiRefresh, PostsTheRefreshGrantAndReadsTheNewPair) {
  Harness h;
  h.trakt->answers = {response(200, json::serialize(json::value_from(pair("next"))))};
  auto r = h.run(h.api.refresh_tokens("refresh-old"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->access_token, "access-next");
  EXPECT_EQ(r->refresh_token, "refresh-next");
  ASSERT_EQ(h.requests(), 1u);
  const auto& req = h.trakt->seen[0];
  EXPECT_EQ(req.method(), http::verb::post);
  EXPECT_EQ(req.target(), "/oauth/token");
  EXPECT_EQ(h.header(0, "Content-Type"), "application/json");
  EXPECT_EQ(h.header(0, "trakt-api-version"), "2");
  EXPECT_EQ(h.header(0, "trakt-api-key"), "the-client-id");
  EXPECT_EQ(h.header(0, "User-Agent"), "trakt-mcp/test");
  EXPECT_EQ(h.header(0, "Authorization"), "");
  auto body = json::parse(req.body());
  EXPECT_EQ(body.at("grant_type"), "refresh_token");
  EXPECT_EQ(body.at("refresh_token"), "refresh-old");
  EXPECT_EQ(body.at("client_id"), "the-client-id");
  EXPECT_EQ(body.at("client_secret"), "the-client-secret");
  EXPECT_EQ(body.at("redirect_uri"), "urn:ietf:wg:oauth:2.0:oob");
}

TEST(TraktApiRefresh, RefusedRefreshTokenIsNotLoggedIn) {
  for (unsigned status : {400u, 401u}) {
    Harness h;
    h.trakt->answers = {response(status, R"({"error":"invalid_grant"})")};
    auto r = h.run(h.api.refresh_tokens("refresh-old"));
    ASSERT_FALSE(r) << status;
    EXPECT_EQ(r.error().kind, FailureKind::not_logged_in) << status;
    EXPECT_NE(r.error().message.find("HTTP " + std::to_string(status)), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("trakt-mcp login"), std::string::npos) << r.error().message;
    EXPECT_EQ(h.requests(), 1u);
  }
}

TEST(TraktApiRefresh, RefusedAppCredentialsAreAConfigurationErrorNotALostLogin) {
  Harness h;
  h.trakt->answers = {response(401, R"({"error":"invalid_client","error_description":"Client authentication failed"})")};
  auto r = h.run(h.api.refresh_tokens("refresh-old"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, FailureKind::config);
  EXPECT_NE(r.error().message.find("TRAKT_CLIENT_SECRET"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("unchanged"), std::string::npos) << r.error().message;
}

TEST(TraktApiRefresh, SendsTheAppsRedirectUri) {
  Harness h;
  trakt::ApiConfig hosted = config;
  hosted.redirect_uri = "https://trakt.example.com/callback";
  auto script = h.trakt;
  trakt::TraktApi api([script](HttpRequest req) { return fake_send(script, std::move(req)); }, "", hosted,
                      fast_policy());
  h.trakt->answers = {response(200, R"({"access_token":"a","refresh_token":"r","token_type":"bearer","expires_in":86400,"scope":"public","created_at":1})")};
  auto r = h.run(api.refresh_tokens("refresh-old"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(json::parse(h.trakt->seen[0].body()).at("redirect_uri"), "https://trakt.example.com/callback");
}

TEST(TraktApiRefresh, OtherFailuresKeepTheSavedLoginAndAreNotRetried) {
  Harness h;
  h.trakt->answers = {response(503), dropped(), response(200, "not json"), response(200, R"({"access_token":"a"})")};
  auto overloaded = h.run(h.api.refresh_tokens("r"));
  ASSERT_FALSE(overloaded);
  EXPECT_EQ(overloaded.error().kind, FailureKind::upstream);
  EXPECT_NE(overloaded.error().message.find("unchanged"), std::string::npos) << overloaded.error().message;
  auto network = h.run(h.api.refresh_tokens("r"));
  ASSERT_FALSE(network);
  EXPECT_EQ(network.error().kind, FailureKind::network);
  EXPECT_NE(network.error().message.find("Could not refresh"), std::string::npos) << network.error().message;
  auto garbled = h.run(h.api.refresh_tokens("r"));
  ASSERT_FALSE(garbled);
  EXPECT_EQ(garbled.error().kind, FailureKind::bad_response);
  auto partial = h.run(h.api.refresh_tokens("r"));
  ASSERT_FALSE(partial);
  EXPECT_EQ(partial.error().kind, FailureKind::bad_response);
  EXPECT_NE(partial.error().message.find("refresh_token"), std::string::npos) << partial.error().message;
  EXPECT_EQ(h.requests(), 4u);  // one each
}

}  // namespace
