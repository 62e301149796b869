#include "app/accounts.hpp"

#include "support/log.hpp"
#include "trakt/prompts.hpp"
#include "trakt/resources.hpp"
#include "trakt/tools/tool_support.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>

#include <vector>

namespace hosted {

namespace net = boost::asio;
namespace json = boost::json;
using trakt::Failure;
using trakt::FailureKind;
using trakt::Result;
using trakt::Tokens;

namespace {

// Accounts nobody used for this long are dropped from memory (their read
// cache with them); the store keeps the login.
constexpr auto idle_for = std::chrono::minutes(30);
// A person's read cache: smaller than single-user mode's, there are many.
constexpr std::size_t cache_bytes = 1024 * 1024;

// What the authorization server sealed the pair under (auth/browser_flow.cpp).
std::string seal_context(const std::string& trakt_id) { return "trakt-tokens:" + trakt_id; }

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

Failure store_failure(const std::exception& e) {
  support::log::error("hosted", std::string("store: ") + e.what());
  return Failure{FailureKind::network, "The server's sign-in store is unavailable, so the Trakt login could not be "
                                       "renewed. Try again in a minute."};
}

}  // namespace

// The person's pair as their row last said, for their TokenManager: it
// refreshes through the row lock (make_refresher), so saving here only keeps
// memory in step.
class HeldTokens final : public trakt::TokenStore {
public:
  Result<std::optional<Tokens>> load() const override { return tokens_; }
  Result<void> save(const Tokens& t) const override {
    tokens_ = t;
    return {};
  }
  Result<void> remove() const override {
    tokens_.reset();
    return {};
  }
  std::string describe() const override { return "hosted store"; }
  std::optional<std::int64_t> change_stamp() const override { return version_; }

