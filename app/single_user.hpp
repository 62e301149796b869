#pragma once
// One person's own server (stdio, single-user HTTP, `call`, login/logout/
// status), wired from the settings: HTTPS client, token manager (the login in
// TRAKT_TOKEN_STORE), API client, and the catalog of tools, resources and
// prompts. Nothing touches the network or the trust store until the first
// tool call needs it.

#include "app/catalog.hpp"
#include "app/settings.hpp"
#include "trakt/api.hpp"
#include "trakt/token_store.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <memory>

namespace app {

class SingleUser {
public:
  SingleUser(boost::asio::any_io_executor executor, Settings settings);
  ~SingleUser();

  const mcp::ToolRegistry& tools() const { return catalog_.tools(); }
  // Everything a Server offers: tools, resources, prompts.
  mcp::Catalog catalog() const { return catalog_.view(); }
  // Makes `server`'s calls act on this login (TraktCatalog::bind).
  void bind(mcp::Server& server) {
    TraktCatalog::bind(server, [this] { return api(); });
  }
  const Settings& settings() const { return settings_; }
  // The API client, built on first use, or why there is none.
  trakt::Result<trakt::TraktApi*> api();
  // Where the login is kept (TRAKT_TOKEN_STORE), or why it cannot be used.
  trakt::Result<std::shared_ptr<trakt::TokenStore>> token_store() const { return store_; }
  // Completes when no token refresh is in flight, so that a pair Trakt has
  // issued is saved before the process exits.
  boost::asio::awaitable<void> settle();

private:
  boost::asio::any_io_executor executor_;
  Settings settings_;
  const TraktCatalog& catalog_;
  trakt::Result<std::shared_ptr<trakt::TokenStore>> store_;
  std::unique_ptr<trakt::HttpsClient> http_;
  std::unique_ptr<trakt::HttpsClient> media_http_;  // Trakt's image host, for posters
  std::unique_ptr<trakt::TraktApi> api_;
  std::unique_ptr<trakt::TokenManager> tokens_;
};

}  // namespace app
