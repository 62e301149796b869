#include "app/accounts.hpp"

#include "support/log.hpp"
#include "trakt/server_info.hpp"

#include <vector>

namespace hosted {

namespace net = boost::asio;
using trakt::Result;

namespace {

// Accounts nobody used for this long are dropped from memory (their read
// cache with them); the store keeps the login.
constexpr auto idle_for = std::chrono::minutes(30);
// A person's read cache: smaller than single-user mode's, there are many.
constexpr std::size_t cache_bytes = 1024 * 1024;

}  // namespace

Accounts::Accounts(net::any_io_executor executor, app::Settings settings, std::string redirect_uri,
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
      executor_, account->held,
      Refresher(user.id, Refresher::row_of(db_, user.id), pools_, key_,
                [api](std::string refresh_token) { return api->refresh_tokens(std::move(refresh_token)); },
                account->held));
  api->use_tokens(*account->tokens);
  if (media_) api->use_media(*media_);
  api->enable_cache(cache_bytes);
  account->registries = &app::TraktCatalog::shared(settings_.read_only ? app::ReadOnly::hosted : app::ReadOnly::off);
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
