// hosted::Refresher: one refresh of one person's Trakt pair through their
// locked row, against a real store (SQLite and PostgreSQL, store/backends.hpp),
// a fake Trakt and pauses that only count. The paths: a new pair saved; the
// pair another instance saved meanwhile used instead of spending the dead
// refresh token; Trakt refusing (signed out); a save that fails and is
// retried, or given up after three retries, or left when the row moved on.

#include "app/refresher.hpp"

#include "store/backends.hpp"
#include "trakt/scripted_trakt.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace {

namespace net = boost::asio;
using namespace std::chrono_literals;
using store_tests::StoreTest;
using trakt::Failure;
using trakt::FailureKind;
using trakt::Result;
using trakt::Tokens;
using trakt_test::pair;

// The person's row lock, whose saves fail while `failures` says so.
class FlakyLock final : public store::UserLock {
public:
  FlakyLock(std::unique_ptr<store::UserLock> real, int* failures) : real_(std::move(real)), failures_(failures) {}
  const store::User& user() const override { return real_->user(); }
  void save_tokens(std::string_view sealed) override {
    if (*failures_ > 0) {
      --*failures_;
      throw store::Error("disk full");
    }
    real_->save_tokens(sealed);
  }

private:
  std::unique_ptr<store::UserLock> real_;
  int* failures_;
};

class Refresh : public StoreTest {
protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped()) return;
    db_ = open();
    user_ = db_->save_user("alice", "Alice", hosted::seal_tokens(key_, pair("a"), "alice"));
    held_->set(pair("a"), user_.tokens_version);
  }

  // The row as another instance or a new sign-in leaves it.
  void put_in_row(const Tokens& tokens) {
    db_->lock_user(user_.id)->save_tokens(hosted::seal_tokens(key_, tokens, "alice"));
  }
  std::optional<Tokens> in_row() { return hosted::open_tokens(key_, *db_->user(user_.id)); }
  std::int64_t row_version() { return db_->user(user_.id)->tokens_version; }

  Result<Tokens> refresh(std::string refresh_token) {
    hosted::Refresher::Row row{
        [this]() -> std::unique_ptr<store::UserLock> {
          if (store_down_) throw store::Error("the store is down");
          return std::make_unique<FlakyLock>(db_->lock_user(user_.id), &save_failures_);
        },
        [this] { db_->forget_user(user_.id); }};
    auto trakt = [this](std::string token) { return answer(this, std::move(token)); };
    auto pause = [this](std::chrono::seconds duration) {
      pauses_.push_back(duration);
      if (on_pause_) on_pause_();
      return no_wait();
    };
    const hosted::Refresher refresher(user_.id, std::move(row), pools_, key_, trakt, held_, pause);
    std::optional<Result<Tokens>> got;
    auto call = [&]() -> net::awaitable<void> { got = co_await refresher(std::move(refresh_token)); };
    net::io_context io;
    net::co_spawn(io, call(), [](std::exception_ptr e) {
      if (e) std::rethrow_exception(e);
    });
    io.run();
    return std::move(*got);
  }

  static net::awaitable<Result<Tokens>> answer(Refresh* self, std::string refresh_token) {
    self->trakt_saw_.push_back(refresh_token);
    co_return self->trakt_answer_;
  }
  static net::awaitable<void> no_wait() { co_return; }

  support::SecretKey key_ = support::SecretKey::parse(std::string(64, '7'), "TEST_KEY");
  std::unique_ptr<store::Database> db_;
  store::User user_;
  std::shared_ptr<hosted::HeldTokens> held_ = std::make_shared<hosted::HeldTokens>();
  support::BlockingPool store_pool_{1}, lock_waits_{1}, lock_holders_{1};
  hosted::StorePools pools_{store_pool_, lock_waits_, lock_holders_};

  Result<Tokens> trakt_answer_ = pair("b");
  std::vector<std::string> trakt_saw_;
  int save_failures_ = 0;
  bool store_down_ = false;
  std::vector<std::chrono::seconds> pauses_;
  std::function<void()> on_pause_;
};
STORE_BACKENDS(Refresh);

