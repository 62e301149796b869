// See refresher.hpp.

#include "app/refresher.hpp"

#include "support/log.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>

namespace hosted {

namespace net = boost::asio;
namespace json = boost::json;
using trakt::Failure;
using trakt::FailureKind;
using trakt::Result;
using trakt::Tokens;

namespace {

// What the authorization server sealed the pair under (auth/browser_flow.cpp).
std::string seal_context(const std::string& trakt_id) { return "trakt-tokens:" + trakt_id; }

Failure store_failure(const std::exception& e) {
  support::log::error("hosted", std::string("store: ") + e.what());
  return Failure{FailureKind::network, "The server's sign-in store is unavailable, so the Trakt login could not be "
                                       "renewed. Try again in a minute."};
}

}  // namespace

std::string seal_tokens(const support::SecretKey& key, const Tokens& tokens, const std::string& trakt_id) {
  return key.seal(json::serialize(json::value_from(tokens)), seal_context(trakt_id));
}

std::optional<Tokens> open_tokens(const support::SecretKey& key, const store::User& user) {
  if (user.sealed_tokens.empty()) return std::nullopt;
  auto text = key.open(user.sealed_tokens, seal_context(user.trakt_id));
  if (!text) {
    support::log::error("hosted", "the Trakt tokens of user " + std::to_string(user.id) +
                                      " do not open with TRAKT_MCP_SECRET_KEY (another key?); they must sign in again");
    return std::nullopt;
  }
  boost::system::error_code ec;
  auto v = json::parse(*text, ec);
  if (ec) return std::nullopt;
  auto t = trakt::tokens_from_json(v);
  if (!t) return std::nullopt;
  return std::move(*t);
}

Result<void> HeldTokens::save(const Tokens& t) const {
  tokens_ = t;
  return {};
}

Result<void> HeldTokens::remove() const {
  tokens_.reset();
  return {};
}

void HeldTokens::set(std::optional<Tokens> tokens, std::int64_t version) {
  tokens_ = std::move(tokens);
  version_ = version;
}

// What one refresh found in the row and did.
struct Refresher::Attempt {
  Result<Tokens> outcome = Failure{FailureKind::not_logged_in, ""};
  bool refused = false;  // Trakt refused the refresh token
  bool fresh = false;    // Trakt issued a new pair to us: it must reach the row
  bool saved = false;
  std::int64_t version = -1;  // the row's tokens_version after it, -1 when unknown
  std::string trakt_id;       // whose row
};

Refresher::Row Refresher::row_of(store::Database& db, std::int64_t user_id) {
  return {[&db, user_id] { return db.lock_user(user_id); }, [&db, user_id] { db.forget_user(user_id); }};
}

Refresher::Refresher(std::int64_t user_id, Row row, StorePools pools, const support::SecretKey& key,
                     trakt::TokenManager::Refresher trakt, std::shared_ptr<HeldTokens> held, Pause pause)
    : user_id_(user_id), row_(std::move(row)), pools_(pools), key_(&key), trakt_(std::move(trakt)),
      held_(std::move(held)), pause_(std::move(pause)) {}

net::awaitable<void> Refresher::wait(std::chrono::seconds duration) {
  net::steady_timer pause(co_await net::this_coro::executor, duration);
  co_await pause.async_wait(net::use_awaitable);
}

net::awaitable<Result<Tokens>> Refresher::operator()(std::string refresh_token) const {
  return run(*this, std::move(refresh_token));
}

net::awaitable<Result<Tokens>> Refresher::run(Refresher self, std::string refresh_token) {
  Lock lock;
  try {
    lock = co_await self.take_lock();
  } catch (const std::exception& e) {
    co_return store_failure(e);
  }
  const std::string spent = refresh_token;
  Attempt attempt = co_await self.refresh_locked(std::move(lock), std::move(refresh_token));
  if (attempt.fresh && !attempt.saved) attempt = co_await self.save_again(std::move(attempt), spent);
  // After the lock is gone: forgetting writes their row.
  if (attempt.refused) co_return co_await self.sign_out();
  if (attempt.outcome) self.held_->set(*attempt.outcome, attempt.version);
  co_return std::move(attempt.outcome);
}

net::awaitable<Refresher::Lock> Refresher::take_lock() const {
  // Named, capturing by reference: GCC 12 destroys a lambda temporary inside
  // co_await twice (ARCHITECTURE.md, "Rules").
  const auto& lock_row = row_.lock;
  auto take = [&lock_row] { return Lock(lock_row()); };
  co_return co_await pools_.lock_waits.run(take);
}

// Under the row lock: the pair another instance saved, or a new one from
// Trakt saved in the row; then the lock let go.
net::awaitable<Refresher::Attempt> Refresher::refresh_locked(Lock lock, std::string refresh_token) const {
  Attempt attempt;
  const store::User row = lock->user();
  attempt.trakt_id = row.trakt_id;
  auto stored = open_tokens(*key_, row);
  if (!stored) {
    attempt.outcome = Failure{FailureKind::not_logged_in,
                              "This Trakt login was signed out on the server. Sign in again from your app."};
  } else if (stored->refresh_token != refresh_token) {
    support::log::info("hosted", "user " + std::to_string(user_id_) + ": another instance refreshed; using its pair");
    attempt.outcome = std::move(*stored);
  } else {
    attempt.outcome = co_await trakt_(std::move(refresh_token));
    attempt.refused = !attempt.outcome && attempt.outcome.error().kind == FailureKind::not_logged_in;
    attempt.fresh = bool(attempt.outcome);
    if (attempt.fresh) attempt.saved = co_await save(lock, seal_tokens(*key_, *attempt.outcome, row.trakt_id));
  }
  attempt.version = lock->user().tokens_version;
  const bool committed = co_await release(std::move(lock));
  if (!committed) attempt.saved = false;  // the commit failed: nothing was saved
  co_return attempt;
}

net::awaitable<bool> Refresher::save(Lock lock, std::string sealed) const {
  try {
    auto save = [&lock, &sealed] { lock->save_tokens(sealed); };
    co_await pools_.lock_holders.run(save);
    co_return true;
  } catch (const std::exception& e) {
    support::log::error("hosted", std::string("store: the refreshed Trakt pair was not saved: ") + e.what());
  }
  co_return false;
}

// Committed on the pool: a commit may wait on the disk.
net::awaitable<bool> Refresher::release(Lock lock) const {
  try {
    auto let_go = [&lock] { lock.reset(); };
    co_await pools_.lock_holders.run(let_go);
    co_return true;
  } catch (const std::exception& e) {
    support::log::error("hosted", std::string("store: releasing a login lock failed: ") + e.what());
  }
  co_return false;
}

// Trakt spent the old refresh token: until the new pair is in the row, another
// instance would spend the dead one and sign the person out. Try again a few
// times, as long as the row still holds the spent pair.
net::awaitable<Refresher::Attempt> Refresher::save_again(Attempt attempt, std::string spent) const {
  for (int retry = 1; !attempt.saved && retry <= save_retries; ++retry) {
    co_await pause_(std::chrono::seconds(retry));
    try {
      Lock again = co_await take_lock();
      auto now_stored = open_tokens(*key_, again->user());
      const bool still_spent = now_stored && now_stored->refresh_token == spent;
      const std::string sealed = seal_tokens(*key_, *attempt.outcome, attempt.trakt_id);
      auto save_and_release = [&again, &sealed, still_spent] {
        if (still_spent) again->save_tokens(sealed);
        const std::int64_t v = again->user().tokens_version;
        again.reset();
        return v;
      };
      const std::int64_t now_version = co_await pools_.lock_holders.run(save_and_release);
      attempt.saved = true;
      // The row moved on (a new sign-in): leave it, and let the next request read it.
      attempt.version = still_spent ? now_version : -1;
      if (still_spent)
        support::log::info("hosted", "user " + std::to_string(user_id_) + ": the refreshed pair was saved on retry");
    } catch (const std::exception& e) {
      support::log::error("hosted", std::string("store: saving the refreshed pair failed again: ") + e.what());
    }
  }
  co_return attempt;
}

// The person logged out or revoked the app at Trakt: the sign-in ends here too,
// so the client's next request gets a 401 and signs in again.
net::awaitable<Result<Tokens>> Refresher::sign_out() const {
  try {
    const auto& forget_row = row_.forget;
    auto forget = [&forget_row] { forget_row(); };
    co_await pools_.store.run(forget);
  } catch (const std::exception& e) {
    support::log::error("hosted", std::string("store: ") + e.what());
  }
  support::log::info("hosted", "user " + std::to_string(user_id_) + ": Trakt refused the refresh; signed out");
  co_return Failure{FailureKind::not_logged_in,
                    "Trakt ended this sign-in (the app was revoked or the login expired there). Reconnect this "
                    "server in your app to sign in again."};
}

}  // namespace hosted
