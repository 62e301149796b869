#pragma once
// The Trakt resources: fixed views of the user's lists (trakt://up-next,
// trakt://calendar/week, trakt://watchlist, trakt://history/recent) and the
// templates trakt://movie/{id} and trakt://show/{id}. Each is read by calling
// its tool through the registry, so it says exactly what the tool says.

#include "mcp/resource.hpp"
#include "mcp/tool.hpp"

namespace trakt {

// Adds the resources whose tool `tools` declares (a resource without its tool
// could only fail). `tools` must outlive `registry` and every read.
void register_resources(mcp::ResourceRegistry& registry, const mcp::ToolRegistry& tools);

}  // namespace trakt
