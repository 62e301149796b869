// get_history: what the user watched, newest first, as many pages as limit
// needs (/sync/history[/{type}]).

#include "trakt/model.hpp"
#include "trakt/tools/tool_support.hpp"

#include <boost/json/monotonic_resource.hpp>

#include <algorithm>

namespace trakt::tools {

namespace net = boost::asio;
namespace json = boost::json;

namespace {

// A bare date means the start of that day, or its end.
std::optional<std::string> instant(std::optional<std::string> value, bool end_of_day) {
  if (value && value->size() == 10) *value += end_of_day ? "T23:59:59.999Z" : "T00:00:00.000Z";
  return value;
}

// history's outputSchema, built at the first tools/list (mcp::LazySchema).
json::object history_output_schema() {
  return {{"type", "object"},
          {"required", json::array{"count", "items"}},
          {"properties",
           json::object{
               {"count", {{"type", "integer"}}},
               {"items",
                {{"type", "array"},
                 {"items",
                  {{"type", "object"},
                   {"required", json::array{"id", "watched_at", "action", "type"}},
                   {"properties", json::object{{"id", {{"type", "integer"}}},
                                               {"watched_at", {{"type", "string"}, {"description", "UTC"}}},
                                               {"watched_date", {{"type", "string"}, {"description", "local date"}}},
                                               {"action", {{"type", "string"}}},
                                               {"type", {{"type", "string"}, {"enum", json::array{"movie", "episode"}}}},
                                               {"movie", titled_schema()},
                                               {"show", titled_schema()},
                                               {"episode", episode_schema()}}}}}}}}}};
}

mcp::Tool history_tool(ApiProvider api) {
  using Arg = mcp::Arg;
  return mcp::Tool{
      .name = "get_history",
      .title = "Watch history",
      .description =
          "What the user watched, newest first: one line per play with the local date, [M] movie (year) or [TV] "
          "show SxxExx - episode title. Use limit (default 20, up to 1000), type (movies or episodes) and a time "
          "window (start_at / end_at: YYYY-MM-DD or UTC timestamps) for questions like \"what did I watch last "
          "week\".",
      .summary = "what they watched",
      .args = {{.name = "limit", .type = Arg::Type::integer, .description = "How many plays (default 20).",
                .minimum = 1, .maximum = 1000, .default_value = 20},
               {.name = "type", .type = Arg::Type::string, .description = "Movies, episodes or both (default all).",
                .choices = {"all", "movies", "episodes"}, .default_value = "all"},
               {.name = "start_at", .type = Arg::Type::date_or_time,
                .description = "Only plays at or after this date (YYYY-MM-DD) or UTC time (YYYY-MM-DDTHH:MM:SSZ)."},
               {.name = "end_at", .type = Arg::Type::date_or_time,
                .description = "Only plays at or before this date (YYYY-MM-DD, whole day) or UTC time."}},
      .output_schema = history_output_schema,
      .annotations = read_only(),
      .invoke = [api](mcp::Arguments args, mcp::CallContext ctx) -> net::awaitable<mcp::ToolResult> {
        const std::int64_t limit = *args.integer("limit");
        const std::string type = *args.string("type");
        const auto start_at = instant(args.string("start_at"), false);
        const auto end_at = instant(args.string("end_at"), true);

        auto client = api();
        if (!client) co_return failure_result(client.error());
        Query query;
        if (start_at) query.emplace_back("start_at", *start_at);
        if (end_at) query.emplace_back("end_at", *end_at);
        // Arguments built beforehand: GCC 12 mishandles temporaries (a
        // conditional expression's among them) inside a co_await expression.
        std::string path = type == "all" ? std::string("/sync/history") : "/sync/history/" + type;
        const int per_page = int(std::min<std::int64_t>(limit, 250));
        // The pages live in this frame only (in `pages`, whose values are freed
        // all at once, never node by node); the answer in `sp`, each page
        // mapped as it arrives.
        json::monotonic_resource pages;
        const json::storage_ptr sp = answer_storage();
        PagedMapping<HistoryItem> mapping(sp);
        PageProgress progress = page_progress(ctx);
        json::storage_ptr page_storage(&pages);
        PageHandler on_page = mapping.handler();
        auto raw = co_await (*client)->get_paged(std::move(path), std::move(query), std::size_t(limit), per_page,
                                                 std::move(progress), std::move(page_storage), std::move(on_page));
        if (!raw) co_return failure_result(raw.error());

        auto mapped = mapping.take(raw->size());
        const std::size_t count = mapped.items.size();
        std::string text = count == 0 ? std::string("No plays found in the watch history") +
                                            (start_at || end_at ? " for that time window." : ".")
                                      : std::move(mapped.text);
        text += skipped_note(mapped.skipped);
        co_return mcp::ToolResult{std::move(text),
                                  json::object({{"count", count}, {"items", std::move(mapped.items)}}, sp)};
      }};
}

}  // namespace

TRAKT_MCP_TOOL(history_tool)

}  // namespace trakt::tools
