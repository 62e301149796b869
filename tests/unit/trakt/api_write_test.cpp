// TraktApi::write through a scripted sender: the Trakt headers, the login
// and the JSON body; one write a second, queued in arrival order; 401 and 429
// retried (Trakt did not apply them); a dropped connection or a 502/503/504
// retried only for an idempotent write, otherwise reported as "may or may not
// have been applied" after exactly one request; an empty 204 answer; and the
// cached reads a write touches dropped.

#include "trakt/api.hpp"
#include "trakt/scripted_trakt.hpp"
#include "trakt/test_support.hpp"
#include "trakt/token_manager.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace {

namespace net = boost::asio;
namespace json = boost::json;
using trakt::TraktApi;
using namespace trakt_test;

struct WriteHarness {
  net::io_context io;
  std::shared_ptr<Script> trakt = std::make_shared<Script>();
  std::shared_ptr<StoreState> stored = std::make_shared<StoreState>();
  int refreshes = 0;
  std::vector<std::chrono::steady_clock::time_point> sent_at;
  TraktApi api;
  std::unique_ptr<trakt::TokenManager> tokens;

  explicit WriteHarness(trakt::RequestPolicy policy = fast_policy())
      : api([this](HttpRequest r) {
              sent_at.push_back(std::chrono::steady_clock::now());
              return fake_send(trakt, std::move(r));
            },
            "", trakt::ApiConfig{"the-client-id", "secret", "trakt-mcp/test"}, policy) {
    stored->tokens = pair("old");
    tokens = std::make_unique<trakt::TokenManager>(
        io.get_executor(), std::make_shared<MemoryStore>(stored),
        [this](std::string) -> net::awaitable<Result<trakt::Tokens>> {
          ++refreshes;
          co_return pair("new");
        },
        [] { return t0; });
    api.use_tokens(*tokens);
  }

  Result<json::value> write(std::string path, json::value body, bool idempotent,
                            http::verb verb = http::verb::post) {
    std::optional<Result<json::value>> out;
    trakt_test::run_coroutine(io, store(api.write(verb, std::move(path), std::move(body), idempotent), &out));
    if (!out) throw std::runtime_error("the coroutine did not finish");
    return std::move(*out);
  }
  static net::awaitable<void> store(net::awaitable<Result<json::value>> aw, std::optional<Result<json::value>>* out) {
    *out = co_await std::move(aw);
  }
};

const json::value watchlist_body = json::parse(R"({"movies":[{"ids":{"trakt":1234}}]})");

TEST(TraktApiWrite, PostsTheBodyWithTheTraktHeadersAndTheLogin) {
  WriteHarness h;
  h.trakt->answers = {response(201, R"({"added":{"movies":1}})")};
  auto r = h.write("/sync/watchlist", watchlist_body, true);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->at("added").at("movies").as_int64(), 1);
  ASSERT_EQ(h.trakt->seen.size(), 1u);
  const auto& req = h.trakt->seen[0];
  EXPECT_EQ(req.method(), http::verb::post);
  EXPECT_EQ(req.target(), "/sync/watchlist");
  EXPECT_EQ(req[http::field::authorization], "Bearer access-old");
  EXPECT_EQ(req["trakt-api-key"], "the-client-id");
  EXPECT_EQ(req["trakt-api-version"], "2");
  EXPECT_EQ(req[http::field::content_type], "application/json");
  EXPECT_EQ(json::parse(req.body()), watchlist_body);
}

TEST(TraktApiWrite, AnEmptyAnswerIsNull) {
  WriteHarness h;
  h.trakt->answers = {response(204, "")};
  auto r = h.write("/checkin", nullptr, true, http::verb::delete_);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->is_null());
  EXPECT_EQ(h.trakt->seen[0].method(), http::verb::delete_);
  EXPECT_TRUE(h.trakt->seen[0].body().empty());
}

