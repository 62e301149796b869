#pragma once
// The MCP App (ext-apps 2026-01-26) views: posters and buttons for hosts that
// render apps. A tool names its view in its _meta (app_view); the view is the
// resource ui://trakt/<view>.html, one embedded page (trakt/ui/app.html) told
// which view it is. Hosts that do not render apps ignore both, and every
// answer stays as it is: the page only draws the tool's structuredContent and
// calls tools through the host.

#include "mcp/resource.hpp"

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

namespace trakt {

// The views, each shown by one tool.
inline constexpr std::string_view app_views[] = {"up-next", "upcoming", "watchlist", "search", "discover", "details"};

// A tool's _meta naming `view`: {"ui": {"resourceUri": U}, "ui/resourceUri": U}
// (the flat key is the older form some hosts still read).
boost::json::object app_view(std::string_view view);

// The page of `view`, built when asked for (never at start-up).
std::string app_html(std::string_view view);

// Adds the ui:// resource of each view whose tool is offered.
void register_app_views(mcp::ResourceRegistry& registry, const mcp::ToolRegistry& tools);

}  // namespace trakt
