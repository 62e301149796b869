#pragma once
// Hosted mode's people: for each one who signed in, their own Trakt client
// (token manager, read cache, write pace) and their own registries of tools,
// resources and prompts bound to it, so no call can reach another person's
// Trakt. Their Trakt tokens live sealed in the store; a refresh holds their
// row locked across the Trakt call, so one refresh serves every instance
// (refresher.hpp).

#include "app/refresher.hpp"
#include "store/store.hpp"
#include "support/crypto.hpp"
#include "app/catalog.hpp"
#include "app/settings.hpp"
#include "trakt/api.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace hosted {

struct Account;

class Accounts {
public:
  // `http` (shared by everyone: one connection pool to Trakt) must outlive this.
  // Threads for store calls (refresher.hpp).
  using Pools = StorePools;

  // `redirect_uri`: the Trakt app's (our /callback), sent again with every refresh.
  Accounts(boost::asio::any_io_executor executor, app::Settings settings, std::string redirect_uri,
           trakt::HttpsClient& http, store::Database& db, support::SecretKey key, Pools pools);
  ~Accounts();

  // The person's account, brought up to date with their row (read by the
  // caller on the pool): a new login or another instance's refresh shows here.
  // Null when their Trakt tokens do not open (sealed under another key).
  std::shared_ptr<Account> get(const store::User& user);
  // The account a request was authenticated for (get() came first), or null.
  std::shared_ptr<Account> find(std::int64_t user_id) const;
  // Trakt's image host (posters), shared like `http`; must outlive this.
  void use_media(trakt::HttpsClient& media) { media_ = &media; }
  // Let every refresh in flight finish and save its pair.
  boost::asio::awaitable<void> settle();

private:
  void evict_idle();

  boost::asio::any_io_executor executor_;
  app::Settings settings_;
  std::string redirect_uri_;
  trakt::HttpsClient& http_;
  trakt::HttpsClient* media_ = nullptr;
  store::Database& db_;
  support::SecretKey key_;
  Pools pools_;
  std::map<std::int64_t, std::shared_ptr<Account>> accounts_;
};

// Everything a Server needs to serve one person.
struct Account {
  std::chrono::steady_clock::time_point last_used;
  std::unique_ptr<trakt::TraktApi> api;
  std::unique_ptr<trakt::TokenManager> tokens;
  std::shared_ptr<HeldTokens> held;
  const app::TraktCatalog* registries = nullptr;  // the process's one catalog, shared by every person

  mcp::Catalog catalog() const { return registries->view(); }
  // What this person's Servers are bound to (TraktCatalog::bind).
  trakt::ApiProvider api_provider() const {
    return [client = api.get()]() -> trakt::Result<trakt::TraktApi*> { return client; };
  }
};

}  // namespace hosted
