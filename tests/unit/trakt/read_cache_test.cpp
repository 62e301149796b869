// The read cache: which paths are kept and on what they depend, the stamp
// from /sync/last_activities, the byte bound and least-recently-used order,
// the hour for public data; and TraktApi with the cache through a scripted
// sender: a repeated read costs one last_activities request, a moved activity
// re-reads, reads of one question share one check, a failed check is the
// answer, and forget() drops what a write touched. And a value remembered from
// a read (remember/remembered): served while the read's stamp holds, dropped
// when watched_at moves or a history write forgets the history.

#include "trakt/api.hpp"
#include "trakt/read_cache.hpp"
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

#include <string>
#include <vector>

namespace {

namespace net = boost::asio;
namespace json = boost::json;
using trakt::CacheRule;
using trakt::HttpRequest;
using trakt::HttpResponse;
using trakt::ReadCache;
using trakt::TraktApi;
using namespace trakt_test;

TEST(CacheRule, UserListsDependOnTheirActivities) {
  auto history = trakt::cache_rule("/sync/history/movies");
  ASSERT_TRUE(history);
  EXPECT_EQ(history->activities, (std::vector<std::string_view>{"/movies/watched_at", "/episodes/watched_at"}));
  EXPECT_EQ(history->max_age.count(), 0);
  auto watchlist = trakt::cache_rule("/sync/watchlist/shows/rank/asc");
  ASSERT_TRUE(watchlist);
  EXPECT_EQ(watchlist->activities.front(), "/watchlist/updated_at");
  auto progress = trakt::cache_rule("/shows/severance/progress/watched");
  ASSERT_TRUE(progress);
  EXPECT_FALSE(progress->activities.empty());
  EXPECT_EQ(progress->max_age, std::chrono::hours(1)) << "new episodes air without any activity of the user";
  ASSERT_TRUE(trakt::cache_rule("/calendars/my/shows/2026-12-01/7"));
  EXPECT_EQ(trakt::cache_rule("/calendars/my/shows/2026-12-01/7")->activities.front(), "/all");
}

TEST(CacheRule, PublicDataForAnHourAndTheRestNever) {
  for (const char* path : {"/search/movie,show", "/movies/heat-1995", "/shows/158384", "/shows/severance/related",
                           "/movies/heat-1995/people", "/people/adam-scott/movies", "/people/adam-scott/shows"}) {
    auto rule = trakt::cache_rule(path);
    ASSERT_TRUE(rule) << path;
    EXPECT_TRUE(rule->activities.empty()) << path;
    EXPECT_EQ(rule->max_age, std::chrono::hours(1)) << path;
  }
  for (const char* path : {"/sync/last_activities", "/users/settings", "/oauth/token", "/checkin", "/sync"})
    EXPECT_FALSE(trakt::cache_rule(path)) << path;
}

TEST(ActivityStamp, ChangesOnlyWithTheFieldsNamed) {
  auto a = json::parse(R"({"all":"A1","movies":{"watched_at":"M1"},"episodes":{"watched_at":"E1"},
                          "watchlist":{"updated_at":"W1"}})");
  const std::vector<std::string_view> watched{"/movies/watched_at", "/episodes/watched_at"};
  const auto before = trakt::activity_stamp(a, watched);
  a.at("watchlist").at("updated_at") = "W2";
  a.at("all") = "A2";
  EXPECT_EQ(trakt::activity_stamp(a, watched), before);
  a.at("episodes").at("watched_at") = "E2";
  EXPECT_NE(trakt::activity_stamp(a, watched), before);
}

TEST(ActivityStamp, AMissingFieldFallsBackToAll) {
  auto a = json::parse(R"({"all":"A1"})");
  const std::vector<std::string_view> rated{"/movies/rated_at"};
  const auto before = trakt::activity_stamp(a, rated);
  a.at("all") = "A2";
  EXPECT_NE(trakt::activity_stamp(a, rated), before);
  // Not even "all": any change of the document is a change.
  auto odd = json::parse(R"({"x":1})");
  const auto odd_before = trakt::activity_stamp(odd, rated);
  odd.at("x") = 2;
  EXPECT_NE(trakt::activity_stamp(odd, rated), odd_before);
}

