// get_stats: the user's totals from /users/me/stats.

#include "trakt/model.hpp"
#include "trakt/tools/tool_support.hpp"

#include <boost/json/value_from.hpp>

namespace trakt::tools {

namespace net = boost::asio;
namespace json = boost::json;

namespace {

json::object media_schema() {
  json::object properties;
  for (const char* count : {"plays", "watched", "minutes", "collected", "ratings"})
    properties.emplace(count, json::object{{"type", "integer"}, {"minimum", 0}});
  return json::object{{"type", "object"},
                      {"required", json::array{"plays", "watched", "minutes", "collected", "ratings"}},
                      {"properties", std::move(properties)}};
}

// stats's outputSchema, built at the first tools/list (mcp::LazySchema).
json::object stats_output_schema() {
  return {{"type", "object"},
          {"required", json::array{"movies", "shows", "episodes", "ratings"}},
          {"properties",
           json::object{{"movies", media_schema()},
                        {"shows", media_schema()},
                        {"episodes", media_schema()},
                        {"ratings",
                         {{"type", "object"},
                          {"required", json::array{"total", "distribution"}},
                          {"properties",
                           json::object{{"total", {{"type", "integer"}, {"minimum", 0}}},
                                        {"distribution",
                                         {{"type", "object"},
                                          {"description", "how many ratings of 1 to 10"},
                                          {"additionalProperties", {{"type", "integer"}}}}}}}}}}}};
}

mcp::Tool stats_tool(ApiProvider api) {
  return mcp::Tool{
      .name = "get_stats",
      .title = "Watching stats",
      .description =
          "The user's Trakt totals: movies, shows and episodes watched (with plays and watching time), collected "
          "and rated, and how many ratings they gave. Use it for \"how much did I watch\", \"how many movies have "
          "I seen\".",
      .summary = "their totals",
      .args = {},
      .output_schema = stats_output_schema,
      .annotations = read_only(),
      .invoke = [api](mcp::Arguments, mcp::CallContext) -> net::awaitable<mcp::ToolResult> {
        auto client = api();
        if (!client) co_return failure_result(client.error());
        // Named first: GCC 12 mishandles temporaries inside co_await.
        std::string path = "/users/me/stats";
        Query no_query;
        auto raw = co_await (*client)->get_value(std::move(path), std::move(no_query));
        if (!raw) co_return failure_result(raw.error());
        auto stats = json::try_value_to<UserStats>(*raw);
        if (!stats)
          co_return mcp::ToolResult::error("Trakt sent stats that could not be read. Try again later.");
        co_return mcp::ToolResult{format_stats(*stats), json::value_from(*stats)};
      }};
}

}  // namespace

TRAKT_MCP_TOOL(stats_tool)

}  // namespace trakt::tools