  std::int64_t version() const { return version_; }
  // The row changed (a new sign-in, another instance's refresh).
  void set(std::optional<Tokens> tokens, std::int64_t version) {
    tokens_ = std::move(tokens);
    version_ = version;
  }

private:
  mutable std::optional<Tokens> tokens_;
  std::int64_t version_ = -1;
};

namespace {

// One refresh of one person's pair, single-flight across instances: their
// row stays locked across the Trakt call, and whoever waited finds the pair
// the first one saved instead of spending the dead refresh token again.
trakt::TokenManager::Refresher make_refresher(store::Database& db, Accounts::Pools pools,
                                              const support::SecretKey& key, std::int64_t user_id,
                                              trakt::TraktApi* api, std::shared_ptr<HeldTokens> held) {
  return [&db, pools, &key, user_id, api, held](std::string refresh_token) -> net::awaitable<Result<Tokens>> {
    std::shared_ptr<store::UserLock> lock;
    try {
      // Named, captured by reference: GCC 12 destroys a lambda temporary inside
      // co_await twice (ARCHITECTURE.md, "Rules").
      auto take_lock = [&db, user_id] { return std::shared_ptr<store::UserLock>(db.lock_user(user_id)); };
      lock = co_await pools.lock_waits.run(take_lock);
    } catch (const std::exception& e) {
      co_return store_failure(e);
    }
    Result<Tokens> outcome = Failure{FailureKind::not_logged_in, ""};
    bool refused = false;  // Trakt refused the refresh token
    bool fresh = false;    // Trakt issued a new pair to us: it must reach the row
    bool saved = false;
    const std::string spent = refresh_token;
    const store::User row = lock->user();
    auto stored = open_tokens(key, row);
    if (!stored) {
      outcome = Failure{FailureKind::not_logged_in,
                        "This Trakt login was signed out on the server. Sign in again from your app."};
    } else if (stored->refresh_token != refresh_token) {
      support::log::info("hosted", "user " + std::to_string(user_id) + ": another instance refreshed; using its pair");
      outcome = std::move(*stored);
    } else {
      outcome = co_await api->refresh_tokens(std::move(refresh_token));
      refused = !outcome && outcome.error().kind == FailureKind::not_logged_in;
      fresh = bool(outcome);
      if (outcome) {
        const std::string sealed = key.seal(json::serialize(json::value_from(*outcome)), seal_context(row.trakt_id));
        try {
          auto save = [&lock, &sealed] { lock->save_tokens(sealed); };
          co_await pools.lock_holders.run(save);
          saved = true;
        } catch (const std::exception& e) {
          support::log::error("hosted", std::string("store: the refreshed Trakt pair was not saved: ") + e.what());
        }
      }
    }
    std::int64_t version = lock->user().tokens_version;
    // Committed on the pool: a commit may wait on the disk.
    try {
      auto release = [&lock] { lock.reset(); };
      co_await pools.lock_holders.run(release);
    } catch (const std::exception& e) {
      saved = false;  // the commit failed: nothing was saved
      support::log::error("hosted", std::string("store: releasing a login lock failed: ") + e.what());
    }
    // Trakt spent the old refresh token: until the new pair is in the row,
    // another instance would spend the dead one and sign the person out. Try
    // again a few times, as long as the row still holds the spent pair.
    for (int attempt = 1; fresh && !saved && attempt <= 3; ++attempt) {
      net::steady_timer pause(co_await net::this_coro::executor, std::chrono::seconds(attempt));
      co_await pause.async_wait(net::use_awaitable);
      try {
        auto take_lock = [&db, user_id] { return std::shared_ptr<store::UserLock>(db.lock_user(user_id)); };
        std::shared_ptr<store::UserLock> again = co_await pools.lock_waits.run(take_lock);
        auto now_stored = open_tokens(key, again->user());
        const bool still_spent = now_stored && now_stored->refresh_token == spent;
        const std::string sealed = key.seal(json::serialize(json::value_from(*outcome)), seal_context(row.trakt_id));
        auto save_and_release = [&again, &sealed, still_spent] {
          if (still_spent) again->save_tokens(sealed);
          const std::int64_t v = again->user().tokens_version;
          again.reset();
          return v;
        };
        const std::int64_t now_version = co_await pools.lock_holders.run(save_and_release);
        saved = true;
        // The row moved on (a new sign-in): leave it, and let the next request read it.
        version = still_spent ? now_version : -1;
        if (!still_spent) break;
        support::log::info("hosted", "user " + std::to_string(user_id) + ": the refreshed pair was saved on retry");
      } catch (const std::exception& e) {
        support::log::error("hosted", std::string("store: saving the refreshed pair failed again: ") + e.what());
      }
    }
    if (refused) {
      // The person logged out or revoked the app at Trakt: the sign-in ends here
      // too (after the lock is gone: forgetting writes their row), so the
      // client's next request gets a 401 and signs in again.
      try {
        auto forget = [&db, user_id] { db.forget_user(user_id); };
        co_await pools.store.run(forget);
      } catch (const std::exception& e) {
        support::log::error("hosted", std::string("store: ") + e.what());
      }
      support::log::info("hosted", "user " + std::to_string(user_id) + ": Trakt refused the refresh; signed out");
      co_return Failure{FailureKind::not_logged_in,
                        "Trakt ended this sign-in (the app was revoked or the login expired there). Reconnect this "
                        "server in your app to sign in again."};
    }
    if (outcome) held->set(*outcome, version);
    co_return outcome;
  };
}

}  // namespace

Accounts::Accounts(net::any_io_executor executor, trakt::Settings settings, std::string redirect_uri,
                   trakt::HttpsClient& http, store::Database& db, support::SecretKey key, Pools pools)
    : executor_(std::move(executor)), settings_(std::move(settings)), redirect_uri_(std::move(redirect_uri)),
      http_(http), db_(db), key_(std::move(key)), pools_(pools) {}

Accounts::~Accounts() = default;

std::shared_ptr<Account> Accounts::get(const store::User& user) {
  evict_idle();
  auto& slot = accounts_[user.id];
  // Not older: a row read before our own refresh saved may arrive after it.
  if (slot && slot->held->version() >= user.tokens_version) {
    slot->last_used = std::chrono::steady_clock::now();
    return slot;
  }
  auto tokens = open_tokens(key_, user);
  if (!tokens) {
    if (!slot) accounts_.erase(user.id);  // no empty entry left behind (settle() walks them all)
    return nullptr;
  }
  if (slot) {
    slot->held->set(std::move(tokens), user.tokens_version);
    slot->last_used = std::chrono::steady_clock::now();
    return slot;
  }

  auto account = std::make_shared<Account>();
  account->last_used = std::chrono::steady_clock::now();
  account->held = std::make_shared<HeldTokens>();
  account->held->set(std::move(tokens), user.tokens_version);
  account->api = std::make_unique<trakt::TraktApi>(
      http_, trakt::ApiConfig{settings_.client_id, settings_.client_secret, trakt::user_agent(), redirect_uri_});
  trakt::TraktApi* api = account->api.get();
  account->tokens = std::make_unique<trakt::TokenManager>(
      executor_, account->held, make_refresher(db_, pools_, key_, user.id, api, account->held));
  api->use_tokens(*account->tokens);
  api->enable_cache(cache_bytes);
  trakt::register_tools(account->tools, [api]() -> Result<trakt::TraktApi*> { return api; });
  if (settings_.read_only)
    account->tools.disable_writes("this trakt-mcp server runs read-only (TRAKT_MCP_READ_ONLY=1), so it changes "
                                  "nothing on Trakt. The change can be made on trakt.tv.");
  trakt::register_resources(account->resources, account->tools);
  trakt::register_prompts(account->prompts);
  slot = account;
  return account;
}

std::shared_ptr<Account> Accounts::find(std::int64_t user_id) const {
  auto it = accounts_.find(user_id);
  return it == accounts_.end() ? nullptr : it->second;
}

void Accounts::evict_idle() {
  const auto now = std::chrono::steady_clock::now();
  // An account still held by a Server (use_count > 1) stays: its calls use it.
  std::erase_if(accounts_, [&](const auto& entry) {
    return entry.second.use_count() == 1 && now - entry.second->last_used > idle_for;
  });
}

net::awaitable<void> Accounts::settle() {
  // A copy: the map may change while we wait.
  std::vector<std::shared_ptr<Account>> all;
  for (const auto& [id, account] : accounts_)
    if (account) all.push_back(account);
  for (const auto& account : all) co_await account->tokens->settle();
}

}  // namespace hosted
