// get_watchlist: the user's watchlist, all pages (/sync/watchlist/{type}/{sort}/{how}).

#include "trakt/app_views.hpp"
#include "trakt/tools/tool_support.hpp"

#include <limits>

namespace trakt::tools {

namespace net = boost::asio;

namespace {

struct WatchlistAnswer {
  std::string type;
  std::string sort;
  std::int64_t count = 0;
  Prebuilt<WatchlistItem> items;
};
BOOST_DESCRIBE_STRUCT(WatchlistAnswer, (), (type, sort, count, items))

mcp::Tool watchlist_tool() {
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
      .output_schema = output_schema_of<WatchlistAnswer>(),
      .annotations = read_only(),
      .meta = app_view("watchlist"),
      .invoke = [](mcp::Arguments args, mcp::CallContext ctx) -> net::awaitable<mcp::ToolResult> {
        const std::string type = *args.string("type");
        const std::string sort = *args.string("sort");
        const auto limit = args.integer("limit");

        auto client = api_of(ctx);
        if (!client) co_return failure_result(client.error());
        const std::string how = (sort == "rank" || sort == "title") ? "asc" : "desc";
        const std::size_t want = limit ? std::size_t(*limit) : std::numeric_limits<std::size_t>::max();
        std::string path = "/sync/watchlist/" + type + "/" + sort + "/" + how;
        const auto sp = answer_storage();
        Query no_query;
        auto list = co_await fetch_listing<WatchlistItem>(*client, std::move(path), std::move(no_query), want, 250, ctx, sp);
        if (!list) co_return failure_result(list.error());

        std::string text = list->count == 0 ? (type == "all" ? std::string("The watchlist is empty.")
                                                             : "The watchlist has no " + type + ".")
                                            : std::move(list->text);
        text += skipped_note(list->skipped);
        const WatchlistAnswer answer{type, sort, std::int64_t(list->count), std::move(list->items)};
        co_return mcp::ToolResult{std::move(text), structured(answer, sp)};
      }};
}

}  // namespace

TRAKT_MCP_TOOL(watchlist_tool)

}  // namespace trakt::tools