HttpResponse body_of(std::size_t bytes) { return response(200, std::string(bytes, 'x')); }

TEST(ReadCache, StaysWithinItsBoundDroppingTheLeastRecentlyUsed) {
  ReadCache cache(64 * 1024);
  for (int i = 0; i < 40; ++i) {
    cache.store("/k" + std::to_string(i), "s", body_of(4000));
    EXPECT_LE(cache.bytes(), cache.max_bytes());
    // Keep /k0 in use: it must survive while others go.
    EXPECT_TRUE(cache.find("/k0", "s", {}));
  }
  EXPECT_TRUE(cache.find("/k0", "s", {}));
  EXPECT_TRUE(cache.find("/k39", "s", {}));
  EXPECT_FALSE(cache.find("/k1", "s", {}));
  EXPECT_LT(cache.size(), 40u);
}

TEST(ReadCache, KeepsNothingLargerThanAQuarterOfTheBound) {
  ReadCache cache(64 * 1024);
  cache.store("/small", "s", body_of(100));
  cache.store("/big", "s", body_of(20 * 1024));
  EXPECT_FALSE(cache.find("/big", "s", {}));
  EXPECT_TRUE(cache.find("/small", "s", {}));
}

TEST(ReadCache, AnotherStampOrTooOldIsAMissAndIsDropped) {
  auto now = std::chrono::steady_clock::time_point{};
  ReadCache cache(1 << 20, [&now] { return now; });
  cache.store("/a", "stamp-1", body_of(10));
  EXPECT_FALSE(cache.find("/a", "stamp-2", {}));
  EXPECT_FALSE(cache.find("/a", "stamp-1", {})) << "a miss on the stamp drops the entry";
  cache.store("/b", "", body_of(10));
  now += std::chrono::minutes(59);
  EXPECT_TRUE(cache.find("/b", "", std::chrono::hours(1)));
  now += std::chrono::minutes(2);
  EXPECT_FALSE(cache.find("/b", "", std::chrono::hours(1)));
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.bytes(), 0u);
}

TEST(ReadCache, ForgetDropsByPrefix) {
  ReadCache cache;
  cache.store("/sync/watchlist?page=1", "s", body_of(10));
  cache.store("/sync/watchlist/movies", "s", body_of(10));
  cache.store("/sync/history", "s", body_of(10));
  cache.forget("/sync/watchlist");
  EXPECT_FALSE(cache.find("/sync/watchlist?page=1", "s", {}));
  EXPECT_FALSE(cache.find("/sync/watchlist/movies", "s", {}));
  EXPECT_TRUE(cache.find("/sync/history", "s", {}));
  cache.forget("");
  EXPECT_EQ(cache.size(), 0u);
}

// TraktApi with a cache in front of a scripted Trakt whose last_activities
// the test moves.
struct CachedHarness {
  net::io_context io;
  std::shared_ptr<Script> trakt = std::make_shared<Script>();
  std::shared_ptr<StoreState> stored = std::make_shared<StoreState>();
  std::string episodes_watched_at = "2026-11-20T21:30:00.000Z";
  bool activities_fail = false;
  TraktApi api;
  std::unique_ptr<trakt::TokenManager> tokens;

