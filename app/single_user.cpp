// See single_user.hpp.

#include "app/single_user.hpp"

#include "trakt/posters.hpp"
#include "trakt/server_info.hpp"
#include "trakt/token_manager.hpp"

#include <algorithm>

namespace app {

namespace net = boost::asio;
using trakt::ApiConfig;
using trakt::Failure;
using trakt::FailureKind;
using trakt::HttpsClient;
using trakt::HttpsOptions;
using trakt::Result;
using trakt::TokenManager;
using trakt::Tokens;
using trakt::TraktApi;
using trakt::parse_endpoint;
using trakt::user_agent;

SingleUser::SingleUser(net::any_io_executor executor, Settings settings)
    : executor_(std::move(executor)),
      settings_(std::move(settings)),
      catalog_(TraktCatalog::shared(settings_.read_only ? ReadOnly::local : ReadOnly::off)),
      store_(trakt::token_store_from_environment()) {}

SingleUser::~SingleUser() = default;

Result<TraktApi*> SingleUser::api() {
  if (api_) return api_.get();
  if (settings_.client_id.empty())
    return Failure{FailureKind::config,
                   "TRAKT_CLIENT_ID is not set. Create a Trakt API app at https://trakt.tv/oauth/applications/new "
                   "and put its Client ID and Client Secret in TRAKT_CLIENT_ID and TRAKT_CLIENT_SECRET in your MCP "
                   "client's configuration for trakt-mcp."};
  auto endpoint = parse_endpoint(settings_.api_url);
  if (!endpoint) return endpoint.error();
  if (!store_) return store_.error();

  HttpsOptions http_options;
  if (settings_.timeout) {
    http_options.response_timeout = *settings_.timeout;
    http_options.connect_timeout = http_options.handshake_timeout = http_options.resolve_timeout =
        std::min(*settings_.timeout, http_options.connect_timeout);
  }
  http_ = std::make_unique<HttpsClient>(executor_, *endpoint, http_options);
  api_ = std::make_unique<TraktApi>(*http_, ApiConfig{settings_.client_id, settings_.client_secret, user_agent()});
  TraktApi* api = api_.get();
  const bool has_secret = !settings_.client_secret.empty();
  tokens_ = std::make_unique<TokenManager>(
      executor_, *store_,
      [api, has_secret](std::string refresh_token) -> net::awaitable<Result<Tokens>> {
        if (!has_secret)
          co_return Failure{FailureKind::config,
                            "The Trakt login needs refreshing, but TRAKT_CLIENT_SECRET is not set. Set it to the "
                            "Client Secret of your Trakt API app (https://trakt.tv/oauth/applications)."};
        co_return co_await api->refresh_tokens(std::move(refresh_token));
      });
  api_->use_tokens(*tokens_);
  api_->enable_cache();
  // Posters only: a bad TRAKT_MEDIA_URL leaves them drawn from their colours.
  if (auto media = parse_endpoint(settings_.media_url)) {
    media_http_ = std::make_unique<HttpsClient>(executor_, *media, trakt::image_host_options(http_options));
    api_->use_media(*media_http_);
  }
  return api;
}

net::awaitable<void> SingleUser::settle() {
  if (tokens_) co_await tokens_->settle();
}

}  // namespace app
