// lock_user(): one Trakt refresh per person at a time. While one caller holds
// the row, another (a thread, or another instance on the same database) waits
// and then sees the tokens saved meanwhile; unwinding discards what was saved.

#include "backends.hpp"

#include <atomic>
#include <stdexcept>
#include <thread>

namespace {

using namespace std::chrono_literals;
using store_tests::StoreTest;

class Lock : public StoreTest {};
STORE_BACKENDS(Lock);

// A holds the lock, sleeps 200 ms, saves new tokens. B asks meanwhile: it
// must return only after A released, and see A's tokens and version. Without
// a real lock B would return at once with the old ones.
void expect_single_flight(store::Database& a_db, store::Database& b_db) {
  const auto user = a_db.save_user("alice", "", "old-tokens");
  std::atomic<bool> a_holds{false};
  std::optional<store::User> b_saw;
  std::chrono::steady_clock::duration b_waited{};

  std::thread a([&] {
    auto lock = a_db.lock_user(user.id);
    EXPECT_EQ(lock->user().sealed_tokens, "old-tokens");
    a_holds = true;
    std::this_thread::sleep_for(200ms);
    lock->save_tokens("new-tokens");
    EXPECT_EQ(lock->user().sealed_tokens, "new-tokens");
    EXPECT_EQ(lock->user().tokens_version, user.tokens_version + 1);
  });
  std::thread b([&] {
    while (!a_holds) std::this_thread::yield();
    const auto started = std::chrono::steady_clock::now();
    auto lock = b_db.lock_user(user.id);
    b_waited = std::chrono::steady_clock::now() - started;
    b_saw = lock->user();
  });
  a.join();
  b.join();

  ASSERT_TRUE(b_saw);
  EXPECT_EQ(b_saw->sealed_tokens, "new-tokens");
  EXPECT_EQ(b_saw->tokens_version, user.tokens_version + 1);
  EXPECT_GE(b_waited, 150ms);
}

TEST_P(Lock, SecondCallerWaitsAndSeesTheSavedTokens) {
  auto db = open();
  expect_single_flight(*db, *db);
}

TEST_P(Lock, AlsoAcrossTwoInstances) {
  auto first = open();
  auto second = open();
  expect_single_flight(*first, *second);
}

TEST_P(Lock, UnwindingDiscardsWhatWasSaved) {
  auto db = open();
  const auto user = db->save_user("alice", "", "old-tokens");
  try {
    auto lock = db->lock_user(user.id);
    lock->save_tokens("half-done");
    throw std::runtime_error("the Trakt refresh failed later");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(db->user(user.id)->sealed_tokens, "old-tokens");
  EXPECT_EQ(db->user(user.id)->tokens_version, user.tokens_version);
  // The lock is free again, and the store usable.
  auto lock = db->lock_user(user.id);
  lock->save_tokens("second-try");
  lock.reset();
  EXPECT_EQ(db->user(user.id)->sealed_tokens, "second-try");
}

TEST_P(Lock, ReleasedWithoutSavingChangesNothing) {
  auto db = open();
  const auto user = db->save_user("alice", "", "tokens");
  db->lock_user(user.id).reset();
  EXPECT_EQ(db->user(user.id)->tokens_version, user.tokens_version);
  EXPECT_EQ(db->save_user("alice", "", "newer").tokens_version, user.tokens_version + 1);
}

TEST_P(Lock, UnknownUserIsAnError) {
  auto db = open();
  EXPECT_THROW(db->lock_user(4242), store::Error);
  db->save_user("alice", "", "tokens");  // and nothing stays locked
}

}  // namespace