  CachedHarness()
      : api([s = trakt](HttpRequest r) { return fake_send(s, std::move(r)); }, "",
            trakt::ApiConfig{"id", "secret", "trakt-mcp/test"}, fast_policy()) {
    stored->tokens = pair("old");
    tokens = std::make_unique<trakt::TokenManager>(
        io.get_executor(), std::make_shared<MemoryStore>(stored),
        [](std::string) -> net::awaitable<Result<trakt::Tokens>> { co_return pair("new"); }, [] { return t0; });
    api.use_tokens(*tokens);
    api.enable_cache();
    trakt->respond = [this](const HttpRequest& r) -> Result<HttpResponse> {
      const std::string target(r.target());
      if (target == "/sync/last_activities") {
        if (activities_fail) return response(503, "");
        return response(200, R"({"all":")" + episodes_watched_at + R"(","episodes":{"watched_at":")" +
                                 episodes_watched_at + R"("},"movies":{"watched_at":"2026-01-01T00:00:00.000Z"}})");
      }
      return response(200, R"([{"n":)" + std::to_string(trakt->seen.size()) + "}]");
    };
  }

  // One question: begin it, then read `path`; the first item's "n".
  std::int64_t ask(std::string path) {
    api.begin_question();
    std::optional<Result<trakt::Page>> out;
    trakt_test::run_coroutine(io, store(api.get(std::move(path), {}), &out));
    EXPECT_TRUE(out && *out) << (out && !*out ? out->error().message : "not finished");
    return (*out)->items.at(0).at("n").as_int64();
  }
  static net::awaitable<void> store(net::awaitable<Result<trakt::Page>> aw, std::optional<Result<trakt::Page>>* out) {
    *out = co_await std::move(aw);
  }
  // One question's lookup of the value remembered as "summary" for `path`?`query`.
  TraktApi::Recall recall(std::string path, trakt::Query query = {{"start_at", "2025-01-01"}}) {
    api.begin_question();
    std::optional<TraktApi::Recall> out;
    trakt_test::run_coroutine(io, keep(api.remembered(std::move(path), std::move(query), "summary"), &out));
    EXPECT_TRUE(out) << "not finished";
    return out.value_or(TraktApi::Recall{});
  }
  static net::awaitable<void> keep(net::awaitable<TraktApi::Recall> aw, std::optional<TraktApi::Recall>* out) {
    *out = co_await std::move(aw);
  }
  std::size_t count(const std::string& target) const {
    std::size_t n = 0;
    for (const auto& r : trakt->seen) n += std::string(r.target()) == target;
    return n;
  }
};

TEST(CachedApi, ARepeatedQuestionCostsOneLastActivitiesRequest) {
  CachedHarness h;
  const auto first = h.ask("/sync/history");
  EXPECT_EQ(h.trakt->seen.size(), 2u);  // last_activities, then the list
  const auto again = h.ask("/sync/history");
  EXPECT_EQ(again, first) << "the same answer, from memory";
  EXPECT_EQ(h.trakt->seen.size(), 3u);
  EXPECT_EQ(h.count("/sync/last_activities"), 2u);
  EXPECT_EQ(h.count("/sync/history"), 1u);
}

// A 200 whose body cannot be read (a proxy's truncated or garbled page) is
// never served from memory: the next question reaches Trakt and succeeds.
TEST(CachedApi, AnAnswerThatCannotBeReadIsNotKept) {
  CachedHarness h;
  auto good = h.trakt->respond;
  bool garble = true;
  h.trakt->respond = [&](const HttpRequest& r) -> Result<HttpResponse> {
    if (std::string(r.target()) == "/sync/history" && garble) {
      garble = false;
      return response(200, "<html><body>502 Bad Gateway</body>");
    }
    return good(r);
  };
  h.api.begin_question();
  std::optional<Result<trakt::Page>> out;
  trakt_test::run_coroutine(h.io, CachedHarness::store(h.api.get("/sync/history", {}), &out));
  ASSERT_TRUE(out && !*out);
  EXPECT_NE(out->error().message.find("not JSON"), std::string::npos) << out->error().message;
  EXPECT_EQ(h.api.cache()->size(), 0u);

  h.ask("/sync/history");
  EXPECT_EQ(h.count("/sync/history"), 2u) << "asked Trakt again";
  EXPECT_EQ(h.api.cache()->size(), 1u);

  // And a tool that cannot map an answer distrusts it the same way.
  h.api.distrust("/sync/history", {});
  EXPECT_EQ(h.api.cache()->size(), 0u);
}

TEST(CachedApi, AMovedActivityIsSeenAtOnce) {
  CachedHarness h;
  const auto first = h.ask("/sync/history");
  h.episodes_watched_at = "2026-11-30T10:00:00.000Z";  // watched elsewhere
  const auto after = h.ask("/sync/history");
  EXPECT_NE(after, first);
  EXPECT_EQ(h.count("/sync/history"), 2u);
}

