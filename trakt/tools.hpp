#pragma once
// The three MCP tools: get_upcoming, get_watchlist, get_history.

#include "mcp/tool.hpp"
#include "trakt/api.hpp"

#include <functional>

namespace trakt {

// `api` returns the API client, or a failure that explains why there is none
// (e.g. TRAKT_CLIENT_ID unset); the tools then answer with that failure.
using ApiProvider = std::function<Result<TraktApi*>()>;

void register_tools(mcp::ToolRegistry& registry, ApiProvider api);

}  // namespace trakt