TEST(TraktApiWrite, WritesQueueOneIntervalApartInArrivalOrder) {
  auto policy = fast_policy();
  policy.write_interval = std::chrono::milliseconds(30);
  WriteHarness h(policy);
  h.trakt->respond = [](const HttpRequest&) -> Result<HttpResponse> { return response(201, "{}"); };
  auto three = [&]() -> net::awaitable<void> {
    auto ex = co_await net::this_coro::executor;
    auto one = [&](int n) { return h.api.write(http::verb::post, "/sync/history/" + std::to_string(n), nullptr, false); };
    auto [order, e1, r1, e2, r2, e3, r3] =
        co_await net::experimental::make_parallel_group(net::co_spawn(ex, one(1), net::deferred),
                                                        net::co_spawn(ex, one(2), net::deferred),
                                                        net::co_spawn(ex, one(3), net::deferred))
            .async_wait(net::experimental::wait_for_all(), net::use_awaitable);
    EXPECT_TRUE(r1 && r2 && r3);
  };
  trakt_test::run_coroutine(h.io, three());
  ASSERT_EQ(h.sent_at.size(), 3u);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(h.trakt->seen[i].target(), "/sync/history/" + std::to_string(i + 1));
  // A lower bound only: a queue never lets two writes start closer than the
  // interval (less the few microseconds between the queue's clock and the sender's).
  const auto at_least = policy.write_interval - std::chrono::milliseconds(3);
  EXPECT_GE(h.sent_at[1] - h.sent_at[0], at_least);
  EXPECT_GE(h.sent_at[2] - h.sent_at[1], at_least);
}

TEST(TraktApiWrite, RetriesArePacedTooAndNoOtherWriteSlipsBetween) {
  auto policy = fast_policy();
  policy.write_interval = std::chrono::milliseconds(30);
  WriteHarness h(policy);
  // The first write's answer is lost (it is safe to repeat), then everything succeeds.
  h.trakt->answers = {dropped(), response(201, "{}"), response(201, "{}")};
  auto two = [&]() -> net::awaitable<void> {
    auto ex = co_await net::this_coro::executor;
    auto one = [&](std::string path) { return h.api.write(http::verb::post, std::move(path), nullptr, true); };
    auto [order, e1, r1, e2, r2] =
        co_await net::experimental::make_parallel_group(net::co_spawn(ex, one("/sync/watchlist"), net::deferred),
                                                        net::co_spawn(ex, one("/sync/ratings"), net::deferred))
            .async_wait(net::experimental::wait_for_all(), net::use_awaitable);
    EXPECT_TRUE(r1 && r2);
  };
  trakt_test::run_coroutine(h.io, two());
  ASSERT_EQ(h.sent_at.size(), 3u);
  EXPECT_EQ(h.trakt->seen[0].target(), "/sync/watchlist");
  EXPECT_EQ(h.trakt->seen[1].target(), "/sync/watchlist") << "the retry goes before the next write";
  EXPECT_EQ(h.trakt->seen[2].target(), "/sync/ratings");
  const auto at_least = policy.write_interval - std::chrono::milliseconds(3);
  EXPECT_GE(h.sent_at[1] - h.sent_at[0], at_least);
  EXPECT_GE(h.sent_at[2] - h.sent_at[1], at_least);
}

TEST(TraktApiWrite, ADroppedAnswerOfAWriteThatIsNotSafeToRepeatIsNotRepeated) {
  WriteHarness h;
  h.trakt->answers = {dropped(), response(201, "{}")};
  auto r = h.write("/sync/history", watchlist_body, false);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, trakt::FailureKind::maybe_applied);
  EXPECT_NE(r.error().message.find("may or may not"), std::string::npos) << r.error().message;
  EXPECT_EQ(h.trakt->seen.size(), 1u) << "a play added twice is a play too many";
  h.trakt->answers.clear();
}

TEST(TraktApiWrite, ADroppedAnswerOfAnIdempotentWriteIsRetried) {
  WriteHarness h;
  h.trakt->answers = {dropped(), response(201, R"({"added":{"movies":1}})")};
  auto r = h.write("/sync/watchlist", watchlist_body, true);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(h.trakt->seen.size(), 2u);
}

