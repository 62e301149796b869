// TokenManager on an io_context with a fake clock and a fake refresher: no
// network. Refresh before expiry (margin), once after a 401, one refresh for
// many waiters, the new pair saved before anyone uses it.

#include "trakt/test_support.hpp"
#include "trakt/token_manager.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>

#include <chrono>
#include <memory>
#include <vector>

namespace {

namespace net = boost::asio;
namespace fs = std::filesystem;
using trakt::Failure;
using trakt::FailureKind;
using trakt::Result;
using trakt::TokenFile;
using trakt::TokenManager;
using trakt::Tokens;
using trakt_test::TempDir;

constexpr std::int64_t t0 = 1'800'000'000;  // the fake "now" the tests start from
constexpr std::int64_t week = 7 * 86400;

Tokens pair(std::string n, std::int64_t created_at) {
  Tokens t;
  t.access_token = "access-" + n;
  t.refresh_token = "refresh-" + n;
  t.created_at = created_at;
  t.expires_in = week;
  return t;
}

// What the fake refresher saw and will answer.
struct FakeTrakt {
  int calls = 0;
  std::vector<std::string> refresh_tokens_seen;
  Result<Tokens> answer = pair("new", t0);
  std::chrono::milliseconds delay{0};
  // Like a real exchange, the fake suspends at least once, unless told to
  // answer at once (see the test below).
  bool synchronous = false;
  // The token file as it was on disk when each refresh started.
  std::vector<std::string> file_at_start;
  fs::path file;
};

net::awaitable<Result<Tokens>> fake_refresh(std::shared_ptr<FakeTrakt> s, std::string refresh_token) {
  ++s->calls;
  s->refresh_tokens_seen.push_back(refresh_token);
  s->file_at_start.push_back(trakt_test::read_text(s->file));
  if (!s->synchronous) co_await net::post(co_await net::this_coro::executor, net::use_awaitable);
  if (s->delay.count() > 0) {
    // Wait so that the other callers pile up behind this refresh.
    net::steady_timer t(co_await net::this_coro::executor, s->delay);
    co_await t.async_wait(net::as_tuple(net::use_awaitable));
  }
  co_return s->answer;
}

struct Harness {
  TempDir dir;
  fs::path path = dir / "tokens.json";
  std::shared_ptr<FakeTrakt> trakt = std::make_shared<FakeTrakt>();
  std::shared_ptr<std::int64_t> now = std::make_shared<std::int64_t>(t0);
  net::io_context io;
  std::unique_ptr<TokenManager> manager;

  Harness() {
    trakt->file = path;
    auto s = trakt;
    auto n = now;
    manager = std::make_unique<TokenManager>(
        io.get_executor(), TokenFile(path), [s](std::string rt) { return fake_refresh(s, std::move(rt)); },
        [n] { return *n; });
  }

  void save(const Tokens& t) { ASSERT_TRUE(TokenFile(path).save(t)); }

