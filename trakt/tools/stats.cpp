// get_stats: the user's totals from /users/me/stats.

#include "trakt/tools/tool_support.hpp"

#include <boost/json/value_from.hpp>

namespace trakt::tools {

namespace net = boost::asio;
namespace json = boost::json;

namespace {

mcp::Tool stats_tool() {
  return mcp::Tool{
      .name = "get_stats",
      .title = "Watching stats",
      .description =
          "The user's Trakt totals: movies, shows and episodes watched (with plays and watching time), collected "
          "and rated, and how many ratings they gave. Use it for \"how much did I watch\", \"how many movies have "
          "I seen\".",
      .summary = "their totals",
      .args = {},
      .output_schema = output_schema_of<UserStats>(),
      .annotations = read_only(),
      .invoke = [](mcp::Arguments, mcp::CallContext ctx) -> net::awaitable<mcp::ToolResult> {
        auto client = api_of(ctx);
        if (!client) co_return failure_result(client.error());
        // Named first: GCC 12 mishandles temporaries inside co_await.
        std::string path = "/users/me/stats";
        Query no_query;
        auto raw = co_await (*client)->get_value(std::move(path), std::move(no_query));
        if (!raw) co_return failure_result(raw.error());
        auto stats = json::try_value_to<UserStats>(*raw);
        if (!stats) {
          (*client)->distrust("/users/me/stats", {});  // asked again next time, not served from memory
          co_return mcp::ToolResult::error("Trakt sent stats that could not be read. Try again later.");
        }
        co_return mcp::ToolResult{format_stats(*stats), structured(*stats, answer_storage())};
      }};
}

}  // namespace

TRAKT_MCP_TOOL(stats_tool)

}  // namespace trakt::tools
