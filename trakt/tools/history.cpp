// get_history: what the user watched, newest first, as many pages as limit
// needs (/sync/history[/{type}]).

#include "trakt/tools/tool_support.hpp"

#include <algorithm>

namespace trakt::tools {

namespace net = boost::asio;

namespace {

struct HistoryAnswer {
  std::int64_t count = 0;
  Prebuilt<HistoryItem> items;
};
BOOST_DESCRIBE_STRUCT(HistoryAnswer, (), (count, items))

// A bare date means the start of that day, or its end.
std::optional<std::string> instant(std::optional<std::string> value, bool end_of_day) {
  if (value && value->size() == 10) *value += end_of_day ? "T23:59:59.999Z" : "T00:00:00.000Z";
  return value;
}

mcp::Tool history_tool() {
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
      .output_schema = output_schema_of<HistoryAnswer>(),
      .annotations = read_only(),
      .invoke = [](mcp::Arguments args, mcp::CallContext ctx) -> net::awaitable<mcp::ToolResult> {
        const std::int64_t limit = *args.integer("limit");
        const std::string type = *args.string("type");
        const auto start_at = instant(args.string("start_at"), false);
        const auto end_at = instant(args.string("end_at"), true);

        auto client = api_of(ctx);
        if (!client) co_return failure_result(client.error());
        Query query;
        if (start_at) query.emplace_back("start_at", *start_at);
        if (end_at) query.emplace_back("end_at", *end_at);
        std::string path = type == "all" ? std::string("/sync/history") : "/sync/history/" + type;
        const int per_page = int(std::min<std::int64_t>(limit, 250));
        const auto sp = answer_storage();
        auto list = co_await fetch_listing<HistoryItem>(*client, std::move(path), std::move(query),
                                                         std::size_t(limit), per_page, ctx, sp);
        if (!list) co_return failure_result(list.error());

        std::string text = list->count == 0 ? std::string("No plays found in the watch history") +
                                                  (start_at || end_at ? " for that time window." : ".")
                                            : std::move(list->text);
        text += skipped_note(list->skipped);
        const HistoryAnswer answer{std::int64_t(list->count), std::move(list->items)};
        co_return mcp::ToolResult{std::move(text), structured(answer, sp)};
      }};
}

}  // namespace

TRAKT_MCP_TOOL(history_tool)

}  // namespace trakt::tools
