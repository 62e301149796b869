#pragma once
// `trakt-mcp serve --http [HOST:]PORT --public-url URL`: one server for many
// people. Each signs in with their own Trakt account over MCP authorization
// (auth/), their logins live in the store (store/), and each request runs
// against its own person's Trakt client (accounts.hpp).

#include "app/operations.hpp"
#include "app/settings.hpp"
#include "transport/http.hpp"

#include <string>

namespace hosted {

// Runs until SIGINT or SIGTERM; the exit status. Messages for people go to stderr.
int serve(transport::HttpOptions options, app::Settings settings, const std::string& public_url,
          const std::optional<app::ListenAddress>& metrics);

}  // namespace hosted
