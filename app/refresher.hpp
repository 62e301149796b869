#pragma once
// One refresh of one hosted person's Trakt pair, single-flight across
// instances: their row stays locked (store::Database::lock_user) across the
// Trakt call, and whoever waited finds the pair the first one saved instead of
// spending the dead refresh token again. Trakt spends the old refresh token as
// it answers, so a new pair that could not be saved is saved again, a few
// times, while the row still holds the spent one.

#include "store/store.hpp"
#include "support/blocking_pool.hpp"
#include "support/crypto.hpp"
#include "trakt/token_manager.hpp"
#include "trakt/token_store.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace hosted {

// Threads for store calls. A refresh waits for a person's row lock on
// `lock_waits` and saves and lets go of it on `lock_holders`, so that callers
// waiting for a lock (or, on SQLite, for the file's write lock) can never take
// the threads its holder needs to finish.
struct StorePools {
  support::BlockingPool& store;
  support::BlockingPool& lock_waits;
  support::BlockingPool& lock_holders;
};

// A person's Trakt pair as kept in their row: sealed under the server's key,
// bound to their Trakt id (auth/browser_flow.cpp seals it the same way).
std::string seal_tokens(const support::SecretKey& key, const trakt::Tokens& tokens, const std::string& trakt_id);
// Null when the row holds none, or they do not open (sealed under another key).
std::optional<trakt::Tokens> open_tokens(const support::SecretKey& key, const store::User& user);

// The person's pair as their row last said, for their TokenManager: it
// refreshes through the Refresher, so saving here only keeps memory in step.
class HeldTokens final : public trakt::TokenStore {
public:
  trakt::Result<std::optional<trakt::Tokens>> load() const override { return tokens_; }
  trakt::Result<void> save(const trakt::Tokens& t) const override;
  trakt::Result<void> remove() const override;
  std::string describe() const override { return "hosted store"; }
  std::optional<std::int64_t> change_stamp() const override { return version_; }

  std::int64_t version() const { return version_; }
  // The row changed (a new sign-in, another instance's refresh).
  void set(std::optional<trakt::Tokens> tokens, std::int64_t version);

private:
  mutable std::optional<trakt::Tokens> tokens_;
  std::int64_t version_ = -1;
};

// A person's TokenManager::Refresher.
class Refresher {
public:
  // What a refresh does to the person's row: store::Database's calls in the
  // product (row_of), each run on a pool thread.
  struct Row {
    std::function<std::unique_ptr<store::UserLock>()> lock;  // waits for the row lock
    std::function<void()> forget;                            // signs the person out
  };
  static Row row_of(store::Database& db, std::int64_t user_id);
  // Waits before a retry of the save (a steady timer in the product).
  using Pause = std::function<boost::asio::awaitable<void>(std::chrono::seconds)>;
  static constexpr int save_retries = 3;  // after 1 s, 2 s and 3 s

  // `trakt`: the exchange at Trakt (TraktApi::refresh_tokens). `key` must
  // outlive the refresher.
  Refresher(std::int64_t user_id, Row row, StorePools pools, const support::SecretKey& key,
            trakt::TokenManager::Refresher trakt, std::shared_ptr<HeldTokens> held, Pause pause = wait);

  boost::asio::awaitable<trakt::Result<trakt::Tokens>> operator()(std::string refresh_token) const;

private:
  using Lock = std::shared_ptr<store::UserLock>;
  struct Attempt;

  static boost::asio::awaitable<void> wait(std::chrono::seconds duration);
  // A copy runs each refresh, so a refresh never depends on the caller's copy.
  static boost::asio::awaitable<trakt::Result<trakt::Tokens>> run(Refresher self, std::string refresh_token);
  boost::asio::awaitable<Lock> take_lock() const;
  boost::asio::awaitable<Attempt> refresh_locked(Lock lock, std::string refresh_token) const;
  boost::asio::awaitable<bool> save(Lock lock, std::string sealed) const;
  boost::asio::awaitable<bool> release(Lock lock) const;
  boost::asio::awaitable<Attempt> save_again(Attempt attempt, std::string spent) const;
  boost::asio::awaitable<trakt::Result<trakt::Tokens>> sign_out() const;

  std::int64_t user_id_;
  Row row_;
  StorePools pools_;
  const support::SecretKey* key_;
  trakt::TokenManager::Refresher trakt_;
  std::shared_ptr<HeldTokens> held_;
  Pause pause_;
};

}  // namespace hosted