  std::optional<Tokens> on_disk() {
    auto r = TokenFile(path).load();
    if (!r) return std::nullopt;
    return *r ? std::optional<Tokens>(**r) : std::nullopt;
  }
};

// One call's outcome, and the token file as it was when the call returned.
struct Outcome {
  std::optional<Result<std::string>> result;
  std::string file_when_returned;
};

net::awaitable<void> get_token(TokenManager* m, fs::path file, Outcome* out) {
  auto r = co_await m->access_token();
  out->file_when_returned = trakt_test::read_text(file);
  out->result = std::move(r);
}

net::awaitable<void> get_after_401(TokenManager* m, std::string rejected, fs::path file, Outcome* out) {
  auto r = co_await m->after_unauthorized(std::move(rejected));
  out->file_when_returned = trakt_test::read_text(file);
  out->result = std::move(r);
}

net::awaitable<void> get_tokens_concurrently(TokenManager* m, fs::path file, std::vector<Outcome>* outs) {
  auto ex = co_await net::this_coro::executor;
  for (auto& o : *outs)
    net::co_spawn(ex, get_token(m, file, &o), [](std::exception_ptr e) {
      if (e) std::rethrow_exception(e);
    });
}

net::awaitable<void> get_after_401_concurrently(TokenManager* m, std::string rejected, fs::path file,
                                                std::vector<Outcome>* outs) {
  auto ex = co_await net::this_coro::executor;
  for (auto& o : *outs)
    net::co_spawn(ex, get_after_401(m, rejected, file, &o), [](std::exception_ptr e) {
      if (e) std::rethrow_exception(e);
    });
}

Outcome access_token(Harness& h) {
  Outcome o;
  trakt_test::run_coroutine(h.io, get_token(h.manager.get(), h.path, &o));
  return o;
}

Outcome after_unauthorized(Harness& h, std::string rejected) {
  Outcome o;
  trakt_test::run_coroutine(h.io, get_after_401(h.manager.get(), std::move(rejected), h.path, &o));
  return o;
}

std::string value_or_failure(const Outcome& o) {
  if (!o.result) return "<no result>";
  return *o.result ? **o.result : "failure: " + o.result->error().message;
}

TEST(TokenManager, FreshTokenNeedsNoRefresh) {
  Harness h;
  h.save(pair("old", t0));
  *h.now = t0 + week - TokenManager::default_margin_s - 1;  // just outside the margin
  auto o = access_token(h);
  EXPECT_EQ(value_or_failure(o), "access-old");
  EXPECT_EQ(h.trakt->calls, 0);
  EXPECT_EQ(h.manager->refreshes(), 0u);
}

TEST(TokenManager, TokenWithinTheMarginIsRefreshedOnceAndSavedBeforeUse) {
  Harness h;
  h.save(pair("old", t0));
  *h.now = t0 + week - TokenManager::default_margin_s + 1;  // inside the margin, not yet expired
  h.trakt->answer = pair("new", *h.now);
  auto o = access_token(h);
  EXPECT_EQ(value_or_failure(o), "access-new");
  EXPECT_EQ(h.trakt->calls, 1);
  ASSERT_EQ(h.trakt->refresh_tokens_seen.size(), 1u);
  EXPECT_EQ(h.trakt->refresh_tokens_seen[0], "refresh-old");
  // When access_token() handed out the new token, the new pair was on disk.
  EXPECT_NE(o.file_when_returned.find("refresh-new"), std::string::npos) << o.file_when_returned;
  auto disk = h.on_disk();
  ASSERT_TRUE(disk);
  EXPECT_EQ(disk->refresh_token, "refresh-new");
  EXPECT_EQ(disk->access_token, "access-new");

  // The next call uses the new token without another refresh.
  auto again = access_token(h);
  EXPECT_EQ(value_or_failure(again), "access-new");
  EXPECT_EQ(h.trakt->calls, 1);
}

TEST(TokenManager, ExpiredTokenIsRefreshedOnce) {
  Harness h;
  h.save(pair("old", t0 - 2 * week));  // expired a week ago
  auto o = access_token(h);
  EXPECT_EQ(value_or_failure(o), "access-new");
  EXPECT_EQ(h.trakt->calls, 1);
  EXPECT_EQ(h.manager->refreshes(), 1u);
  EXPECT_NE(o.file_when_returned.find("access-new"), std::string::npos);
}

TEST(TokenManager, CustomMarginIsHonoured) {
  Harness h;
  h.save(pair("old", t0));
  auto s = h.trakt;
  auto n = h.now;
  TokenManager m(
      h.io.get_executor(), TokenFile(h.path), [s](std::string rt) { return fake_refresh(s, std::move(rt)); },
      [n] { return *n; }, 3600);
  *h.now = t0 + week - 1800;  // outside the default margin, inside an hour
  Outcome o;
  trakt_test::run_coroutine(h.io, get_token(&m, h.path, &o));
  EXPECT_EQ(value_or_failure(o), "access-new");
  EXPECT_EQ(h.trakt->calls, 1);
}

TEST(TokenManager, EightConcurrentCallsOnAnExpiredTokenShareOneRefresh) {
  Harness h;
  h.save(pair("old", t0 - 2 * week));
  h.trakt->delay = std::chrono::milliseconds(30);
  std::vector<Outcome> outs(8);
  trakt_test::run_coroutine(h.io, get_tokens_concurrently(h.manager.get(), h.path, &outs));
  EXPECT_EQ(h.trakt->calls, 1);
  EXPECT_EQ(h.manager->refreshes(), 1u);
  for (std::size_t i = 0; i < outs.size(); ++i) {
    EXPECT_EQ(value_or_failure(outs[i]), "access-new") << "call " << i;
    EXPECT_NE(outs[i].file_when_returned.find("refresh-new"), std::string::npos) << "call " << i;
  }
}

TEST(TokenManager, AfterUnauthorizedRefreshesOnce) {
  Harness h;
  h.save(pair("old", t0));  // looks fresh, but Trakt said 401
  auto o = after_unauthorized(h, "access-old");
  EXPECT_EQ(value_or_failure(o), "access-new");
  EXPECT_EQ(h.trakt->calls, 1);
  EXPECT_NE(o.file_when_returned.find("refresh-new"), std::string::npos);

  // A second 401 on the old token (a call that was in flight) does not refresh again.
  auto late = after_unauthorized(h, "access-old");
  EXPECT_EQ(value_or_failure(late), "access-new");
  EXPECT_EQ(h.trakt->calls, 1);
}

TEST(TokenManager, ConcurrentUnauthorizedCallsShareOneRefresh) {
  Harness h;
  h.save(pair("old", t0));
  h.trakt->delay = std::chrono::milliseconds(30);
  std::vector<Outcome> outs(6);
  trakt_test::run_coroutine(h.io, get_after_401_concurrently(h.manager.get(), "access-old", h.path, &outs));
  EXPECT_EQ(h.trakt->calls, 1);
  for (std::size_t i = 0; i < outs.size(); ++i) EXPECT_EQ(value_or_failure(outs[i]), "access-new") << "call " << i;
}

TEST(TokenManager, AfterUnauthorizedWithAStaleTokenReturnsTheCurrentOne) {
  Harness h;
  h.save(pair("current", t0));
  auto o = after_unauthorized(h, "access-some-older-token");
  EXPECT_EQ(value_or_failure(o), "access-current");
  EXPECT_EQ(h.trakt->calls, 0);
}

TEST(TokenManager, DeadRefreshTokenFailsAllWaitersAndLeavesTheFile) {
  Harness h;
  h.save(pair("old", t0 - 2 * week));
  const std::string before = trakt_test::read_text(h.path);
  h.trakt->answer = Failure{FailureKind::not_logged_in, "Trakt refused the refresh token. Run `trakt-mcp login`."};
  h.trakt->delay = std::chrono::milliseconds(20);
  std::vector<Outcome> outs(8);
  trakt_test::run_coroutine(h.io, get_tokens_concurrently(h.manager.get(), h.path, &outs));
  EXPECT_EQ(h.trakt->calls, 1);
  for (std::size_t i = 0; i < outs.size(); ++i) {
    ASSERT_TRUE(outs[i].result) << "call " << i;
    ASSERT_FALSE(*outs[i].result) << "call " << i << " got " << **outs[i].result;
    EXPECT_EQ(outs[i].result->error().kind, FailureKind::not_logged_in);
    EXPECT_NE(outs[i].result->error().message.find("trakt-mcp login"), std::string::npos);
  }
  EXPECT_EQ(trakt_test::read_text(h.path), before);
}

TEST(TokenManager, TransientRefreshFailureKeepsTheOldPairAndTriesAgainLater) {
  Harness h;
  h.save(pair("old", t0 - 2 * week));
  const std::string before = trakt_test::read_text(h.path);
  h.trakt->answer = Failure{FailureKind::network, "Could not reach Trakt."};
  auto o = access_token(h);
  ASSERT_TRUE(o.result);
  ASSERT_FALSE(*o.result);
  EXPECT_EQ(o.result->error().kind, FailureKind::network);
  EXPECT_EQ(trakt_test::read_text(h.path), before);
  auto disk = h.on_disk();
  ASSERT_TRUE(disk);
  EXPECT_EQ(disk->refresh_token, "refresh-old");

  // Trakt is back: the next call refreshes with the same (still valid) refresh token.
  h.trakt->answer = pair("new", t0);
  auto again = access_token(h);
  EXPECT_EQ(value_or_failure(again), "access-new");
  EXPECT_EQ(h.trakt->calls, 2);
  ASSERT_EQ(h.trakt->refresh_tokens_seen.size(), 2u);
  EXPECT_EQ(h.trakt->refresh_tokens_seen[1], "refresh-old");
}

TEST(TokenManager, NoFileMeansNotLoggedIn) {
  Harness h;
  auto o = access_token(h);
  ASSERT_TRUE(o.result);
  ASSERT_FALSE(*o.result);
  EXPECT_EQ(o.result->error().kind, FailureKind::not_logged_in);
  EXPECT_NE(o.result->error().message.find("trakt-mcp login"), std::string::npos) << o.result->error().message;
  EXPECT_EQ(h.trakt->calls, 0);

  auto o401 = after_unauthorized(h, "anything");
  ASSERT_TRUE(o401.result);
  ASSERT_FALSE(*o401.result);
  EXPECT_EQ(o401.result->error().kind, FailureKind::not_logged_in);
}

TEST(TokenManager, CorruptFileIsAFailureNotACrash) {
  Harness h;
  trakt_test::write_text(h.path, "{not json");
  auto o = access_token(h);
  ASSERT_TRUE(o.result);
  ASSERT_FALSE(*o.result);
  EXPECT_NE(o.result->error().message.find("trakt-mcp login"), std::string::npos);
  EXPECT_EQ(h.trakt->calls, 0);
}

TEST(TokenManager, LoginAfterStartIsPickedUp) {
  Harness h;
  auto before = access_token(h);
  ASSERT_TRUE(before.result && !*before.result);
  h.save(pair("login", t0));
  auto after = access_token(h);
  EXPECT_EQ(value_or_failure(after), "access-login");
  EXPECT_EQ(h.trakt->calls, 0);
}

TEST(TokenManager, FileReplacedByAnotherProcessIsPickedUpWithoutRefresh) {
  Harness h;
  h.save(pair("old", t0));
  EXPECT_EQ(value_or_failure(access_token(h)), "access-old");

  // Another instance refreshed: new content, and a different mtime.
  h.save(pair("other", t0 + 60));
  struct timespec times[2] = {{t0 + 60, 0}, {t0 + 60, 123}};
  ASSERT_EQ(::utimensat(AT_FDCWD, h.path.c_str(), times, 0), 0);

  EXPECT_EQ(value_or_failure(access_token(h)), "access-other");
  EXPECT_EQ(h.trakt->calls, 0);
}

TEST(TokenManager, ExpiredHereButRefreshedByAnotherProcessNeedsNoRefresh) {
  Harness h;
  h.save(pair("old", t0 - 2 * week));
  // Before this process gets to it, another one refreshes and rewrites the file.
  h.save(pair("other", t0));
  struct timespec times[2] = {{t0, 0}, {t0, 456}};
  ASSERT_EQ(::utimensat(AT_FDCWD, h.path.c_str(), times, 0), 0);
  EXPECT_EQ(value_or_failure(access_token(h)), "access-other");
  EXPECT_EQ(h.trakt->calls, 0);
}

// The Refresher contract does not say it must suspend; one that answers at
// once (a cached failure, a check before any I/O) finishes the flight inside
// co_spawn, which resets Impl::flight before refresh() reads it back: a null
// shared_ptr is dereferenced (token_manager.cpp, refresh(): `auto f = flight;`).
// Run in a child process so the crash fails only this test.
[[noreturn]] void synchronous_refresh_scenario() {
  Harness h;
  h.save(pair("old", t0 - 2 * week));
  h.trakt->synchronous = true;
  auto o = access_token(h);
  bool ok = value_or_failure(o) == "access-new" && h.trakt->calls == 1;
  h.trakt->answer = Failure{FailureKind::not_logged_in, "dead. Run `trakt-mcp login`."};
  *h.now = t0 + 2 * week;
  auto f = access_token(h);
  ok = ok && f.result && !*f.result && f.result->error().kind == FailureKind::not_logged_in;
  std::exit(ok ? 0 : 3);
}

TEST(TokenManagerDeathTest, RefresherThatAnswersWithoutSuspendingDoesNotCrash) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(synchronous_refresh_scenario(), ::testing::ExitedWithCode(0), "");
}

}  // namespace