TEST(TraktApiWrite, OverloadedIsRetriedOnlyWhenIdempotent) {
  WriteHarness once;
  once.trakt->answers = {response(503, "")};
  auto r = once.write("/checkin", watchlist_body, false);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, trakt::FailureKind::maybe_applied);
  EXPECT_NE(r.error().message.find("HTTP 503"), std::string::npos);
  EXPECT_EQ(once.trakt->seen.size(), 1u);

  WriteHarness again;
  again.trakt->answers = {response(502, ""), response(201, "{}")};
  EXPECT_TRUE(again.write("/sync/ratings", watchlist_body, true));
  EXPECT_EQ(again.trakt->seen.size(), 2u);
}

TEST(TraktApiWrite, UnauthorizedAndRateLimitedAreRetriedEvenWhenNotIdempotent) {
  WriteHarness h;
  h.trakt->answers = {response(401, "{}"), response(429, "{}", {{"Retry-After", "0"}}), response(201, "{}")};
  auto r = h.write("/sync/history", watchlist_body, false);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(h.refreshes, 1);
  ASSERT_EQ(h.trakt->seen.size(), 3u);
  EXPECT_EQ(h.trakt->seen[2][http::field::authorization], "Bearer access-new");
}

TEST(TraktApiWrite, OtherStatusesAreTheAnswerWithAdvice) {
  WriteHarness h;
  h.trakt->answers = {response(420, "{}", {{"X-Account-Limit", "100"}})};
  auto r = h.write("/sync/watchlist", watchlist_body, true);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("limit 100"), std::string::npos) << r.error().message;
  EXPECT_EQ(h.trakt->seen.size(), 1u);
}

TEST(TraktApiWrite, AConflictingCheckInSaysUntilWhen) {
  WriteHarness h;
  h.trakt->answers = {response(409, R"({"watched_at":"2026-12-01T20:00:00.000Z","expires_at":"2026-12-01T21:58:00.000Z"})")};
  auto r = h.write("/checkin", watchlist_body, false);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "Trakt says you are already checked in to something until 2026-12-01T21:58:00.000Z (HTTP 409). Cancel that "
            "check-in first (cancel_checkin), or wait until it ends.");
  EXPECT_EQ(h.trakt->seen.size(), 1u) << "a conflict is not retried";
}

TEST(TraktApiWrite, ASuccessfulWriteDropsTheCachedReadsItTouches) {
  WriteHarness h;
  h.api.enable_cache();
  int lists = 0;
  h.trakt->respond = [&](const HttpRequest& r) -> Result<HttpResponse> {
    const std::string target(r.target());
    if (target == "/sync/last_activities") return response(200, R"({"all":"A"})");
    if (r.method() == http::verb::post) return response(201, "{}");
    ++lists;
    return response(200, "[]");
  };
  auto read = [&](std::string path) {
    h.api.begin_question();
    std::optional<Result<trakt::Page>> out;
    trakt_test::run_coroutine(h.io, [](TraktApi* api, std::string p, std::optional<Result<trakt::Page>>* o)
                                        -> net::awaitable<void> {
      trakt::Query none;
      *o = co_await api->get(std::move(p), std::move(none));
    }(&h.api, std::move(path), &out));
    return out && *out;
  };
  EXPECT_TRUE(read("/sync/watchlist"));
  EXPECT_TRUE(read("/sync/history"));
  EXPECT_TRUE(read("/sync/watchlist"));
  EXPECT_EQ(lists, 2);
  EXPECT_TRUE(h.write("/sync/watchlist/remove", watchlist_body, true));
  EXPECT_TRUE(read("/sync/watchlist"));
  EXPECT_TRUE(read("/sync/history"));
  EXPECT_EQ(lists, 3) << "the watchlist read again, the history still from memory";
}

}  // namespace