TEST(CachedApi, ReadsOfOneQuestionShareOneCheck) {
  CachedHarness h;
  h.api.begin_question();
  auto both = [&]() -> net::awaitable<void> {
    auto ex = co_await net::this_coro::executor;
    auto group = net::experimental::make_parallel_group(
        net::co_spawn(ex, h.api.get("/sync/history", {}), net::deferred),
        net::co_spawn(ex, h.api.get("/sync/watched/shows", {}), net::deferred));
    auto [order, e1, r1, e2, r2] = co_await group.async_wait(net::experimental::wait_for_all(), net::use_awaitable);
    EXPECT_TRUE(r1 && r2);
  };
  trakt_test::run_coroutine(h.io, both());
  EXPECT_EQ(h.count("/sync/last_activities"), 1u) << "two concurrent reads, one check";
  EXPECT_EQ(h.trakt->seen.size(), 3u);
}

TEST(CachedApi, QuestionsAskedWhileACheckIsInFlightShareIt) {
  CachedHarness h;
  auto ask = [&](std::string path) -> net::awaitable<Result<trakt::Page>> {
    h.api.begin_question();  // as a tool call does, before its first read
    trakt::Query none;
    co_return co_await h.api.get(std::move(path), std::move(none));
  };
  auto burst = [&]() -> net::awaitable<void> {
    auto ex = co_await net::this_coro::executor;
    auto [order, e1, r1, e2, r2, e3, r3] =
        co_await net::experimental::make_parallel_group(net::co_spawn(ex, ask("/sync/history"), net::deferred),
                                                        net::co_spawn(ex, ask("/sync/history"), net::deferred),
                                                        net::co_spawn(ex, ask("/sync/watched/shows"), net::deferred))
            .async_wait(net::experimental::wait_for_all(), net::use_awaitable);
    EXPECT_TRUE(r1 && r2 && r3);
  };
  trakt_test::run_coroutine(h.io, burst());
  EXPECT_EQ(h.count("/sync/last_activities"), 1u) << "three concurrent questions, one check, not a chain of three";
  // A question that begins after that answer arrived checks again.
  h.ask("/sync/history");
  EXPECT_EQ(h.count("/sync/last_activities"), 2u);
}

TEST(CachedApi, AFailedCheckIsTheAnswerAndIsNotDoubled) {
  CachedHarness h;
  h.ask("/sync/history");
  h.activities_fail = true;
  h.api.begin_question();
  std::optional<Result<trakt::Page>> out;
  trakt_test::run_coroutine(h.io, CachedHarness::store(h.api.get("/sync/history", {}), &out));
  ASSERT_TRUE(out && !*out);
  EXPECT_NE(out->error().message.find("HTTP 503"), std::string::npos) << out->error().message;
  EXPECT_EQ(h.count("/sync/history"), 1u) << "a Trakt in trouble is not asked twice";
  EXPECT_EQ(h.count("/sync/last_activities"), 1u + fast_policy().max_attempts);
}

TEST(CachedApi, ForgetDropsWhatAWriteTouched) {
  CachedHarness h;
  h.ask("/sync/watchlist");
  h.ask("/sync/history");
  h.api.forget("/sync/watchlist");
  h.ask("/sync/watchlist");
  h.ask("/sync/history");
  EXPECT_EQ(h.count("/sync/watchlist"), 2u);
  EXPECT_EQ(h.count("/sync/history"), 1u);
}

