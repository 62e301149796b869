// get_watchlist: the user's watchlist, all pages (/sync/watchlist/{type}/{sort}/{how}).

#include "trakt/model.hpp"
#include "trakt/tools/tool_support.hpp"

#include <boost/json/monotonic_resource.hpp>

#include <limits>

namespace trakt::tools {

namespace net = boost::asio;
namespace json = boost::json;

namespace {

// watchlist's outputSchema, built at the first tools/list (mcp::LazySchema).
json::object watchlist_output_schema() {
  return {{"type", "object"},
          {"required", json::array{"type", "sort", "count", "items"}},
          {"properties",
           json::object{
               {"type", {{"type", "string"}}},
               {"sort", {{"type", "string"}}},
               {"count", {{"type", "integer"}}},
               {"items",
                {{"type", "array"},
                 {"items",
                  {{"type", "object"},
                   {"required", json::array{"type"}},
                   {"properties", json::object{{"type", {{"type", "string"}, {"enum", json::array{"movie", "show", "season", "episode"}}}},
                                               {"rank", {{"type", "integer"}}},
                                               {"listed_at", {{"type", "string"}}},
                                               {"notes", {{"type", "string"}}},
                                               {"movie", titled_schema()},
                                               {"show", titled_schema()},
                                               {"season", season_schema()},
                                               {"episode", episode_schema()}}}}}}}}}};
}

mcp::Tool watchlist_tool(ApiProvider api) {
  using Arg = mcp::Arg;
  return mcp::Tool{
      .name = "get_watchlist",
      .title = "Watchlist",
      .description =
          "The user's Trakt watchlist: movies ([M]) and shows, seasons and episodes ([TV]) they want to watch, one "
          "per line with the year. Filter with type, order with sort (rank: the user's order; added: newest first; "
          "released: newest first; title: A to Z), cap with limit.",
      .summary = "what they want to watch",
      .args = {{.name = "type", .type = Arg::Type::string, .description = "Which kind of items (default all).",
                .choices = {"all", "movies", "shows", "seasons", "episodes"}, .default_value = "all"},
               {.name = "sort", .type = Arg::Type::string, .description = "Order (default rank).",
                .choices = {"rank", "added", "released", "title"}, .default_value = "rank"},
               {.name = "limit", .type = Arg::Type::integer, .description = "At most this many items (default: all).",
                .minimum = 1, .maximum = 10000}},
      .output_schema = watchlist_output_schema,
      .annotations = read_only(),
      .invoke = [api](mcp::Arguments args, mcp::CallContext ctx) -> net::awaitable<mcp::ToolResult> {
        const std::string type = *args.string("type");
        const std::string sort = *args.string("sort");
        const auto limit = args.integer("limit");

        auto client = api();
        if (!client) co_return failure_result(client.error());
        const std::string how = (sort == "rank" || sort == "title") ? "asc" : "desc";
        const std::size_t want = limit ? std::size_t(*limit) : std::numeric_limits<std::size_t>::max();
        std::string path = "/sync/watchlist/" + type + "/" + sort + "/" + how;
        json::monotonic_resource pages;  // the pages, freed with this frame (see history.cpp)
        const json::storage_ptr sp = answer_storage();
        PagedMapping<WatchlistItem> mapping(sp);
        // Arguments named first: GCC 12 mishandles temporaries inside co_await.
        Query no_query;
        PageProgress progress = page_progress(ctx);
        json::storage_ptr page_storage(&pages);
        PageHandler on_page = mapping.handler();
        auto raw = co_await (*client)->get_paged(std::move(path), std::move(no_query), want, 250, std::move(progress),
                                                 std::move(page_storage), std::move(on_page));
        if (!raw) co_return failure_result(raw.error());

        auto mapped = mapping.take(raw->size());
        const std::size_t count = mapped.items.size();
        std::string text = count == 0 ? (type == "all" ? std::string("The watchlist is empty.")
                                                       : "The watchlist has no " + type + ".")
                                      : std::move(mapped.text);
        text += skipped_note(mapped.skipped);
        co_return mcp::ToolResult{
            std::move(text),
            json::object({{"type", type}, {"sort", sort}, {"count", count}, {"items", std::move(mapped.items)}}, sp)};
      }};
}

}  // namespace

TRAKT_MCP_TOOL(watchlist_tool)

}  // namespace trakt::tools
