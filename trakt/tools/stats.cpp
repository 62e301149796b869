// get_stats: the user's totals from /users/me/stats.

#include "trakt/tools/read_tools.hpp"

namespace trakt::tools {

namespace {

mcp::Tool stats_tool() {
  return item_tool(ItemTool<UserStats>{
      .declared = {.name = "get_stats",
                   .title = "Watching stats",
                   .description = "The user's Trakt totals: movies, shows and episodes watched (with plays and "
                                  "watching time), collected and rated, and how many ratings they gave. Use it for "
                                  "\"how much did I watch\", \"how many movies have I seen\".",
                   .summary = "their totals",
                   .args = {},
                   .annotations = read_only()},
      .request = [](const mcp::Arguments&) { return ListRequest{"/users/me/stats", {}}; },
      .text = format_stats,
      .unreadable = "stats"});
}

}  // namespace

TRAKT_MCP_TOOL(stats_tool)

}  // namespace trakt::tools
