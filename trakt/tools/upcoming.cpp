// get_upcoming: episodes of the user's shows airing in a window of days
// (/calendars/my/shows/{start}/{days}).

#include "trakt/model.hpp"
#include "trakt/tools/tool_support.hpp"

#include <boost/json/value_from.hpp>

namespace trakt::tools {

namespace net = boost::asio;
namespace json = boost::json;

namespace {

mcp::Tool upcoming_tool(ApiProvider api) {
  using Arg = mcp::Arg;
  return mcp::Tool{
      .name = "get_upcoming",
      .title = "Upcoming episodes",
      .description =
          "Episodes of the shows the user watches, collects or has on the watchlist that air in a window of days "
          "(the user's Trakt calendar). One line per episode: local air date, show, SxxExx and episode title. Use "
          "it for \"what's on this week\", \"when is the next episode of X\". Defaults: today, 7 days; at most 33 "
          "days.",
      .summary = "episodes airing soon",
      .args = {{.name = "start_date", .type = Arg::Type::date, .description = "First day, YYYY-MM-DD (default: today)."},
               {.name = "days", .type = Arg::Type::integer, .description = "Number of days, 1 to 33 (default 7).",
                .minimum = 1, .maximum = 33, .default_value = 7}},
      .output_schema =
          {{"type", "object"},
           {"required", json::array{"start_date", "days", "count", "episodes"}},
           {"properties",
            json::object{{"start_date", {{"type", "string"}}},
                         {"days", {{"type", "integer"}}},
                         {"count", {{"type", "integer"}}},
                         {"episodes",
                          {{"type", "array"},
                           {"items", {{"type", "object"},
                                      {"required", json::array{"first_aired", "show", "episode"}},
                                      {"properties", json::object{{"first_aired", {{"type", "string"}, {"description", "UTC"}}},
                                                                  {"air_date", {{"type", "string"}, {"description", "local date"}}},
                                                                  {"show", titled_schema()},
                                                                  {"episode", episode_schema()}}}}}}}}}},
      .annotations = read_only(),
      .invoke = [api](mcp::Arguments args, mcp::CallContext) -> net::awaitable<mcp::ToolResult> {
        const std::string start_date = args.string("start_date").value_or(local_today());
        const int n = int(*args.integer("days"));

        auto client = api();
        if (!client) co_return failure_result(client.error());
        std::string path = "/calendars/my/shows/" + start_date + "/" + std::to_string(n);
        auto page = co_await (*client)->get(path, {});
        if (!page) co_return failure_result(page.error());

        std::size_t skipped = 0;
        auto entries = map_items<CalendarEntry>(page->items, skipped);
        json::array episodes;
        for (const auto& e : entries) episodes.push_back(json::value_from(e));
        const std::string last = add_days(start_date, n - 1);
        std::string text = entries.empty() ? "No episodes of your shows air from " + start_date + " to " + last + "."
                                           : lines_of(entries);
        co_return mcp::ToolResult{text + skipped_note(skipped),
                                  json::object{{"start_date", start_date},
                                               {"days", n},
                                               {"count", entries.size()},
                                               {"episodes", std::move(episodes)}}};
      }};
}

}  // namespace

TRAKT_MCP_TOOL(upcoming_tool)

}  // namespace trakt::tools
