#pragma once
// Wires the Trakt side together from the environment: HTTPS client, token
// manager, API client, and the registries of tools, resources and prompts.
// Nothing touches the network or the trust store until the first tool call
// needs it.

#include "mcp/prompt.hpp"
#include "mcp/resource.hpp"
#include "mcp/server.hpp"
#include "mcp/tool.hpp"
#include "trakt/api.hpp"
#include "trakt/token_store.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace trakt {

std::string version();
std::string user_agent();

struct Settings {
  std::string client_id;           // TRAKT_CLIENT_ID
  std::string client_secret;       // TRAKT_CLIENT_SECRET
  std::string api_url;             // TRAKT_API_URL, default https://api.trakt.tv
  std::string credentials_source;  // where the client id came from, for `status`
  // TRAKT_MCP_TIMEOUT (seconds): how long one Trakt request may take.
  std::optional<std::chrono::milliseconds> timeout;
  // TRAKT_MCP_READ_ONLY=1 (or --read-only): the tools that change the
  // account are not offered, and calling one says so.
  bool read_only = false;

  // The environment first; client_id / client_secret missing there are read
  // from config.json in the config folder, so agent configs need no secrets.
  static Settings from_environment();
};

class App {
public:
  App(boost::asio::any_io_executor executor, Settings settings);
  ~App();

  const mcp::ToolRegistry& tools() const { return tools_; }
  const mcp::ResourceRegistry& resources() const { return resources_; }
  const mcp::PromptRegistry& prompts() const { return prompts_; }
  // Everything a Server offers: tools, resources, prompts.
  mcp::Catalog catalog() const { return {tools_, &resources_, &prompts_}; }
  const Settings& settings() const { return settings_; }
  // The API client, built on first use, or why there is none.
  Result<TraktApi*> api();
  // Where the login is kept (TRAKT_TOKEN_STORE), or why it cannot be used.
  Result<std::shared_ptr<TokenStore>> token_store() const { return store_; }
  // Completes when no token refresh is in flight, so that a pair Trakt has
  // issued is saved before the process exits.
  boost::asio::awaitable<void> settle();

private:
  boost::asio::any_io_executor executor_;
  Settings settings_;
  mcp::ToolRegistry tools_;
  mcp::ResourceRegistry resources_;  // reads call tools_: declared after it
  mcp::PromptRegistry prompts_;
  Result<std::shared_ptr<TokenStore>> store_;
  std::unique_ptr<HttpsClient> http_;
  std::unique_ptr<TraktApi> api_;
  std::unique_ptr<TokenManager> tokens_;
};

}  // namespace trakt
