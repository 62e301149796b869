#include "trakt/app.hpp"

#include "trakt/keychain_store.hpp"
#include "trakt/prompts.hpp"
#include "trakt/resources.hpp"
#include "trakt/tools/tool_support.hpp"

#include "support/json_fields.hpp"
#include "support/log.hpp"

#include <boost/json/parse.hpp>

#include <cstdlib>
#include <fstream>
#include <iterator>

#ifndef TRAKT_MCP_VERSION
#error "TRAKT_MCP_VERSION must be defined by the build"
#endif

namespace trakt {

namespace net = boost::asio;

std::string version() { return TRAKT_MCP_VERSION; }
std::string user_agent() { return "trakt-mcp/" + version(); }

namespace {
std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}
}  // namespace

Settings Settings::from_environment() {
  Settings s;
  s.client_id = env("TRAKT_CLIENT_ID");
  s.client_secret = env("TRAKT_CLIENT_SECRET");
  s.credentials_source = "environment";
  s.api_url = env("TRAKT_API_URL");
  if (s.api_url.empty()) s.api_url = "https://api.trakt.tv";
  if (auto t = env("TRAKT_MCP_TIMEOUT"); !t.empty()) {
    char* end = nullptr;
    double seconds = std::strtod(t.c_str(), &end);
    if (end && *end == '\0' && seconds > 0 && seconds <= 600)
      s.timeout = std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
    else
      support::log::warning("config", "TRAKT_MCP_TIMEOUT must be a number of seconds from 0 to 600; ignoring it");
  }
  if (auto r = env("TRAKT_MCP_READ_ONLY"); !r.empty() && r != "0" && r != "false" && r != "no") {
    // Anything but a clear "off" keeps the account safe.
    if (r != "1" && r != "true" && r != "yes")
      support::log::warning("config", "TRAKT_MCP_READ_ONLY must be 1 or 0; reading \"" + r + "\" as 1 (read-only)");
    s.read_only = true;
  }
  if (s.client_id.empty() || s.client_secret.empty()) {
    const auto path = config_dir() / "config.json";
    std::ifstream in(path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    boost::system::error_code ec;
    auto v = text.empty() ? boost::json::value() : boost::json::parse(text, ec);
    if (ec) support::log::warning("config", path.string() + " is not valid JSON; ignoring it");
    auto fill = [&](std::string& out, std::string_view key) {
      auto f = support::string_field(v, key);
      if (out.empty() && f) {
        out = std::string(*f);
        s.credentials_source = path.string();
      }
    };
    fill(s.client_id, "client_id");
    fill(s.client_secret, "client_secret");
  }
  // Users of the keychain recipe keep the app credentials there too.
  if ((s.client_id.empty() || s.client_secret.empty()) && env("TRAKT_TOKEN_STORE") == "keychain") {
    auto keychain = KeychainTokenStore::from_environment();
    for (auto [out, account] : {std::pair{&s.client_id, "client_id"}, std::pair{&s.client_secret, "client_secret"}})
      if (out->empty())
        if (auto v = keychain.read(account)) {
          *out = *v;
          s.credentials_source = "macOS keychain";
        }
  }
  return s;
}

App::App(net::any_io_executor executor, Settings settings)
    : executor_(std::move(executor)), settings_(std::move(settings)), store_(token_store_from_environment()) {
  register_tools(tools_, [this] { return api(); });
  if (settings_.read_only)
    tools_.disable_writes("this trakt-mcp runs read-only (--read-only or TRAKT_MCP_READ_ONLY=1), so it changes "
                          "nothing on Trakt. The user can make the change on trakt.tv, or remove the read-only "
                          "switch from the MCP client's configuration.");
  register_resources(resources_, tools_);
  register_prompts(prompts_);
}

App::~App() = default;

Result<TraktApi*> App::api() {
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
  return api;
}

net::awaitable<void> App::settle() {
  if (tokens_) co_await tokens_->settle();
}

}  // namespace trakt