TEST(Remembered, ServedWhileTheStampHoldsWithoutAnyRead) {
  CachedHarness h;
  auto first = h.recall("/sync/history");
  EXPECT_FALSE(first.value);
  ASSERT_TRUE(first.stamp);
  h.api.remember(first, json::parse(R"({"plays":3000})"));
  for (int i = 0; i < 2; ++i) {
    auto again = h.recall("/sync/history");
    ASSERT_TRUE(again.value);
    EXPECT_EQ(json::serialize(*again.value), R"({"plays":3000})");
  }
  EXPECT_EQ(h.count("/sync/last_activities"), 3u) << "one check per question";
  EXPECT_EQ(h.trakt->seen.size(), 3u) << "and nothing else";
  // Its own key: not the answer to the GET it summarises, nor to another window.
  EXPECT_FALSE(h.recall("/sync/history", {{"start_at", "2026-01-01"}}).value);
  h.api.begin_question();
  std::optional<Result<trakt::Page>> page;
  trakt_test::run_coroutine(h.io, CachedHarness::store(h.api.get("/sync/history", {{"start_at", "2025-01-01"}}), &page));
  ASSERT_TRUE(page && *page);
  EXPECT_TRUE((*page)->items.at(0).as_object().contains("n")) << "the page, not the summary";
  EXPECT_EQ(h.count("/sync/history?start_at=2025-01-01"), 1u);
  h.api.distrust("/sync/history", {{"start_at", "2025-01-01"}});
  EXPECT_TRUE(h.recall("/sync/history").value) << "distrusting the page leaves the summary";
}

TEST(Remembered, DroppedWhenWatchedAtMoves) {
  CachedHarness h;
  h.api.remember(h.recall("/sync/history"), json::value(7));
  h.episodes_watched_at = "2026-11-30T10:00:00.000Z";  // watched elsewhere
  auto moved = h.recall("/sync/history");
  EXPECT_FALSE(moved.value);
  h.api.remember(moved, json::value(8));
  auto kept = h.recall("/sync/history");
  ASSERT_TRUE(kept.value);
  EXPECT_EQ(kept.value->as_int64(), 8);
}

// A value computed from reads checked against one stamp is kept under that
// stamp, even when a later question has meanwhile seen watched_at move.
TEST(Remembered, KeptUnderTheStampItsLookupSaw) {
  CachedHarness h;
  auto before = h.recall("/sync/history");
  h.episodes_watched_at = "2026-11-30T10:00:00.000Z";
  EXPECT_FALSE(h.recall("/sync/history").value);  // a newer question: the new stamp
  h.api.remember(before, json::value(7));         // the older question's value
  EXPECT_FALSE(h.recall("/sync/history").value);
}

TEST(Remembered, DroppedByAHistoryWriteButNotByOthers) {
  CachedHarness h;
  h.api.remember(h.recall("/sync/history"), json::value(7));
  h.api.forget("/sync/watchlist");
  EXPECT_TRUE(h.recall("/sync/history").value);
  // A play added: the write forgets what it touches (reads_touched_by);
  // last_activities here stands still, so only forget() can drop it.
  std::optional<Result<json::value>> wrote;
  auto write = [&]() -> net::awaitable<void> {
    wrote = co_await h.api.write(boost::beast::http::verb::post, "/sync/history", json::parse(R"({"movies":[]})"),
                                 false);
  };
  trakt_test::run_coroutine(h.io, write());
  ASSERT_TRUE(wrote && *wrote);
  EXPECT_FALSE(h.recall("/sync/history").value);
}

TEST(Remembered, NothingWithoutACacheOrACheck) {
  CachedHarness h;
  h.activities_fail = true;
  auto failed = h.recall("/sync/history");
  EXPECT_FALSE(failed.value);
  EXPECT_FALSE(failed.stamp) << "a failed check keeps nothing";
  h.api.remember(failed, json::value(7));
  EXPECT_EQ(h.api.cache()->size(), 0u);
  EXPECT_FALSE(h.recall("/users/settings").stamp) << "a path without a rule";
}

TEST(CachedApi, PublicDataNeedsNoCheck) {
  CachedHarness h;
  h.ask("/movies/heat-1995");
  h.ask("/movies/heat-1995");
  EXPECT_EQ(h.count("/movies/heat-1995"), 1u);
  EXPECT_EQ(h.count("/sync/last_activities"), 0u);
}

TEST(CachedApi, UncachedPathsAlwaysGoToTrakt) {
  CachedHarness h;
  h.ask("/users/settings_list");
  h.ask("/users/settings_list");
  EXPECT_EQ(h.trakt->seen.size(), 2u);
}

}  // namespace