TEST_P(Refresh, SavesTheNewPairInTheRowAndHoldsIt) {
  auto got = refresh("refresh-a");
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->refresh_token, "refresh-b");
  EXPECT_EQ(trakt_saw_, std::vector<std::string>{"refresh-a"});
  ASSERT_TRUE(in_row());
  EXPECT_EQ(in_row()->refresh_token, "refresh-b");
  EXPECT_EQ(held_->version(), row_version());
  EXPECT_EQ((*held_->load())->refresh_token, "refresh-b");
  EXPECT_TRUE(pauses_.empty());
}

TEST_P(Refresh, AnotherInstanceRefreshedFirstItsSavedPairIsUsed) {
  put_in_row(pair("b"));
  auto got = refresh("refresh-a");
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->refresh_token, "refresh-b");
  EXPECT_TRUE(trakt_saw_.empty());  // the dead refresh token is not spent again
  EXPECT_EQ(held_->version(), row_version());
}

TEST_P(Refresh, TraktRefusesThePersonIsSignedOut) {
  trakt_answer_ = Failure{FailureKind::not_logged_in, "revoked"};
  auto got = refresh("refresh-a");
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().kind, FailureKind::not_logged_in);
  EXPECT_NE(got.error().message.find("Trakt ended this sign-in"), std::string::npos);
  const auto row = db_->user(user_.id);
  EXPECT_TRUE(!row || row->sealed_tokens.empty());
}

TEST_P(Refresh, SignedOutOnTheServerAsksNoTrakt) {
  db_->lock_user(user_.id)->save_tokens("");
  auto got = refresh("refresh-a");
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().kind, FailureKind::not_logged_in);
  EXPECT_NE(got.error().message.find("signed out on the server"), std::string::npos);
  EXPECT_TRUE(trakt_saw_.empty());
}

TEST_P(Refresh, StoreDownSaysSoAndAsksNoTrakt) {
  store_down_ = true;
  auto got = refresh("refresh-a");
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().kind, FailureKind::network);
  EXPECT_NE(got.error().message.find("sign-in store is unavailable"), std::string::npos);
  EXPECT_TRUE(trakt_saw_.empty());
}

TEST_P(Refresh, SaveFailsOnceTheRetrySavesThePair) {
  save_failures_ = 1;
  auto got = refresh("refresh-a");
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->refresh_token, "refresh-b");
  EXPECT_EQ(pauses_, std::vector<std::chrono::seconds>{1s});
  EXPECT_EQ(trakt_saw_.size(), 1u);
  EXPECT_EQ(in_row()->refresh_token, "refresh-b");
  EXPECT_EQ(held_->version(), row_version());
}

TEST_P(Refresh, SaveKeepsFailingGivesUpAfterThreeRetries) {
  save_failures_ = 100;
  auto got = refresh("refresh-a");
  ASSERT_TRUE(got) << got.error().message;  // the new pair is still used in memory
  EXPECT_EQ(got->refresh_token, "refresh-b");
  EXPECT_EQ(pauses_, (std::vector<std::chrono::seconds>{1s, 2s, 3s}));
  EXPECT_EQ(save_failures_, 100 - 4);  // the first save and three retries
  EXPECT_EQ(trakt_saw_.size(), 1u);
  EXPECT_EQ(in_row()->refresh_token, "refresh-a");
}

TEST_P(Refresh, RowMovedOnBeforeTheRetryItIsLeftAlone) {
  save_failures_ = 1;
  on_pause_ = [this] { put_in_row(pair("c")); };  // a new sign-in meanwhile
  auto got = refresh("refresh-a");
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->refresh_token, "refresh-b");
  EXPECT_EQ(pauses_, std::vector<std::chrono::seconds>{1s});
  EXPECT_EQ(in_row()->refresh_token, "refresh-c");
  EXPECT_EQ(held_->version(), -1);  // the next request reads the row
}

}  // namespace
